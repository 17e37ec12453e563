-- Everything a person can learn from: every Learn Amp content object (by type: Item, Channel,
-- Learnlist, Event, Quiz, Survey), every Brightspace org unit, and the Brightspace learning
-- objects inside an org unit (content modules and topics, quizzes, grade items and categories,
-- assignments: int_brightspace__learning_objects), plus the not-applicable and the unknown
-- member. Org units are named (name, code, type, dates, active, deleted) from the optional
-- Organizational Units data set; without it landed, an org unit is "Org unit <id>". Org units
-- and the objects inside them carry the department and faculty above them
-- (int_brightspace__org_units).
with

content as (
    select * from {{ ref('stg_learnamp__content') }}
),

org_units as (
    select * from {{ ref('int_brightspace__org_units') }}
),

brightspace_objects as (
    select * from {{ ref('int_brightspace__learning_objects') }}
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
    created_at,
    {{ lw_not_applicable_key() }} as parent_learning_object_key,
    {{ lw_not_applicable_key() }} as course_offering_key,
    cast(null as {{ dbt.type_string() }}) as department_name,
    cast(null as {{ dbt.type_string() }}) as faculty_name,
    false as is_special_member
from content
union all
select
    {{ lw_surrogate_key(["'brightspace'", "'Org Unit'", 'org_unit_id']) }} as learning_object_key,
    'brightspace' as source_system,
    'Org Unit' as learning_object_type,
    cast(org_unit_id as bigint) as learning_object_id,
    'org_unit-' || cast(org_unit_id as {{ dbt.type_string() }}) as type_with_id,
    org_unit_name as learning_object_name,
    coalesce(org_unit_type, 'org_unit') as content_type,
    org_unit_code as learning_object_code,
    starts_at,
    ends_at,
    is_active,
    is_deleted,
    created_at,
    {{ lw_not_applicable_key() }} as parent_learning_object_key,
    {{ lw_not_applicable_key() }} as course_offering_key,
    department_name,
    faculty_name,
    false as is_special_member
from org_units
union all
select
    {{ lw_surrogate_key(["'brightspace'", 'child_objects.learning_object_type', 'child_objects.learning_object_id']) }}
        as learning_object_key,
    'brightspace' as source_system,
    child_objects.learning_object_type,
    child_objects.learning_object_id,
    lower(replace(child_objects.learning_object_type, ' ', '_'))
    || '-'
    || cast(child_objects.learning_object_id as {{ dbt.type_string() }}) as type_with_id,
    child_objects.learning_object_name,
    child_objects.content_type,
    cast(null as {{ dbt.type_string() }}) as learning_object_code,
    child_objects.starts_at,
    child_objects.ends_at,
    child_objects.is_active,
    child_objects.is_deleted,
    child_objects.created_at,
    {{ lw_optional_key('child_objects.org_unit_id',
        lw_surrogate_key(["'brightspace'", "'Org Unit'", 'child_objects.org_unit_id'])) }} as parent_learning_object_key,
    {{ lw_optional_key('child_objects.org_unit_id',
        lw_surrogate_key(["'brightspace'", "'Org Unit'", 'child_objects.org_unit_id'])) }} as course_offering_key,
    org_units.department_name,
    org_units.faculty_name,
    false as is_special_member
from brightspace_objects as child_objects
left join org_units on child_objects.org_unit_id = org_units.org_unit_id
{%- for member in lw_special_members('Not applicable', 'Unknown learning object') %}
union all
select
    {{ member.key }} as learning_object_key,
    {{ lw_sql_string('none' if member.kind == 'not applicable' else 'unknown') }} as source_system,
    {{ lw_sql_string(member.kind | title) }} as learning_object_type,
    null as learning_object_id,
    null as type_with_id,
    {{ lw_sql_string(member.name) }} as learning_object_name,
    null as content_type,
    null as learning_object_code,
    null as starts_at,
    null as ends_at,
    null as is_active,
    null as is_deleted,
    null as created_at,
    {{ lw_not_applicable_key() }} as parent_learning_object_key,
    {{ lw_not_applicable_key() }} as course_offering_key,
    null as department_name,
    null as faculty_name,
    true as is_special_member
{%- endfor %}
