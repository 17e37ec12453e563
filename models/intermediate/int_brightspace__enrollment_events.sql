-- Every enrollment event known for a Brightspace user and org unit, from either data set:
--   the log (Enrollments and Withdrawals): each enrollment and withdrawal at its own time;
--   the current row of User Enrollments: an enrollment at its EnrollmentDate;
--   a row a full extract of User Enrollments dropped: a withdrawal at that extract's time.
-- Other log actions (a role change, ...) are not events of enrollment. `precedence` orders events
-- of one time: the log's own record first (1), then User Enrollments' row (2), then its drop (3).
-- Grain: one row per event: a log entry (log_id), or User Enrollments' row for a user and org unit
-- and its drop (precedence 2 and 3, log_id NULL).
with

log_entries as (
    select * from {{ ref('stg_brightspace__enrollments_and_withdrawals') }}
),

current_enrollments as (
    select * from {{ ref('stg_brightspace__user_enrollments') }}
)

select
    user_id,
    org_unit_id,
    case when lower(action) like 'withdr%' then 'withdrawn' else 'enrolled' end as event_status,
    enrollment_date as event_at,
    role_id,
    1 as precedence,
    log_id
from log_entries
where lower(action) like 'enrol%' or lower(action) like 'withdr%'
union all
select
    user_id,
    org_unit_id,
    'enrolled' as event_status,
    enrollment_date as event_at,
    role_id,
    2 as precedence,
    cast(null as bigint) as log_id
from current_enrollments
union all
select
    user_id,
    org_unit_id,
    'withdrawn' as event_status,
    _deleted_at as event_at,
    role_id,
    3 as precedence,
    cast(null as bigint) as log_id
from current_enrollments
where _is_deleted
