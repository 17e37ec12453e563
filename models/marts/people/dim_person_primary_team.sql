-- One row per person of dim_person (special members included) with the person's primary team,
-- "No team" (the not-applicable member) when the person has none. rpt_compliance_by_team counts
-- people by it, and the semantic layer joins facts to teams through it (person -> team).
with

primary_teams as (
    select
        person_key,
        team_key
    from {{ ref('bridge_person_team') }}
    where is_primary_team
)

select
    people.person_key,
    coalesce(primary_teams.team_key, {{ lw_not_applicable_key() }}) as team_key
from {{ ref('dim_person') }} as people
left join primary_teams on people.person_key = primary_teams.person_key
