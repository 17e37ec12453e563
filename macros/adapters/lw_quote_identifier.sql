{#-
    Any text as a quoted SQL identifier, so a vendor's header name (quotes, apostrophes,
    semicolons, newlines, SQL text) reaches SQL only as a name: double quotes with embedded ones
    doubled (the standard; DuckDB), backticks with embedded ones doubled (Spark).
-#}
{% macro lw_quote_identifier(name) -%}
    {{ return(adapter.dispatch('lw_quote_identifier', 'learning_warehouse')(name)) }}
{%- endmacro %}

{% macro default__lw_quote_identifier(name) -%}
    "{{ name | string | replace('"', '""') }}"
{%- endmacro %}

{% macro duckdb__lw_quote_identifier(name) -%}
    {{ default__lw_quote_identifier(name) }}
{%- endmacro %}

{% macro spark__lw_quote_identifier(name) -%}
    `{{ name | string | replace('`', '``') }}`
{%- endmacro %}
