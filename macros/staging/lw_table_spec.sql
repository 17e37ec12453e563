{#-
    The column spec of one source table (from `lw_column_spec()`, which `lwh codegen` writes
    from the sources yml): returns
      {columns: [{name, out_name, match_key, data_type, doc_type, min, max}],
       primary_key: [staged names], meta: {extract_kind, optional}}
    `name` is the vendor's header name, `out_name` the staged name (Brightspace PascalCase
    becomes snake_case: UserId -> user_id), both written by codegen.
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
            'out_name': col.out_name,
            'match_key': col.name | trim | lower,
            'data_type': col.data_type,
            'doc_type': col.doc_type,
            'min': col.get('min'),
            'max': col.get('max'),
        }) -%}
    {%- endfor -%}
    {{ return({'columns': columns, 'primary_key': table.primary_key,
        'meta': {'extract_kind': table.extract_kind, 'optional': table.optional}}) }}
{%- endmacro %}
