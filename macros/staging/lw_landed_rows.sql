{#-
    The `landed` rows of a base model: every landed file of source(system, table_name), read one
    file at a time (lw_landed_file_reader), as text. Returns a parenthesised select with
      raw__<VendorName>      each documented column under its vendor name (raw__UserId), from the
                             file header(s) that match its name
                             (ignoring case and surrounding spaces; several spellings coalesce),
                             the system's NULL markers cleared (lw_clean_text); a typed NULL when
                             no file has the column
      _unknown_columns       the columns no document knows, by header name (lw_string_map)
      _null_markers          which documented columns held a NULL marker (lw_failure_list)
      _source_file, _source_row_number   the landed file (relative to the landing area) and the
                             record number in it
      _extracted_at, _extract_kind       from the landed file name (var lw_landed_file)
    Incremental base models read only the files not loaded yet; with none, the select is empty.
    A system switched off (var <system>_enabled) reads no source: the select is empty, with the
    same columns, so its base and staging models build as empty typed tables and every model
    downstream reads them with ref(), as it would with the system on.
    A source table without a landed file stops the build with a message naming the table and
    the expected path (assert_landed), unless the column spec marks it optional (meta.optional):
    that builds empty until files land.
-#}
{% macro lw_landed_rows(system, table_name) -%}
    {%- set enabled = lw_system_enabled(system) -%}
    {%- set relation = source(system, table_name) if enabled else none -%}
    {%- if not execute -%}
        {{ return('(select 1 as _placeholder' ~ (' from ' ~ relation if enabled else '') ~ ')') }}
    {%- endif -%}
    {%- set spec = lw_table_spec(system, table_name) -%}
    {%- if not enabled -%}
        {%- set reader = {'columns': [], 'sql': none} -%}
    {%- else -%}
        {%- if relation.external is not none and not lw_linting() and not spec.meta.optional -%}
            {%- do assert_landed(system, table_name) -%}
        {%- endif -%}
        {%- set loaded = this if lw_is_incremental() and not lw_lint_mode() else none -%}
        {%- set reader = lw_landed_file_reader(relation, loaded) -%}
    {%- endif -%}
    {%- set markers = lw_null_markers(system) -%}
    {%- set matched = {} -%}
    {%- set unknown = [] -%}
    {%- for c in reader.columns -%}
        {%- set doc = spec.columns | selectattr('match_key', 'equalto', c | trim | lower) | first -%}
        {%- if doc is defined and doc -%}
            {%- do matched.setdefault(doc.name, []).append(c) -%}
        {%- else -%}
            {%- do unknown.append(c) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set items = [] -%}
    {%- set marker_checks = [] -%}
    {%- for col in spec.columns -%}
        {%- set raw_name = lw_quote_identifier('raw__' ~ col.name) -%}
        {%- if col.name in matched -%}
            {%- set expr = lw_coalesced('landed', matched[col.name]) -%}
            {%- do items.append(lw_clean_text(expr, markers) ~ ' as ' ~ raw_name) -%}
            {%- if markers -%}
                {%- set hit = expr ~ ' in (' ~ lw_sql_list(markers) ~ ')' -%}
                {%- do marker_checks.append((hit, [lw_sql_string(col.out_name), expr])) -%}
            {%- endif -%}
        {%- else -%}
            {%- do items.append('cast(null as ' ~ dbt.type_string() ~ ') as ' ~ raw_name) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set unknown_entries = [] -%}
    {%- for c in unknown -%}
        {%- do unknown_entries.append((lw_sql_string(c), 'landed.' ~ lw_quote_identifier(c))) -%}
    {%- endfor -%}
    {%- do items.append(lw_string_map(unknown_entries) ~ ' as _unknown_columns') -%}
    {%- do items.append(lw_failure_list(marker_checks, ['column_name', 'marker']) ~ ' as _null_markers') -%}
    {%- if reader.sql is none -%}
        {#- every landed file is loaded already: no rows, the same columns -#}
        {%- do items.append('cast(null as ' ~ dbt.type_string() ~ ') as _source_file') -%}
        {%- do items.append('cast(null as bigint) as _source_row_number') -%}
        {%- set from_clause = '(select 1 as _none) as landed where false' -%}
    {%- else -%}
        {%- do items.append('landed.' ~ lw_quote_identifier(reader.file_column) ~ ' as _source_file') -%}
        {%- do items.append('landed.' ~ lw_quote_identifier(reader.row_column) ~ ' as _source_row_number') -%}
        {%- set from_clause = reader.sql ~ ' as landed' -%}
    {%- endif -%}
    {%- set kind = lw_extract_kind_from_file('cleaned._source_file') if system == 'brightspace'
        else 'cast(null as ' ~ dbt.type_string() ~ ')' -%}
    {{ return(
        "(\n    select\n        cleaned.*,\n        " ~ lw_extract_time_from_file('cleaned._source_file')
        ~ " as _extracted_at,\n        " ~ kind ~ " as _extract_kind\n    from (\n        select\n            "
        ~ items | join(",\n            ") ~ "\n        from " ~ from_clause ~ "\n    ) as cleaned\n)"
    ) }}
{%- endmacro %}
