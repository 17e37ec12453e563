{#-
    Whole number, strictly: optional sign and digits (leading zeros and surrounding spaces
    allowed). "1.5", "1e3" or a value out of range for the type give NULL rather than a
    silently rounded number.
-#}
{% macro lw_parse_integer(expr, data_type='bigint') -%}
    {{ return(adapter.dispatch('lw_parse_integer', 'learning_warehouse')(expr, data_type)) }}
{%- endmacro %}

{% macro default__lw_parse_integer(expr, data_type) -%}
    case
        when regexp_like(trim({{ expr }}), '^[+-]?[0-9]+$')
            then try_cast(trim({{ expr }}) as {{ data_type }})
    end
{%- endmacro %}

{% macro duckdb__lw_parse_integer(expr, data_type) -%}
    case
        when regexp_full_match(trim({{ expr }}), '[+-]?[0-9]+')
            then try_cast(trim({{ expr }}) as {{ data_type }})
    end
{%- endmacro %}

{% macro spark__lw_parse_integer(expr, data_type) -%}
    case
        when trim({{ expr }}) rlike '^[+-]?[0-9]+$'
            then try_cast(trim({{ expr }}) as {{ data_type }})
    end
{%- endmacro %}
