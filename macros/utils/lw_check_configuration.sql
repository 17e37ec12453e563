{#-
    Run at the start of every dbt run (on-run-start): configuration that can only be checked
    against the engine is checked before any model builds, so a typo fails in seconds with a
    message naming the var, not minutes later inside a model.
      organisation_time_zone   must be a time zone the engine knows (DuckDB: pg_timezone_names())
-#}
{% macro lw_check_configuration() -%}
    {%- if execute -%}
        {%- set tz = lw_organisation_time_zone() -%}
        {%- if not lw_time_zone_known(tz) -%}
            {{ exceptions.raise_compiler_error(
                "var organisation_time_zone: '" ~ tz ~ "' is not a time zone " ~ target.type
                ~ " knows (IANA names such as Europe/London, America/New_York, UTC)"
            ) }}
        {%- endif -%}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
