-- Learn Amp locations, plus the not-applicable and the unknown member.
select
    {{ lw_surrogate_key(['id']) }} as location_key,
    id as location_id,
    name as location_name
from {{ lw_staged('learnamp', 'locations') }}
union all
select
    {{ lw_not_applicable_key() }} as location_key,
    null as location_id,
    'No location' as location_name
union all
select
    {{ lw_unknown_key() }} as location_key,
    null as location_id,
    'Unknown location' as location_name
