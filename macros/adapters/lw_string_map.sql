{#-
    A map from text to text of the entries whose value is not NULL (NULL when there are no
    entries). `entries`: [(key SQL, value SQL)]. The base models keep the columns no document
    knows this way (_unknown_columns).
-#}
{% macro lw_string_map(entries) -%}
    {{ return(adapter.dispatch('lw_string_map', 'learning_warehouse')(entries)) }}
{%- endmacro %}

{% macro default__lw_string_map(entries) -%}
    {{ lw_not_implemented('lw_string_map') }}
{%- endmacro %}

{% macro duckdb__lw_string_map(entries) -%}
    {%- if entries -%}
        map_from_entries(list_filter([
            {%- for key, value in entries %}
            {'key': {{ key }}, 'value': {{ value }}}{{ ',' if not loop.last }}
            {%- endfor %}
        ], lambda e: e.value is not null))
    {%- else -%}
        cast(null as map(varchar, varchar))
    {%- endif -%}
{%- endmacro %}

{#- Spark: map_from_entries over an array of named_structs, filtered with a lambda. -#}
{% macro spark__lw_string_map(entries) -%}
    {%- if entries -%}
        map_from_entries(filter(array(
            {%- for key, value in entries %}
            named_struct('key', {{ key }}, 'value', cast({{ value }} as string)){{ ',' if not loop.last }}
            {%- endfor %}
        ), e -> e.value is not null))
    {%- else -%}
        cast(null as map<string, string>)
    {%- endif -%}
{%- endmacro %}
