-- Where people are furthest below their target skill rating, by skill category.
select
    skills.primary_category_name,
    skills.skill_name,
    count(*) as people_with_target,
    round(avg(ratings.gap_to_target), 2) as average_gap_to_target
from {{ ref('fct_skill_rating') }} as ratings
inner join {{ ref('dim_skill') }} as skills on ratings.skill_key = skills.skill_key
where ratings.target_rating is not null and ratings.preferred_rating is not null
group by skills.primary_category_name, skills.skill_name
order by average_gap_to_target
