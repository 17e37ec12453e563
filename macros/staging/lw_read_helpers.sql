{#-
    Small pieces of a base model's read (lw_base_model), over the reader's alias `alias`.
    Every header name reaches SQL through lw_quote_identifier (identifiers) or lw_sql_string
    (string literals), never as raw text.
-#}

{#- One documented column from the header name(s) that match it (one per spelling). -#}
{% macro lw_coalesced(alias, names) -%}
    {%- if names | length == 1 -%}
        {{ alias }}.{{ lw_quote_identifier(names[0]) }}
    {%- else -%}
        coalesce({% for n in names %}{{ alias }}.{{ lw_quote_identifier(n) }}{{ ', ' if not loop.last }}{% endfor %})
    {%- endif -%}
{%- endmacro %}

{#- The values of columns the documentation does not know, by header name (verbatim). -#}
{% macro lw_unknown_columns_map(alias, names) -%}
    {%- if names -%}
        map_from_entries(list_filter([
            {%- for c in names %}
            {'key': {{ lw_sql_string(c) }}, 'value': {{ alias }}.{{ lw_quote_identifier(c) }}}{{ ',' if not loop.last }}
            {%- endfor %}
        ], lambda e: e.value is not null))
    {%- else -%}
        cast(null as map(varchar, varchar))
    {%- endif -%}
{%- endmacro %}

{#- Which documented columns held a NULL marker in this row: a list of {column_name, marker,
    hit}, built only for the rare rows with one (CASE evaluates THEN for matching rows alone). -#}
{% macro lw_null_marker_hits(alias, columns, matched, markers) -%}
    {%- set checked = [] -%}
    {%- for col in columns if col.name in matched -%}
        {%- do checked.append((col.out_name, lw_coalesced(alias, matched[col.name]))) -%}
    {%- endfor -%}
    {%- if markers and checked -%}
        case when false
            {%- for name, expr in checked %}
            or {{ expr }} in ({{ lw_sql_list(markers) }})
            {%- endfor %}
        then list_filter([
            {%- for name, expr in checked %}
            {'column_name': {{ lw_sql_string(name) }}, 'marker': {{ expr }}, 'hit': {{ expr }} in ({{ lw_sql_list(markers) }})}{{ ',' if not loop.last }}
            {%- endfor %}
        ], lambda e: e.hit) end
    {%- else -%}
        cast(null as struct(column_name varchar, marker varchar, hit boolean)[])
    {%- endif -%}
{%- endmacro %}
