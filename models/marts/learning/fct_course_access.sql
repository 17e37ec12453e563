-- Grain: one Brightspace user, org unit and local day on which the user accessed the course, in
-- a browser and/or in the Pulse app (int_brightspace__course_access_days).
-- Incremental: a run re-derives the days the intermediate model re-derived since the last run,
-- the days of accounts whose person key changed since (int_identity__user_keys._loaded_at), and
-- the days still pointing at an unknown user.
{{ config(materialized='incremental', incremental_strategy='delete+insert',
    unique_key='course_access_key') }}
with

{%- if lw_is_incremental() %}

changed_users as (
    select user_id from {{ ref('int_identity__user_keys') }}
    where source_system = 'brightspace' and {{ lw_loaded_since() }}
),

unknown_members as (
    select loaded.course_access_key from {{ this }} as loaded
    where loaded.user_key = {{ lw_unknown_key() }}
),
{%- endif %}

days as (
    select * from {{ ref('int_brightspace__course_access_days') }}
    {%- if lw_is_incremental() %}
    where
        {{ lw_loaded_since() }}
        or user_id in (select changed_users.user_id from changed_users)
        or course_access_key in (select unknown_members.course_access_key from unknown_members)
    {%- endif %}
),

user_keys as (
    select * from {{ ref('int_identity__user_keys') }}
    where source_system = 'brightspace'
)

select
    days.course_access_key,
    'brightspace' as source_system,
    days.user_id,
    days.org_unit_id,
    coalesce(user_keys.user_key, {{ lw_unknown_key() }}) as user_key,
    coalesce(user_keys.person_key, {{ lw_unknown_key() }}) as person_key,
    {{ lw_surrogate_key(["'brightspace'", "'Org Unit'", 'days.org_unit_id']) }} as learning_object_key,
    days.access_date,
    days.has_browser_access,
    days.has_pulse_access,
    days.pulse_count,
    days.first_pulse_at,
    days.last_pulse_at,
    {{ lw_loaded_at() }} as _loaded_at
from days
left join user_keys on days.user_id = user_keys.user_id
