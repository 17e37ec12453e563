{#-
    A value as a SQL string literal: configuration and header names reach SQL only this way.
    The standard doubles quotes (DuckDB); Spark reads backslash escapes in literals, so there a
    backslash and a quote are escaped with a backslash.
-#}
{% macro lw_sql_string(value) -%}
    {{ return(adapter.dispatch('lw_sql_string', 'learning_warehouse')(value)) }}
{%- endmacro %}

{% macro default__lw_sql_string(value) -%}
    '{{ value | string | replace("'", "''") }}'
{%- endmacro %}

{% macro duckdb__lw_sql_string(value) -%}
    {{ default__lw_sql_string(value) }}
{%- endmacro %}

{% macro spark__lw_sql_string(value) -%}
    '{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}'
{%- endmacro %}
