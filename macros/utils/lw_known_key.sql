{#-
    A dimension key as a fact or dimension stores it: the key when the dimension has that
    member, else the explicit unknown member ('-1'), never a dangling key and never NULL.
-#}
{% macro lw_known_key(key_sql, dimension, key_column) -%}
    case
        when {{ key_sql }} in (select {{ key_column }} from {{ ref(dimension) }}) then {{ key_sql }}
        else {{ lw_unknown_key() }}
    end
{%- endmacro %}
