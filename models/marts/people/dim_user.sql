-- One row per platform account (Learn Amp user or Brightspace user), with the person it
-- belongs to, plus the unknown member. System and test accounts are kept and flagged.
with

accounts as (
    select * from {{ ref('int_identity__accounts') }}
),

user_keys as (
    select * from {{ ref('int_identity__user_keys') }}
),

learnamp_users as (
    select * from {{ ref('stg_learnamp__users') }}
),

brightspace_users as (
    select * from {{ ref('stg_brightspace__users') }}
),

role_names as (
    select * from {{ ref('int_roles__names') }}
),

learnamp as (
    select
        'learnamp' as source_system,
        id as user_id,
        cast(null as {{ dbt.type_string() }}) as user_name,
        concat_ws(' ', first_name, last_name) as display_name,
        system_role as role_name,
        not coalesce(deactivated, false) as is_active,
        deactivated_at,
        created_at,
        false as is_deleted_at_source
    from learnamp_users
),

brightspace as (
    select
        'brightspace' as source_system,
        cast(brightspace_users.user_id as bigint) as user_id,
        brightspace_users.user_name,
        concat_ws(' ', brightspace_users.first_name, brightspace_users.last_name) as display_name,
        -- the org role's name, as User Enrollments names the role (NULL where never named)
        role_names.role_name,
        coalesce(brightspace_users.is_active, false) and not brightspace_users._is_deleted as is_active,
        brightspace_users._deleted_at as deactivated_at,
        brightspace_users.signup_date as created_at,
        brightspace_users._is_deleted as is_deleted_at_source
    from brightspace_users
    left join role_names on brightspace_users.org_role_id = role_names.role_id
),

platform_users as (
    select * from learnamp
    union all
    select * from brightspace
)

select
    user_keys.user_key,
    user_keys.person_key,
    platform_users.source_system,
    platform_users.user_id,
    {{ lw_pii('platform_users.user_name') }} as user_name,
    {{ lw_pii('platform_users.display_name') }} as display_name,
    platform_users.role_name,
    platform_users.is_active,
    platform_users.deactivated_at,
    platform_users.created_at,
    platform_users.is_deleted_at_source,
    accounts.is_system_account,
    accounts.is_excluded as is_test_account,
    accounts.is_person,
    accounts.matched_by_rule,
    false as is_special_member
from platform_users
inner join accounts
    on platform_users.source_system = accounts.source_system and platform_users.user_id = accounts.user_id
inner join user_keys
    on platform_users.source_system = user_keys.source_system and platform_users.user_id = user_keys.user_id
{%- for member in lw_special_members('Not applicable', 'Unknown account') %}
union all
select
    {{ member.key }} as user_key,
    {{ member.key }} as person_key,
    {{ lw_sql_string('none' if member.kind == 'not applicable' else 'unknown') }} as source_system,
    null as user_id,
    null as user_name,
    {{ lw_sql_string(member.name) }} as display_name,
    null as role_name,
    false as is_active,
    null as deactivated_at,
    null as created_at,
    false as is_deleted_at_source,
    false as is_system_account,
    false as is_test_account,
    false as is_person,
    null as matched_by_rule,
    true as is_special_member
{%- endfor %}
