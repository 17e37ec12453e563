-- Each learner's standing in each Brightspace course offering (int_brightspace__org_units), as of
-- int_warehouse__as_of. Learners: accounts of people currently enrolled (fct_enrollment status
-- enrolled) in a role named in var brightspace_learner_role_names. Figures leave deleted records
-- out: the offering's content topics and the topics the learner completed; the final grade (a
-- final adjusted grade before a final calculated one, then the newest) and the average of the
-- learner's released grade items (not final grades, categories, dropped or exempt results);
-- completed quiz attempts and their average score. At risk: in an active offering (IsActive, and
-- the as-of date between its start and end where known), at least var
-- at_risk_min_days_into_offering days after its start (else after the learner's enrollment), and
-- below var at_risk_min_content_completion_rate of its topics, or below var
-- at_risk_min_grade_percent (the final grade, else the released items' average).
-- Grain: one row per learner account and course offering.
{%- set learner_roles = var('brightspace_learner_role_names', ['Learner', 'Student']) %}
with

as_of as (
    select cast(as_of_at as date) as as_of_date from {{ ref('int_warehouse__as_of') }}
),

offerings as (
    select
        org_unit_id,
        {{ lw_surrogate_key(["'brightspace'", "'Org Unit'", 'org_unit_id']) }} as course_offering_key,
        starts_at,
        ends_at,
        is_active
    from {{ ref('int_brightspace__org_units') }}
    where is_course_offering
),

user_keys as (
    select * from {{ ref('int_identity__user_keys') }}
    where source_system = 'brightspace'
),

learners as (
    select
        user_keys.user_id,
        offerings.org_unit_id,
        enrollments.user_key,
        enrollments.person_key,
        offerings.course_offering_key,
        max(enrollments.enrolled_at) as enrolled_at
    from {{ ref('fct_enrollment') }} as enrollments
    inner join offerings on enrollments.learning_object_key = offerings.course_offering_key
    inner join user_keys on enrollments.user_key = user_keys.user_key
    where
        enrollments.source_system = 'brightspace'
        and enrollments.enrollment_status = 'enrolled'
        and enrollments.person_key not in ({{ lw_unknown_key() }}, {{ lw_not_applicable_key() }})
        and enrollments.role_name in ({{ lw_sql_list(learner_roles) }})
    group by
        user_keys.user_id, offerings.org_unit_id, enrollments.user_key, enrollments.person_key,
        offerings.course_offering_key
),

topics as (
    select
        org_unit_id,
        count(*) as content_topics
    from {{ ref('int_brightspace__learning_objects') }}
    where learning_object_type = 'Content Topic' and not is_deleted
    group by org_unit_id
),

completed as (
    select
        user_id,
        org_unit_id,
        count(distinct content_object_id) as topics_completed
    from {{ ref('int_brightspace__content_progress') }}
    where
        is_completed
        and learning_object_type = 'Content Topic'
        and not is_content_object_deleted
        and not is_completion_dropped
    group by user_id, org_unit_id
),

graded as (
    select * from {{ ref('int_brightspace__grade_results') }}
    where
        not is_grade_object_deleted
        and not is_result_dropped
        and grade_percent is not null
),

final_grade_rows as (
    select * from graded
    where is_final_grade
),

final_grades as (
    {{ lw_newest_per_key('final_grade_rows', ['user_id', 'org_unit_id'],
        'grade_object_type_id desc, graded_at desc nulls last, grade_object_id desc') }}
),

released_grades as (
    select
        user_id,
        org_unit_id,
        {{ lw_exact_avg("grade_percent") }} as released_grade_percent
    from graded
    where
        is_released
        and not is_final_grade
        and learning_object_type = 'Grade Item'
        and not is_dropped
        and not is_exempt
    group by user_id, org_unit_id
),

quizzes as (
    select
        user_id,
        org_unit_id,
        count(*) as quiz_attempts,
        {{ lw_exact_avg("score_percent") }} as average_quiz_score_percent
    from {{ ref('int_brightspace__quiz_attempts') }}
    where is_completed and not is_deleted
    group by user_id, org_unit_id
),

standing as (
    select
        learners.user_id,
        learners.org_unit_id,
        learners.user_key,
        learners.person_key,
        learners.course_offering_key,
        learners.enrolled_at,
        coalesce(topics.content_topics, 0) as content_topics,
        coalesce(completed.topics_completed, 0) as topics_completed,
        cast(coalesce(completed.topics_completed, 0) as double) / nullif(topics.content_topics, 0)
            as content_completion_rate,
        final_grades.grade_percent as final_grade_percent,
        released_grades.released_grade_percent,
        coalesce(final_grades.grade_percent, released_grades.released_grade_percent) as grade_percent,
        coalesce(quizzes.quiz_attempts, 0) as quiz_attempts,
        quizzes.average_quiz_score_percent,
        coalesce(
            offerings.is_active
            and (offerings.starts_at is null or cast(offerings.starts_at as date) <= as_of.as_of_date)
            and (offerings.ends_at is null or cast(offerings.ends_at as date) >= as_of.as_of_date),
            false
        ) as is_offering_active,
        cast(coalesce(offerings.starts_at, learners.enrolled_at) as date) as offering_start_date,
        as_of.as_of_date
    from learners
    cross join as_of
    inner join offerings on learners.org_unit_id = offerings.org_unit_id
    left join topics on learners.org_unit_id = topics.org_unit_id
    left join completed on learners.user_id = completed.user_id and learners.org_unit_id = completed.org_unit_id
    left join final_grades
        on learners.user_id = final_grades.user_id and learners.org_unit_id = final_grades.org_unit_id
    left join released_grades
        on learners.user_id = released_grades.user_id and learners.org_unit_id = released_grades.org_unit_id
    left join quizzes on learners.user_id = quizzes.user_id and learners.org_unit_id = quizzes.org_unit_id
),

dated as (
    select
        standing.*,
        {{ dbt.datediff(
            'offering_start_date', 'as_of_date', 'day'
        ) }} as days_in
    from standing
)

select
    user_id,
    org_unit_id,
    user_key,
    person_key,
    course_offering_key,
    enrolled_at,
    content_topics,
    topics_completed,
    content_completion_rate,
    final_grade_percent,
    released_grade_percent,
    grade_percent,
    quiz_attempts,
    average_quiz_score_percent,
    is_offering_active,
    cast(days_in as {{ dbt.type_bigint() }}) as days_into_offering,
    coalesce(
        is_offering_active
        and days_in >= {{ var('at_risk_min_days_into_offering', 14) }}
        and content_completion_rate < {{ var('at_risk_min_content_completion_rate', 0.5) }},
        false
    ) as is_behind_on_content,
    coalesce(
        is_offering_active
        and days_in >= {{ var('at_risk_min_days_into_offering', 14) }}
        and grade_percent < {{ var('at_risk_min_grade_percent', 0.6) }},
        false
    ) as is_behind_on_grades,
    as_of_date
from dated
