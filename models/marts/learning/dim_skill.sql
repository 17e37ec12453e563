-- Learn Amp skills (topics) with their categories, plus the unknown member.
with

categories as (
    select
        links.skill_id,
        {{ lw_sorted_list('categories.name', "', '") }} as category_names,
        min(categories.name) as primary_category_name,
        count(*) as category_count
    from {{ ref('stg_learnamp__skill_category_skills') }} as links
    inner join {{ ref('stg_learnamp__skill_categories') }} as categories on links.skill_category_id = categories.id
    group by links.skill_id
)

select
    {{ lw_surrogate_key(['skills.id']) }} as skill_key,
    skills.id as skill_id,
    skills.name as skill_name,
    categories.primary_category_name,
    categories.category_names,
    coalesce(categories.category_count, 0) as category_count,
    false as is_special_member
from {{ ref('stg_learnamp__skills') }} as skills
left join categories on skills.id = categories.skill_id
union all
select
    {{ lw_unknown_key() }} as skill_key,
    null as skill_id,
    'Unknown skill' as skill_name,
    null as primary_category_name,
    null as category_names,
    0 as category_count,
    true as is_special_member
