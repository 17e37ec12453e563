-- The semantic layer's time spine (MetricFlow): one row per calendar day, the days of
-- dim_date. Cumulative metrics (rolling 7 and 30 days) and filled gaps join to it.
select date_day
from {{ ref('dim_date') }}
