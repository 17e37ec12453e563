-- Weekly active learners across both platforms: people with any learning activity in the
-- week (a Learn Amp activity or a Brightspace course access), counted once however many
-- platforms they used.
with

learning as (
    select
        person_key,
        activity_date,
        source_system
    from {{ ref('fct_learning_activity') }}
    union all
    select
        person_key,
        access_date as activity_date,
        source_system
    from {{ ref('fct_course_access') }}
)

select
    dates.week_start_date,
    count(distinct learning.person_key) as active_learners,
    count(distinct learning.person_key) filter (where learning.source_system = 'learnamp') as active_in_learnamp,
    count(distinct learning.person_key) filter (where learning.source_system = 'brightspace') as active_in_brightspace
from learning
inner join {{ ref('dim_date') }} as dates on learning.activity_date = dates.date_day
inner join {{ ref('dim_person') }} as people on learning.person_key = people.person_key
where people.person_key <> '-1'
group by dates.week_start_date
order by dates.week_start_date
