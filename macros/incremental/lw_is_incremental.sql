{#-
    dbt's is_incremental(), safe where there is no `this` (dbt unit tests of staging models,
    which always test the full-build SQL).
    LWH_LINT_INCREMENTAL_BRANCH=1 (set by `make lint` for its second pass, never for a build)
    renders the incremental branch of every model without a warehouse, so SQLFluff lints both
    branches whatever the local state; the queries incremental runs make of `this` are then
    replaced by fixed values (see lw_loaded_since, lw_lint_mode).
-#}
{% macro lw_is_incremental() -%}
    {{ return(execute and this is not none and (lw_lint_mode() or is_incremental())) }}
{%- endmacro %}

{% macro lw_lint_mode() -%}
    {{ return(env_var('LWH_LINT_INCREMENTAL_BRANCH', '') == '1') }}
{%- endmacro %}

{#- LWH_LINT=1 (set by `make lint` for both passes, never for a build): SQLFluff renders every
    model against an empty landing area, so base models read no files instead of stopping. -#}
{% macro lw_linting() -%}
    {{ return(env_var('LWH_LINT', '') == '1') }}
{%- endmacro %}
