{#- The engine's type for a column spec type (lw_staged's empty relations): spec types are
    DuckDB's names; `ubigint` is the type of lw_row_hash. -#}
{% macro lw_data_type(spec_type) -%}
    {{ return(adapter.dispatch('lw_data_type', 'learning_warehouse')(spec_type)) }}
{%- endmacro %}

{% macro default__lw_data_type(spec_type) -%}
    {{ return({'varchar': dbt.type_string(), 'ubigint': dbt.type_bigint()}.get(spec_type, spec_type)) }}
{%- endmacro %}

{% macro duckdb__lw_data_type(spec_type) -%}
    {{ return(spec_type) }}
{%- endmacro %}
