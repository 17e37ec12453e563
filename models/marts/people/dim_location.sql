-- Learn Amp locations, plus the not-applicable and the unknown member.
select
    {{ lw_surrogate_key(['id']) }} as location_key,
    id as location_id,
    name as location_name,
    false as is_special_member
from {{ ref('stg_learnamp__locations') }}
{%- for member in lw_special_members('No location', 'Unknown location') %}
union all
select
    {{ member.key }} as location_key,
    null as location_id,
    {{ lw_sql_string(member.name) }} as location_name,
    true as is_special_member
{%- endfor %}
