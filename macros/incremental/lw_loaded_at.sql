{#-
    `_loaded_at` of every row a model writes in this build: the time the build started (UTC),
    the same for every model of one `dbt build`.
-#}
{% macro lw_loaded_at() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp)
{%- endmacro %}
