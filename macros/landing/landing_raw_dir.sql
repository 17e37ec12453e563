{#- The landing area root: LWH_RAW_DIR, `data/raw` by default (relative to the project). -#}
{% macro landing_raw_dir() -%}
    {{- return(env_var('LWH_RAW_DIR', 'data/raw') | replace('\\', '/') | trim) -}}
{%- endmacro %}
