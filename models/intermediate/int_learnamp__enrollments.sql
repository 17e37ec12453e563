-- Each Learn Amp enrollment in an event session, with its session: the enrollment's learning
-- object is the session's event, its role the host's or an attendee's, its time the day of
-- enrollment (Learn Amp records a date). Grain: one row per enrollment id.
with

enrollments as (
    select * from {{ ref('stg_learnamp__enrollments') }}
),

event_sessions as (
    select * from {{ ref('stg_learnamp__event_sessions') }}
)

select
    enrollments.id as enrollment_id,
    enrollments.user_id,
    enrollments.event_session_id,
    event_sessions.event_id,
    case when enrollments.host then 'Host' else 'Attendee' end as role_name,
    enrollments.status as enrollment_status,
    enrollments.attendance,
    cast(enrollments.enrolled_at as timestamp) as enrolled_at,
    enrollments.enrolled_at as enrolled_date,
    event_sessions.starts_at as session_starts_at
from enrollments
left join event_sessions on enrollments.event_session_id = event_sessions.id
