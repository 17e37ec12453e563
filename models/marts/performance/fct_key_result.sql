-- Grain: one key result of an objective.
select
    {{ lw_surrogate_key(["'learnamp'", 'key_results.id']) }} as key_result_key,
    'learnamp' as source_system,
    key_results.id as key_result_id,
    {{ lw_surrogate_key(["'learnamp'", 'key_results.objective_id']) }} as objective_key,
    {{ lw_optional_key('key_results.owner_id', 'owner_keys.person_key') }} as owner_person_key,
    key_results.name as key_result_name,
    key_results.completion_type,
    key_results.status as key_result_status,
    key_results.progress as progress_percent,
    coalesce(key_results.contribution_to_objective_progress, false) as is_contributing_to_objective,
    key_results.target_from_value,
    key_results.target_to_value,
    key_results.result as result_value,
    key_results.unit
from {{ ref('stg_learnamp__key_results') }} as key_results
left join {{ ref('int_identity__user_keys') }} as owner_keys
    on owner_keys.source_system = 'learnamp' and key_results.owner_id = owner_keys.user_id
