-- Everything a person can learn from: every Learn Amp content object (by type: Item,
-- Channel, Learnlist, Event, Quiz, Survey) and every Brightspace org unit seen in any data
-- set (the Users module has no org unit names), plus the unknown member.
with

content as (
    select * from {{ lw_staged('learnamp', 'content') }}
),

org_units as (
    select org_unit_id from {{ lw_staged('brightspace', 'user_enrollments') }}
    union
    select org_unit_id from {{ lw_staged('brightspace', 'enrollments_and_withdrawals') }}
    union
    select org_unit_id from {{ lw_staged('brightspace', 'course_access') }}
    union
    select org_unit_id from {{ lw_staged('brightspace', 'course_access_log') }}
    union
    select org_unit_id from {{ lw_staged('brightspace', 'auditor_relationships_log') }}
)

select
    {{ lw_surrogate_key(["'learnamp'", 'type', 'content_id']) }} as learning_object_key,
    'learnamp' as source_system,
    type as learning_object_type,
    content_id as learning_object_id,
    type_with_id,
    name as learning_object_name,
    content_type,
    created_at
from content
union all
select
    {{ lw_surrogate_key(["'brightspace'", "'Org Unit'", 'org_unit_id']) }} as learning_object_key,
    'brightspace' as source_system,
    'Org Unit' as learning_object_type,
    cast(org_unit_id as bigint) as learning_object_id,
    'org_unit-' || cast(org_unit_id as varchar) as type_with_id,
    'Org unit ' || cast(org_unit_id as varchar) as learning_object_name,
    'org_unit' as content_type,
    null as created_at
from org_units
where org_unit_id is not null
union all
select
    {{ lw_unknown_key() }} as learning_object_key,
    'unknown' as source_system,
    'Unknown' as learning_object_type,
    null as learning_object_id,
    null as type_with_id,
    'Unknown learning object' as learning_object_name,
    null as content_type,
    null as created_at
