{#- The key of every dimension's explicit "unknown" member: facts point at it instead of NULL. -#}
{% macro lw_unknown_key() -%}
    '-1'
{%- endmacro %}
