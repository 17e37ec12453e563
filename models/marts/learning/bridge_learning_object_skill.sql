-- Which skills each learning object is tagged with. Learn Amp content_skills refers to
-- content by the number in type_with_id; those numbers are items' IDs. Grain: one row per
-- learning object and skill.
select distinct
    {{ lw_known_key(lw_surrogate_key(["'learnamp'", "'Item'", 'content_skills.content_id']),
        'dim_learning_object', 'learning_object_key') }} as learning_object_key,
    {{ lw_known_key(lw_surrogate_key(['content_skills.skill_id']), 'dim_skill', 'skill_key') }} as skill_key
from {{ ref('stg_learnamp__content_skills') }} as content_skills
