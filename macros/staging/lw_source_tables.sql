{#- Every source table of the systems switched on (both by default) with its staging key (and
    whether its models are incremental), for the audit models that union them. -#}
{% macro lw_source_tables() -%}
    {%- set out = [] -%}
    {%- for system, tables in lw_column_spec().items() if lw_system_enabled(system) -%}
        {%- for name in tables -%}
            {%- do out.append({
                'system': system,
                'table': name,
                'primary_key': lw_table_spec(system, name).primary_key,
                'extract_kind': tables[name].extract_kind,
                'incremental': tables[name].incremental,
            }) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(out) }}
{%- endmacro %}
