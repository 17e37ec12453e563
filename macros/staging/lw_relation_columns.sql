{#- Column names a relation (here: a source's read_csv over every landed file) really has. -#}
{% macro lw_relation_columns(relation) -%}
    {%- set result = run_query('describe select * from ' ~ relation) -%}
    {{ return(result.columns[0].values() | list) }}
{%- endmacro %}
