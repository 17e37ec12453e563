{#-
    A raw text value with the export tools' NULL spellings turned into NULL: an empty or
    blank field, `NULL` (any case) and `\N`. Typed parsers trim first; varchar columns keep
    their value as exported (surrounding spaces included) unless it is one of those tokens.
-#}
{% macro lw_clean_text(expr) -%}
    case
        when trim({{ expr }}) = '' then null
        when upper(trim({{ expr }})) in ('NULL', '\N') then null
        else {{ expr }}
    end
{%- endmacro %}
