{#-
    Every non-null combination of `columns` in the model exists as `to_columns` in `to`
    (a relationships test for composite keys, such as Learn Amp's (type, content_id)).
-#}
{% test lw_relationships_composite(model, columns, to, to_columns) %}
with child as (
    select distinct {{ columns | join(', ') }}
    from {{ model }}
    where {% for c in columns %}{{ c }} is not null{{ ' and ' if not loop.last }}{% endfor %}
),

parent as (
    select distinct {{ to_columns | join(', ') }}
    from {{ to }}
)

select child.*
from child
left join parent
    on {% for i in range(columns | length) -%}
        child.{{ columns[i] }} = parent.{{ to_columns[i] }}{{ ' and ' if not loop.last }}
    {%- endfor %}
where parent.{{ to_columns[0] }} is null
{% endtest %}
