-- Every Brightspace org unit the warehouse knows of (named in Organizational Units, or seen in
-- any Users or learning data set), with its details and its place in the organisation: the
-- nearest org unit at or above it whose type is a department (var
-- brightspace_department_org_unit_types) or a faculty (var brightspace_faculty_org_unit_types).
-- "Above" comes from Organizational Unit Ancestors (pairs a newer full extract dropped are left
-- out); the nearest is the candidate with the most ancestors of its own (ties: the lower id).
-- An org unit counts as a course offering when its type is Course Offering; while Organizational
-- Units is not landed at all, every org unit with content or enrollments does.
-- Grain: one row per org unit.
{%- set department_types = var('brightspace_department_org_unit_types', ['Department']) %}
{%- set faculty_types = var('brightspace_faculty_org_unit_types', ['Faculty', 'College']) %}
with

details as (
    select * from {{ ref('stg_brightspace__organizational_units') }}
),

ancestors as (
    select
        org_unit_id,
        ancestor_org_unit_id
    from {{ ref('stg_brightspace__organizational_unit_ancestors') }}
    where
        not _is_deleted
        and org_unit_id is not null
        and ancestor_org_unit_id is not null
        and org_unit_id <> ancestor_org_unit_id
),

with_content as (
    select org_unit_id from {{ ref('stg_brightspace__content_objects') }}
    union
    select org_unit_id from {{ ref('stg_brightspace__content_user_completion') }}
),

with_enrollments as (
    select org_unit_id from {{ ref('stg_brightspace__user_enrollments') }}
    union
    select org_unit_id from {{ ref('stg_brightspace__enrollments_and_withdrawals') }}
),

org_unit_ids as (
    select org_unit_id from details
    union
    select org_unit_id from with_content
    union
    select org_unit_id from with_enrollments
    union
    select org_unit_id from {{ ref('stg_brightspace__course_access') }}
    union
    select org_unit_id from {{ ref('stg_brightspace__course_access_log') }}
    union
    select org_unit_id from {{ ref('stg_brightspace__auditor_relationships_log') }}
    union
    select org_unit_id from {{ ref('stg_brightspace__grade_objects') }}
    union
    select org_unit_id from {{ ref('stg_brightspace__grade_results') }}
    union
    select org_unit_id from {{ ref('stg_brightspace__quiz_objects') }}
    union
    select org_unit_id from {{ ref('stg_brightspace__quiz_attempts') }}
    union
    select org_unit_id from {{ ref('stg_brightspace__assignment_summary') }}
    union
    select org_unit_id from {{ ref('stg_brightspace__assignment_submissions') }}
    union
    select org_unit_id from ancestors
    union
    select ancestor_org_unit_id as org_unit_id from ancestors
),

ancestor_counts as (
    select
        org_unit_id,
        count(*) as ancestor_count
    from ancestors
    group by org_unit_id
),

-- each org unit with every org unit at or above it, typed and with its own number of ancestors
candidates as (
    select
        pairs.org_unit_id,
        pairs.ancestor_org_unit_id,
        lower(trim(above.type)) as ancestor_type,
        above.name as ancestor_name,
        coalesce(ancestor_counts.ancestor_count, 0) as ancestor_depth
    from (
        select
            org_unit_id,
            ancestor_org_unit_id
        from ancestors
        union
        select
            org_unit_id,
            org_unit_id as ancestor_org_unit_id
        from org_unit_ids
        where org_unit_id is not null
    ) as pairs
    inner join details as above on pairs.ancestor_org_unit_id = above.org_unit_id
    left join ancestor_counts on pairs.ancestor_org_unit_id = ancestor_counts.org_unit_id
),

department_candidates as (
    select * from candidates
    where ancestor_type in ({{ lw_sql_list(department_types | map('lower') | list) }})
),

faculty_candidates as (
    select * from candidates
    where ancestor_type in ({{ lw_sql_list(faculty_types | map('lower') | list) }})
),

departments as (
    {{ lw_newest_per_key('department_candidates', ['org_unit_id'], 'ancestor_depth desc, ancestor_org_unit_id asc') }}
),

faculties as (
    {{ lw_newest_per_key('faculty_candidates', ['org_unit_id'], 'ancestor_depth desc, ancestor_org_unit_id asc') }}
),

landed as (
    select count(*) > 0 as has_organizational_units from details
)

select
    org_unit_ids.org_unit_id,
    coalesce(details.name, 'Org unit ' || cast(org_unit_ids.org_unit_id as {{ dbt.type_string() }})) as org_unit_name,
    details.type as org_unit_type,
    details.code as org_unit_code,
    details.start_date as starts_at,
    details.end_date as ends_at,
    details.is_active,
    -- deleted at the source, or dropped from a newer full extract
    details.org_unit_id is not null and (coalesce(details.is_deleted, false) or details._is_deleted) as is_deleted,
    details.created_date as created_at,
    details.org_unit_id is not null as has_details,
    departments.ancestor_name as department_name,
    faculties.ancestor_name as faculty_name,
    case
        when landed.has_organizational_units then coalesce(lower(trim(details.type)) = 'course offering', false)
        else
            org_unit_ids.org_unit_id in (select with_content.org_unit_id from with_content)
            or org_unit_ids.org_unit_id in (select with_enrollments.org_unit_id from with_enrollments)
    end as is_course_offering
from org_unit_ids
cross join landed
left join details on org_unit_ids.org_unit_id = details.org_unit_id
left join departments on org_unit_ids.org_unit_id = departments.org_unit_id
left join faculties on org_unit_ids.org_unit_id = faculties.org_unit_id
where org_unit_ids.org_unit_id is not null
