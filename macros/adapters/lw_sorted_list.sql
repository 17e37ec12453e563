{#- The values of `measure` in a group as one text, sorted ascending and joined
    by `delimiter` (a SQL string literal), e.g. a skill's category names. -#}
{% macro lw_sorted_list(measure, delimiter) -%}
    {{ return(adapter.dispatch('lw_sorted_list', 'learning_warehouse')(measure, delimiter)) }}
{%- endmacro %}

{#- The standard: listagg ... within group (order by), as dbt's cross-database macro writes it. -#}
{% macro default__lw_sorted_list(measure, delimiter) -%}
    {{ dbt.listagg(measure, delimiter, 'order by ' ~ measure) }}
{%- endmacro %}

{% macro duckdb__lw_sorted_list(measure, delimiter) -%}
    {{ default__lw_sorted_list(measure, delimiter) }}
{%- endmacro %}

{#- Spark's listagg takes no order: collect, sort the array (NULLs are not collected), join. -#}
{% macro spark__lw_sorted_list(measure, delimiter) -%}
    array_join(array_sort(collect_list({{ measure }})), {{ delimiter }})
{%- endmacro %}
