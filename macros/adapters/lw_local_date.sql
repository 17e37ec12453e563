{#- The calendar day of a UTC timestamp in the organisation's time zone (var organisation_time_zone). -#}
{% macro lw_local_date(expr) -%}
    {{ return(adapter.dispatch('lw_local_date', 'learning_warehouse')(expr)) }}
{%- endmacro %}

{% macro default__lw_local_date(expr) -%}
    {{ lw_not_implemented('lw_local_date') }}
{%- endmacro %}

{% macro duckdb__lw_local_date(expr) -%}
    cast(timezone('{{ lw_organisation_time_zone() }}', timezone('UTC', {{ expr }})) as date)
{%- endmacro %}

{% macro spark__lw_local_date(expr) -%}
    cast(from_utc_timestamp({{ expr }}, '{{ lw_organisation_time_zone() }}') as date)
{%- endmacro %}
