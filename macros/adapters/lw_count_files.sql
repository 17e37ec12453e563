{#- How many files match a landing-area glob pattern (asked at compile time). -#}
{% macro lw_count_files(pattern) -%}
    {{ return(adapter.dispatch('lw_count_files', 'learning_warehouse')(pattern)) }}
{%- endmacro %}

{% macro default__lw_count_files(pattern) -%}
    {{ lw_not_implemented('lw_count_files') }}
{%- endmacro %}

{% macro duckdb__lw_count_files(pattern) -%}
    {%- set result = run_query("select count(*) from glob(" ~ lw_sql_string(pattern) ~ ")") -%}
    {{ return(result.columns[0].values()[0]) }}
{%- endmacro %}

{#- Spark: the files Spark's own file listing finds (lw_spark_landed_files). -#}
{% macro spark__lw_count_files(pattern) -%}
    {{ return(lw_spark_landed_files(pattern) | length) }}
{%- endmacro %}
