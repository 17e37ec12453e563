{#- SQL condition: the value of `expr` breaks the rule from lw_range_rule (NULL never does). -#}
{% macro lw_range_violated(rule, expr) -%}
    {%- set checks = [] -%}
    {%- if rule.kind == 'date' -%}
        {%- do checks.append(expr ~ " < date '" ~ rule.lo ~ "'") -%}
        {%- do checks.append(expr ~ " >= date '" ~ rule.hi ~ "'") -%}
    {%- else -%}
        {%- if rule.lo is not none -%}{%- do checks.append(expr ~ ' < ' ~ (rule.lo | float)) -%}{%- endif -%}
        {%- if rule.hi is not none -%}{%- do checks.append(expr ~ ' > ' ~ (rule.hi | float)) -%}{%- endif -%}
    {%- endif -%}
    coalesce({{ checks | join(' or ') }}, false)
{%- endmacro %}
