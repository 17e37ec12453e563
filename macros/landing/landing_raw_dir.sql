{#- The landing area root: LWH_RAW_DIR, else var('lw_defaults').raw_dir (relative to the project). -#}
{% macro landing_raw_dir() -%}
    {{- return(env_var('LWH_RAW_DIR', var('lw_defaults').raw_dir) | replace('\\', '/') | trim) -}}
{%- endmacro %}
