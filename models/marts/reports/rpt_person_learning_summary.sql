-- One row per person (system and test accounts are not people): platforms used, last login
-- and last learning activity on each platform, completions in the last 30 and 90 days (Learn Amp
-- completion events and Brightspace content topic completions, both platforms together and each
-- alone; deleted Brightspace completions are not counted), and open and overdue mandatory tasks,
-- all as of int_warehouse__as_of.
with

people as (
    select * from {{ ref('dim_person') }}
    where person_key not in ({{ lw_unknown_key() }}, {{ lw_not_applicable_key() }})
),

as_of as (
    select cast(as_of_at as date) as as_of_date from {{ ref('int_warehouse__as_of') }}
),

logins as (
    select
        person_key,
        max(attempted_at) filter (where source_system = 'learnamp') as last_learnamp_login_at,
        max(attempted_at) filter (where source_system = 'brightspace' and is_successful)
            as last_brightspace_login_at
    from {{ ref('fct_login') }}
    group by person_key
),

activity as (
    select
        person_key,
        max(happened_at) filter (where source_system = 'learnamp') as last_learnamp_activity_at
    from {{ ref('fct_learning_activity') }}
    group by person_key
),

-- the completions counted (not deleted) in the longest window, 90 days up to as_of: the only
-- fact rows the windows read (filtered before any aggregate, so a day's run does not carry the
-- whole history's columns through the counts)
recent_completions as (
    select
        activities.person_key,
        activities.learning_object_key,
        activities.source_system,
        activities.activity_date > as_of.as_of_date - 30 as is_in_last_30_days
    from {{ ref('fct_learning_activity') }} as activities
    cross join as_of
    where
        activities.is_completion
        and not coalesce(activities.is_deleted, false)
        and activities.activity_date > as_of.as_of_date - 90
),

completions as (
    select
        person_key,
        count(*) filter (where is_in_last_30_days) as completions_last_30_days,
        count(*) as completions_last_90_days,
        count(distinct learning_object_key) filter (where is_in_last_30_days)
            as learning_objects_completed_last_30_days,
        count(distinct learning_object_key) as learning_objects_completed_last_90_days,
        count(*) filter (where source_system = 'learnamp') as learnamp_completions_last_90_days,
        count(*) filter (where source_system = 'brightspace') as brightspace_completions_last_90_days
    from recent_completions
    group by person_key
),

course_access as (
    select
        person_key,
        max(access_date) as last_brightspace_activity_date
    from {{ ref('fct_course_access') }}
    group by person_key
),

tasks as (
    select
        person_key,
        count(*) filter (where is_mandatory and not is_completed and not is_archived and not is_expired)
            as open_mandatory_tasks,
        count(*) filter (where is_mandatory and is_overdue) as overdue_mandatory_tasks
    from {{ ref('fct_task_assignment') }}
    group by person_key
)

select
    people.person_key,
    people.full_name,
    people.is_active,
    people.platforms,
    people.has_learnamp_account,
    people.has_brightspace_account,
    logins.last_learnamp_login_at,
    logins.last_brightspace_login_at,
    activity.last_learnamp_activity_at,
    course_access.last_brightspace_activity_date,
    coalesce(completions.completions_last_30_days, 0) as completions_last_30_days,
    coalesce(completions.completions_last_90_days, 0) as completions_last_90_days,
    coalesce(completions.learning_objects_completed_last_30_days, 0) as learning_objects_completed_last_30_days,
    coalesce(completions.learning_objects_completed_last_90_days, 0) as learning_objects_completed_last_90_days,
    coalesce(completions.learnamp_completions_last_90_days, 0) as learnamp_completions_last_90_days,
    coalesce(completions.brightspace_completions_last_90_days, 0) as brightspace_completions_last_90_days,
    coalesce(tasks.open_mandatory_tasks, 0) as open_mandatory_tasks,
    coalesce(tasks.overdue_mandatory_tasks, 0) as overdue_mandatory_tasks,
    as_of.as_of_date
from people
cross join as_of
left join logins on people.person_key = logins.person_key
left join activity on people.person_key = activity.person_key
left join completions on people.person_key = completions.person_key
left join course_access on people.person_key = course_access.person_key
left join tasks on people.person_key = tasks.person_key
