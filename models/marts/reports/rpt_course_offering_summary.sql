-- One row per Brightspace course offering (an org unit of type Course Offering; while
-- Organizational Units is not landed, every org unit with content or enrollments), as of
-- int_warehouse__as_of: its learners (int_brightspace__learner_course_progress: people currently
-- enrolled in a learner role), content topics and completions, final grades, completed quiz
-- attempts and learners at risk. Deleted records are not counted.
with

offerings as (
    select {{ lw_surrogate_key(["'brightspace'", "'Org Unit'", 'org_unit_id']) }} as course_offering_key
    from {{ ref('int_brightspace__org_units') }}
    where is_course_offering
),

learning_objects as (
    select * from {{ ref('dim_learning_object') }}
),

as_of as (
    select cast(as_of_at as date) as as_of_date from {{ ref('int_warehouse__as_of') }}
),

learners as (
    select * from {{ ref('int_brightspace__learner_course_progress') }}
),

topics as (
    select
        course_offering_key,
        count(*) as content_topics
    from learning_objects
    where learning_object_type = 'Content Topic' and not is_deleted
    group by course_offering_key
),

standing as (
    select
        course_offering_key,
        count(distinct user_key) as enrolled_learners,
        cast(sum(topics_completed) as {{ dbt.type_bigint() }}) as content_completions,
        count(final_grade_percent) as learners_with_final_grade,
        {{ lw_exact_avg("final_grade_percent") }} as average_final_grade_percent,
        count(*) filter (where is_behind_on_content or is_behind_on_grades) as learners_at_risk
    from learners
    group by course_offering_key
),

quiz_attempts as (
    select
        learners.course_offering_key,
        count(*) as quiz_attempts,
        {{ lw_exact_avg("attempts.score_percent") }} as average_quiz_score_percent
    from {{ ref('fct_quiz_attempt') }} as attempts
    inner join learning_objects as quizzes on attempts.learning_object_key = quizzes.learning_object_key
    inner join learners
        on
            attempts.user_key = learners.user_key
            and quizzes.course_offering_key = learners.course_offering_key
    where attempts.source_system = 'brightspace' and attempts.is_completed and not attempts.is_deleted
    group by learners.course_offering_key
)

select
    learning_objects.learning_object_key as course_offering_key,
    learning_objects.learning_object_name as course_offering_name,
    learning_objects.department_name,
    learning_objects.faculty_name,
    learning_objects.starts_at,
    learning_objects.ends_at,
    learning_objects.is_active,
    coalesce(standing.enrolled_learners, 0) as enrolled_learners,
    coalesce(topics.content_topics, 0) as content_topics,
    coalesce(standing.content_completions, 0) as content_completions,
    cast(coalesce(standing.content_completions, 0) as double)
    / nullif(coalesce(standing.enrolled_learners, 0) * topics.content_topics, 0) as content_completion_rate,
    coalesce(standing.learners_with_final_grade, 0) as learners_with_final_grade,
    standing.average_final_grade_percent,
    coalesce(quiz_attempts.quiz_attempts, 0) as quiz_attempts,
    quiz_attempts.average_quiz_score_percent,
    coalesce(standing.learners_at_risk, 0) as learners_at_risk,
    as_of.as_of_date
from offerings
cross join as_of
inner join learning_objects
    on offerings.course_offering_key = learning_objects.learning_object_key
left join topics on learning_objects.learning_object_key = topics.course_offering_key
left join standing on learning_objects.learning_object_key = standing.course_offering_key
left join quiz_attempts on learning_objects.learning_object_key = quiz_attempts.course_offering_key
