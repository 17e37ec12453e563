{#- The file pattern under which `lwh land` places every extract of one source table. -#}
{% macro landing_glob(system, table_name) -%}
    {{- return(landing_raw_dir().rstrip('/') ~ '/' ~ system ~ '/' ~ table_name ~ '/*.csv') -}}
{%- endmacro %}
