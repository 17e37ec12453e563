-- Engagement counts per learning object, from the learning facts (people only): distinct
-- learners, completers, completions, the average score and time of completions and failures
-- (Learn Amp), access days (Brightspace). Grain: one row per learning object with engagement.
-- Incremental: a run recomputes the learning objects the facts wrote rows for since its last
-- run (re-derived rows count too: a person merge changes distinct learners), reading only
-- those objects' fact rows. rpt_learning_object_engagement adds the object's attributes.
{{ config(materialized='incremental', incremental_strategy='delete+insert',
    unique_key='learning_object_key') }}
with

{%- if lw_is_incremental() %}

touched as (
    select learning_object_key from {{ ref('fct_learning_activity') }}
    where {{ lw_loaded_since() }}
    union
    select learning_object_key from {{ ref('fct_course_access') }}
    where {{ lw_loaded_since() }}
),
{%- endif %}

-- Learn Amp's events only: Brightspace topics' completions (fct_learning_activity) have no
-- learners of their own here (their progress is fct_content_progress), so a rate would be 1
activity as (
    select * from {{ ref('fct_learning_activity') }}
    where
        source_system = 'learnamp'
        and person_key <> {{ lw_unknown_key() }}
        and {{ lw_if_incremental("learning_object_key in (select touched.learning_object_key from touched)") }}
),

access_days as (
    select * from {{ ref('fct_course_access') }}
    where
        person_key <> {{ lw_unknown_key() }}
        and {{ lw_if_incremental("learning_object_key in (select touched.learning_object_key from touched)") }}
),

-- one row per learner and object first, then per object: grouping the events by their two
-- keys once is cheaper than a distinct count per object over every event (same figures; the
-- sums are of integers, so the averages are exactly avg()'s)
learnamp_learners as (
    select
        learning_object_key,
        person_key,
        bool_or(is_completion) as has_completed,
        count(*) filter (where is_completion) as completions,
        sum(score) filter (where activity_type in ('completion', 'failure')) as score_sum,
        count(score) filter (where activity_type in ('completion', 'failure')) as scores,
        sum(total_time_seconds) filter (where activity_type in ('completion', 'failure')) as time_sum,
        count(total_time_seconds) filter (where activity_type in ('completion', 'failure')) as times
    from activity
    group by learning_object_key, person_key
),

learnamp as (
    select
        learning_object_key,
        count(*) as learners,
        count(*) filter (where has_completed) as completers,
        cast(sum(completions) as bigint) as completions,
        sum(score_sum) / nullif(sum(scores), 0) as average_score,
        sum(time_sum) / nullif(sum(times), 0) as average_time_seconds,
        -- Learn Amp has no course access days
        cast(null as bigint) as access_days
    from learnamp_learners
    group by learning_object_key
),

brightspace as (
    select
        learning_object_key,
        count(distinct person_key) as learners,
        -- the Brightspace Users module records no completions, scores or times: unknown, not 0
        cast(null as bigint) as completers,
        cast(null as bigint) as completions,
        cast(null as double) as average_score,
        cast(null as double) as average_time_seconds,
        count(*) as access_days
    from access_days
    group by learning_object_key
),

engagement as (
    select * from learnamp
    union all
    select * from brightspace
)

select
    learning_object_key,
    learners,
    completers,
    completions,
    average_score,
    average_time_seconds,
    access_days,
    {{ lw_loaded_at() }} as _loaded_at
from engagement
