-- Every landed file is read whole: the rows each file gives through its dbt source
-- (audit_file_rows.rows_read) equal the records `lwh land` counted in it with an independent
-- CSV parser (<LWH_RAW_DIR>/_landing_log.jsonl). A file read short, or not read at all, fails.
-- A file replaced (`lwh land --replace`) counts with its newest record; one removed
-- (`lwh unland`) counts no more.
-- depends_on: {{ ref('audit_file_rows') }}
{%- set log = landing_raw_dir().rstrip('/') ~ '/_landing_log.jsonl' %}
{%- set has_log = execute and lw_count_files(log) > 0 %}

{% if has_log %}
with

log_records as (
    -- in log order; records of `lwh land --replace` and `lwh unland` follow the ones they undo
    select
        target,
        coalesce(action, 'land') as log_action,
        rows,
        log_line
    from {{ lw_landing_log_records(log) }} as records
),

newest_records as (
    select
        target,
        log_action,
        rows,
        row_number() over (partition by target order by log_line desc) as recency
    from log_records
),

landed as (
    -- what is landed now: each target's newest record, unless that removed it
    select
        target,
        rows as rows_landed
    from newest_records
    where
        recency = 1 and log_action <> 'unland' and rows is not null
        -- files of a system switched off (var <system>_enabled) are not read
        and (
            {%- for system in ['learnamp', 'brightspace'] if lw_system_enabled(system) %}
            target like '{{ system }}/%'{{ ' or' if not loop.last }}
            {%- else %}
            false
            {%- endfor %}
        )
),

read_back as (
    select
        source_file,
        sum(rows_read) as rows_read
    from {{ ref('audit_file_rows') }}
    group by source_file
)

select
    landed.target,
    landed.rows_landed,
    coalesce(read_back.rows_read, 0) as rows_read
from landed
-- source files are named relative to the landing area, as the log names its targets
-- (warehouses built before this held absolute paths, ending in /<target>)
left join read_back
    on landed.target = read_back.source_file or read_back.source_file like '%/' || landed.target
where landed.rows_landed <> coalesce(read_back.rows_read, 0)
{% else %}
-- nothing landed through `lwh land` (no log): nothing to compare
select null as landed_file
where false
{% endif %}
