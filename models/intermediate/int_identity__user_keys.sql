-- Surrogate keys of every platform account and of its person, for the facts to join on
-- (source_system, user_id). Accounts that belong to no person (system, test) get the
-- unknown person. Grain: one row per (source_system, user_id).
-- _loaded_at: the build in which the account got its current person key (new account, or
-- identity resolution linked or split it). It is kept from the previous build while the key
-- stays the same, so incremental facts re-derive the rows of exactly the accounts that changed.
-- The previous version is read where the engine keeps it during the rebuild (lw_previous_version).
{{ config(pre_hook="{{ lw_keep_previous_version() }}", post_hook="{{ lw_drop_previous_version() }}") }}
{%- set previous = none %}
{%- if execute and this is not none %}
{%- set previous = adapter.get_relation(this.database, this.schema, this.identifier) %}
{%- endif %}
{%- if previous is not none
    and '_loaded_at' not in adapter.get_columns_in_relation(previous) | map(attribute='name') | list %}
{%- set previous = none %}
{%- endif %}
with

current_keys as (
    select
        source_system,
        user_id,
        {{ lw_surrogate_key(['source_system', 'user_id']) }} as user_key,
        case
            when person_id is null then {{ lw_unknown_key() }}
            else {{ lw_surrogate_key(['person_id']) }}
        end as person_key,
        person_id,
        is_person
    from {{ ref('int_identity__accounts') }}
)

select
    current_keys.source_system,
    current_keys.user_id,
    current_keys.user_key,
    current_keys.person_key,
    current_keys.person_id,
    current_keys.is_person,
    {%- if previous is not none %}
    case
        when previous_keys.person_key = current_keys.person_key then previous_keys._loaded_at
        else {{ lw_loaded_at() }}
    end as _loaded_at
    {%- else %}
    {{ lw_loaded_at() }} as _loaded_at
    {%- endif %}
from current_keys
{%- if previous is not none %}
left join {{ lw_previous_version(previous) }} as previous_keys
    on
        current_keys.source_system = previous_keys.source_system
        and current_keys.user_id = previous_keys.user_id
{%- endif %}
