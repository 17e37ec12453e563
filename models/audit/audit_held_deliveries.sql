-- Deliveries `lwh land` holds rather than refuses: Brightspace data sets the project does not
-- model yet, kept verbatim under <LWH_RAW_DIR>/held/brightspace/<DataSet>/ (outside the
-- landing folders the dbt sources read), one row per held file, from the landing log
-- (<LWH_RAW_DIR>/_landing_log.jsonl). A held file released into the landing area (the data
-- set is modelled now; `lwh land --release-held`, or the start of `lwh land` / `lwh build`)
-- or unlanded is held no more.
{%- set log = landing_raw_dir().rstrip('/') ~ '/_landing_log.jsonl' %}
{%- set has_log = execute and lw_count_files(log) > 0 %}

{% if has_log %}
with

log_records as (
    select
        target,
        coalesce(action, 'land') as log_action,
        system,
        source_table,
        kind,
        extracted_at,
        landed_at,
        rows,
        log_line
    from {{ lw_landing_log_records(log) }} as records
),

newest_records as (
    -- each target's newest record: a release or an unland ends a hold
    select
        target,
        log_action,
        system,
        source_table,
        kind,
        extracted_at,
        landed_at,
        rows,
        row_number() over (partition by target order by log_line desc) as recency
    from log_records
    where target like 'held/%'
)

select
    system as source_system,
    regexp_extract(target, '^held/[^/]+/([^/]+)/', 1) as data_set,
    source_table,
    target as held_file,
    kind as extract_kind,
    cast(replace(replace(extracted_at, 'T', ' '), 'Z', '') as timestamp) as extracted_at,
    cast(replace(replace(landed_at, 'T', ' '), 'Z', '') as timestamp) as held_at,
    rows as rows_held
from newest_records
where recency = 1 and log_action not in ('unland', 'release')
{% else %}
-- nothing landed through `lwh land` (no log): nothing held
select
    cast(null as {{ dbt.type_string() }}) as source_system,
    cast(null as {{ dbt.type_string() }}) as data_set,
    cast(null as {{ dbt.type_string() }}) as source_table,
    cast(null as {{ dbt.type_string() }}) as held_file,
    cast(null as {{ dbt.type_string() }}) as extract_kind,
    cast(null as timestamp) as extracted_at,
    cast(null as timestamp) as held_at,
    cast(null as {{ dbt.type_bigint() }}) as rows_held
where false
{% endif %}
