-- Which Learn Amp account and which Brightspace account are the same person, and why.
-- Manual links from the identity_overrides seed come first; then the identity_rules var,
-- tried in order, on values trimmed and case-folded. A value shared by more than one account
-- on either side is a collision: those accounts are not merged by that rule (nor by any later
-- one) and appear here with match_status = 'ambiguous'. Excluded accounts never match.
-- Grain: one row per (learnamp_user_id, brightspace_user_id, rule_name) decision.
{%- set rules = lw_identity_rules() %}

with

overrides as (
    select * from {{ ref('identity_overrides') }}
),

excluded as (
    select
        source_system,
        user_id
    from overrides
    where action = 'exclude'
),

manual_links as (
    select
        case when source_system = 'learnamp' then user_id else linked_user_id end as learnamp_user_id,
        case when source_system = 'learnamp' then linked_user_id else user_id end as brightspace_user_id
    from overrides
    where action = 'link'
),

learnamp_values as (
    {%- for r in rules %}
    select
        '{{ r.rule }}' as rule_name,
        custom_fields.user_id,
        lower(trim(custom_fields.value)) as match_value
    from {{ ref('stg_learnamp__custom_fields') }} as custom_fields
    where
        custom_fields.name = {{ lw_sql_string(r.learnamp_custom_field) }}
        and nullif(trim(custom_fields.value), '') is not null
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

brightspace_values as (
    {%- for r in rules %}
    select
        '{{ r.rule }}' as rule_name,
        brightspace_users.user_id,
        lower(trim(brightspace_users.{{ r.brightspace_field }})) as match_value
    from {{ ref('stg_brightspace__users') }} as brightspace_users
    where
        not brightspace_users.is_system_account
        and nullif(trim(brightspace_users.{{ r.brightspace_field }}), '') is not null
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

candidates as (
    select distinct
        learnamp_values.rule_name,
        learnamp_values.user_id as learnamp_user_id,
        brightspace_values.user_id as brightspace_user_id,
        learnamp_values.match_value
    from learnamp_values
    inner join brightspace_values
        on
            learnamp_values.rule_name = brightspace_values.rule_name
            and learnamp_values.match_value = brightspace_values.match_value
    where
        learnamp_values.user_id not in (
            select e.user_id from excluded as e
            where e.source_system = 'learnamp'
        )
        and brightspace_values.user_id not in (
            select e.user_id from excluded as e
            where e.source_system = 'brightspace'
        )
),

decided_0 as (
    select
        learnamp_user_id,
        brightspace_user_id,
        'manual' as rule_name,
        0 as rule_order,
        cast(null as {{ dbt.type_string() }}) as match_value,
        'linked' as match_status
    from manual_links
),
{%- for r in rules %}
{%- set i = loop.index %}

pairs_{{ i }} as (
    select
        candidates.learnamp_user_id,
        candidates.brightspace_user_id,
        candidates.match_value,
        count(*) over (partition by candidates.learnamp_user_id) as learnamp_matches,
        count(*) over (partition by candidates.brightspace_user_id) as brightspace_matches
    from candidates
    where
        candidates.rule_name = '{{ r.rule }}'
        and candidates.learnamp_user_id not in (select d.learnamp_user_id from decided_{{ i - 1 }} as d)
        and candidates.brightspace_user_id not in (select d.brightspace_user_id from decided_{{ i - 1 }} as d)
),

decided_{{ i }} as (
    select * from decided_{{ i - 1 }}
    union all
    select
        learnamp_user_id,
        brightspace_user_id,
        '{{ r.rule }}' as rule_name,
        {{ i }} as rule_order,
        match_value,
        case when learnamp_matches = 1 and brightspace_matches = 1 then 'linked' else 'ambiguous' end as match_status
    from pairs_{{ i }}
){{ ',' if not loop.last }}
{%- endfor %}

select
    learnamp_user_id,
    brightspace_user_id,
    rule_name,
    rule_order,
    match_value,
    match_status
from decided_{{ rules | length }}
