-- Brightspace login failure rate by day.
select
    login_date,
    count(*) as login_attempts,
    count(*) filter (where not is_successful) as failed_attempts,
    round(count(*) filter (where not is_successful) / count(*), 4) as failure_rate
from {{ ref('fct_login') }}
where source_system = 'brightspace'
group by login_date
order by login_date
