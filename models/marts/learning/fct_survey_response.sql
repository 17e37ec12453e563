-- Grain: one survey attempt: a user's response (submitted or not yet) to one occurrence
-- (issue) of a survey, with the number of answers given.
with

answers as (
    select
        survey_attempt_id,
        count(*) as answer_count,
        avg(value) as average_answer_value
    from {{ ref('stg_learnamp__survey_attempt_answers') }}
    group by survey_attempt_id
)

select
    {{ lw_surrogate_key(["'learnamp'", 'attempts.id']) }} as survey_response_key,
    'learnamp' as source_system,
    attempts.id as survey_attempt_id,
    attempts.survey_occurrence_id,
    coalesce(user_keys.user_key, {{ lw_unknown_key() }}) as user_key,
    coalesce(user_keys.person_key, {{ lw_unknown_key() }}) as person_key,
    {{ lw_known_key(lw_surrogate_key(["'learnamp'", "'Survey'", 'attempts.survey_id']),
        'dim_learning_object', 'learning_object_key') }} as learning_object_key,
    {{ lw_optional_key('attempts.observation_subject_id', 'subject_keys.person_key') }}
        as observation_subject_person_key,
    attempts.survey_type,
    attempts.started_at,
    attempts.submitted_at,
    cast(attempts.submitted_at as date) as submitted_date,
    attempts.deadline as deadline_date,
    coalesce(attempts.completed, false) as is_submitted,
    coalesce(attempts.currently_overdue, false) as is_overdue,
    coalesce(attempts.overdue_when_submitted, false) as is_submitted_late,
    attempts.time_taken as time_taken_seconds,
    coalesce(answers.answer_count, 0) as answer_count,
    answers.average_answer_value
from {{ ref('stg_learnamp__survey_attempts') }} as attempts
left join answers on attempts.id = answers.survey_attempt_id
left join {{ ref('int_identity__user_keys') }} as user_keys
    on user_keys.source_system = 'learnamp' and attempts.user_id = user_keys.user_id
left join {{ ref('int_identity__user_keys') }} as subject_keys
    on subject_keys.source_system = 'learnamp' and attempts.observation_subject_id = subject_keys.user_id
