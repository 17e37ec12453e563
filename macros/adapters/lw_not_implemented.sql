{#-
    The engine seam (macros/adapters/): every construct one engine spells its own way is a
    dispatched macro here, with a `default__` (portable SQL, or this error) and a `duckdb__`
    implementation. An engine author writes `<adapter>__<macro>` for each macro whose default
    raises this error (CONTRIBUTING.md, "Add an engine").
-#}
{% macro lw_not_implemented(macro_name) -%}
    {{ exceptions.raise_compiler_error(
        macro_name ~ " has no implementation for the '" ~ adapter.type() ~ "' adapter: write "
        ~ adapter.type() ~ "__" ~ macro_name ~ " in macros/adapters/" ~ macro_name ~ ".sql"
        ~ " (CONTRIBUTING.md, \"Add an engine\")"
    ) }}
{%- endmacro %}
