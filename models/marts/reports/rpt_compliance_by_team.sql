-- One row per team (by each person's primary team, "No team" without one: dim_person_primary_team):
-- mandatory tasks due by the as-of date,
-- done on time, done late, overdue, and the on-time rate. Archived and expired tasks are not
-- counted as due.
with

as_of as (
    select cast(as_of_at as date) as as_of_date from {{ ref('int_warehouse__as_of') }}
),

tasks as (
    select
        task_rows.*,
        primary_teams.team_key
    from {{ ref('fct_task_assignment') }} as task_rows
    inner join {{ ref('dim_person_primary_team') }} as primary_teams on task_rows.person_key = primary_teams.person_key
    where
        task_rows.is_mandatory
        and not task_rows.is_archived
        and not task_rows.is_expired
        and task_rows.person_key <> {{ lw_unknown_key() }}
)

select
    teams.team_key,
    teams.team_name,
    teams.team_path,
    count(*) filter (where tasks.deadline_date <= as_of.as_of_date) as mandatory_tasks_due,
    count(*) filter (where tasks.deadline_date <= as_of.as_of_date and tasks.is_completed_on_time)
        as done_on_time,
    count(*) filter (where tasks.deadline_date <= as_of.as_of_date and tasks.is_completed_late) as done_late,
    count(*) filter (where tasks.is_overdue) as overdue,
    count(*) filter (where tasks.deadline_date > as_of.as_of_date and not tasks.is_completed) as open_not_yet_due,
    count(*) filter (where tasks.deadline_date <= as_of.as_of_date and tasks.is_completed_on_time)
    / nullif(count(*) filter (where tasks.deadline_date <= as_of.as_of_date), 0) as on_time_rate,
    any_value(as_of.as_of_date) as as_of_date
from tasks
cross join as_of
inner join {{ ref('dim_team') }} as teams on tasks.team_key = teams.team_key
group by teams.team_key, teams.team_name, teams.team_path
