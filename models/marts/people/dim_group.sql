-- Learn Amp groups (sets of users chosen by filter criteria), plus the unknown member.
select
    {{ lw_surrogate_key(['id']) }} as group_key,
    id as group_id,
    name as group_name,
    created_at,
    false as is_special_member
from {{ ref('stg_learnamp__groups') }}
union all
select
    {{ lw_unknown_key() }} as group_key,
    null as group_id,
    'Unknown group' as group_name,
    null as created_at,
    true as is_special_member
