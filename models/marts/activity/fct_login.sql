-- Grain: one login attempt (Brightspace User Logins: success or failure, impersonation) or one
-- platform session (Learn Amp session tracks, with duration).
-- Incremental: a run re-derives the logins and sessions staging changed since the last run,
-- those of accounts whose person key changed since (int_identity__user_keys._loaded_at), and
-- those still pointing at an unknown user or impersonator, who may have arrived since.
{{ config(materialized='incremental', incremental_strategy='delete+insert',
    unique_key='login_key') }}
with

{%- if lw_is_incremental() %}

changed_users as (
    select
        source_system,
        user_id
    from {{ ref('int_identity__user_keys') }}
    where {{ lw_loaded_since() }}
),

unknown_members as (
    select
        loaded.source_system,
        loaded.login_id
    from {{ this }} as loaded
    where loaded.user_key = {{ lw_unknown_key() }} or loaded.impersonator_user_key = {{ lw_unknown_key() }}
),
{%- endif %}

logins as (
    select * from {{ ref('stg_brightspace__user_logins') }}
    {%- if lw_is_incremental() %}
    where
        {{ lw_loaded_since() }}
        or user_id in (
            select changed_users.user_id from changed_users
            where changed_users.source_system = 'brightspace'
        )
        or impersonating_user_id in (
            select changed_users.user_id from changed_users
            where changed_users.source_system = 'brightspace'
        )
        or login_attempt_id in (
            select unknown_members.login_id from unknown_members
            where unknown_members.source_system = 'brightspace'
        )
    {%- endif %}
),

sessions as (
    select * from {{ ref('stg_learnamp__session_tracks') }}
    {%- if lw_is_incremental() %}
    where
        {{ lw_loaded_since() }}
        or user_id in (
            select changed_users.user_id from changed_users
            where changed_users.source_system = 'learnamp'
        )
        or cast(id as {{ dbt.type_string() }}) in (
            select unknown_members.login_id from unknown_members
            where unknown_members.source_system = 'learnamp'
        )
    {%- endif %}
),

user_keys as (
    select * from {{ ref('int_identity__user_keys') }}
)

select
    {{ lw_surrogate_key(["'brightspace'", 'logins.login_attempt_id']) }} as login_key,
    'brightspace' as source_system,
    logins.login_attempt_id as login_id,
    coalesce(user_keys.user_key, {{ lw_unknown_key() }}) as user_key,
    coalesce(user_keys.person_key, {{ lw_unknown_key() }}) as person_key,
    'login attempt' as login_kind,
    logins.attempt_date as attempted_at,
    cast(logins.attempt_date as date) as login_date,
    coalesce(lower(logins.status_type) like 'success%', false) as is_successful,
    logins.status_type as login_status,
    logins.impersonating_user_id is not null as is_impersonated,
    {{ lw_optional_key('logins.impersonating_user_id', 'impersonator_keys.user_key') }} as impersonator_user_key,
    logins.login_source,
    {{ lw_pii('logins.user_name') }} as user_name,  -- noqa: AL09 (the alias names the column in every pii_mode)
    {{ lw_pii('logins.ip') }} as ip,  -- noqa: AL09
    cast(null as integer) as session_duration_seconds,
    {{ lw_loaded_at() }} as _loaded_at
from logins
left join user_keys
    on user_keys.source_system = 'brightspace' and logins.user_id = user_keys.user_id
left join user_keys as impersonator_keys
    on impersonator_keys.source_system = 'brightspace' and logins.impersonating_user_id = impersonator_keys.user_id
union all
select
    {{ lw_surrogate_key(["'learnamp'", 'sessions.id']) }} as login_key,
    'learnamp' as source_system,
    cast(sessions.id as {{ dbt.type_string() }}) as login_id,
    coalesce(user_keys.user_key, {{ lw_unknown_key() }}) as user_key,
    coalesce(user_keys.person_key, {{ lw_unknown_key() }}) as person_key,
    'session' as login_kind,
    sessions.starts_at as attempted_at,
    cast(sessions.starts_at as date) as login_date,
    true as is_successful,
    'Session' as login_status,
    false as is_impersonated,
    {{ lw_not_applicable_key() }} as impersonator_user_key,
    'Learn Amp' as login_source,
    null as user_name,
    null as ip,
    sessions.duration as session_duration_seconds,
    {{ lw_loaded_at() }} as _loaded_at
from sessions
left join user_keys
    on user_keys.source_system = 'learnamp' and sessions.user_id = user_keys.user_id
