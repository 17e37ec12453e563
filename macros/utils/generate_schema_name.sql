{#-
    Use a model's custom schema name as it is (`staging`, `marts`) instead of dbt's default
    `<target schema>_<custom schema>`, so BI tools see stable schema names.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
