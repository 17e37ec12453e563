-- People active in Brightspace (any course access) who never completed anything in Learn Amp,
-- with the number of distinct days on which they opened any course.
select
    people.person_key,
    people.full_name,
    people.platforms,
    max(course_days.access_date) as last_brightspace_access_date,
    count(distinct course_days.access_date) as brightspace_access_days
from {{ ref('fct_course_access') }} as course_days
inner join {{ ref('dim_person') }} as people on course_days.person_key = people.person_key
where
    people.person_key <> '-1'
    and not exists (
        select 1
        from {{ ref('fct_learning_activity') }} as activity
        where activity.person_key = people.person_key and activity.is_completion
    )
group by people.person_key, people.full_name, people.platforms
order by brightspace_access_days desc
