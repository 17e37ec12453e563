{#-
    A raw text value with the system's NULL markers (lw_null_markers) turned into NULL. Nothing
    else is rewritten: an empty field is NULL already as the file is read, surrounding spaces
    stay (typed parsers trim; a blank value in a typed column is a parse failure, recorded).
-#}
{% macro lw_clean_text(expr, markers) -%}
    {%- if markers -%}
    case when {{ expr }} in ({{ lw_sql_list(markers) }}) then null else {{ expr }} end
    {%- else -%}
    {{ expr }}
    {%- endif -%}
{%- endmacro %}
