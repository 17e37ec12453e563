{#-
    A composite key is unique: no combination of `columns` appears twice. Fails with the
    duplicates.
    `newest_rows_of` (for incremental models, e.g. '_loaded_at'): check only the key values
    carried by a row with the newest value of that column, i.e. written by the latest build.
    That is the full check after a full build (every row has the newest value) and a sound one
    after an incremental build: rows written earlier were unique when their build passed its
    tests (`lwh build` publishes only builds that pass), so a duplicate now needs a new row.
    It probes the key column instead of grouping the whole table.
-#}
{% test lw_unique_combination(model, columns, newest_rows_of=none) %}
{%- set only_newest = false %}
{%- if newest_rows_of and execute %}
{#- after a full build every row is newest: then the plain check, without the probe #}
{%- set spread = run_query(
    'select count(distinct ' ~ newest_rows_of ~ ') > 1 from ' ~ model
).columns[0].values()[0] %}
{%- set only_newest = spread %}
{%- endif %}
select
    {{ columns | join(', ') }},
    count(*) as occurrences
from {{ model }} as checked
{%- if only_newest %}
where exists (
    select 1 from {{ model }} as newest
    where
        newest.{{ newest_rows_of }} = (select max(m.{{ newest_rows_of }}) from {{ model }} as m)
    {%- for c in columns %}
        and newest.{{ c }} = checked.{{ c }}
    {%- endfor %}
)
{%- endif %}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
