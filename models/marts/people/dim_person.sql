-- One row per person across both platforms (accounts linked by identity resolution), plus
-- the unknown member. Learn Amp, which carries the HR attributes, is preferred for names.
with

accounts as (
    select * from {{ ref('int_identity__accounts') }}
    where is_person
),

people as (
    select
        person_id,
        max(case when source_system = 'learnamp' then user_id end) as learnamp_user_id,
        max(case when source_system = 'brightspace' then user_id end) as brightspace_user_id,
        max(matched_by_rule) as matched_by_rule
    from accounts
    group by person_id
),

learnamp_users as (
    select * from {{ ref('stg_learnamp__users') }}
),

brightspace_users as (
    select * from {{ ref('stg_brightspace__users') }}
),

user_keys as (
    select * from {{ ref('int_identity__user_keys') }}
),

joined as (
    select
        people.person_id,
        people.learnamp_user_id,
        people.brightspace_user_id,
        people.matched_by_rule,
        coalesce(learnamp_users.first_name, brightspace_users.first_name) as first_name,
        coalesce(learnamp_users.last_name, brightspace_users.last_name) as last_name,
        learnamp_users.job_title,
        learnamp_users.manager_id,
        manager_keys.person_key as manager_person_key,
        learnamp_users.location_id,
        learnamp_users.hire_date,
        learnamp_users.leave_date,
        case
            when people.learnamp_user_id is not null then not coalesce(learnamp_users.deactivated, false)
            else coalesce(brightspace_users.is_active, false) and not brightspace_users._is_deleted
        end as is_active
    from people
    left join learnamp_users on people.learnamp_user_id = learnamp_users.id
    left join brightspace_users on people.brightspace_user_id = brightspace_users.user_id
    left join user_keys as manager_keys
        on manager_keys.source_system = 'learnamp' and learnamp_users.manager_id = manager_keys.user_id
)

select
    {{ lw_surrogate_key(['person_id']) }} as person_key,
    person_id,
    learnamp_user_id,
    brightspace_user_id,
    {{ lw_pii('first_name') }} as first_name,
    {{ lw_pii('last_name') }} as last_name,
    {{ lw_pii("concat_ws(' ', first_name, last_name)") }} as full_name,
    job_title,
    {{ lw_optional_key('manager_id', 'manager_person_key') }} as manager_person_key,
    case
        when location_id is null then {{ lw_not_applicable_key() }}
        else {{ lw_known_key(lw_surrogate_key(['location_id']), 'dim_location', 'location_key') }}
    end as location_key,
    hire_date,
    leave_date,
    is_active,
    learnamp_user_id is not null as has_learnamp_account,
    brightspace_user_id is not null as has_brightspace_account,
    case
        when learnamp_user_id is not null and brightspace_user_id is not null then 'Both'
        when learnamp_user_id is not null then 'Learn Amp'
        else 'Brightspace'
    end as platforms,
    matched_by_rule,
    false as is_special_member
from joined
{%- for member in lw_special_members('Not applicable', 'Unknown person') %}
union all
select
    {{ member.key }} as person_key,
    null as person_id,
    null as learnamp_user_id,
    null as brightspace_user_id,
    {{ lw_sql_string(member.kind | capitalize) }} as first_name,
    null as last_name,
    {{ lw_sql_string(member.name) }} as full_name,
    null as job_title,
    {{ member.key }} as manager_person_key,
    {{ member.key }} as location_key,
    null as hire_date,
    null as leave_date,
    false as is_active,
    false as has_learnamp_account,
    false as has_brightspace_account,
    'None' as platforms,
    null as matched_by_rule,
    true as is_special_member
{%- endfor %}
