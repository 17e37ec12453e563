-- One row per learner and active Brightspace course offering in which the learner is behind, as
-- of int_warehouse__as_of: on content (below var at_risk_min_content_completion_rate of the
-- offering's topics completed) or on grades (below var at_risk_min_grade_percent: the final
-- grade, else the average of released grade items), not in the offering's first
-- at_risk_min_days_into_offering days. The rules are int_brightspace__learner_course_progress's.
with

learners as (
    select * from {{ ref('int_brightspace__learner_course_progress') }}
    where is_behind_on_content or is_behind_on_grades
)

select
    learners.person_key,
    learners.user_key,
    learners.course_offering_key,
    offerings.learning_object_name as course_offering_name,
    offerings.department_name,
    people.full_name,
    learners.content_completion_rate,
    learners.grade_percent,
    learners.is_behind_on_content,
    learners.is_behind_on_grades,
    learners.days_into_offering,
    learners.as_of_date
from learners
inner join {{ ref('dim_learning_object') }} as offerings
    on learners.course_offering_key = offerings.learning_object_key
inner join {{ ref('dim_person') }} as people on learners.person_key = people.person_key
