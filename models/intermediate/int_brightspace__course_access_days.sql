-- Each day a Brightspace user accessed an org unit: in a browser (Course Access, a local day)
-- and/or in the Pulse app (Course Access Log, whose UTC pulses are placed on the organisation's
-- local day, var organisation_time_zone), with the day's pulses counted. Grain: one row per
-- user_id, org_unit_id and access_date (course_access_key).
-- Incremental: a run re-derives every user, org unit and day that rows staging changed since the
-- last run fall on, from both data sets.
{{ config(materialized='incremental', incremental_strategy='delete+insert',
    unique_key='course_access_key') }}
with

browser_rows as (
    select
        user_id,
        org_unit_id,
        day_accessed as access_date,
        _loaded_at
    from {{ ref('stg_brightspace__course_access') }}
),

pulse_rows as (
    select
        user_id,
        org_unit_id,
        {{ lw_local_date('timestamp') }} as access_date,
        timestamp,
        _loaded_at
    from {{ ref('stg_brightspace__course_access_log') }}
),

{%- if lw_is_incremental() %}

touched_days as (
    select
        user_id,
        org_unit_id,
        access_date
    from browser_rows
    where {{ lw_loaded_since() }}
    union
    select
        user_id,
        org_unit_id,
        access_date
    from pulse_rows
    where {{ lw_loaded_since() }}
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
)

select
    {{ lw_surrogate_key(["'brightspace'", 'user_id', 'org_unit_id', 'access_date']) }} as course_access_key,
    user_id,
    org_unit_id,
    access_date,
    has_browser_access,
    has_pulse_access,
    pulse_count,
    first_pulse_at,
    last_pulse_at,
    {{ lw_loaded_at() }} as _loaded_at
from days
