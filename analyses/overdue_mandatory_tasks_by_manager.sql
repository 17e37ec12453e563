-- Managers whose reports have the most overdue mandatory tasks (as of the as-of date).
select
    managers.full_name as manager_name,
    count(distinct person_summary.person_key) as reports_with_overdue_tasks,
    sum(person_summary.overdue_mandatory_tasks) as overdue_mandatory_tasks
from {{ ref('rpt_person_learning_summary') }} as person_summary
inner join {{ ref('dim_person') }} as people on person_summary.person_key = people.person_key
inner join {{ ref('dim_person') }} as managers on people.manager_person_key = managers.person_key
where person_summary.overdue_mandatory_tasks > 0 and person_summary.is_active
group by managers.full_name
order by overdue_mandatory_tasks desc
limit 20
