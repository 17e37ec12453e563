-- Rows kept out of staging because a key column is missing or unparseable: one row per
-- quarantined row, with where it came from and why. The row itself stays in its base model.
{%- set tables = lw_source_tables() %}

{% for t in tables %}
select
    '{{ t.system }}' as source_system,
    '{{ t.table }}' as source_table,
    _source_file as source_file,
    _source_row_number as source_row_number,
    _quarantine_reason as quarantine_reason
from {{ ref('base_' ~ t.system ~ '__' ~ t.table) }}
where _quarantine_reason is not null
{% if not loop.last %}union all{% endif %}
{% endfor %}
