{#- Staging column name: Brightspace PascalCase to snake_case (UserId -> user_id, IP -> ip). -#}
{% macro lw_staging_name(system, column_name) -%}
    {%- if system == 'brightspace' -%}
        {%- set s = modules.re.sub('([A-Z]+)([A-Z][a-z])', '\\1_\\2', column_name) -%}
        {%- set s = modules.re.sub('([a-z0-9])([A-Z])', '\\1_\\2', s) -%}
        {{ return(s | lower) }}
    {%- else -%}
        {{ return(column_name) }}
    {%- endif -%}
{%- endmacro %}
