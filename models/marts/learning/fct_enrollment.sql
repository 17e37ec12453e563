-- Grain: one enrollment of an account in a learning object, on either platform:
--   Learn Amp: an enrollment in an event session (the learning object is the event);
--   Brightspace: an account's enrollment in an org unit, current (User Enrollments) or
--   ended, its status and times following the newest event of User Enrollments and the
--   Enrollments and Withdrawals log; role names from int_roles__names (NULL where never named).
with

learnamp_enrollments as (
    select * from {{ lw_staged('learnamp', 'enrollments') }}
),

event_sessions as (
    select * from {{ lw_staged('learnamp', 'event_sessions') }}
),

current_enrollments as (
    select * from {{ lw_staged('brightspace', 'user_enrollments') }}
),

role_names as (
    select * from {{ ref('int_roles__names') }}
),

-- Every enrollment event known for a (user, org unit), from either data set: the log's
-- enrollments and withdrawals; the current row of User Enrollments (an enrollment at its
-- EnrollmentDate); and a deletion from User Enrollments (a withdrawal at the time of the full
-- extract that dropped the row). Status follows the newest event, so a withdrawal logged after
-- the last full extract counts at once, and a re-enrollment after a withdrawal is enrolled again.
events as (
    select
        user_id,
        org_unit_id,
        case when lower(action) like 'withdr%' then 'withdrawn' else 'enrolled' end as event_status,
        enrollment_date as event_at,
        role_id,
        1 as precedence
    from {{ lw_staged('brightspace', 'enrollments_and_withdrawals') }}
    where lower(action) like 'enrol%' or lower(action) like 'withdr%'
    union all
    select
        user_id,
        org_unit_id,
        'enrolled' as event_status,
        enrollment_date as event_at,
        role_id,
        2 as precedence
    from current_enrollments
    union all
    select
        user_id,
        org_unit_id,
        'withdrawn' as event_status,
        _deleted_at as event_at,
        role_id,
        3 as precedence
    from current_enrollments
    where _is_deleted
),

ranked_events as (
    -- the newest event first (at equal times a withdrawal, then the log's own record); and the
    -- newest event that names a role
    select
        *,
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

enrollment_history as (
    select
        user_id,
        org_unit_id,
        max(event_at) filter (where event_status = 'enrolled') as last_enrolled_at,
        any_value(event_status) filter (where recency = 1) as enrollment_status,
        any_value(role_id) filter (where role_recency = 1) as role_id
    from ranked_events
    group by user_id, org_unit_id
),

brightspace as (
    select
        'brightspace' as source_system,
        history.user_id,
        history.org_unit_id,
        role_names.role_name,
        history.last_enrolled_at as enrolled_at,
        case
            when history.enrollment_status = 'withdrawn'
                -- the first withdrawal after the last enrollment: the log's own time when it
                -- has one, else when a full extract first lacked the enrollment
                then (
                    select min(withdrawals.event_at)
                    from events as withdrawals
                    where
                        withdrawals.user_id = history.user_id
                        and withdrawals.org_unit_id = history.org_unit_id
                        and withdrawals.event_status = 'withdrawn'
                        and (history.last_enrolled_at is null or withdrawals.event_at >= history.last_enrolled_at)
                )
        end as withdrawn_at,
        history.enrollment_status,
        current_enrollments.enrollment_type
    from enrollment_history as history
    left join current_enrollments
        on
            history.user_id = current_enrollments.user_id
            and history.org_unit_id = current_enrollments.org_unit_id
    left join role_names on history.role_id = role_names.role_id
),

user_keys as (
    select * from {{ ref('int_identity__user_keys') }}
)

select
    {{ lw_surrogate_key(["'learnamp'", 'learnamp_enrollments.id']) }} as enrollment_key,
    'learnamp' as source_system,
    cast(learnamp_enrollments.id as {{ dbt.type_string() }}) as enrollment_id,
    coalesce(user_keys.user_key, {{ lw_unknown_key() }}) as user_key,
    coalesce(user_keys.person_key, {{ lw_unknown_key() }}) as person_key,
    {{ lw_known_key(lw_surrogate_key(["'learnamp'", "'Event'", 'event_sessions.event_id']),
        'dim_learning_object', 'learning_object_key') }} as learning_object_key,
    learnamp_enrollments.event_session_id,
    case when learnamp_enrollments.host then 'Host' else 'Attendee' end as role_name,
    learnamp_enrollments.status as enrollment_status,
    learnamp_enrollments.attendance,
    cast(learnamp_enrollments.enrolled_at as timestamp) as enrolled_at,
    learnamp_enrollments.enrolled_at as enrolled_date,
    cast(null as timestamp) as withdrawn_at,
    event_sessions.starts_at as session_starts_at
from learnamp_enrollments
left join event_sessions on learnamp_enrollments.event_session_id = event_sessions.id
left join user_keys
    on user_keys.source_system = 'learnamp' and learnamp_enrollments.user_id = user_keys.user_id
union all
select
    {{ lw_surrogate_key(["'brightspace'", 'brightspace.user_id', 'brightspace.org_unit_id']) }} as enrollment_key,
    'brightspace' as source_system,
    cast(brightspace.org_unit_id as {{ dbt.type_string() }})
    || ':'
    || cast(brightspace.user_id as {{ dbt.type_string() }}) as enrollment_id,
    coalesce(user_keys.user_key, {{ lw_unknown_key() }}) as user_key,
    coalesce(user_keys.person_key, {{ lw_unknown_key() }}) as person_key,
    {{ lw_surrogate_key(["'brightspace'", "'Org Unit'", 'brightspace.org_unit_id']) }} as learning_object_key,
    null as event_session_id,
    brightspace.role_name,
    brightspace.enrollment_status,
    null as attendance,
    brightspace.enrolled_at,
    cast(brightspace.enrolled_at as date) as enrolled_date,
    brightspace.withdrawn_at,
    null as session_starts_at
from brightspace
left join user_keys
    on user_keys.source_system = 'brightspace' and brightspace.user_id = user_keys.user_id
