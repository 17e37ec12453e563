-- Each user's progress through each Brightspace content topic: visits and time (Content User
-- Progress) and completion (Content User Completion). A pair in either data set has a row; pairs
-- of a content module are left out (completion is a topic's), pairs of an object Content Objects
-- does not hold are kept (their learning object is unknown). Deleted records stay, flagged: the
-- content object deleted (IsDeleted, or dropped from a newer full extract) and each record
-- dropped from a newer full extract of its own data set (deleted, or aged out of D2L's three
-- years). Grain: one row per content_object_id and user_id.
with

progress as (
    select * from {{ ref('stg_brightspace__content_user_progress') }}
),

completion as (
    select * from {{ ref('stg_brightspace__content_user_completion') }}
),

content_objects as (
    select * from {{ ref('stg_brightspace__content_objects') }}
),

pairs as (
    select
        content_object_id,
        user_id
    from progress
    union
    select
        content_object_id,
        user_id
    from completion
)

select
    pairs.content_object_id,
    pairs.user_id,
    coalesce(content_objects.org_unit_id, completion.org_unit_id) as org_unit_id,
    content_objects.content_object_id is not null as is_known_content_object,
    -- as int_brightspace__learning_objects types it (NULL for an object Content Objects lacks)
    case
        when content_objects.content_object_id is null then null
        when lower(trim(content_objects.content_object_type)) = 'topic' then 'Content Topic'
        else 'Content Object'
    end as learning_object_type,
    progress.num_real_visits as visit_count,
    progress.total_time as total_time_seconds,
    progress.last_visited as last_visited_at,
    progress.is_read,
    progress.is_visited,
    completion.date_completed is not null as is_completed,
    completion.date_completed as completed_at,
    coalesce(content_objects.is_deleted, false) or coalesce(content_objects._is_deleted, false)
        as is_content_object_deleted,
    coalesce(progress._is_deleted, false) as is_progress_dropped,
    coalesce(completion._is_deleted, false) as is_completion_dropped,
    progress.content_object_id is not null as has_progress_record,
    completion.content_object_id is not null as has_completion_record
from pairs
left join progress
    on pairs.content_object_id = progress.content_object_id and pairs.user_id = progress.user_id
left join completion
    on pairs.content_object_id = completion.content_object_id and pairs.user_id = completion.user_id
left join content_objects on pairs.content_object_id = content_objects.content_object_id
where
    pairs.content_object_id is not null
    and pairs.user_id is not null
    and (
        content_objects.content_object_id is null
        or coalesce(lower(trim(content_objects.content_object_type)), '') <> 'module'
    )
