-- Attendance at Learn Amp event sessions that have taken place: approved enrollments that attended.
select
    learning_objects.learning_object_name as event_name,
    count(*) filter (where enrollments.enrollment_status = 'approved') as approved_enrollments,
    count(*) filter (where enrollments.attendance = 'attended') as attended,
    round(
        count(*) filter (where enrollments.attendance = 'attended')
        / nullif(count(*) filter (where enrollments.enrollment_status = 'approved'), 0),
        4
    ) as attendance_rate
from {{ ref('fct_enrollment') }} as enrollments
inner join {{ ref('dim_learning_object') }} as learning_objects
    on enrollments.learning_object_key = learning_objects.learning_object_key
where
    enrollments.source_system = 'learnamp'
    and enrollments.session_starts_at < (select as_of.as_of_at from {{ ref('int_warehouse__as_of') }} as as_of)
group by learning_objects.learning_object_name
order by attendance_rate
