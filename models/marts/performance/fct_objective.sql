-- Grain: one objective (individual, team, company or self-development).
select
    {{ lw_surrogate_key(["'learnamp'", 'objectives.id']) }} as objective_key,
    'learnamp' as source_system,
    objectives.id as objective_id,
    case
        when objectives.parent_objective_id is null then null
        else {{ lw_surrogate_key(["'learnamp'", 'objectives.parent_objective_id']) }}
    end as parent_objective_key,
    {{ lw_optional_key('objectives.assigned_to_id', 'owner_keys.person_key') }} as owner_person_key,
    {{ lw_optional_key('objectives.assigned_by_id', 'assigner_keys.person_key') }} as assigned_by_person_key,
    -- no team (most objectives) is not applicable; a team the export lacks is unknown
    case
        when objectives.team_id is null then {{ lw_not_applicable_key() }}
        else {{ lw_known_key(lw_surrogate_key(['objectives.team_id']), 'dim_team', 'team_key') }}
    end as team_key,
    objectives.name as objective_name,
    objectives.level as objective_level,
    objectives.start_date,
    objectives.end_date,
    objectives.current_progress as progress_percent,
    objectives.completion_status,
    objectives.completion_status = 'Completed' as is_completed,
    coalesce(objectives.archived, false) as is_archived,
    coalesce(objectives.private, false) as is_private
from {{ ref('stg_learnamp__objectives') }} as objectives
left join {{ ref('int_identity__user_keys') }} as owner_keys
    on owner_keys.source_system = 'learnamp' and objectives.assigned_to_id = owner_keys.user_id
left join {{ ref('int_identity__user_keys') }} as assigner_keys
    on assigner_keys.source_system = 'learnamp' and objectives.assigned_by_id = assigner_keys.user_id
