{#- Learn Amp content has no id column: its numeric id is the suffix of type_with_id (item-123 -> 123). -#}
{% macro lw_content_id_from_type_with_id(expr) -%}
    {{ lw_parse_integer(dbt.split_part(expr, "'-'", -1), 'bigint') }}
{%- endmacro %}
