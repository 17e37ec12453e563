{#- A composite key is unique: no combination of `columns` appears twice. Fails with the duplicates. -#}
{% test lw_unique_combination(model, columns) %}
select
    {{ columns | join(', ') }},
    count(*) as occurrences
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
