{#-
    A list of structs, one per check that holds in this row, or NULL when none holds (the list is
    built only for the rare rows with a hit). `checks`: [(condition SQL, [value SQL per field])];
    `fields`: the struct's field names (every field is text). Used for parse errors, range
    violations and NULL markers in the base models.
-#}
{% macro lw_failure_list(checks, fields) -%}
    {{ return(adapter.dispatch('lw_failure_list', 'learning_warehouse')(checks, fields)) }}
{%- endmacro %}

{% macro default__lw_failure_list(checks, fields) -%}
    {{ lw_not_implemented('lw_failure_list') }}
{%- endmacro %}

{% macro duckdb__lw_failure_list(checks, fields) -%}
    {%- if not checks -%}
        cast(null as struct({% for f in fields %}{{ f }} varchar{{ ', ' if not loop.last }}{% endfor %})[])
    {%- else -%}
        case when {% for cond, _ in checks %}({{ cond }}){{ ' or ' if not loop.last }}{% endfor %}
        then list_filter([
            {%- for cond, values in checks %}
            case when {{ cond }} then {
                {%- for f in fields %}'{{ f }}': {{ values[loop.index0] }}{{ ', ' if not loop.last }}{% endfor -%}
            } end{{ ',' if not loop.last }}
            {%- endfor %}
        ], lambda e: e is not null) end
    {%- endif -%}
{%- endmacro %}

{#- Spark: an array of named_structs, filtered with a lambda. -#}
{% macro spark__lw_failure_list(checks, fields) -%}
    {%- if not checks -%}
        cast(null as array<struct<{% for f in fields %}{{ f }}: string{{ ', ' if not loop.last }}{% endfor %}>>)
    {%- else -%}
        case when {% for cond, _ in checks %}({{ cond }}){{ ' or ' if not loop.last }}{% endfor %}
        then filter(array(
            {%- for cond, values in checks %}
            case when {{ cond }} then named_struct(
                {%- for f in fields %}
                '{{ f }}', cast({{ values[loop.index0] }} as string){{ ', ' if not loop.last }}
                {%- endfor -%}
            ) end{{ ',' if not loop.last }}
            {%- endfor %}
        ), e -> e is not null) end
    {%- endif -%}
{%- endmacro %}
