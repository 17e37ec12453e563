{#-
    Whether a source system is switched on (var <system>_enabled, default true). A system switched
    off reads no landed file (lw_landed_rows): its base and staging models build empty, with
    their columns and types, so the intermediate models and marts build for one platform alone,
    Fivetran-style, reading every staging model with ref().
-#}
{% macro lw_system_enabled(system) -%}
    {%- set value = var(system ~ '_enabled', true) -%}
    {{ return(value not in (false, 'false', 'False', 0, '0', none)) }}
{%- endmacro %}
