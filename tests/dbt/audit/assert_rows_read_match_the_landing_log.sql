-- Every landed file is read whole: the rows each file gives through its dbt source
-- (audit_file_rows.rows_read) equal the records `lwh land` counted in it with an independent
-- CSV parser (<LWH_RAW_DIR>/_landing_log.jsonl). A file read short, or not read at all, fails.
-- depends_on: {{ ref('audit_file_rows') }}
{%- set log = landing_raw_dir().rstrip('/') ~ '/_landing_log.jsonl' %}
{%- set log_files = "select count(*) from glob('" ~ log | replace("'", "''") ~ "')" %}
{%- set has_log = execute and run_query(log_files).columns[0].values()[0] > 0 %}

{% if has_log %}
with

landed as (
    select
        target,
        rows as rows_landed
    from read_json('{{ log | replace("'", "''") }}', format = 'newline_delimited')
    where rows is not null
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
    on read_back.source_file = landed.target or read_back.source_file like '%/' || landed.target
where landed.rows_landed <> coalesce(read_back.rows_read, 0)
{% else %}
-- nothing landed through `lwh land` (no log): nothing to compare
select null as landed_file
where false
{% endif %}
