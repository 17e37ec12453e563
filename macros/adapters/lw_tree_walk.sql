{#-
    A hierarchy walked from its roots (dim_team's teams): for every node of `relation` that a
    root reaches within `max_depth` steps, `node_id`, `hierarchy_depth` (0 = a root),
    `top_node_id` (its root) and `node_path` (the labels from the root down, joined by ' > ').
    A root is a node whose parent is NULL or not in the relation; a node on a cycle, or deeper
    than `max_depth`, has no row. A from-clause item; `relation` is a name in scope (a CTE).
-#}
{% macro lw_tree_walk(relation, id_column, parent_column, label_column, max_depth) -%}
    {{ return(adapter.dispatch('lw_tree_walk', 'learning_warehouse')(
        relation, id_column, parent_column, label_column, max_depth
    )) }}
{%- endmacro %}

{#- The standard's recursive common table expression. -#}
{% macro default__lw_tree_walk(relation, id_column, parent_column, label_column, max_depth) -%}
    (
        with recursive walk (node_id, hierarchy_depth, top_node_id, node_path) as (
            select
                roots.{{ id_column }},
                0,
                roots.{{ id_column }},
                roots.{{ label_column }}
            from {{ relation }} as roots
            where roots.{{ parent_column }} is null
                or roots.{{ parent_column }} not in (select known.{{ id_column }} from {{ relation }} as known)
            union all
            select
                child.{{ id_column }},
                walk.hierarchy_depth + 1,
                walk.top_node_id,
                walk.node_path || ' > ' || child.{{ label_column }}
            from {{ relation }} as child
            inner join walk on child.{{ parent_column }} = walk.node_id
            where walk.hierarchy_depth < {{ max_depth }}
        )

        select * from walk
    )
{%- endmacro %}

{% macro duckdb__lw_tree_walk(relation, id_column, parent_column, label_column, max_depth) -%}
    {{ default__lw_tree_walk(relation, id_column, parent_column, label_column, max_depth) }}
{%- endmacro %}

{#- Spark (3.5 has no recursive CTE): each node's ancestors by `max_depth` + 1 left joins
    (a0 the node, a1 its parent, ...); the node's depth is the first k whose a<k> is a root,
    i.e. a<k> exists and a<k+1> does not. -#}
{% macro spark__lw_tree_walk(relation, id_column, parent_column, label_column, max_depth) -%}
    {%- set levels = range(max_depth + 1) -%}
    (
        select * from (
            select
                a0.{{ id_column }} as node_id,
                case
                    {%- for k in levels %}
                    when a{{ k }}.{{ id_column }} is not null and a{{ k + 1 }}.{{ id_column }} is null then {{ k }}
                    {%- endfor %}
                end as hierarchy_depth,
                case
                    {%- for k in levels %}
                    when a{{ k }}.{{ id_column }} is not null and a{{ k + 1 }}.{{ id_column }} is null
                        then a{{ k }}.{{ id_column }}
                    {%- endfor %}
                end as top_node_id,
                case
                    {%- for k in levels %}
                    when a{{ k }}.{{ id_column }} is not null and a{{ k + 1 }}.{{ id_column }} is null then
                        {% for j in range(k, -1, -1) -%}
                        a{{ j }}.{{ label_column }}{{ " || ' > ' || " if not loop.last }}
                        {%- endfor %}
                    {%- endfor %}
                end as node_path
            from {{ relation }} as a0
            {%- for k in range(1, max_depth + 2) %}
            left join {{ relation }} as a{{ k }} on a{{ k - 1 }}.{{ parent_column }} = a{{ k }}.{{ id_column }}
            {%- endfor %}
        ) as walked
        where walked.hierarchy_depth is not null
    )
{%- endmacro %}
