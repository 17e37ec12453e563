{#-
    The records of `lwh land`'s log (`<LWH_RAW_DIR>/_landing_log.jsonl`, one JSON object per line)
    as a relation of target, action, rows and log_line (the record's line number, in log order).
-#}
{% macro lw_landing_log_records(path) -%}
    {{ return(adapter.dispatch('lw_landing_log_records', 'learning_warehouse')(path)) }}
{%- endmacro %}

{% macro default__lw_landing_log_records(path) -%}
    {{ lw_not_implemented('lw_landing_log_records') }}
{%- endmacro %}

{% macro duckdb__lw_landing_log_records(path) -%}
    (
        select
            target,
            action,
            rows,
            row_number() over () as log_line
        from read_json(
            {{ lw_sql_string(path) }},
            format = 'newline_delimited',
            columns = {{ "{target: 'varchar', action: 'varchar', rows: 'bigint'}" }}
        )
    )
{%- endmacro %}

{#- Spark: the JSON lines reader; log order from the single file's read order. -#}
{% macro spark__lw_landing_log_records(path) -%}
    (
        select
            target,
            action,
            cast(`rows` as bigint) as `rows`,
            row_number() over (order by monotonically_increasing_id()) as log_line
        from json.`{{ path | replace('`', '``') }}`
    )
{%- endmacro %}
