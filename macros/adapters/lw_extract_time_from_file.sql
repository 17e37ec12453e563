{#-
    From a landed file's name (`var('lw_landed_file')`: `<table>[__<kind>]__<YYYYMMDDTHHMMSSZ>.csv`,
    the name `lwh land` gives every file): the extract time (a timestamp, UTC) and, for
    Brightspace, the extract kind (full / differential).
-#}
{% macro lw_extract_time_from_file(expr) -%}
    {{ return(adapter.dispatch('lw_extract_time_from_file', 'learning_warehouse')(expr)) }}
{%- endmacro %}

{% macro default__lw_extract_time_from_file(expr) -%}
    {{ lw_not_implemented('lw_extract_time_from_file') }}
{%- endmacro %}

{% macro duckdb__lw_extract_time_from_file(expr) -%}
    {%- set name = var('lw_landed_file') -%}
    strptime(regexp_extract({{ expr }}, '{{ name.regex }}', {{ name.time_group }}), '{{ name.time_format }}')
{%- endmacro %}

{% macro lw_extract_kind_from_file(expr) -%}
    {{ return(adapter.dispatch('lw_extract_kind_from_file', 'learning_warehouse')(expr)) }}
{%- endmacro %}

{% macro default__lw_extract_kind_from_file(expr) -%}
    {{ lw_not_implemented('lw_extract_kind_from_file') }}
{%- endmacro %}

{% macro duckdb__lw_extract_kind_from_file(expr) -%}
    {%- set name = var('lw_landed_file') -%}
    nullif(regexp_extract({{ expr }}, '{{ name.regex }}', {{ name.kind_group }}), '')
{%- endmacro %}
