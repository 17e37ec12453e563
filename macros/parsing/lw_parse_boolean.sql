{#-
    Boolean from every spelling the exports use, any case, surrounding spaces ignored:
    t/f (Redshift), true/false, True/False, 1/0, yes/no, y/n. Anything else is NULL (and, when
    present, recorded by the audit as a value that failed to parse).
-#}
{% macro lw_parse_boolean(expr) -%}
    case
        when lower(trim({{ expr }})) in ('t', 'true', '1', 'y', 'yes') then true
        when lower(trim({{ expr }})) in ('f', 'false', '0', 'n', 'no') then false
    end
{%- endmacro %}
