{#-
    Calendar date from `YYYY-MM-DD`, or from the date part of a date-time text (BDS writes
    dates such as DayAccessed as `YYYY-MM-DDT00:00:00.000`). The date is taken as written:
    no time zone conversion, since such a value is a calendar day, not an instant. Else NULL.
-#}
{% macro lw_parse_date(expr) -%}
    {{ return(adapter.dispatch('lw_parse_date', 'learning_warehouse')(expr)) }}
{%- endmacro %}

{% macro default__lw_parse_date(expr) -%}
    try_cast(substr(trim({{ expr }}), 1, 10) as date)
{%- endmacro %}

{% macro duckdb__lw_parse_date(expr) -%}
    case
        when regexp_full_match(trim({{ expr }}), '[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9:.]*([zZ]|[+-][0-9:]+)?)?')
            then try_cast(substr(trim({{ expr }}), 1, 10) as date)
    end
{%- endmacro %}

{% macro spark__lw_parse_date(expr) -%}
    case
        when trim({{ expr }}) rlike '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9:.]*([zZ]|[+-][0-9:]+)?)?$'
            then try_cast(substr(trim({{ expr }}), 1, 10) as date)
    end
{%- endmacro %}
