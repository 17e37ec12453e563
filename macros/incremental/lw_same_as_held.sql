{#-
    Predicate for an incremental model that re-derives more rows than changed: true when the row
    `alias` is already held in this model (`this`) exactly as derived now, same `key` and every
    other column equal (NULLs equal), `_loaded_at` aside. Filtering such rows out keeps their
    `_loaded_at`, so the models downstream that read `lw_loaded_since()` see only the rows that
    really changed. Outside an incremental run: false (every row is written).
-#}
{% macro lw_same_as_held(alias, key) -%}
    {%- if not lw_is_incremental() -%}
        false
    {%- else -%}
        {%- set columns = [] -%}
        {%- if not lw_lint_mode() -%}
            {%- for c in adapter.get_columns_in_relation(this) -%}
                {%- if c.name not in key and c.name != '_loaded_at' -%}{%- do columns.append(c.name) -%}{%- endif -%}
            {%- endfor -%}
        {%- endif -%}
        exists (
            select 1 from {{ this }} as held
            where
            {%- for k in key %}
                {{ 'and ' if not loop.first }}held.{{ k }} = {{ alias }}.{{ k }}
            {%- endfor %}
            {%- for c in columns %}
                and held.{{ adapter.quote(c) }} is not distinct from {{ alias }}.{{ adapter.quote(c) }}
            {%- endfor %}
        )
    {%- endif -%}
{%- endmacro %}
