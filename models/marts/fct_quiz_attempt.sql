-- Grain: one attempt of a Learn Amp user at a quiz.
select
    {{ lw_surrogate_key(["'learnamp'", 'attempts.id']) }} as quiz_attempt_key,
    'learnamp' as source_system,
    attempts.id as quiz_attempt_id,
    coalesce(user_keys.user_key, {{ lw_unknown_key() }}) as user_key,
    coalesce(user_keys.person_key, {{ lw_unknown_key() }}) as person_key,
    {{ lw_known_key(lw_surrogate_key(["'learnamp'", "'Quiz'", 'attempts.quiz_id']),
        'dim_learning_object', 'learning_object_key') }} as learning_object_key,
    attempts.submitted_at,
    cast(attempts.submitted_at as date) as submitted_date,
    attempts.correct_answer_count,
    attempts.incorrect_answer_count,
    attempts.score,
    coalesce(attempts.passed, false) as is_passed,
    coalesce(attempts.expired, false) as is_expired,
    attempts.expired_at,
    coalesce(attempts.most_recent, false) as is_most_recent
from {{ lw_staged('learnamp', 'quiz_attempts') }} as attempts
left join {{ ref('int_identity__user_keys') }} as user_keys
    on user_keys.source_system = 'learnamp' and attempts.user_id = user_keys.user_id
