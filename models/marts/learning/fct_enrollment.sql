-- Grain: one enrollment of an account in a learning object, on either platform:
--   Learn Amp: an enrollment in an event session, the learning object its event
--   (int_learnamp__enrollments);
--   Brightspace: an account's enrollment in an org unit, current (User Enrollments) or ended,
--   its status and times following the newest event of User Enrollments and the Enrollments
--   and Withdrawals log (int_brightspace__enrollment_state).
with

learnamp as (
    select * from {{ ref('int_learnamp__enrollments') }}
),

brightspace as (
    select * from {{ ref('int_brightspace__enrollment_state') }}
),

user_keys as (
    select * from {{ ref('int_identity__user_keys') }}
)

select
    {{ lw_surrogate_key(["'learnamp'", 'learnamp.enrollment_id']) }} as enrollment_key,
    'learnamp' as source_system,
    cast(learnamp.enrollment_id as {{ dbt.type_string() }}) as enrollment_id,
    coalesce(user_keys.user_key, {{ lw_unknown_key() }}) as user_key,
    coalesce(user_keys.person_key, {{ lw_unknown_key() }}) as person_key,
    {{ lw_known_key(lw_surrogate_key(["'learnamp'", "'Event'", 'learnamp.event_id']),
        'dim_learning_object', 'learning_object_key') }} as learning_object_key,
    learnamp.event_session_id,
    learnamp.role_name,
    learnamp.enrollment_status,
    learnamp.attendance,
    learnamp.enrolled_at,
    learnamp.enrolled_date,
    cast(null as timestamp) as withdrawn_at,
    learnamp.session_starts_at
from learnamp
left join user_keys
    on user_keys.source_system = 'learnamp' and learnamp.user_id = user_keys.user_id
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
