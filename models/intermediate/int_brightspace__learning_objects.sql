-- The learning objects Brightspace holds inside its org units: content modules and topics
-- (Content Objects, by ContentObjectType), quizzes (Quiz Objects), grade items and grade
-- categories (Grade Objects, GradeObjectTypeId 9 is a category) and assignments (Assignment
-- Summary), each under the org unit it belongs to. Deleted: D2L's IsDeleted where the data set
-- has one, or the row was dropped from a newer full extract (Quiz Objects has no flag of its own).
-- Grain: one row per learning_object_type and learning_object_id.
with

content_objects as (
    select * from {{ ref('stg_brightspace__content_objects') }}
),

quiz_objects as (
    select * from {{ ref('stg_brightspace__quiz_objects') }}
),

grade_objects as (
    select * from {{ ref('stg_brightspace__grade_objects') }}
),

assignments as (
    select * from {{ ref('stg_brightspace__assignment_summary') }}
),

objects as (
    select
        case lower(trim(content_object_type))
            when 'module' then 'Content Module'
            when 'topic' then 'Content Topic'
            else 'Content Object'
        end as learning_object_type,
        cast(content_object_id as bigint) as learning_object_id,
        org_unit_id,
        title as learning_object_name,
        cast(null as {{ dbt.type_string() }}) as content_type,
        start_date as starts_at,
        end_date as ends_at,
        cast(null as boolean) as is_active,
        coalesce(is_deleted, false) or _is_deleted as is_deleted,
        cast(null as timestamp) as created_at
    from content_objects
    union all
    select
        'Quiz' as learning_object_type,
        quiz_id as learning_object_id,
        org_unit_id,
        quiz_name as learning_object_name,
        cast(null as {{ dbt.type_string() }}) as content_type,
        start_date as starts_at,
        end_date as ends_at,
        is_active,
        _is_deleted as is_deleted,
        creation_date as created_at
    from quiz_objects
    union all
    select
        case when grade_object_type_id = 9 then 'Grade Category' else 'Grade Item' end as learning_object_type,
        cast(grade_object_id as bigint) as learning_object_id,
        org_unit_id,
        name as learning_object_name,
        type_name as content_type,
        start_date as starts_at,
        end_date as ends_at,
        cast(null as boolean) as is_active,
        coalesce(is_deleted, false) or _is_deleted as is_deleted,
        created_date as created_at
    from grade_objects
    union all
    select
        'Assignment' as learning_object_type,
        dropbox_id as learning_object_id,
        org_unit_id,
        name as learning_object_name,
        submission_type as content_type,
        start_date as starts_at,
        end_date as ends_at,
        cast(null as boolean) as is_active,
        coalesce(is_deleted, false) or _is_deleted as is_deleted,
        cast(null as timestamp) as created_at
    from assignments
)

select
    learning_object_type,
    learning_object_id,
    org_unit_id,
    learning_object_name,
    content_type,
    starts_at,
    ends_at,
    is_active,
    is_deleted,
    created_at
from objects
where learning_object_id is not null
