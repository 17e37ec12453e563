-- Surrogate keys of every platform account and of its person, for the facts to join on
-- (source_system, user_id). Accounts that belong to no person (system, test) get the
-- unknown person. Grain: one row per (source_system, user_id).
select
    source_system,
    user_id,
    {{ lw_surrogate_key(['source_system', 'user_id']) }} as user_key,
    case
        when person_id is null then {{ lw_unknown_key() }}
        else {{ lw_surrogate_key(['person_id']) }}
    end as person_key,
    person_id,
    is_person
from {{ ref('int_identity__accounts') }}
