{#-
    Wraps dbt's `source()`: when a model is built, a source read from the landing area must
    have landed files, or the build stops with a message naming the table and the expected
    path (instead of DuckDB's "No files found" stack trace). An optional data set (meta.optional
    in the column spec) builds empty until files land.
-#}
{% macro source(source_name, table_name) -%}
    {%- set relation = builtins.source(source_name, table_name) -%}
    {%- set table = lw_column_spec().get(source_name, {}).get(table_name, {}) -%}
    {%- if execute and relation.external is not none and not lw_linting() and not table.get('optional') -%}
        {%- do assert_landed(source_name, table_name) -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}
