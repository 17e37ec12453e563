-- One name per Brightspace role id, so a role is counted as one role wherever it appears
-- (course enrollments, the enrollment log, users' org roles). Names come from the RoleId /
-- RoleName pairs of User Enrollments (the Users module has no role table): for each role id,
-- the name on its most recently extracted enrollment. A role id never named there has no row,
-- and facts show its name as NULL rather than an invented label.
with

named as (
    select
        role_id,
        role_name,
        _extracted_at,
        enrollment_date
    from {{ lw_staged('brightspace', 'user_enrollments') }}
    where role_id is not null and role_name is not null
),

newest as (
    {{ lw_newest_per_key('named', ['role_id'], '_extracted_at desc, enrollment_date desc nulls last, role_name desc') }}
)

select
    role_id,
    role_name
from newest
