{#-
    Small pieces of a base model's read (lw_landed_rows), over the reader's alias `alias`.
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
