-- Which people belong to which groups. Grain: one row per person and group.
select
    user_keys.person_key,
    {{ lw_surrogate_key(['group_users.group_id']) }} as group_key,
    min(group_users.created_at) as joined_at
from {{ ref('stg_learnamp__group_users') }} as group_users
inner join {{ ref('int_identity__user_keys') }} as user_keys
    on user_keys.source_system = 'learnamp' and group_users.user_id = user_keys.user_id
where user_keys.is_person
group by user_keys.person_key, group_users.group_id
