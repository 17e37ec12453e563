-- One row per day and platform: people active (logged in or learned), logins (Brightspace
-- login attempts, Learn Amp sessions), failed logins and completions (Learn Amp completion
-- events; Brightspace content topic completions, not counting deleted ones, NULL while no
-- Content User Completion rows are landed). Only people count: system and test accounts are
-- left out.
-- Incremental: a run recomputes the days on which the facts wrote rows since its last run
-- (every platform of such a day), reading only those days' fact rows, and every Brightspace day
-- whose completions are NULL once Content User Completion rows are landed (or the reverse).
{{ config(materialized='incremental', incremental_strategy='delete+insert',
    unique_key='activity_date') }}
with

brightspace_completions_landed as (
    select count(*) > 0 as is_landed from {{ ref('stg_brightspace__content_user_completion') }}
),

{%- if lw_is_incremental() %}

touched_days as (
    {{ lw_activity_days_loaded_since() }}
    union
    select loaded.activity_date from {{ this }} as loaded
    cross join brightspace_completions_landed
    where
        loaded.source_system = 'brightspace'
        and (loaded.completions is null) = brightspace_completions_landed.is_landed
),
{%- endif %}

logins as (
    select
        login_date as activity_date,
        source_system,
        person_key,
        is_successful
    from {{ ref('fct_login') }}
    where
        person_key <> {{ lw_unknown_key() }}
        and {{ lw_if_incremental("login_date in (select touched_days.activity_date from touched_days)") }}
),

learning as (
    select
        activity_date,
        source_system,
        person_key,
        is_completion and not coalesce(is_deleted, false) as is_completion
    from {{ ref('fct_learning_activity') }}
    where
        person_key <> {{ lw_unknown_key() }}
        and {{ lw_if_incremental("activity_date in (select touched_days.activity_date from touched_days)") }}
    union all
    select
        access_date as activity_date,
        source_system,
        person_key,
        false as is_completion
    from {{ ref('fct_course_access') }}
    where
        person_key <> {{ lw_unknown_key() }}
        and {{ lw_if_incremental("access_date in (select touched_days.activity_date from touched_days)") }}
),

login_days as (
    select
        activity_date,
        source_system,
        count(*) as logins,
        count(*) filter (where not is_successful) as failed_logins
    from logins
    group by activity_date, source_system
),

completion_days as (
    select
        activity_date,
        source_system,
        count(*) filter (where is_completion) as completions
    from learning
    group by activity_date, source_system
),

active as (
    select
        activity_date,
        source_system,
        count(distinct person_key) as active_people
    from (
        select
            activity_date,
            source_system,
            person_key
        from logins
        where is_successful
        union all
        select
            activity_date,
            source_system,
            person_key
        from learning
    ) as any_activity
    group by activity_date, source_system
),

days as (
    select
        activity_date,
        source_system
    from login_days
    union
    select
        activity_date,
        source_system
    from completion_days
)

select
    days.activity_date,
    days.source_system,
    coalesce(active.active_people, 0) as active_people,
    coalesce(login_days.logins, 0) as logins,
    -- what a platform cannot measure is NULL, not 0: Learn Amp records no failed sign-ins;
    -- Brightspace records completions only in Content User Completion, unknown while none is landed
    case when days.source_system = 'learnamp' then null else coalesce(login_days.failed_logins, 0) end
        as failed_logins,
    case
        when days.source_system = 'brightspace' and not brightspace_completions_landed.is_landed then null
        else coalesce(completion_days.completions, 0)
    end as completions,
    {{ lw_loaded_at() }} as _loaded_at
from days
cross join brightspace_completions_landed
left join active
    on days.activity_date = active.activity_date and days.source_system = active.source_system
left join login_days
    on days.activity_date = login_days.activity_date and days.source_system = login_days.source_system
left join completion_days
    on days.activity_date = completion_days.activity_date and days.source_system = completion_days.source_system
