{#-
    The records of `lwh land`'s log (`<LWH_RAW_DIR>/_landing_log.jsonl`, one JSON object per line)
    as a relation of target, action, rows and log_line (the record's line number, in log order),
    with each record's system, source_table (its "table"), kind, extracted_at and landed_at (text,
    as logged; NULL where a record has none: "unland" and "release" records).
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
            row_number() over () as log_line,
            system,
            "table" as source_table,
            kind,
            extracted_at,
            landed_at
        from read_json(
            {{ lw_sql_string(path) }},
            format = 'newline_delimited',
            columns = {{ "{target: 'varchar', action: 'varchar', rows: 'bigint', system: 'varchar', "
                         ~ "\"table\": 'varchar', kind: 'varchar', extracted_at: 'varchar', landed_at: 'varchar'}" }}
        )
    )
{%- endmacro %}

{#- Spark: the JSON lines reader; log order from the single file's read order. Every field named
    is in every "land" record, so the inferred schema has it whenever anything was landed. -#}
{% macro spark__lw_landing_log_records(path) -%}
    (
        select
            target,
            action,
            cast(`rows` as bigint) as `rows`,
            row_number() over (order by monotonically_increasing_id()) as log_line,
            `system`,
            `table` as source_table,
            cast(kind as string) as kind,
            extracted_at,
            landed_at
        from json.`{{ path | replace('`', '``') }}`
    )
{%- endmacro %}
