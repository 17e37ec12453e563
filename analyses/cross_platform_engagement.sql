-- People with accounts on both platforms: how many learned on each in the last 90 days.
select
    platforms,
    count(*) as people,
    count(*) filter (where last_learnamp_activity_at >= as_of_date - interval 90 day) as active_in_learnamp_90d,
    count(*) filter (where last_brightspace_activity_date >= as_of_date - interval 90 day) as active_in_brightspace_90d,
    count(*) filter (
        where
        last_learnamp_activity_at >= as_of_date - interval 90 day
        and last_brightspace_activity_date >= as_of_date - interval 90 day
    ) as active_on_both_90d
from {{ ref('rpt_person_learning_summary') }}
where is_active
group by platforms
order by people desc
