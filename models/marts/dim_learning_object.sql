-- Everything a person can learn from: every Learn Amp content object (by type: Item,
-- Channel, Learnlist, Event, Quiz, Survey) and every Brightspace org unit, plus the unknown
-- member. Org units are named (name, code, type, dates, active, deleted) from the optional
-- Organizational Units data set; without it landed, an org unit seen in any Users data set
-- is "Org unit <id>".
with

content as (
    select * from {{ lw_staged('learnamp', 'content') }}
),

org_unit_details as (
    select * from {{ lw_staged('brightspace', 'organizational_units') }}
),

org_units as (
    select org_unit_id from org_unit_details
    union
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
    cast(null as {{ dbt.type_string() }}) as learning_object_code,
    cast(null as timestamp) as starts_at,
    cast(null as timestamp) as ends_at,
    cast(null as boolean) as is_active,
    cast(null as boolean) as is_deleted,
    created_at
from content
union all
select
    {{ lw_surrogate_key(["'brightspace'", "'Org Unit'", 'org_units.org_unit_id']) }} as learning_object_key,
    'brightspace' as source_system,
    'Org Unit' as learning_object_type,
    cast(org_units.org_unit_id as bigint) as learning_object_id,
    'org_unit-' || cast(org_units.org_unit_id as {{ dbt.type_string() }}) as type_with_id,
    coalesce(
        details.name, 'Org unit ' || cast(org_units.org_unit_id as {{ dbt.type_string() }})
    ) as learning_object_name,
    coalesce(details.type, 'org_unit') as content_type,
    details.code as learning_object_code,
    details.start_date as starts_at,
    details.end_date as ends_at,
    details.is_active,
    -- deleted at the source, or dropped from a newer full extract
    details.org_unit_id is not null and (coalesce(details.is_deleted, false) or details._is_deleted) as is_deleted,
    details.created_date as created_at
from org_units
left join org_unit_details as details on org_units.org_unit_id = details.org_unit_id
where org_units.org_unit_id is not null
union all
select
    {{ lw_unknown_key() }} as learning_object_key,
    'unknown' as source_system,
    'Unknown' as learning_object_type,
    null as learning_object_id,
    null as type_with_id,
    'Unknown learning object' as learning_object_name,
    null as content_type,
    null as learning_object_code,
    null as starts_at,
    null as ends_at,
    null as is_active,
    null as is_deleted,
    null as created_at
