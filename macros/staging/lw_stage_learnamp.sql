{#-
    Staging model of a Learn Amp table from its base model: quarantined rows left out (they
    stay in the base model and the audit), and one row per primary key. Learn Amp exports are
    full snapshots of a table, so when several landed files carry a key the newest export
    wins (ties: the later file name, then the later row). Exact duplicates and conflicting
    versions of a key are counted by the audit. Incremental for the large tables (config in
    the model file): see lw_staged_candidates.
    `extra_columns`: SQL expressions appended to the select list (e.g. a parsed-out ID).
-#}
{% macro lw_stage_learnamp(table_name, extra_columns=[]) -%}
    {%- set base = ref('base_learnamp__' ~ table_name) -%}
    {%- if not execute -%}
        select 1 as _placeholder from {{ base }}
    {%- else -%}
        {%- set spec = lw_table_spec('learnamp', table_name) -%}
        {%- set carried = spec.columns | map(attribute='out_name') | map('string') | list
            + ['_source_file', '_source_row_number', '_extracted_at', '_row_hash'] %}
with

base as (
    select * from {{ lw_staged_candidates(base, spec.primary_key, carried) }}
),

resolved as (
    select *
    from base
    qualify row_number() over (
        partition by {{ spec.primary_key | join(', ') }}
        order by _extracted_at desc, _source_file desc, _source_row_number desc
    ) = 1
)

select
    {%- for col in spec.columns %}
    {{ adapter.quote(col.out_name) }},
    {%- endfor %}
    {%- for expr in extra_columns %}
    {{ expr }},
    {%- endfor %}
    _source_file,
    _source_row_number,
    _extracted_at,
    _row_hash,
    {{ lw_loaded_at() }} as _loaded_at
from resolved
    {%- endif -%}
{%- endmacro %}
