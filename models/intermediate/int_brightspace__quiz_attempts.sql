-- Each Brightspace quiz attempt (Quiz Attempts) with the rules analysts need: the score as a
-- fraction of what the attempt was out of (Score / PossibleScore when PossibleScore is above 0,
-- else NULL), completed (TimeCompleted is set), the user's latest attempt at the quiz (highest
-- AttemptNumber among the attempts not deleted). Deleted attempts stay, flagged: IsDeleted, the
-- attempt dropped from a newer full extract, or its quiz dropped from one (Quiz Objects has no
-- deleted flag of its own). Grain: one row per attempt_id.
with

attempts as (
    select * from {{ ref('stg_brightspace__quiz_attempts') }}
),

quiz_objects as (
    select * from {{ ref('stg_brightspace__quiz_objects') }}
),

flagged as (
    select
        attempts.attempt_id,
        attempts.quiz_id,
        attempts.user_id,
        coalesce(quiz_objects.org_unit_id, attempts.org_unit_id) as org_unit_id,
        quiz_objects.quiz_id is not null as is_known_quiz,
        attempts.attempt_number,
        attempts.time_started as started_at,
        attempts.time_completed as completed_at,
        attempts.score,
        attempts.possible_score,
        case
            when attempts.possible_score > 0
                then cast(attempts.score as double) / cast(attempts.possible_score as double)
        end as score_percent,
        attempts.time_completed is not null as is_completed,
        coalesce(attempts.is_graded, false) as is_graded,
        coalesce(attempts.is_deleted, false)
        or attempts._is_deleted
        or coalesce(quiz_objects._is_deleted, false) as is_deleted
    from attempts
    left join quiz_objects on attempts.quiz_id = quiz_objects.quiz_id
    where attempts.attempt_id is not null
)

select
    attempt_id,
    quiz_id,
    user_id,
    org_unit_id,
    is_known_quiz,
    attempt_number,
    started_at,
    completed_at,
    score,
    possible_score,
    score_percent,
    is_completed,
    is_graded,
    is_deleted,
    not is_deleted
    and row_number() over (
        partition by user_id, quiz_id, is_deleted
        order by attempt_number desc nulls last, started_at desc nulls last, attempt_id desc
    ) = 1 as is_most_recent
from flagged
