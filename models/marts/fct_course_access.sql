-- Grain: one Brightspace user, org unit and local day on which the user accessed the course:
-- in a browser (Course Access) and/or in the Pulse app (Course Access Log, whose UTC pulses
-- are placed on the organisation's local day, var organisation_time_zone).
with

browser as (
    select
        user_id,
        org_unit_id,
        day_accessed as access_date
    from {{ ref('stg_brightspace__course_access') }}
),

pulses as (
    select
        user_id,
        org_unit_id,
        {{ lw_local_date('timestamp') }} as access_date,
        count(*) as pulse_count,
        min(timestamp) as first_pulse_at,
        max(timestamp) as last_pulse_at
    from {{ ref('stg_brightspace__course_access_log') }}
    group by all
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
    days.last_pulse_at
from days
left join user_keys on days.user_id = user_keys.user_id
