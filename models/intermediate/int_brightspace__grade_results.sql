-- Each user's grade on each Brightspace grade object (Grade Results) with the grade object's
-- rules: the grade as a fraction of the points possible (PointsNumerator / PointsDenominator
-- when the denominator is above 0; D2L documents no percentage column of its own, so NULL
-- otherwise), and whether it is a final grade (a final calculated or final adjusted grade item,
-- GradeObjectTypeId 7 or 8). Deleted results stay, flagged: the grade object deleted (IsDeleted,
-- or dropped from a newer full extract) and the result dropped from a newer full extract.
-- Grain: one row per grade_object_id, org_unit_id and user_id (Grade Results' key).
with

results as (
    select * from {{ ref('stg_brightspace__grade_results') }}
),

grade_objects as (
    select * from {{ ref('stg_brightspace__grade_objects') }}
)

select
    results.grade_object_id,
    coalesce(grade_objects.org_unit_id, results.org_unit_id) as org_unit_id,
    results.user_id,
    grade_objects.grade_object_id is not null as is_known_grade_object,
    -- as int_brightspace__learning_objects types it (NULL for an object Grade Objects lacks)
    case
        when grade_objects.grade_object_id is null then null
        when grade_objects.grade_object_type_id = 9 then 'Grade Category'
        else 'Grade Item'
    end as learning_object_type,
    grade_objects.grade_object_type_id,
    coalesce(grade_objects.grade_object_type_id in (7, 8), false) as is_final_grade,
    results.points_numerator,
    results.points_denominator,
    case
        when results.points_denominator > 0
            then cast(results.points_numerator as double) / cast(results.points_denominator as double)
    end as grade_percent,
    results.last_modified as graded_at,
    results.is_released,
    results.grade_released_date as released_at,
    coalesce(results.is_dropped, false) as is_dropped,
    coalesce(results.is_exempt, false) as is_exempt,
    coalesce(grade_objects.is_deleted, false) or coalesce(grade_objects._is_deleted, false) as is_grade_object_deleted,
    results._is_deleted as is_result_dropped
from results
left join grade_objects on results.grade_object_id = grade_objects.grade_object_id
where results.grade_object_id is not null and results.user_id is not null
