{#-
    The audit columns of a base model, over its `typed` rows (each documented column typed, next
    to its text as landed, raw__<VendorName>). Portable SQL; the lists come from lw_failure_list.
-#}

{#- Values present but not parseable as the column's type (the typed value is NULL):
    a list of {column_name, raw_value, expected_type}, NULL when there is none. -#}
{% macro lw_parse_errors(system, table_name) -%}
    {%- set checks = [] -%}
    {%- for col in lw_table_spec(system, table_name).columns if col.data_type != 'varchar' -%}
        {%- set raw = lw_quote_identifier('raw__' ~ col.name) -%}
        {%- do checks.append((
            raw ~ ' is not null and ' ~ lw_quote_identifier(col.out_name) ~ ' is null',
            [lw_sql_string(col.out_name), raw, lw_sql_string(col.data_type)]
        )) -%}
    {%- endfor -%}
    {{ return(lw_failure_list(checks, ['column_name', 'raw_value', 'expected_type'])) }}
{%- endmacro %}

{#- Values that parsed but lie outside the documented or plausible range (lw_range_rule), kept:
    a list of {column_name, value, rule}, NULL when there is none. -#}
{% macro lw_range_violations(system, table_name) -%}
    {%- set checks = [] -%}
    {%- for col in lw_table_spec(system, table_name).columns -%}
        {%- set rule = lw_range_rule(col) -%}
        {%- if rule -%}
            {%- set value = lw_quote_identifier(col.out_name) -%}
            {%- do checks.append((
                lw_range_violated(rule, value),
                [
                    lw_sql_string(col.out_name),
                    'cast(' ~ value ~ ' as ' ~ dbt.type_string() ~ ')',
                    lw_sql_string(rule.text),
                ]
            )) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(lw_failure_list(checks, ['column_name', 'value', 'rule'])) }}
{%- endmacro %}

{#- Why a row cannot be staged: a key column missing or unparseable (NULL when it can). -#}
{% macro lw_quarantine_reason(system, table_name) -%}
    {%- set spec = lw_table_spec(system, table_name) -%}
    {%- set reasons = [] -%}
    {%- for k in spec.primary_key -%}
        {%- set col = spec.columns | selectattr('out_name', 'equalto', k) | first -%}
        {%- do reasons.append(
            "case when " ~ lw_quote_identifier('raw__' ~ col.name) ~ " is null then 'missing primary key " ~ k ~ "'"
            ~ " when " ~ lw_quote_identifier(k) ~ " is null then 'unparseable primary key " ~ k ~ "' end"
        ) -%}
    {%- endfor -%}
    {{ return("nullif(concat_ws('; ', " ~ reasons | join(', ') ~ "), '')") }}
{%- endmacro %}
