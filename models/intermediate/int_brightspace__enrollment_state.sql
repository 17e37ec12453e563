-- Each Brightspace user's enrollment in an org unit as it stands: its status follows the newest
-- event (int_brightspace__enrollment_events; at equal times a withdrawal wins, then the log's own
-- record), so a withdrawal logged after the last full extract counts at once and a re-enrollment
-- after a withdrawal is enrolled again. Enrolled at: the last enrollment. Withdrawn at (while
-- withdrawn): the first withdrawal since then, the log's own time when it has one, else when a
-- full extract first lacked the enrollment. The role: the newest event that names one, named
-- from int_roles__names (NULL where never named). Grain: one row per user_id and org_unit_id.
with

events as (
    select * from {{ ref('int_brightspace__enrollment_events') }}
),

current_enrollments as (
    select * from {{ ref('stg_brightspace__user_enrollments') }}
),

role_names as (
    select * from {{ ref('int_roles__names') }}
),

ranked_events as (
    select
        *,
        max(case when event_status = 'enrolled' then event_at end) over (
            partition by user_id, org_unit_id
        ) as last_enrolled_at,
        row_number() over (
            partition by user_id, org_unit_id
            order by event_at desc nulls last, event_status = 'withdrawn' desc, precedence asc
        ) as recency,
        row_number() over (
            partition by user_id, org_unit_id
            order by role_id is null asc, event_at desc nulls last, precedence asc
        ) as role_recency
    from events
),

enrollments as (
    select
        user_id,
        org_unit_id,
        max(last_enrolled_at) as enrolled_at,
        any_value(event_status) filter (where recency = 1) as enrollment_status,
        any_value(role_id) filter (where role_recency = 1) as role_id,
        min(
            case
                when event_status = 'withdrawn' and (last_enrolled_at is null or event_at >= last_enrolled_at)
                    then event_at
            end
        ) as first_withdrawn_at
    from ranked_events
    group by user_id, org_unit_id
)

select
    enrollments.user_id,
    enrollments.org_unit_id,
    enrollments.role_id,
    role_names.role_name,
    enrollments.enrollment_status,
    enrollments.enrolled_at,
    case when enrollments.enrollment_status = 'withdrawn' then enrollments.first_withdrawn_at end as withdrawn_at,
    current_enrollments.enrollment_type
from enrollments
left join current_enrollments
    on
        enrollments.user_id = current_enrollments.user_id
        and enrollments.org_unit_id = current_enrollments.org_unit_id
left join role_names on enrollments.role_id = role_names.role_id
