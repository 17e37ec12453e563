{#-
    A filter that applies only to an incremental run: `predicate` there, `true` in a full build.
    Keeps a WHERE clause the same shape in both branches (and so lint-clean in both).
-#}
{% macro lw_if_incremental(predicate) -%}
    {{- predicate if lw_is_incremental() else 'true' -}}
{%- endmacro %}
