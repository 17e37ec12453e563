-- Grain: one person's interest in a skill, with the self, manager, target and preferred ratings.
select
    {{ lw_surrogate_key(["'learnamp'", 'user_skills.id']) }} as skill_rating_key,
    'learnamp' as source_system,
    user_skills.id as user_skill_id,
    coalesce(user_keys.user_key, {{ lw_unknown_key() }}) as user_key,
    coalesce(user_keys.person_key, {{ lw_unknown_key() }}) as person_key,
    coalesce(skills.skill_key, {{ lw_unknown_key() }}) as skill_key,
    user_skills.own_rating,
    user_skills.manager_rating,
    user_skills.target_rating,
    user_skills.preferred_rating,
    user_skills.preferred_rating - user_skills.target_rating as gap_to_target
from {{ ref('stg_learnamp__user_skills') }} as user_skills
left join {{ ref('int_identity__user_keys') }} as user_keys
    on user_keys.source_system = 'learnamp' and user_skills.user_id = user_keys.user_id
left join {{ ref('dim_skill') }} as skills on user_skills.skill_id = skills.skill_id
