-- Every platform account with the person it belongs to. Grain: one row per
-- (source_system, user_id). Linked accounts share a person_id (the Learn Amp account's);
-- system and excluded (test) accounts belong to no person.
with

matches as (
    select * from {{ ref('int_identity__matches') }}
    where match_status = 'linked'
),

excluded as (
    select
        source_system,
        user_id,
        note
    from {{ ref('identity_overrides') }}
    where action = 'exclude'
),

accounts as (
    select
        'learnamp' as source_system,
        id as user_id,
        false as is_system_account
    from {{ ref('stg_learnamp__users') }}
    union all
    select
        'brightspace' as source_system,
        cast(user_id as bigint) as user_id,
        is_system_account
    from {{ ref('stg_brightspace__users') }}
),

resolved as (
    select
        accounts.source_system,
        accounts.user_id,
        accounts.is_system_account,
        excluded.user_id is not null as is_excluded,
        excluded.note as exclusion_note,
        coalesce(la_match.learnamp_user_id, bs_match.learnamp_user_id) as linked_learnamp_user_id,
        coalesce(la_match.brightspace_user_id, bs_match.brightspace_user_id) as linked_brightspace_user_id,
        coalesce(la_match.rule_name, bs_match.rule_name) as matched_by_rule
    from accounts
    left join excluded
        on accounts.source_system = excluded.source_system and accounts.user_id = excluded.user_id
    left join matches as la_match
        on accounts.source_system = 'learnamp' and accounts.user_id = la_match.learnamp_user_id
    left join matches as bs_match
        on accounts.source_system = 'brightspace' and accounts.user_id = bs_match.brightspace_user_id
)

select
    source_system,
    user_id,
    is_system_account,
    is_excluded,
    exclusion_note,
    linked_learnamp_user_id as learnamp_user_id,
    linked_brightspace_user_id as brightspace_user_id,
    matched_by_rule,
    not is_system_account and not is_excluded as is_person,
    case
        when is_system_account or is_excluded then null
        when linked_learnamp_user_id is not null
            then 'learnamp:' || cast(linked_learnamp_user_id as {{ dbt.type_string() }})
        else source_system || ':' || cast(user_id as {{ dbt.type_string() }})
    end as person_id
from resolved
