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

{#- Spark: to_timestamp with the Java pattern of the landed name's strftime format. -#}
{% macro spark__lw_extract_time_from_file(expr) -%}
    {%- set name = var('lw_landed_file') -%}
    to_timestamp(
        regexp_extract({{ expr }}, {{ lw_sql_string(name.regex) }}, {{ name.time_group }}),
        {{ lw_sql_string(lw_java_datetime_pattern(name.time_format)) }}
    )
{%- endmacro %}

{#- A strftime format (%Y %m %d %H %M %S and literal text) as a Java DateTimeFormatter pattern. -#}
{% macro lw_java_datetime_pattern(format) -%}
    {%- set codes = {'Y': 'yyyy', 'm': 'MM', 'd': 'dd', 'H': 'HH', 'M': 'mm', 'S': 'ss'} -%}
    {%- set parts = [] -%}
    {%- for piece in modules.re.split('(%.)', format) if piece -%}
        {%- if piece.startswith('%') -%}
            {%- if piece[1] not in codes -%}
                {{ exceptions.raise_compiler_error(
                    "lw_java_datetime_pattern: unsupported code " ~ piece ~ " in " ~ format
                ) }}
            {%- endif -%}
            {%- do parts.append(codes[piece[1]]) -%}
        {%- else -%}
            {%- do parts.append("'" ~ piece | replace("'", "''") ~ "'") -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(parts | join('')) }}
{%- endmacro %}

{% macro spark__lw_extract_kind_from_file(expr) -%}
    {%- set name = var('lw_landed_file') -%}
    nullif(regexp_extract({{ expr }}, {{ lw_sql_string(name.regex) }}, {{ name.kind_group }}), '')
{%- endmacro %}
