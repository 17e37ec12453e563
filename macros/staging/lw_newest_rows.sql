{#-
    The rows a staging model keeps (its `resolved` CTE): one per primary key, from the
    unquarantined rows of its base model (lw_staged_candidates: on incremental runs only the
    keys new files touch). Returns a parenthesised select of every documented column and the
    provenance columns.
      Learn Amp            exports are full snapshots: the newest export wins (ties: the later
                           file name, then the later row).
      Brightspace log      every extract is history: newest row per key; full extracts drop old
                           rows (the 150M-row window), so absence never means deletion.
      Brightspace state    the newest full extract plus every later differential, newest row per
                           key; a key seen before the newest full extract but absent from it (and
                           not re-added by a later differential) is kept with _is_deleted and
                           _deleted_at = the time of the first full extract that no longer held it.
    (docs/architecture.md, "Sources and staging".) Exact duplicates and conflicting versions of a key are
    counted by the audit.
-#}
{% macro lw_newest_rows(base, system, table_name) -%}
    {%- set spec = lw_table_spec(system, table_name) -%}
    {%- set kind = spec.meta.extract_kind -%}
    {%- set key = [] -%}
    {%- for k in spec.primary_key -%}{%- do key.append(lw_quote_identifier(k)) -%}{%- endfor -%}
    {%- set carried = spec.columns | map(attribute='out_name') | map('string') | list
        + ['_source_file', '_source_row_number', '_extracted_at', '_row_hash']
        + (['_extract_kind'] if system == 'brightspace' else []) -%}
    {%- set candidates = lw_staged_candidates(base, spec.primary_key, carried) -%}
    {%- if system == 'learnamp' -%}
        {%- set order_by = '_extracted_at desc, _source_file desc, _source_row_number desc' -%}
    {%- else -%}
        {%- set order_by = "_extracted_at desc, case _extract_kind when 'full' then 0 else 1 end desc, "
            ~ "_source_file desc, _source_row_number desc" -%}
    {%- endif -%}
    {%- if kind != 'state' -%}
(
    {{ lw_newest_per_key(candidates, key, order_by) }}
)
    {%- else -%}
(
    with

    candidates as (
        select
            candidate_rows.*,
            max(_extracted_at) over (partition by {{ key | join(', ') }}) as _last_seen_at
        from {{ candidates }} as candidate_rows
    ),

    full_extracts as (
        select distinct _extracted_at as full_at
        from candidates
        where _extract_kind = 'full'
    ),

    newest as (
        {{ lw_newest_per_key('candidates', key, order_by) }}
    ),

    dropped as (
        select
            newest.*,
            (
                select min(f.full_at) from full_extracts as f
                where f.full_at > newest._last_seen_at
            ) as _deleted_at
        from newest
    )

    select
        dropped.*,
        _deleted_at is not null as _is_deleted
    from dropped
)
    {%- endif -%}
{%- endmacro %}
