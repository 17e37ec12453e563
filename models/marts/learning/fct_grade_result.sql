-- Grain: one Brightspace user and grade object with a result (Grade Results;
-- int_brightspace__grade_results): points, the grade as a fraction of the points possible,
-- whether it is a final grade (final calculated or final adjusted grade item) and released.
-- Deleted ones (the grade object, or the result) are kept and flagged is_deleted.
with

results as (
    select * from {{ ref('int_brightspace__grade_results') }}
),

user_keys as (
    select * from {{ ref('int_identity__user_keys') }}
    where source_system = 'brightspace'
)

select
    {{ lw_surrogate_key(["'brightspace'", 'results.grade_object_id', 'results.org_unit_id', 'results.user_id']) }}
        as grade_result_key,
    'brightspace' as source_system,
    results.grade_object_id,
    results.user_id,
    coalesce(user_keys.user_key, {{ lw_unknown_key() }}) as user_key,
    coalesce(user_keys.person_key, {{ lw_unknown_key() }}) as person_key,
    case
        when results.is_known_grade_object
            then {{ lw_surrogate_key(["'brightspace'", 'results.learning_object_type', 'results.grade_object_id']) }}
        else {{ lw_unknown_key() }}
    end as learning_object_key,
    {{ lw_optional_key('results.org_unit_id',
        lw_surrogate_key(["'brightspace'", "'Org Unit'", 'results.org_unit_id'])) }} as course_offering_key,
    results.is_final_grade,
    results.points_numerator,
    results.points_denominator,
    results.grade_percent,
    results.graded_at,
    cast(results.graded_at as date) as graded_date,
    results.is_released,
    results.released_at,
    results.is_grade_object_deleted or results.is_result_dropped as is_deleted
from results
left join user_keys on results.user_id = user_keys.user_id
