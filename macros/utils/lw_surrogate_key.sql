{#-
    The project's one surrogate key: an MD5 hex digest of the given expressions, NULLs spelled
    as a token so that (NULL, 'a') and ('a', NULL) differ. Portable (dbt.hash, dbt.concat).
-#}
{% macro lw_surrogate_key(expressions) -%}
    {%- set parts = [] -%}
    {%- for expr in expressions -%}
        {%- do parts.append("coalesce(cast(" ~ expr ~ " as " ~ dbt.type_string() ~ "), '_lw_null_')") -%}
        {%- if not loop.last -%}{%- do parts.append("'|'") -%}{%- endif -%}
    {%- endfor -%}
    {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}
