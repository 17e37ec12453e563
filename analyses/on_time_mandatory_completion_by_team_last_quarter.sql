-- On-time completion of mandatory tasks by team, for tasks due in the last full quarter
-- before the as-of date.
with

as_of as (
    select cast(as_of_at as date) as as_of_date from {{ ref('int_warehouse__as_of') }}
),

last_quarter as (
    select
        cast(date_trunc('quarter', as_of_date) - interval 3 month as date) as quarter_start,
        cast(date_trunc('quarter', as_of_date) as date) as quarter_end
    from as_of
)

select
    teams.team_name,
    teams.team_path,
    count(*) as mandatory_tasks_due,
    count(*) filter (where task_rows.is_completed_on_time) as completed_on_time,
    round(count(*) filter (where task_rows.is_completed_on_time) / count(*), 4) as on_time_rate
from {{ ref('fct_task_assignment') }} as task_rows
cross join last_quarter
inner join {{ ref('bridge_person_team') }} as membership
    on task_rows.person_key = membership.person_key and membership.is_primary_team
inner join {{ ref('dim_team') }} as teams on membership.team_key = teams.team_key
where
    task_rows.is_mandatory
    and not task_rows.is_archived
    and task_rows.deadline_date >= last_quarter.quarter_start
    and task_rows.deadline_date < last_quarter.quarter_end
group by teams.team_name, teams.team_path
order by on_time_rate asc, mandatory_tasks_due desc
