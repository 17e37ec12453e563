{#-
    Base model of one source table: every landed row, typed to the column spec, with
      _source_file, _source_row_number   where the row came from (record number in the file)
      _extracted_at, _extract_kind        from the landed file name (kind: Brightspace only)
      _parse_errors                       list of {column_name, raw_value, expected_type} for
                                          values present but not parseable (NULL in the row)
      _unknown_columns                    map of columns the documentation does not know (header
                                          names verbatim)
      _null_markers                       list of {column_name, marker} for text values that a NULL
                                          marker of the system turned into NULL (lw_null_markers)
      _range_violations                   list of {column_name, value, rule} for values that parsed
                                          but lie outside the documented or plausible range (kept)
      _quarantine_reason                  set when a key column is missing or unparseable
      _row_hash                           hash of the typed documented columns
      _loaded_at                          when the build that read the file started
    Documented columns the files lack become typed NULLs. Nothing is dropped here.
    Files are read one by one (lw_landed_file_reader). Incremental (config in the model file,
    for the large tables): a run reads only the landed files not yet loaded and appends their rows.
-#}
{% macro lw_base_model(system, table_name) -%}
    {%- set relation = source(system, table_name) -%}
    {%- set reader = {'sql': none} -%}
    {%- if execute -%}
        {%- set reader = lw_landed_file_reader(relation, this if lw_is_incremental() else none) -%}
    {%- endif -%}
    {%- if not execute -%}
        select 1 as _placeholder from {{ relation }}
    {%- elif reader.sql is none -%}
        -- every landed file is loaded already
        select * from {{ this }} where false
    {%- else -%}
        {%- set spec = lw_table_spec(system, table_name) -%}
        {%- set markers = lw_null_markers(system) -%}
        {#- documented columns match the files' header names ignoring case and surrounding spaces -#}
        {%- set matched = {} -%}
        {%- set unknown = [] -%}
        {%- for c in reader.columns -%}
            {%- set key = c | trim | lower -%}
            {%- set doc = spec.columns | selectattr('match_key', 'equalto', key) | first -%}
            {%- if doc is defined and doc -%}
                {%- do matched.setdefault(doc.name, []).append(c) -%}
            {%- else -%}
                {%- do unknown.append(c) -%}
            {%- endif -%}
        {%- endfor %}
with

source as (
    select * from {{ reader.sql }} as landed
),

cleaned as (
    select
        {%- for col in spec.columns %}
        {%- if col.name in matched %}
        {{ lw_clean_text(lw_coalesced('landed', matched[col.name]), markers) }} as {{ adapter.quote('raw__' ~ col.out_name) }},
        {%- else %}
        cast(null as varchar) as {{ adapter.quote('raw__' ~ col.out_name) }},
        {%- endif %}
        {%- endfor %}
        {{ lw_unknown_columns_map('landed', unknown) }} as _unknown_columns,
        {{ lw_null_marker_hits('landed', spec.columns, matched, markers) }} as _null_markers,
        landed.{{ lw_quote_identifier(reader.file_column) }} as _source_file,
        landed.{{ lw_quote_identifier(reader.row_column) }} as _source_row_number
    from source as landed
),

typed as (
    select
        {%- for col in spec.columns %}
        {{ lw_parse_value(adapter.quote('raw__' ~ col.out_name), col.data_type) }} as {{ adapter.quote(col.out_name) }},
        {%- endfor %}
        {%- for col in spec.columns %}
        {{ adapter.quote('raw__' ~ col.out_name) }},
        {%- endfor %}
        _unknown_columns,
        _null_markers,
        _source_file,
        _source_row_number,
        {{ lw_extract_time_from_file('_source_file') }} as _extracted_at,
        {%- if system == 'brightspace' %}
        regexp_extract(_source_file, '__(full|differential)__[0-9]+T[0-9]+Z[.]csv$', 1) as _extract_kind
        {%- else %}
        cast(null as varchar) as _extract_kind
        {%- endif %}
    from cleaned
),

checked as (
    select
        {%- for col in spec.columns %}
        {{ adapter.quote(col.out_name) }},
        {%- endfor %}
        _source_file,
        _source_row_number,
        _extracted_at,
        _extract_kind,
        _unknown_columns,
        _null_markers,
        -- the lists are built only for the rare rows with a failure (CASE evaluates its THEN
        -- branch for the matching rows alone): most rows skip the per-column structs
        case when false
            {%- for col in spec.columns if col.data_type != 'varchar' %}
            or ({{ adapter.quote('raw__' ~ col.out_name) }} is not null and {{ adapter.quote(col.out_name) }} is null)
            {%- endfor %}
        then list_filter([
            {%- for col in spec.columns if col.data_type != 'varchar' %}
            {
                'column_name': {{ dbt.string_literal(col.out_name) }},
                'raw_value': {{ adapter.quote('raw__' ~ col.out_name) }},
                'expected_type': {{ dbt.string_literal(col.data_type) }},
                'failed': {{ adapter.quote('raw__' ~ col.out_name) }} is not null and {{ adapter.quote(col.out_name) }} is null
            }{{ ',' if not loop.last }}
            {%- endfor %}
        ], lambda e: e.failed) end as _parse_errors,
        case when false
            {%- for col in spec.columns %}
            {%- set rule = lw_range_rule(col) %}
            {%- if rule %}
            or {{ lw_range_violated(rule, adapter.quote(col.out_name)) }}
            {%- endif %}
            {%- endfor %}
        then list_filter([
            {%- for col in spec.columns %}
            {%- set rule = lw_range_rule(col) %}
            {%- if rule %}
            {
                'column_name': {{ dbt.string_literal(col.out_name) }},
                'value': cast({{ adapter.quote(col.out_name) }} as varchar),
                'rule': {{ dbt.string_literal(rule.text) }},
                'failed': {{ lw_range_violated(rule, adapter.quote(col.out_name)) }}
            },
            {%- endif %}
            {%- endfor %}
            {'column_name': '', 'value': '', 'rule': '', 'failed': false}
        ], lambda e: e.failed) end as _range_violations,
        nullif(concat_ws('; '
            {%- for k in spec.primary_key %},
            case
                when {{ adapter.quote('raw__' ~ k) }} is null then 'missing primary key {{ k }}'
                when {{ adapter.quote(k) }} is null then 'unparseable primary key {{ k }}'
            end
            {%- endfor %}
        ), '') as _quarantine_reason
    from typed
)

select
    * exclude (_parse_errors, _range_violations, _null_markers),
    case when len(_null_markers) > 0 then list_transform(_null_markers, lambda e: struct_pack(
        column_name := e.column_name, marker := e.marker
    )) end as _null_markers,
    case when len(_parse_errors) > 0 then list_transform(_parse_errors, lambda e: struct_pack(
        column_name := e.column_name, raw_value := e.raw_value, expected_type := e.expected_type
    )) end as _parse_errors,
    case when len(_range_violations) > 0 then list_transform(_range_violations, lambda e: struct_pack(
        column_name := e.column_name, value := e.value, rule := e.rule
    )) end as _range_violations,
    hash(
        {%- for col in spec.columns %}
        {{ adapter.quote(col.out_name) }}{{ ',' if not loop.last }}
        {%- endfor %}
    ) as _row_hash,
    {{ lw_loaded_at() }} as _loaded_at
from checked
    {%- endif -%}
{%- endmacro %}
