{#-
    A table model that reads its own previous version (int_identity__user_keys keeps each key's
    _loaded_at while the key stays the same). `lw_previous_version(previous)` is the relation to
    read the previous version from while the model is rebuilt; the model's pre- and post-hooks
    `lw_keep_previous_version()` and `lw_drop_previous_version()` prepare and clean it up.

    DuckDB (and the standard) builds the new table beside the old one and then swaps them: the
    model reads the old table itself and the hooks do nothing. Spark drops a Parquet table before
    creating it again, so there the pre-hook copies the old table to `<table>__lw_previous`, the
    model reads the copy, and the post-hook drops it (a failed build leaves the copy, which the
    next build replaces).
-#}
{% macro lw_previous_version(previous) -%}
    {{ return(adapter.dispatch('lw_previous_version', 'learning_warehouse')(previous)) }}
{%- endmacro %}

{% macro default__lw_previous_version(previous) -%}
    {{ return(previous) }}
{%- endmacro %}

{% macro duckdb__lw_previous_version(previous) -%}
    {{ return(default__lw_previous_version(previous)) }}
{%- endmacro %}

{% macro spark__lw_previous_version(previous) -%}
    {{ return(previous.incorporate(path={'identifier': previous.identifier ~ '__lw_previous'})) }}
{%- endmacro %}

{% macro lw_keep_previous_version() -%}
    {{ return(adapter.dispatch('lw_keep_previous_version', 'learning_warehouse')()) }}
{%- endmacro %}

{% macro default__lw_keep_previous_version() -%}
{%- endmacro %}

{% macro duckdb__lw_keep_previous_version() -%}
    {{ default__lw_keep_previous_version() }}
{%- endmacro %}

{% macro spark__lw_keep_previous_version() -%}
    {%- if execute -%}
        {%- set current = adapter.get_relation(this.database, this.schema, this.identifier) -%}
        {%- if current is not none -%}
            {%- set kept = lw_previous_version(current) -%}
            {%- do run_query('drop table if exists ' ~ kept) -%}
            create table {{ kept }} using parquet as select * from {{ current }}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{% macro lw_drop_previous_version() -%}
    {{ return(adapter.dispatch('lw_drop_previous_version', 'learning_warehouse')()) }}
{%- endmacro %}

{% macro default__lw_drop_previous_version() -%}
{%- endmacro %}

{% macro duckdb__lw_drop_previous_version() -%}
    {{ default__lw_drop_previous_version() }}
{%- endmacro %}

{% macro spark__lw_drop_previous_version() -%}
    drop table if exists {{ lw_previous_version(this) }}
{%- endmacro %}
