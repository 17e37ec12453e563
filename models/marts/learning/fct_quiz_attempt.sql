-- Grain: one attempt at a quiz, on either platform:
--   Learn Amp: quiz_attempts (score 0-100 by the column spec, so score_percent is score / 100;
--   no points possible recorded);
--   Brightspace: Quiz Attempts (int_brightspace__quiz_attempts: points scored and possible,
--   score_percent = Score / PossibleScore, completed when TimeCompleted is set). Brightspace
--   records no pass mark, correct/incorrect counts or expiry: NULL. Deleted attempts are kept
--   and flagged is_deleted.
with

learnamp_attempts as (
    select * from {{ ref('stg_learnamp__quiz_attempts') }}
),

brightspace_attempts as (
    select * from {{ ref('int_brightspace__quiz_attempts') }}
),

user_keys as (
    select * from {{ ref('int_identity__user_keys') }}
)

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
    cast(attempts.score as double) as score,
    cast(null as double) as possible_score,
    cast(attempts.score as double) / 100 as score_percent,
    -- Learn Amp has no completion time of its own: an attempt is completed once submitted
    attempts.submitted_at is not null as is_completed,
    coalesce(attempts.passed, false) as is_passed,
    coalesce(attempts.expired, false) as is_expired,
    attempts.expired_at,
    coalesce(attempts.most_recent, false) as is_most_recent,
    false as is_deleted
from learnamp_attempts as attempts
left join user_keys
    on user_keys.source_system = 'learnamp' and attempts.user_id = user_keys.user_id
union all
select
    {{ lw_surrogate_key(["'brightspace'", 'attempts.attempt_id']) }} as quiz_attempt_key,
    'brightspace' as source_system,
    attempts.attempt_id as quiz_attempt_id,
    coalesce(user_keys.user_key, {{ lw_unknown_key() }}) as user_key,
    coalesce(user_keys.person_key, {{ lw_unknown_key() }}) as person_key,
    case
        when attempts.is_known_quiz then {{ lw_surrogate_key(["'brightspace'", "'Quiz'", 'attempts.quiz_id']) }}
        else {{ lw_unknown_key() }}
    end as learning_object_key,
    attempts.completed_at as submitted_at,
    cast(attempts.completed_at as date) as submitted_date,
    cast(null as integer) as correct_answer_count,
    cast(null as integer) as incorrect_answer_count,
    cast(attempts.score as double) as score,
    cast(attempts.possible_score as double) as possible_score,
    attempts.score_percent,
    attempts.is_completed,
    cast(null as boolean) as is_passed,
    cast(null as boolean) as is_expired,
    cast(null as timestamp) as expired_at,
    attempts.is_most_recent,
    attempts.is_deleted
from brightspace_attempts as attempts
left join user_keys
    on user_keys.source_system = 'brightspace' and attempts.user_id = user_keys.user_id
