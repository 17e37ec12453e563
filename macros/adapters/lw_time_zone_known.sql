{#- Whether the engine knows a time zone name (var organisation_time_zone, checked on run start). -#}
{% macro lw_time_zone_known(tz) -%}
    {{ return(adapter.dispatch('lw_time_zone_known', 'learning_warehouse')(tz)) }}
{%- endmacro %}

{% macro default__lw_time_zone_known(tz) -%}
    {{ lw_not_implemented('lw_time_zone_known') }}
{%- endmacro %}

{% macro duckdb__lw_time_zone_known(tz) -%}
    {%- set found = run_query("select count(*) from pg_timezone_names() where name = " ~ lw_sql_string(tz)) -%}
    {{ return(found.columns[0].values()[0] > 0) }}
{%- endmacro %}

{#- Spark (Java's time zone database): the IANA names pytz knows. -#}
{% macro spark__lw_time_zone_known(tz) -%}
    {{ return(tz in modules.pytz.all_timezones) }}
{%- endmacro %}
