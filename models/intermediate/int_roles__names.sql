-- One name per Brightspace role id, so a role is counted as one role wherever it appears
-- (course enrollments, the enrollment log, users' org roles). The name comes from the optional
-- Role Details data set when it is landed; else (and for a role it does not hold) from the
-- RoleId / RoleName pairs of User Enrollments: for each role id, the name on its most recently
-- extracted enrollment. A role id named nowhere has no row, and facts show its name as NULL
-- rather than an invented label.
with

named as (
    select
        role_id,
        role_name,
        _extracted_at,
        enrollment_date
    from {{ ref('stg_brightspace__user_enrollments') }}
    where role_id is not null and role_name is not null
),

newest as (
    {{ lw_newest_per_key('named', ['role_id'], '_extracted_at desc, enrollment_date desc nulls last, role_name desc') }}
),

details as (
    select
        role_id,
        role_name
    from {{ ref('stg_brightspace__role_details') }}
    where role_id is not null and role_name is not null
)

select
    coalesce(details.role_id, newest.role_id) as role_id,
    coalesce(details.role_name, newest.role_name) as role_name
from details
full outer join newest on details.role_id = newest.role_id
