{#-
    Spark: the `delete+insert` incremental strategy on Parquet tables (Delta Lake, whose MERGE
    and DELETE dbt-spark uses, cannot be assumed: its jars are a download). dbt-spark accepts
    append, insert_overwrite, merge and microbatch only; these two overrides of its (not
    dispatched) macros add delete+insert, with the semantics dbt's default implementation has
    on DuckDB: every row of the target whose unique key is among the new rows' keys is replaced
    by the new rows; rows with a NULL key are never replaced.

    Parquet tables have no DELETE, and Spark refuses to overwrite a table in a query that reads
    it, so the rows to keep are first written to a table beside the target, the new rows added
    to it, and the target overwritten from it in one INSERT OVERWRITE (readers see the old rows
    or the new ones, and a failure before that statement leaves the target as it was).
-#}
{% macro dbt_spark_validate_get_incremental_strategy(raw_strategy, file_format) %}
    {%- if raw_strategy == 'delete+insert' -%}
        {%- if not config.get('unique_key') -%}
            {{ exceptions.raise_compiler_error(
                "the delete+insert incremental strategy needs a unique_key (model " ~ model.name ~ ")"
            ) }}
        {%- endif -%}
        {{ return(raw_strategy) }}
    {%- endif -%}
    {{ return(dbt.dbt_spark_validate_get_incremental_strategy(raw_strategy, file_format)) }}
{% endmacro %}

{% macro dbt_spark_get_incremental_sql(strategy, source, target, existing, unique_key, incremental_predicates) %}
    {%- if strategy != 'delete+insert' -%}
        {{ return(dbt.dbt_spark_get_incremental_sql(
            strategy, source, target, existing, unique_key, incremental_predicates
        )) }}
    {%- endif -%}
    {%- set keys = [unique_key] if unique_key is string else unique_key -%}
    {%- set columns = [] -%}
    {%- for column in adapter.get_columns_in_relation(target) -%}
        {%- do columns.append(adapter.quote(column.name)) -%}
    {%- endfor -%}
    {%- set column_list = columns | join(', ') -%}
    {%- set conditions = [] -%}
    {%- for key in keys -%}
        {%- do conditions.append('kept.' ~ key ~ ' = new_rows.' ~ key) -%}
    {%- endfor -%}
    {%- set kept = target.incorporate(path={'identifier': target.identifier ~ '__lw_kept'}) -%}
    {%- do run_query('drop table if exists ' ~ kept) -%}
    {%- do run_query(
        'create table ' ~ kept ~ ' using parquet as select ' ~ column_list ~ ' from ' ~ target
        ~ ' as kept left anti join ' ~ source ~ ' as new_rows on ' ~ conditions | join(' and ')
    ) -%}
    {%- do run_query('insert into ' ~ kept ~ ' select ' ~ column_list ~ ' from ' ~ source) -%}
    {%- do run_query('insert overwrite table ' ~ target ~ ' select ' ~ column_list ~ ' from ' ~ kept) -%}
    {%- do run_query('drop table if exists ' ~ kept) -%}
    {#- the statement dbt reports: Spark's cached data of the target is stale now -#}
    refresh table {{ target }}
{% endmacro %}
