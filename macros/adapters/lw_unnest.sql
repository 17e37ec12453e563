{#-
    Set-returning select items of the audit models: one output row per element of a list
    (lw_unnest) or per key of a map (lw_unnest_map_keys), used in a select list.
-#}
{% macro lw_unnest(expr) -%}
    {{ return(adapter.dispatch('lw_unnest', 'learning_warehouse')(expr)) }}
{%- endmacro %}

{% macro default__lw_unnest(expr) -%}
    {{ lw_not_implemented('lw_unnest') }}
{%- endmacro %}

{% macro duckdb__lw_unnest(expr) -%}
    unnest({{ expr }})
{%- endmacro %}

{% macro lw_unnest_map_keys(expr) -%}
    {{ return(adapter.dispatch('lw_unnest_map_keys', 'learning_warehouse')(expr)) }}
{%- endmacro %}

{% macro default__lw_unnest_map_keys(expr) -%}
    {{ lw_not_implemented('lw_unnest_map_keys') }}
{%- endmacro %}

{% macro duckdb__lw_unnest_map_keys(expr) -%}
    unnest(map_keys({{ expr }}))
{%- endmacro %}

{% macro spark__lw_unnest(expr) -%}
    explode({{ expr }})
{%- endmacro %}

{% macro spark__lw_unnest_map_keys(expr) -%}
    explode(map_keys({{ expr }}))
{%- endmacro %}
