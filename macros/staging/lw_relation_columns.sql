{#- Column names a relation (here: a read_csv over landed files) really has. -#}
{% macro lw_relation_columns(relation) -%}
    {%- set result = run_query('describe select * from ' ~ relation) -%}
    {{ return(result.columns[0].values() | list) }}
{%- endmacro %}
