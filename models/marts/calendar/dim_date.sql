-- The calendar: one row per day from the earliest to the latest date any fact uses (or
-- the calendar_start / calendar_end vars), within the plausible dates (vars
-- plausible_date_min/max), with the usual reporting attributes.
with

bounds as (
    select
        {%- if var('calendar_start', none) %}
        cast({{ lw_sql_string(var('calendar_start')) }} as date) as first_day,
        {%- else %}
        least(
            (select min(cast(happened_at as date)) from {{ ref('stg_learnamp__activities') }}),
            (select min(cast(starts_at as date)) from {{ ref('stg_learnamp__session_tracks') }}),
            (select min(cast(assigned_at as date)) from {{ ref('stg_learnamp__tasks') }}),
            (select min(enrolled_at) from {{ ref('stg_learnamp__enrollments') }}),
            (select min(day_accessed) from {{ ref('stg_brightspace__course_access') }}),
            (select min(cast(attempt_date as date)) from {{ ref('stg_brightspace__user_logins') }}),
            (
                select min(cast(enrollment_date as date))
                from {{ ref('stg_brightspace__enrollments_and_withdrawals') }}
            ),
            (select min(cast(enrollment_date as date)) from {{ ref('stg_brightspace__user_enrollments') }})
        ) as first_day,
        {%- endif %}
    {%- if var('calendar_end', none) %}
        cast({{ lw_sql_string(var('calendar_end')) }} as date) as last_day
        {%- else %}
    greatest(
        (select max(deadline) from {{ ref('stg_learnamp__tasks') }}),
        (select max(cast(starts_at as date)) from {{ ref('stg_learnamp__event_sessions') }}),
        (select max(enrolled_at) from {{ ref('stg_learnamp__enrollments') }}),
        (select max(day_accessed) from {{ ref('stg_brightspace__course_access') }}),
        (select max(cast(attempt_date as date)) from {{ ref('stg_brightspace__user_logins') }}),
        (select cast(as_of_at as date) from {{ ref('int_warehouse__as_of') }})
    ) as last_day
    {%- endif %}
),

calendar_bounds as (
    -- within the plausible dates: a vendor's sentinel (0001-01-01, 9999-12-31) stays in its
    -- fact and in audit_range_violations, and does not stretch the calendar over millennia
    select
        greatest(first_day, cast({{ lw_sql_string(var('plausible_date_min', '1970-01-01')) }} as date)) as first_day,
        least(last_day, cast({{ lw_sql_string(var('plausible_date_max', '2100-01-01')) }} as date) - 1) as last_day
    from bounds
),

days as (
    select series.date_day
    from {{ lw_day_series('calendar_bounds') }} as series
)

select
    date_day,
    cast(extract(year from date_day) as bigint) as calendar_year,
    cast(extract(quarter from date_day) as bigint) as calendar_quarter,
    cast(extract(month from date_day) as bigint) as calendar_month,
    {{ lw_date_attribute('date_day', 'month_name') }} as month_name,
    {{ lw_date_attribute('date_day', 'year_month') }} as calendar_year_month,
    cast({{ dbt.date_trunc('week', 'date_day') }} as date) as week_start_date,
    cast({{ dbt.date_trunc('month', 'date_day') }} as date) as month_start_date,
    cast({{ dbt.date_trunc('quarter', 'date_day') }} as date) as quarter_start_date,
    {{ lw_date_attribute('date_day', 'iso_day_of_week') }} as iso_day_of_week,
    {{ lw_date_attribute('date_day', 'day_name') }} as day_name,
    {{ lw_date_attribute('date_day', 'iso_day_of_week') }} >= 6 as is_weekend
from days
