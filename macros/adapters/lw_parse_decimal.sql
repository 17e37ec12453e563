{#- Fixed-point number: optional sign, digits with an optional decimal point; else NULL. -#}
{% macro lw_parse_decimal(expr, data_type='decimal(14,2)') -%}
    {{ return(adapter.dispatch('lw_parse_decimal', 'learning_warehouse')(expr, data_type)) }}
{%- endmacro %}

{% macro default__lw_parse_decimal(expr, data_type) -%}
    case
        when regexp_like(trim({{ expr }}), '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)$')
            then try_cast(trim({{ expr }}) as {{ data_type }})
    end
{%- endmacro %}

{% macro duckdb__lw_parse_decimal(expr, data_type) -%}
    case
        when regexp_full_match(trim({{ expr }}), '[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)')
            then try_cast(trim({{ expr }}) as {{ data_type }})
    end
{%- endmacro %}

{% macro spark__lw_parse_decimal(expr, data_type) -%}
    case
        when trim({{ expr }}) rlike '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)$'
            then try_cast(trim({{ expr }}) as {{ data_type }})
    end
{%- endmacro %}
