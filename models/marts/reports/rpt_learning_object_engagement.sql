-- One row per learning object with any engagement: distinct learners (people who viewed,
-- started, completed or accessed it), completers, completion rate, and the average score and
-- time of completions (SCORM-style results, Learn Amp). Brightspace org units report learners
-- and access days; the Users module carries no completions for them, so their completion
-- figures are NULL (unknown), never 0. Learn Amp has no access days (NULL). Rates and averages
-- keep full precision: formatting belongs to the BI tool.
with

engagement as (
    select * from {{ ref('int_engagement__by_learning_object') }}
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
    engagement.completers / nullif(engagement.learners, 0) as completion_rate,
    engagement.average_score,
    engagement.average_time_seconds,
    engagement.access_days
from engagement
inner join {{ ref('dim_learning_object') }} as learning_objects
    on engagement.learning_object_key = learning_objects.learning_object_key
