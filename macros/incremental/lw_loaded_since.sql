{#-
    Predicate on `column` (default `_loaded_at`): true for rows loaded after the newest
    `_loaded_at` already in the incremental model being built (`this`), so a run passes on only
    what upstream wrote since this model's last run. Outside an incremental run: no filter.
    The newest time is read when the model is compiled and inlined as a literal, so DuckDB can
    skip whole row groups of the (append-ordered) upstream table.
-#}
{% macro lw_loaded_since(column='_loaded_at') -%}
    {%- if lw_is_incremental() -%}
        {%- set newest = '2000-01-01 00:00:00' if lw_lint_mode()
            else run_query('select max(_loaded_at) from ' ~ this).columns[0].values()[0] -%}
        {%- if newest is none -%}
            true
        {%- else -%}
            {{ column }} > cast('{{ newest }}' as timestamp)
        {%- endif -%}
    {%- else -%}
        true
    {%- endif -%}
{%- endmacro %}
