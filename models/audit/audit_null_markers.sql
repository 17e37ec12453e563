-- Text values that a NULL marker of their system turned into NULL (Learn Amp `\N`, plus the
-- markers var learnamp_null_markers adds): one row per file, column and marker, with the count.
-- Nothing is rewritten silently: an analyst sees here every value that became NULL this way.
{%- set tables = lw_source_tables() %}

{% for t in tables %}
select
    '{{ t.system }}' as source_system,
    '{{ t.table }}' as source_table,
    hits._source_file as source_file,
    hits.null_marker.column_name,
    hits.null_marker.marker,
    count(*) as values_nulled
from (
    select
        _source_file,
        {{ lw_unnest('_null_markers') }} as null_marker
    from {{ ref('base_' ~ t.system ~ '__' ~ t.table) }}
    where _null_markers is not null
) as hits
group by hits._source_file, hits.null_marker.column_name, hits.null_marker.marker
{% if not loop.last %}union all{% endif %}
{% endfor %}
