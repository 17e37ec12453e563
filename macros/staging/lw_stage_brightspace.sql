{#-
    Staging model of a Brightspace data set from its base model, resolving full and
    differential extracts (DESIGN.md, "Brightspace extracts"):
      state data sets  newest full extract plus every later differential, newest row per key;
                       a key seen before the newest full but absent from it (and not re-added
                       by a later differential) is kept with _is_deleted and _deleted_at = the
                       time of the first full extract that no longer held it.
      log data sets    union of every extract, newest row per key; full extracts drop old
                       history (150M-row window), so absence never means deletion.
    Quarantined rows stay in the base model and the audit. The large log data sets are
    incremental (config in the model file): see lw_staged_candidates. State data sets are not:
    a new full extract can delete any key.
    `extra_columns`: SQL expressions appended to the select list.
-#}
{% macro lw_stage_brightspace(table_name, extra_columns=[]) -%}
    {%- set base = ref('base_brightspace__' ~ table_name) -%}
    {%- if not execute -%}
        select 1 as _placeholder from {{ base }}
    {%- else -%}
        {%- set spec = lw_table_spec('brightspace', table_name) -%}
        {%- set kind = spec.meta.get('extract_kind') -%}
        {%- set key = spec.primary_key | join(', ') -%}
        {%- set carried = spec.columns | map(attribute='out_name') | map('string') | list
            + ['_source_file', '_source_row_number', '_extracted_at', '_extract_kind', '_row_hash'] %}
with

base as (
    select * from {{ lw_staged_candidates(base, spec.primary_key, carried) }}
),

{%- if kind == 'state' %}

full_extracts as (
    select distinct _extracted_at as full_at
    from base
    where _extract_kind = 'full'
),

{%- endif %}

resolved as (
    select
        {%- if kind == 'state' %}
        *,
        max(_extracted_at) over (partition by {{ key }}) as _last_seen_at
        {%- else %}
        *
        {%- endif %}
    from base
    qualify row_number() over (
        partition by {{ key }}
        order by _extracted_at desc, case _extract_kind when 'full' then 0 else 1 end desc,
            _source_file desc, _source_row_number desc
    ) = 1
)

select
    {%- for col in spec.columns %}
    resolved.{{ adapter.quote(col.out_name) }},
    {%- endfor %}
    {%- for expr in extra_columns %}
    {{ expr }},
    {%- endfor %}
    {%- if kind == 'state' %}
    (
        select min(f.full_at) from full_extracts as f
        where f.full_at > resolved._last_seen_at
    ) is not null as _is_deleted,
    (
        select min(f.full_at) from full_extracts as f
        where f.full_at > resolved._last_seen_at
    ) as _deleted_at,
    {%- endif %}
    resolved._extract_kind,
    resolved._extracted_at,
    resolved._source_file,
    resolved._source_row_number,
    resolved._row_hash,
    {{ lw_loaded_at() }} as _loaded_at
from resolved
    {%- endif -%}
{%- endmacro %}
