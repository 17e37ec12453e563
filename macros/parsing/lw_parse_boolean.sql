{#-
    Boolean from every spelling the exports use, any case, surrounding spaces ignored:
    t/f (Redshift), true/false, True/False, 1/0, yes/no, y/n. Anything else is NULL (and, when
    present, recorded by the audit as a value that failed to parse).
    A simple CASE, not `in (...)` lists: DuckDB plans those as a join per list.
-#}
{% macro lw_parse_boolean(expr) -%}
    case lower(trim({{ expr }}))
        {%- for spelling in ['t', 'true', '1', 'y', 'yes'] %}
        when '{{ spelling }}' then true
        {%- endfor %}
        {%- for spelling in ['f', 'false', '0', 'n', 'no'] %}
        when '{{ spelling }}' then false
        {%- endfor %}
    end
{%- endmacro %}
