{#- A 64-bit hash of a row's typed documented columns (`_row_hash`): equal rows, equal hashes. -#}
{% macro lw_row_hash(columns) -%}
    {{ return(adapter.dispatch('lw_row_hash', 'learning_warehouse')(columns)) }}
{%- endmacro %}

{% macro default__lw_row_hash(columns) -%}
    {{ lw_not_implemented('lw_row_hash') }}
{%- endmacro %}

{% macro duckdb__lw_row_hash(columns) -%}
    hash({% for c in columns %}{{ c }}{{ ', ' if not loop.last }}{% endfor %})
{%- endmacro %}

{#- Spark: xxhash64 (a signed 64-bit hash). -#}
{% macro spark__lw_row_hash(columns) -%}
    xxhash64({% for c in columns %}{{ c }}{{ ', ' if not loop.last }}{% endfor %})
{%- endmacro %}
