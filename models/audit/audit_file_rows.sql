-- Row accounting per landed file: every row read is staged, quarantined, an exact duplicate
-- of the staged row for its key (collapsed), or superseded by a different, newer version of
-- its key. rows_read = rows_staged + rows_quarantined + rows_duplicate + rows_superseded.
-- Staging holds one row per key, its winner. Rows agreeing with their key's winner (same key,
-- same row hash) are the staged rows and their exact duplicates; the other unquarantined rows
-- are superseded. One join on (key, row hash), which carries no file names, and two scans.
-- Incremental: a run recomputes every file of the small tables, and of the large (incremental)
-- tables only the files whose counts can have changed since its last run: files loaded since,
-- and files holding a key whose staged row was rewritten since.
{{ config(materialized='incremental', incremental_strategy='delete+insert',
    unique_key=['source_system', 'source_table', 'source_file']) }}
{%- set tables = lw_source_tables() %}

with

{% for t in tables %}
{%- set prefix = t.system ~ '__' ~ t.table %}
{%- set only_changed = t.incremental and lw_is_incremental() %}
{%- if only_changed %}
{{ prefix }}__files as (
    select base._source_file as source_file from {{ ref('base_' ~ prefix) }} as base
    where {{ lw_loaded_since('base._loaded_at') }}
    union
    select base._source_file as source_file from {{ ref('base_' ~ prefix) }} as base
    where exists (
        select 1 from {{ ref('stg_' ~ prefix) }} as rewritten
        where
            {{ lw_loaded_since('rewritten._loaded_at') }}
            {%- for k in t.primary_key %}
            and base.{{ k }} = rewritten.{{ k }}
            {%- endfor %}
    )
),

{% endif %}
{{ prefix }}__read as (
    select
        base._source_file as source_file,
        count(*) as rows_read,
        count(*) filter (where base._quarantine_reason is not null) as rows_quarantined,
        count(winner._row_hash) as rows_current
    from {{ ref('base_' ~ prefix) }} as base
    left join {{ ref('stg_' ~ prefix) }} as winner
        on
            base._row_hash = winner._row_hash
            {%- for k in t.primary_key %}
            and base.{{ k }} = winner.{{ k }}
            {%- endfor %}
    {% if only_changed %}
    where base._source_file in (select {{ prefix }}__files.source_file from {{ prefix }}__files)
    {% endif %}
    group by base._source_file
),

{{ prefix }}__staged as (
    select
        _source_file as source_file,
        count(*) as rows_staged
    from {{ ref('stg_' ~ prefix) }}
    {% if only_changed %}
    where _source_file in (select {{ prefix }}__files.source_file from {{ prefix }}__files)
    {% endif %}
    group by _source_file
){{ ',' if not loop.last }}
{% endfor %}

{% for t in tables %}
{%- set prefix = t.system ~ '__' ~ t.table %}
select
    '{{ t.system }}' as source_system,
    '{{ t.table }}' as source_table,
    {{ prefix }}__read.source_file,
    {{ prefix }}__read.rows_read,
    coalesce({{ prefix }}__staged.rows_staged, 0) as rows_staged,
    {{ prefix }}__read.rows_quarantined,
    {{ prefix }}__read.rows_current - coalesce({{ prefix }}__staged.rows_staged, 0) as rows_duplicate,
    {{ prefix }}__read.rows_read - {{ prefix }}__read.rows_quarantined - {{ prefix }}__read.rows_current
        as rows_superseded,
    {{ lw_loaded_at() }} as _loaded_at
from {{ prefix }}__read
left join {{ prefix }}__staged on {{ prefix }}__read.source_file = {{ prefix }}__staged.source_file
{% if not loop.last %}union all{% endif %}
{% endfor %}
