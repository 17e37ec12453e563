-- Learn Amp teams with their place in the hierarchy: parent, depth (0 = top), the top-level
-- team and the path from the top, plus the unknown member.
with

teams as (
    select * from {{ ref('stg_learnamp__teams') }}
),

user_keys as (
    select * from {{ ref('int_identity__user_keys') }}
    where source_system = 'learnamp'
),

hierarchy as (
    select * from {{ lw_tree_walk('teams', 'id', 'parent_team_id', 'name', 50) }} as walked
)

select
    {{ lw_surrogate_key(['teams.id']) }} as team_key,
    teams.id as team_id,
    teams.name as team_name,
    case
        when teams.parent_team_id is null then {{ lw_not_applicable_key() }}
        else {{ lw_surrogate_key(['teams.parent_team_id']) }}
    end as parent_team_key,
    teams.parent_team_id,
    {{ lw_optional_key('teams.manager_id', 'manager_keys.person_key') }} as manager_person_key,
    hierarchy.hierarchy_depth,
    top_team.name as top_team_name,
    hierarchy.node_path as team_path,
    teams.team_users_count as direct_member_count,
    teams.team_user_caches_count as member_count_with_subteams,
    teams.created_at,
    false as is_special_member
from teams
left join hierarchy on teams.id = hierarchy.node_id
left join teams as top_team on hierarchy.top_node_id = top_team.id
left join user_keys as manager_keys on teams.manager_id = manager_keys.user_id
{%- for member in lw_special_members('No team', 'Unknown team') %}
union all
select
    {{ member.key }} as team_key,
    null as team_id,
    {{ lw_sql_string(member.name) }} as team_name,
    {{ lw_not_applicable_key() }} as parent_team_key,
    null as parent_team_id,
    {{ lw_not_applicable_key() }} as manager_person_key,
    null as hierarchy_depth,
    null as top_team_name,
    null as team_path,
    null as direct_member_count,
    null as member_count_with_subteams,
    null as created_at,
    true as is_special_member
{%- endfor %}
