{#-
    dbt's is_incremental(), safe where there is no `this` (dbt unit tests of staging models,
    which always test the full-build SQL).
-#}
{% macro lw_is_incremental() -%}
    {{ return(execute and this is not none and is_incremental()) }}
{%- endmacro %}
