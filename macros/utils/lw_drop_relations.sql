{#-
    Operations `lwh build` runs on engines it cannot reach itself (stores.SparkStore):
    `dbt run-operation lw_drop_relations --args '{relations: [[schema, table], ...]}'` drops those
    tables (the incremental models a replaced landed file made stale), and
    `dbt run-operation lw_drop_built_schemas` every schema the project builds (a fresh build).
-#}
{% macro lw_drop_relations(relations) %}
    {%- set database = target.database if target.database is defined else none -%}
    {%- for schema, identifier in relations -%}
        {%- set relation = adapter.get_relation(database=database, schema=schema, identifier=identifier) -%}
        {%- if relation is not none -%}
            {%- do adapter.drop_relation(relation) -%}
            {{ log('dropped ' ~ relation, info=true) }}
        {%- endif -%}
    {%- endfor -%}
{% endmacro %}

{% macro lw_drop_built_schemas() %}
    {%- set database = target.database if target.database is defined else none -%}
    {%- set schemas = [] -%}
    {%- for node in graph.nodes.values() if node.resource_type in ('model', 'seed', 'snapshot') -%}
        {%- if node.schema not in schemas -%}
            {%- do schemas.append(node.schema) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for schema in schemas | sort -%}
        {%- do adapter.drop_schema(api.Relation.create(database=database, schema=schema)) -%}
        {{ log('dropped schema ' ~ schema, info=true) }}
    {%- endfor -%}
{% endmacro %}
