-- Values that parsed but lie outside their documented or plausible range (a score above 100,
-- a negative duration, a date in the far past or future such as a 9999-12-31 sentinel): one
-- row per value. The value is kept in staging; this is a finding, not a correction.
{%- set tables = lw_source_tables() %}

{% for t in tables %}
select
    '{{ t.system }}' as source_system,
    '{{ t.table }}' as source_table,
    violations._source_file as source_file,
    violations._source_row_number as source_row_number,
    violations.range_violation.column_name,
    violations.range_violation.value,
    violations.range_violation.rule as expected_range
from (
    select
        _source_file,
        _source_row_number,
        {{ lw_unnest('_range_violations') }} as range_violation
    from {{ ref('base_' ~ t.system ~ '__' ~ t.table) }}
    where _range_violations is not null
) as violations
{% if not loop.last %}union all{% endif %}
{% endfor %}
