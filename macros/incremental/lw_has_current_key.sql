{#-
    True when the fact row `fact_alias` still holds a current, known member of `relation`:
    a row of `relation` has the same values in all of `columns`, and the first of them (the
    member's own key) is not the unknown member. `columns`: a list of names both sides share,
    e.g. ['user_key', 'person_key'] against int_identity__user_keys, or a mapping from the
    member's column to the fact's, e.g. {'user_key': 'impersonator_user_key'}.
    An incremental fact re-derives the rows for which this is false, so a person split or merged
    by identity resolution, or a user or learning object that arrived after its events, reaches
    the rows already loaded, as a full refresh would give it.
-#}
{% macro lw_has_current_key(fact_alias, relation, columns) -%}
    {%- set pairs = columns.items() | list if columns is mapping else zip(columns, columns) | list -%}
    exists (
        select 1 from {{ relation }} as current_member
        where
            {{ fact_alias }}.{{ pairs[0][1] }} <> {{ lw_unknown_key() }}
        {%- for member_column, fact_column in pairs %}
            and current_member.{{ member_column }} = {{ fact_alias }}.{{ fact_column }}
        {%- endfor %}
    )
{%- endmacro %}
