{#-
    The organisation's time zone (var organisation_time_zone, an IANA name such as
    Europe/London), validated so configuration cannot inject SQL.
-#}
{% macro lw_organisation_time_zone() -%}
    {%- set tz = var('organisation_time_zone', 'UTC') | string -%}
    {%- if not modules.re.fullmatch('[A-Za-z_]+(/[A-Za-z0-9_+-]+)*', tz) -%}
        {{ exceptions.raise_compiler_error(
            "var organisation_time_zone must be an IANA time zone name such as Europe/London, not '" ~ tz ~ "'"
        ) }}
    {%- endif -%}
    {{ return(tz) }}
{%- endmacro %}
