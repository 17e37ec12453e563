-- "Today" for reports and for flags that depend on it (overdue, last 30/90 days): the
-- as_of_date var when set, else the time of the newest extract landed from either platform,
-- so a warehouse built from the same files always gives the same answers. One row.
with

newest_extracts as (
    select max(_extracted_at) as extracted_at from {{ ref('stg_learnamp__users') }}
    union all
    select max(_extracted_at) as extracted_at from {{ ref('stg_brightspace__users') }}
)

select
        {%- if var('as_of_date', none) %}
    cast({{ lw_sql_string(var('as_of_date')) }} as timestamp) as as_of_at
    {%- else %}
    max(extracted_at) as as_of_at
    {%- endif %}
from newest_extracts
