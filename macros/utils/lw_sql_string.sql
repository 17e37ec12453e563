{#- A value as a SQL string literal, quotes doubled: configuration reaches SQL only this way. -#}
{% macro lw_sql_string(value) -%}
    '{{ value | string | replace("'", "''") }}'
{%- endmacro %}
