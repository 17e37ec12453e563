-- Every value present in a landed file that could not be parsed to its documented type
-- (the staged value is NULL): one row per value, across both systems.
{%- set tables = lw_source_tables() %}

{% for t in tables %}
select
    '{{ t.system }}' as source_system,
    '{{ t.table }}' as source_table,
    failures._source_file as source_file,
    failures._source_row_number as source_row_number,
    failures.parse_error.column_name,
    failures.parse_error.raw_value,
    failures.parse_error.expected_type
from (
    select
        _source_file,
        _source_row_number,
        {{ lw_unnest('_parse_errors') }} as parse_error
    from {{ ref('base_' ~ t.system ~ '__' ~ t.table) }}
    where _parse_errors is not null
) as failures
{% if not loop.last %}union all{% endif %}
{% endfor %}
