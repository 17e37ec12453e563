{#-
    The key of every dimension's explicit "not applicable" member: an optional foreign key
    whose source ID is empty (a login without impersonation, an objective without a team, a
    top-level team's parent) points at it, distinct from the unknown member ('-1'), which
    stands for an ID that is there but matches no member.
-#}
{% macro lw_not_applicable_key() -%}
    '-2'
{%- endmacro %}

{#- An optional foreign key: not applicable when `source_id` is NULL, else `key_sql`, else unknown. -#}
{% macro lw_optional_key(source_id, key_sql) -%}
    case
        when {{ source_id }} is null then {{ lw_not_applicable_key() }}
        else coalesce({{ key_sql }}, {{ lw_unknown_key() }})
    end
{%- endmacro %}

{#- A dimension's two special members, in key order: [{key, kind, name}] with the given names. -#}
{% macro lw_special_members(not_applicable_name, unknown_name) -%}
    {{ return([
        {'key': lw_not_applicable_key(), 'kind': 'not applicable', 'name': not_applicable_name},
        {'key': lw_unknown_key(), 'kind': 'unknown', 'name': unknown_name},
    ]) }}
{%- endmacro %}
