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
