{#- The extract time `lwh land` writes into every landed file name (`..__YYYYMMDDTHHMMSSZ.csv`). -#}
{% macro lw_extract_time_from_file(expr) -%}
    {{ return(adapter.dispatch('lw_extract_time_from_file', 'learning_warehouse')(expr)) }}
{%- endmacro %}

{% macro duckdb__lw_extract_time_from_file(expr) -%}
    strptime(regexp_extract({{ expr }}, '__([0-9]+T[0-9]+Z)[.]csv$', 1), '%Y%m%dT%H%M%SZ')
{%- endmacro %}
