-- Grain: one Learn Amp task: a piece of content assigned to a user with a deadline.
-- On-time and overdue are computed against the warehouse's as-of time (int_warehouse__as_of),
-- so they do not drift with the day the query runs; the export's own overdue flag is kept.
with

tasks as (
    select * from {{ ref('stg_learnamp__tasks') }}
),

as_of as (
    select * from {{ ref('int_warehouse__as_of') }}
),

user_keys as (
    select * from {{ ref('int_identity__user_keys') }}
    where source_system = 'learnamp'
)

select
    {{ lw_surrogate_key(["'learnamp'", 'tasks.id']) }} as task_assignment_key,
    'learnamp' as source_system,
    tasks.id as task_id,
    coalesce(user_keys.user_key, {{ lw_unknown_key() }}) as user_key,
    coalesce(user_keys.person_key, {{ lw_unknown_key() }}) as person_key,
    {{ lw_known_key(lw_surrogate_key(["'learnamp'", 'tasks.type', 'tasks.content_id']),
        'dim_learning_object', 'learning_object_key') }} as learning_object_key,
    tasks.assigned_at,
    cast(tasks.assigned_at as date) as assigned_date,
    tasks.deadline as deadline_date,
    tasks.completed_at,
    cast(tasks.completed_at as date) as completed_date,
    coalesce(tasks.mandatory, false) as is_mandatory,
    tasks.completed_at is not null as is_completed,
    coalesce(cast(tasks.completed_at as date) <= tasks.deadline, false) as is_completed_on_time,
    coalesce(cast(tasks.completed_at as date) > tasks.deadline, false) as is_completed_late,
    tasks.completed_at is null
    and tasks.deadline < cast(as_of.as_of_at as date)
    and not coalesce(tasks.archived, false)
    and not coalesce(tasks.expired, false) as is_overdue,
    coalesce(tasks.overdue, false) as is_overdue_in_export,
    coalesce(tasks.expired, false) as is_expired,
    tasks.expired_at,
    coalesce(tasks.archived, false) as is_archived
from tasks
cross join as_of
left join user_keys on tasks.user_id = user_keys.user_id
