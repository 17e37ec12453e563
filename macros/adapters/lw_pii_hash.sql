{#- Salted SHA-256 of a value, as hex text. -#}
{% macro lw_pii_hash(expr, salt) -%}
    {{ return(adapter.dispatch('lw_pii_hash', 'learning_warehouse')(expr, salt)) }}
{%- endmacro %}

{% macro default__lw_pii_hash(expr, salt) -%}
    {{ lw_not_implemented('lw_pii_hash') }}
{%- endmacro %}

{% macro duckdb__lw_pii_hash(expr, salt) -%}
    sha256({{ lw_sql_string(salt) }} || cast({{ expr }} as varchar))
{%- endmacro %}

{% macro spark__lw_pii_hash(expr, salt) -%}
    sha2(concat({{ lw_sql_string(salt) }}, cast({{ expr }} as string)), 256)
{%- endmacro %}
