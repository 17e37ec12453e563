{#-
    Wraps dbt's `source()`: when a model is built, a source read from the landing area must
    have landed files, or the build stops with a message naming the table and the expected
    path (instead of DuckDB's "No files found" stack trace).
-#}
{% macro source(source_name, table_name) -%}
    {%- set relation = builtins.source(source_name, table_name) -%}
    {%- if execute and relation.external is not none and not lw_linting() -%}
        {%- do assert_landed(source_name, table_name) -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}
