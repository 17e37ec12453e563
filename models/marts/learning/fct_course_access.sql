-- Grain: one Brightspace user, org unit and local day on which the user accessed the course:
-- in a browser (Course Access) and/or in the Pulse app (Course Access Log, whose UTC pulses
-- are placed on the organisation's local day, var organisation_time_zone).
-- Incremental: a run re-derives every user, org unit and day that rows staging changed since
-- the last run fall on (from both data sets), the days of accounts whose person key changed
-- since (int_identity__user_keys._loaded_at), and the days still pointing at an unknown user.
{{ config(materialized='incremental', incremental_strategy='delete+insert',
    unique_key='course_access_key') }}
with

browser_rows as (
    select
        user_id,
        org_unit_id,
        day_accessed as access_date,
        _loaded_at
    from {{ lw_staged('brightspace', 'course_access') }}
),

pulse_rows as (
    select
        user_id,
        org_unit_id,
        {{ lw_local_date('timestamp') }} as access_date,
        timestamp,
        _loaded_at
    from {{ lw_staged('brightspace', 'course_access_log') }}
),

{%- if lw_is_incremental() %}

changed_users as (
    select user_id from {{ ref('int_identity__user_keys') }}
    where source_system = 'brightspace' and {{ lw_loaded_since() }}
),

touched_days as (
    select
        user_id,
        org_unit_id,
        access_date
    from browser_rows
    where {{ lw_loaded_since() }} or user_id in (select changed_users.user_id from changed_users)
    union
    select
        user_id,
        org_unit_id,
        access_date
    from pulse_rows
    where {{ lw_loaded_since() }} or user_id in (select changed_users.user_id from changed_users)
    union
    select
        loaded.user_id,
        loaded.org_unit_id,
        loaded.access_date
    from {{ this }} as loaded
    where loaded.user_key = {{ lw_unknown_key() }}
),
{%- endif %}

browser as (
    select
        browser_rows.user_id,
        browser_rows.org_unit_id,
        browser_rows.access_date
    from browser_rows
    {%- if lw_is_incremental() %}
    where
        exists (
            select 1 from touched_days
            where
                touched_days.user_id = browser_rows.user_id
                and touched_days.org_unit_id = browser_rows.org_unit_id
                and touched_days.access_date = browser_rows.access_date
        )
    {%- endif %}
),

pulses as (
    select
        pulse_rows.user_id,
        pulse_rows.org_unit_id,
        pulse_rows.access_date,
        count(*) as pulse_count,
        min(pulse_rows.timestamp) as first_pulse_at,
        max(pulse_rows.timestamp) as last_pulse_at
    from pulse_rows
    {%- if lw_is_incremental() %}
    where
        exists (
            select 1 from touched_days
            where
                touched_days.user_id = pulse_rows.user_id
                and touched_days.org_unit_id = pulse_rows.org_unit_id
                and touched_days.access_date = pulse_rows.access_date
        )
    {%- endif %}
    group by pulse_rows.user_id, pulse_rows.org_unit_id, pulse_rows.access_date
),

days as (
    select
        coalesce(browser.user_id, pulses.user_id) as user_id,
        coalesce(browser.org_unit_id, pulses.org_unit_id) as org_unit_id,
        coalesce(browser.access_date, pulses.access_date) as access_date,
        browser.user_id is not null as has_browser_access,
        pulses.user_id is not null as has_pulse_access,
        coalesce(pulses.pulse_count, 0) as pulse_count,
        pulses.first_pulse_at,
        pulses.last_pulse_at
    from browser
    full outer join pulses
        on
            browser.user_id = pulses.user_id
            and browser.org_unit_id = pulses.org_unit_id
            and browser.access_date = pulses.access_date
),

user_keys as (
    select * from {{ ref('int_identity__user_keys') }}
    where source_system = 'brightspace'
)

select
    {{ lw_surrogate_key(["'brightspace'", 'days.user_id', 'days.org_unit_id', 'days.access_date']) }}
        as course_access_key,
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
