{#-
    The calendar's engine parts (dim_date): every day from `first_day` to `last_day` (both
    included) of the one-row relation `bounds`, as rows of column `date_day` (lw_day_series, a
    from-clause item), and text / number attributes of a date (lw_date_attribute):
      month_name (January), day_name (Monday), year_month (2026-11), iso_day_of_week (1 = Monday).
-#}
{% macro lw_day_series(bounds) -%}
    {{ return(adapter.dispatch('lw_day_series', 'learning_warehouse')(bounds)) }}
{%- endmacro %}

{% macro default__lw_day_series(bounds) -%}
    {{ lw_not_implemented('lw_day_series') }}
{%- endmacro %}

{% macro duckdb__lw_day_series(bounds) -%}
    (
        select cast(series.day_value as date) as date_day
        from {{ bounds }} as day_bounds,
            generate_series(
                cast(day_bounds.first_day as timestamp), cast(day_bounds.last_day as timestamp), interval 1 day
            ) as series (day_value)
    )
{%- endmacro %}

{% macro lw_date_attribute(expr, attribute) -%}
    {%- if attribute not in ('month_name', 'day_name', 'year_month', 'iso_day_of_week') -%}
        {{ exceptions.raise_compiler_error("lw_date_attribute: unknown attribute '" ~ attribute ~ "'") }}
    {%- endif -%}
    {{ return(adapter.dispatch('lw_date_attribute', 'learning_warehouse')(expr, attribute)) }}
{%- endmacro %}

{% macro default__lw_date_attribute(expr, attribute) -%}
    {{ lw_not_implemented('lw_date_attribute') }}
{%- endmacro %}

{% macro duckdb__lw_date_attribute(expr, attribute) -%}
    {%- if attribute == 'iso_day_of_week' -%}
        isodow({{ expr }})
    {%- else -%}
        strftime({{ expr }}, '{{ {"month_name": "%B", "day_name": "%A", "year_month": "%Y-%m"}[attribute] }}')
    {%- endif -%}
{%- endmacro %}

{#- Spark: sequence() of days, exploded. -#}
{% macro spark__lw_day_series(bounds) -%}
    (
        select explode(sequence(cast(day_bounds.first_day as date), cast(day_bounds.last_day as date), interval 1 day))
            as date_day
        from {{ bounds }} as day_bounds
    )
{%- endmacro %}

{% macro spark__lw_date_attribute(expr, attribute) -%}
    {%- if attribute == 'iso_day_of_week' -%}
        cast(weekday({{ expr }}) + 1 as bigint)
    {%- else -%}
        date_format({{ expr }}, '{{ {"month_name": "MMMM", "day_name": "EEEE", "year_month": "yyyy-MM"}[attribute] }}')
    {%- endif -%}
{%- endmacro %}
