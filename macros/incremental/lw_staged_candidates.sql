{#-
    Rows among which a staging model picks the newest version of each key.
    Full build: every unquarantined row of the base model.
    Incremental run (large log tables): the unquarantined base rows loaded since this model's
    last run, plus the row this model already holds for each of their keys. The newest
    version of a key among those is the newest among all its versions, because the held row
    is the newest of every earlier one; so a late-arriving file with older rows cannot win,
    and keys no new row touches are left alone.
    `columns`: the columns the staging model carries over from its base model.
-#}
{% macro lw_staged_candidates(base, key, columns) -%}
    {%- set quoted = [] -%}
    {%- for c in columns -%}
        {%- do quoted.append(adapter.quote(c)) -%}
    {%- endfor -%}
    {%- set column_list = quoted | join(', ') -%}
    {%- if lw_is_incremental() -%}
(
    with new_rows as (
        select {{ column_list }} from {{ base }}
        where _quarantine_reason is null and {{ lw_loaded_since() }}
    )

    select * from new_rows
    union all
    select {{ column_list }} from {{ this }} as held
    where exists (
        select 1 from new_rows
        where
        {%- for k in key %}
            {{ 'and ' if not loop.first }}new_rows.{{ adapter.quote(k) }} = held.{{ adapter.quote(k) }}
        {%- endfor %}
    )
)
    {%- else -%}
(
    select {{ column_list }} from {{ base }}
    where _quarantine_reason is null
)
    {%- endif -%}
{%- endmacro %}
