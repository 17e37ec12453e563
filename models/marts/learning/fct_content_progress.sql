-- Grain: one Brightspace user and content topic with progress or a completion (Content User
-- Progress, Content User Completion; int_brightspace__content_progress): visits, time, last
-- visit, read and visited flags, completion. Deleted ones (the topic, or every record of the
-- pair) are kept and flagged is_deleted. What a pair's missing record would say is NULL (a
-- completion without a progress record has no visit count).
with

progress as (
    select * from {{ ref('int_brightspace__content_progress') }}
),

user_keys as (
    select * from {{ ref('int_identity__user_keys') }}
    where source_system = 'brightspace'
)

select
    {{ lw_surrogate_key(["'brightspace'", 'progress.content_object_id', 'progress.user_id']) }} as content_progress_key,
    'brightspace' as source_system,
    progress.content_object_id,
    progress.user_id,
    coalesce(user_keys.user_key, {{ lw_unknown_key() }}) as user_key,
    coalesce(user_keys.person_key, {{ lw_unknown_key() }}) as person_key,
    case
        when progress.is_known_content_object
            then {{ lw_surrogate_key(["'brightspace'", 'progress.learning_object_type',
                'progress.content_object_id']) }}
        else {{ lw_unknown_key() }}
    end as learning_object_key,
    {{ lw_optional_key('progress.org_unit_id',
        lw_surrogate_key(["'brightspace'", "'Org Unit'", 'progress.org_unit_id'])) }} as course_offering_key,
    progress.visit_count,
    progress.total_time_seconds,
    progress.last_visited_at,
    progress.is_read,
    progress.is_visited,
    progress.is_completed,
    progress.completed_at,
    cast(progress.completed_at as date) as completed_date,
    progress.is_content_object_deleted
    or (
        (progress.is_progress_dropped or not progress.has_progress_record)
        and (progress.is_completion_dropped or not progress.has_completion_record)
    ) as is_deleted
from progress
left join user_keys on progress.user_id = user_keys.user_id
