-- Columns the vendor documentation does not know (a newer export version), per landed file:
-- how many rows carry a value. The values are kept in the base models' _unknown_columns.
{%- set tables = lw_source_tables() %}

{% for t in tables %}
select
    '{{ t.system }}' as source_system,
    '{{ t.table }}' as source_table,
    unknown_values._source_file as source_file,
    unknown_values.column_name,
    count(*) as rows_with_value
from (
    select
        _source_file,
        {{ lw_unnest_map_keys('_unknown_columns') }} as column_name
    from {{ ref('base_' ~ t.system ~ '__' ~ t.table) }}
    where _unknown_columns is not null
) as unknown_values
group by unknown_values._source_file, unknown_values.column_name
{% if not loop.last %}union all{% endif %}
{% endfor %}
