-- Grain: one account of a person and day with activity: a successful login, or learning (a
-- Learn Amp activity event, a Brightspace course access or content topic completion). Only
-- people count: accounts of the unknown person (system and test accounts, unmatched IDs) are
-- left out, as in rpt_daily_platform_activity. The semantic layer counts active people and
-- learners across both platforms from it (distinct person_key, whatever the account).
-- Incremental: a run recomputes the days on which the facts wrote rows since its last run
-- (lw_activity_days_loaded_since), reading only those days' fact rows; every other day is kept.
{{ config(materialized='incremental', incremental_strategy='delete+insert',
    unique_key='activity_date') }}
with

{%- if lw_is_incremental() %}

touched_days as (
    {{ lw_activity_days_loaded_since() }}
),
{%- endif %}

logins as (
    select
        user_key,
        person_key,
        source_system,
        login_date as activity_date,
        true as has_successful_login,
        false as has_learning_activity
    from {{ ref('fct_login') }}
    where
        is_successful and person_key <> {{ lw_unknown_key() }}
        and {{ lw_if_incremental("login_date in (select touched_days.activity_date from touched_days)") }}
),

learning as (
    select
        user_key,
        person_key,
        source_system,
        activity_date,
        false as has_successful_login,
        true as has_learning_activity
    from {{ ref('fct_learning_activity') }}
    where
        person_key <> {{ lw_unknown_key() }}
        and {{ lw_if_incremental("activity_date in (select touched_days.activity_date from touched_days)") }}
    union all
    select
        user_key,
        person_key,
        source_system,
        access_date as activity_date,
        false as has_successful_login,
        true as has_learning_activity
    from {{ ref('fct_course_access') }}
    where
        person_key <> {{ lw_unknown_key() }}
        and {{ lw_if_incremental("access_date in (select touched_days.activity_date from touched_days)") }}
),

any_activity as (
    select * from logins
    union all
    select * from learning
)

select
    user_key,
    activity_date,
    person_key,
    source_system,
    bool_or(has_successful_login) as has_successful_login,
    bool_or(has_learning_activity) as has_learning_activity,
    {{ lw_loaded_at() }} as _loaded_at
from any_activity
group by user_key, activity_date, person_key, source_system
