{#-
    A select of the first row of each `partition_by` group of `relation` in `order_by` order
    (every column of `relation`; the default adds a `_lw_rank` column, which callers that list
    their columns leave behind).
-#}
{% macro lw_newest_per_key(relation, partition_by, order_by) -%}
    {{ return(adapter.dispatch('lw_newest_per_key', 'learning_warehouse')(relation, partition_by, order_by)) }}
{%- endmacro %}

{% macro default__lw_newest_per_key(relation, partition_by, order_by) -%}
    select * from (
        select
            ranked_rows.*,
            row_number() over (partition by {{ partition_by | join(', ') }} order by {{ order_by }}) as _lw_rank
        from {{ relation }} as ranked_rows
    ) as ranked
    where _lw_rank = 1
{%- endmacro %}

{% macro duckdb__lw_newest_per_key(relation, partition_by, order_by) -%}
    select * from {{ relation }} as ranked_rows
    qualify row_number() over (partition by {{ partition_by | join(', ') }} order by {{ order_by }}) = 1
{%- endmacro %}
