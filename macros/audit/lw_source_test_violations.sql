{#-
    The rows of staging models that break a vendor-property check, one row per check and
    offending row, unioned. `checks`: a list of
      {model, key: [columns], columns: [columns], test: 'accepted_values', values: [...]}
      {model, key: [columns], columns: [columns], test: 'relationships', to: model, field: [columns]}
    (written by `lwh codegen` from the column spec, the same checks its warn tests run). Checks
    of a system switched off (var <system>_enabled) are left out.
-#}
{% macro lw_source_test_violations(checks) -%}
    {%- set enabled = [] -%}
    {%- for check in checks
        if lw_system_enabled(check.model.split('__')[0][4:])
        and (check.test != 'relationships' or lw_system_enabled(check.to.split('__')[0][4:])) -%}
        {%- do enabled.append(check) -%}
    {%- endfor -%}
    {%- if not enabled %}
select
    cast(null as {{ dbt.type_string() }}) as test_name,
    cast(null as {{ dbt.type_string() }}) as test_type,
    cast(null as {{ dbt.type_string() }}) as model_name,
    cast(null as {{ dbt.type_string() }}) as column_name,
    cast(null as {{ dbt.type_string() }}) as offending_value,
    cast(null as {{ dbt.type_string() }}) as key_value,
    cast(null as {{ dbt.type_string() }}) as source_file,
    cast(null as bigint) as source_row_number
where false
    {%- endif %}
    {%- for check in enabled %}
        {%- set cols = check.columns %}
        {%- if check.test == 'accepted_values' %}
            {%- set name = 'accepted_values: ' ~ check.model ~ '.' ~ cols[0]
                ~ ' in (' ~ check['values'] | join(', ') ~ ')' %}
        {%- else %}
            {%- set name = 'relationships: ' ~ check.model ~ '.' ~ cols | join('+') ~ ' -> '
                ~ check.to ~ '.' ~ check.field | join('+') %}
        {%- endif %}
select
    {{ lw_sql_string(name) }} as test_name,
    {{ lw_sql_string(check.test) }} as test_type,
    {{ lw_sql_string(check.model) }} as model_name,
    {{ lw_sql_string(cols | join(', ')) }} as column_name,
    {{ lw_text_of(cols, 'checked') }} as offending_value,
    {{ lw_text_of(check.key, 'checked', labelled=true) }} as key_value,
    checked._source_file as source_file,
    checked._source_row_number as source_row_number
from {{ ref(check.model) }} as checked
        {%- if check.test == 'accepted_values' %}
where
    checked.{{ adapter.quote(cols[0]) }} is not null
    and checked.{{ adapter.quote(cols[0]) }} not in (
        {%- for v in check['values'] %}{{ lw_sql_string(v) }}{{ ', ' if not loop.last }}{% endfor -%}
    )
        {%- else %}
left join (
    select distinct
        {%- for f in check.field %}
        {{ adapter.quote(f) }} as parent_{{ loop.index }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ref(check.to) }}
) as parent
    on
        {%- for c in cols %}
        checked.{{ adapter.quote(c) }} = parent.parent_{{ loop.index }}{{ ' and' if not loop.last }}
        {%- endfor %}
where
    {%- for c in cols %}
    checked.{{ adapter.quote(c) }} is not null and
    {%- endfor %}
    parent.parent_1 is null
        {%- endif %}
{% if not loop.last %}union all{% endif %}
    {%- endfor %}
{%- endmacro %}

{#- Columns of `alias` as one text value: `a, b`, or labelled `a=1; b=2`. -#}
{% macro lw_text_of(columns, alias, labelled=false) -%}
    {%- set parts = [] -%}
    {%- for c in columns -%}
        {%- set column = alias ~ "." ~ adapter.quote(c) -%}
        {%- set value = "coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), 'NULL')" -%}
        {%- do parts.append((lw_sql_string(c ~ '=') ~ ' || ' ~ value) if labelled else value) -%}
    {%- endfor -%}
    {{- parts | join(" || '; ' || ") if labelled else parts | join(" || ', ' || ") -}}
{%- endmacro %}
