-- Which people belong to which teams (primary and secondary). Grain: one row per person and team.
select
    user_keys.person_key,
    {{ lw_surrogate_key(['team_users.team_id']) }} as team_key,
    bool_or(team_users.primary_flag) as is_primary_team,
    min(team_users.created_at) as joined_at
from {{ ref('stg_learnamp__team_users') }} as team_users
inner join {{ ref('int_identity__user_keys') }} as user_keys
    on user_keys.source_system = 'learnamp' and team_users.user_id = user_keys.user_id
where user_keys.is_person
group by user_keys.person_key, team_users.team_id
