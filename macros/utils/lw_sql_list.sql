{#- Values as a comma-separated list of SQL string literals (for `in (...)`). -#}
{% macro lw_sql_list(values) -%}
    {%- for v in values %}{{ lw_sql_string(v) }}{{ ', ' if not loop.last }}{% endfor -%}
{%- endmacro %}
