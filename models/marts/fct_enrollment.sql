-- Grain: one enrollment of an account in a learning object, on either platform:
--   Learn Amp: an enrollment in an event session (the learning object is the event);
--   Brightspace: an account's enrollment in an org unit, current (User Enrollments) or
--   ended, with enrolled and withdrawn times from the Enrollments and Withdrawals log.
with

learnamp_enrollments as (
    select * from {{ ref('stg_learnamp__enrollments') }}
),

event_sessions as (
    select * from {{ ref('stg_learnamp__event_sessions') }}
),

current_enrollments as (
    select * from {{ ref('stg_brightspace__user_enrollments') }}
),

enrollment_log as (
    select
        user_id,
        org_unit_id,
        max(enrollment_date) filter (where lower(action) like 'enrol%') as last_enrolled_at,
        max(enrollment_date) filter (where lower(action) like 'withdr%') as last_withdrawn_at,
        arg_max(role_id, enrollment_date) as last_role_id
    from {{ ref('stg_brightspace__enrollments_and_withdrawals') }}
    group by all
),

brightspace as (
    select
        'brightspace' as source_system,
        coalesce(current_enrollments.user_id, enrollment_log.user_id) as user_id,
        coalesce(current_enrollments.org_unit_id, enrollment_log.org_unit_id) as org_unit_id,
        coalesce(current_enrollments.role_name, 'role ' || cast(enrollment_log.last_role_id as varchar)) as role_name,
        coalesce(current_enrollments.enrollment_date, enrollment_log.last_enrolled_at) as enrolled_at,
        case
            when current_enrollments.user_id is null or current_enrollments._is_deleted
                then enrollment_log.last_withdrawn_at
        end as withdrawn_at,
        case
            when current_enrollments.user_id is not null and not current_enrollments._is_deleted then 'enrolled'
            else 'withdrawn'
        end as enrollment_status,
        current_enrollments.enrollment_type
    from current_enrollments
    full outer join enrollment_log
        on
            current_enrollments.user_id = enrollment_log.user_id
            and current_enrollments.org_unit_id = enrollment_log.org_unit_id
),

user_keys as (
    select * from {{ ref('int_identity__user_keys') }}
)

select
    {{ lw_surrogate_key(["'learnamp'", 'learnamp_enrollments.id']) }} as enrollment_key,
    'learnamp' as source_system,
    cast(learnamp_enrollments.id as varchar) as enrollment_id,
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
    cast(brightspace.org_unit_id as varchar) || ':' || cast(brightspace.user_id as varchar) as enrollment_id,
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
