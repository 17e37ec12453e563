-- Row accounting per landed file: every row read is staged, quarantined, an exact duplicate
-- of the staged row for its key (collapsed), or superseded by a different, newer version of
-- its key. rows_read = rows_staged + rows_quarantined + rows_duplicate + rows_superseded.
{%- set tables = lw_source_tables() %}

{% for t in tables %}
{%- set base = ref('base_' ~ t.system ~ '__' ~ t.table) %}
{%- set stg = ref('stg_' ~ t.system ~ '__' ~ t.table) %}
select
    '{{ t.system }}' as source_system,
    '{{ t.table }}' as source_table,
    base._source_file as source_file,
    count(*) as rows_read,
    count(staged._source_row_number) as rows_staged,
    count(*) filter (where base._quarantine_reason is not null) as rows_quarantined,
    count(*) filter (
        where
        base._quarantine_reason is null
        and staged._source_row_number is null
        and winner._row_hash = base._row_hash
    ) as rows_duplicate,
    count(*) filter (
        where
        base._quarantine_reason is null
        and staged._source_row_number is null
        and winner._row_hash is distinct from base._row_hash
    ) as rows_superseded
from {{ base }} as base
left join {{ stg }} as staged
    on
        base._source_file = staged._source_file
        and base._source_row_number = staged._source_row_number
left join {{ stg }} as winner
    on
    {%- for k in t.primary_key %}
        {{ 'and ' if not loop.first }}base.{{ k }} = winner.{{ k }}
    {%- endfor %}
group by all
{% if not loop.last %}union all{% endif %}
{% endfor %}
