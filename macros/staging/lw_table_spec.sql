{#-
    The column spec of one source table (from `lw_column_spec()`, which `lwh codegen` writes
    from the sources yml): returns
      {columns: [{name, out_name, match_key, data_type, doc_type}], primary_key: [out names], meta: {extract_kind}}
    `out_name` is the staging name: Learn Amp keeps its names; Brightspace PascalCase
    becomes snake_case (UserId -> user_id, IP -> ip).
-#}
{% macro lw_table_spec(system, table_name) -%}
    {%- set table = lw_column_spec().get(system, {}).get(table_name) -%}
    {%- if table is none -%}
        {{ exceptions.raise_compiler_error("no source table " ~ system ~ "." ~ table_name ~ " in the column spec") }}
    {%- endif -%}
    {%- set columns = [] -%}
    {%- for col in table.columns -%}
        {%- do columns.append({
            'name': col.name,
            'out_name': lw_staging_name(system, col.name),
            'match_key': col.name | trim | lower,
            'data_type': col.data_type,
            'doc_type': col.doc_type,
            'min': col.get('min'),
            'max': col.get('max'),
        }) -%}
    {%- endfor -%}
    {%- set pk = [] -%}
    {%- for k in table.primary_key -%}
        {%- do pk.append(lw_staging_name(system, k)) -%}
    {%- endfor -%}
    {{ return({'columns': columns, 'primary_key': pk, 'meta': {'extract_kind': table.extract_kind}}) }}
{%- endmacro %}
