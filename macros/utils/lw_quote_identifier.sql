{#-
    Any text as a quoted SQL identifier: embedded double quotes doubled, so a vendor's header
    name (quotes, apostrophes, semicolons, newlines, SQL text) reaches SQL only as a name.
-#}
{% macro lw_quote_identifier(name) -%}
    "{{ name | string | replace('"', '""') }}"
{%- endmacro %}
