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
)

select
    role_id,
    arg_max(role_name, struct_pack(extracted_at := _extracted_at, enrolled_at := enrollment_date)) as role_name
from named
group by role_id
