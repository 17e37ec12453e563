-- Which teams a team's manager oversees: every team with itself and each team below it in the
-- hierarchy, at any depth. Grain: one row per scope team and team. The dashboard's row-level
-- security (dashboard/superset/security.yaml) limits a team manager to the people of the teams
-- in their scope teams' rows here.
with

teams as (
    select * from {{ ref('dim_team') }}
    where team_id is not null
),

-- each team's path of ids from the top, as dim_team's team_path is of names (ids are unique)
id_labels as (
    select
        team_id,
        parent_team_id,
        cast(team_id as {{ dbt.type_string() }}) as id_label
    from teams
),

id_paths as (
    select * from {{ lw_tree_walk('id_labels', 'team_id', 'parent_team_id', 'id_label', 50) }} as walked
)

select
    scope.team_key as scope_team_key,
    cast(scope.team_id as {{ dbt.type_string() }}) as scope_team_id,
    member.team_key,
    cast(member_path.hierarchy_depth - scope_path.hierarchy_depth as {{ dbt.type_bigint() }}) as levels_below
from teams as scope
inner join id_paths as scope_path on scope.team_id = scope_path.node_id
inner join id_paths as member_path
    on
        scope_path.node_path = member_path.node_path
        or member_path.node_path like scope_path.node_path || ' > %'
inner join teams as member on member_path.node_id = member.team_id
