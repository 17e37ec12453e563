-- Grain: one learning activity event on either platform:
--   Learn Amp: an activity event (a view, start, completion, failure, like, ...), as logged in
--   the activity log. Verbs are normalised into activity_type; expiry and the "most recent of
--   its verb" flag are kept, not filtered.
--   Brightspace: a user's completion of a content topic (Content User Completion with a
--   DateCompleted; int_brightspace__content_progress), one per user and topic. Deleted ones
--   (the topic, or the completion record) are kept and flagged is_deleted. What Brightspace does
--   not record for a completion (verb, result, score, time, expiry) is NULL.
-- Incremental: a run re-derives the Learn Amp activities staging changed since the last run,
-- those of accounts whose person key changed since (int_identity__user_keys._loaded_at), and
-- those still pointing at an unknown user or learning object, which may have arrived since; and
-- every Brightspace completion (its staging tables are rebuilt whole by every build), of which
-- only those not already held exactly so are written (lw_same_as_held), replaced by key: a
-- completion that did not change keeps its _loaded_at, so the daily models downstream recompute
-- only the days and objects of the completions that did.
{{ config(materialized='incremental', incremental_strategy='delete+insert',
    unique_key='learning_activity_key') }}
with

{%- if lw_is_incremental() %}

changed_users as (
    select user_id from {{ ref('int_identity__user_keys') }}
    where source_system = 'learnamp' and {{ lw_loaded_since() }}
),

unknown_members as (
    select loaded.activity_id from {{ this }} as loaded
    where
        loaded.source_system = 'learnamp'
        and (loaded.user_key = {{ lw_unknown_key() }} or loaded.learning_object_key = {{ lw_unknown_key() }})
),
{%- endif %}

activities as (
    select * from {{ ref('stg_learnamp__activities') }}
    {%- if lw_is_incremental() %}
    where
        {{ lw_loaded_since() }}
        or user_id in (select changed_users.user_id from changed_users)
        or id in (select unknown_members.activity_id from unknown_members)
    {%- endif %}
),

brightspace_completions as (
    select * from {{ ref('int_brightspace__content_progress') }}
    where is_completed
),

user_keys as (
    select * from {{ ref('int_identity__user_keys') }}
    where source_system = 'learnamp'
),

brightspace_user_keys as (
    select * from {{ ref('int_identity__user_keys') }}
    where source_system = 'brightspace'
),

brightspace_rows as (
    select
        {{ lw_surrogate_key(["'brightspace'", "'Content Completion'",
            'completions.content_object_id', 'completions.user_id']) }} as learning_activity_key,
        'brightspace' as source_system,
        cast(null as bigint) as activity_id,
        cast(completions.content_object_id as {{ dbt.type_string() }})
        || ':'
        || cast(completions.user_id as {{ dbt.type_string() }}) as source_activity_id,
        coalesce(brightspace_user_keys.user_key, {{ lw_unknown_key() }}) as user_key,
        coalesce(brightspace_user_keys.person_key, {{ lw_unknown_key() }}) as person_key,
        case
            when completions.is_known_content_object
                then {{ lw_surrogate_key(["'brightspace'", 'completions.learning_object_type',
                    'completions.content_object_id']) }}
            else {{ lw_unknown_key() }}
        end as learning_object_key,
        cast(completions.completed_at as date) as activity_date,
        completions.completed_at as happened_at,
        cast(null as {{ dbt.type_string() }}) as verb,
        'completion' as activity_type,
        true as is_completion,
        cast(null as {{ dbt.type_string() }}) as result,
        cast(null as integer) as score,
        cast(null as integer) as total_time_seconds,
        cast(null as boolean) as is_expired,
        cast(null as timestamp) as expired_at,
        -- one completion record per user and topic: it is the most recent
        true as is_most_recent,
        completions.is_content_object_deleted or completions.is_completion_dropped as is_deleted,
        {{ lw_loaded_at() }} as _loaded_at
    from brightspace_completions as completions
    left join brightspace_user_keys on completions.user_id = brightspace_user_keys.user_id
),

-- joined on the natural key: the same key lw_known_key would give (the dimension's key is the
-- surrogate key of exactly these columns), without computing an MD5 twice per activity
learning_objects as (
    select
        learning_object_key,
        learning_object_type,
        learning_object_id
    from {{ ref('dim_learning_object') }}
    where source_system = 'learnamp'
)

select
    {{ lw_surrogate_key(["'learnamp'", 'activities.id']) }} as learning_activity_key,
    'learnamp' as source_system,
    activities.id as activity_id,
    cast(activities.id as {{ dbt.type_string() }}) as source_activity_id,
    coalesce(user_keys.user_key, {{ lw_unknown_key() }}) as user_key,
    coalesce(user_keys.person_key, {{ lw_unknown_key() }}) as person_key,
    coalesce(learning_objects.learning_object_key, {{ lw_unknown_key() }}) as learning_object_key,
    cast(activities.happened_at as date) as activity_date,
    activities.happened_at,
    activities.verb,
    case lower(trim(activities.verb))
        when 'viewed' then 'view'
        when 'started' then 'start'
        when 'completed' then 'completion'
        when 'failed' then 'failure'
        when 'liked' then 'like'
        when 'commented' then 'comment'
        when 'bookmarked' then 'bookmark'
        when 'shared' then 'share'
        when 'rated' then 'rating'
        else 'other'
    end as activity_type,
    coalesce(activities.completed, false) as is_completion,
    activities.result,
    activities.score,
    activities.total_time as total_time_seconds,
    coalesce(activities.expired, false) as is_expired,
    activities.expired_at,
    coalesce(activities.single, false) as is_most_recent,
    -- the activity log deletes nothing
    false as is_deleted,
    {{ lw_loaded_at() }} as _loaded_at
from activities
left join user_keys on activities.user_id = user_keys.user_id
left join learning_objects
    on
        activities.type is not distinct from learning_objects.learning_object_type
        and activities.content_id is not distinct from learning_objects.learning_object_id
union all
select * from brightspace_rows
where not {{ lw_same_as_held('brightspace_rows', ['learning_activity_key']) }}
