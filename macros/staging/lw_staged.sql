{#-
    A staging model as models downstream read it: ref('stg_<system>__<table>') while the system
    is switched on (vars learnamp_enabled / brightspace_enabled, default true), else an empty
    relation with the staging model's columns and types (from the column spec), so the
    intermediate models and marts build for one platform alone, Fivetran-style.
-#}
{% macro lw_staged(system, table_name) -%}
    {%- if lw_system_enabled(system) -%}
        {{ return(ref('stg_' ~ system ~ '__' ~ table_name)) }}
    {%- endif -%}
    {%- set table = lw_column_spec()[system][table_name] -%}
    {%- set columns = [] -%}
    {%- for name, data_type in table.staged_columns -%}
        {%- do columns.append('cast(null as ' ~ lw_data_type(data_type) ~ ') as ' ~ adapter.quote(name)) -%}
    {%- endfor -%}
    {{ return('(select ' ~ columns | join(', ') ~ ' where false)') }}
{%- endmacro %}

{#- Whether a source system is switched on (var <system>_enabled, default true). -#}
{% macro lw_system_enabled(system) -%}
    {%- set value = var(system ~ '_enabled', true) -%}
    {{ return(value not in (false, 'false', 'False', 0, '0', none)) }}
{%- endmacro %}
