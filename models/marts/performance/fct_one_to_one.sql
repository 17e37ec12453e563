-- Grain: one one-to-one meeting between a reviewer and a reviewee (people from its attempts).
with

participants as (
    select
        one_to_one_id,
        max(case when user_is_reviewee then user_id end) as reviewee_user_id,
        max(case when not user_is_reviewee then user_id end) as reviewer_user_id
    from {{ ref('stg_learnamp__one_to_one_attempts') }}
    group by one_to_one_id
)

select
    {{ lw_surrogate_key(["'learnamp'", 'one_to_ones.id']) }} as one_to_one_key,
    'learnamp' as source_system,
    one_to_ones.id as one_to_one_id,
    coalesce(reviewer_keys.person_key, {{ lw_unknown_key() }}) as reviewer_person_key,
    coalesce(reviewee_keys.person_key, {{ lw_unknown_key() }}) as reviewee_person_key,
    one_to_ones.cycle_name,
    one_to_ones.status as one_to_one_status,
    one_to_ones.created_at,
    one_to_ones.deadline as deadline_date,
    one_to_ones.finalized_at,
    one_to_ones.finalized_at is not null as is_finalized,
    coalesce(cast(one_to_ones.finalized_at as date) <= one_to_ones.deadline, false) as is_finalized_on_time,
    one_to_ones.reviewer_total_time,
    one_to_ones.reviewee_total_time,
    one_to_ones.time_to_finalize
from {{ ref('stg_learnamp__one_to_ones') }} as one_to_ones
left join participants on one_to_ones.id = participants.one_to_one_id
left join {{ ref('int_identity__user_keys') }} as reviewer_keys
    on reviewer_keys.source_system = 'learnamp' and participants.reviewer_user_id = reviewer_keys.user_id
left join {{ ref('int_identity__user_keys') }} as reviewee_keys
    on reviewee_keys.source_system = 'learnamp' and participants.reviewee_user_id = reviewee_keys.user_id
