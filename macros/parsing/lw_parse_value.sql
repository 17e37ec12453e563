{#-
    Parse raw text into a column spec's data_type (the `data_type` of a column in the
    sources yml): the one entry point staging uses for every column.
-#}
{% macro lw_parse_value(expr, data_type) -%}
    {%- set t = data_type | lower | replace(' ', '') -%}
    {%- if t == 'boolean' -%}
        {{ lw_parse_boolean(expr) }}
    {%- elif t in ('integer', 'bigint', 'smallint') -%}
        {{ lw_parse_integer(expr, t) }}
    {%- elif t.startswith('decimal') or t.startswith('numeric') -%}
        {{ lw_parse_decimal(expr, t) }}
    {%- elif t == 'timestamp' -%}
        {{ lw_parse_timestamp(expr) }}
    {%- elif t == 'date' -%}
        {{ lw_parse_date(expr) }}
    {%- elif t == 'varchar' -%}
        {{ expr }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("lw_parse_value: no parser for data_type '" ~ data_type ~ "'") }}
    {%- endif -%}
{%- endmacro %}
