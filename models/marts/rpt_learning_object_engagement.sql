-- One row per learning object with any engagement: distinct learners (people who viewed,
-- started, completed or accessed it), completers, completion rate, and the average score and
-- time of completions (SCORM-style results, Learn Amp). Brightspace org units report learners
-- and access days; the Users module carries no completions for them.
with

learnamp as (
    select
        learning_object_key,
        count(distinct person_key) as learners,
        count(distinct person_key) filter (where is_completion) as completers,
        count(*) filter (where is_completion) as completions,
        avg(score) filter (where activity_type in ('completion', 'failure')) as average_score,
        avg(total_time_seconds) filter (where activity_type in ('completion', 'failure')) as average_time_seconds,
        0 as access_days
    from {{ ref('fct_learning_activity') }}
    where person_key <> {{ lw_unknown_key() }}
    group by learning_object_key
),

brightspace as (
    select
        learning_object_key,
        count(distinct person_key) as learners,
        0 as completers,
        0 as completions,
        null as average_score,
        null as average_time_seconds,
        count(*) as access_days
    from {{ ref('fct_course_access') }}
    where person_key <> {{ lw_unknown_key() }}
    group by learning_object_key
),

engagement as (
    select * from learnamp
    union all
    select * from brightspace
)

select
    learning_objects.learning_object_key,
    learning_objects.source_system,
    learning_objects.learning_object_type,
    learning_objects.learning_object_id,
    learning_objects.learning_object_name,
    engagement.learners,
    engagement.completers,
    engagement.completions,
    round(engagement.completers / nullif(engagement.learners, 0), 4) as completion_rate,
    round(engagement.average_score, 2) as average_score,
    round(engagement.average_time_seconds, 1) as average_time_seconds,
    engagement.access_days
from engagement
inner join {{ ref('dim_learning_object') }} as learning_objects
    on engagement.learning_object_key = learning_objects.learning_object_key
