{#-
    The plausibility rule of a column spec entry, or none: numbers outside the spec's meta.min /
    meta.max (scores 0-100, durations and counts not negative), dates and timestamps outside
    [var plausible_date_min, var plausible_date_max) (default 1970-01-01 to 2100-01-01, which
    catches sentinels such as 0001-01-01 and 9999-12-31). Returns {text, kind, lo, hi}.
-#}
{% macro lw_range_rule(col) -%}
    {%- set t = col.data_type | lower -%}
    {%- if t in ('date', 'timestamp') -%}
        {%- set lo = var('plausible_date_min', '1970-01-01') | string -%}
        {%- set hi = var('plausible_date_max', '2100-01-01') | string -%}
        {%- for d in [lo, hi] if not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', d) -%}
            {{ exceptions.raise_compiler_error(
                "vars plausible_date_min/max must be YYYY-MM-DD dates, not '" ~ d ~ "'"
            ) }}
        {%- endfor -%}
        {{ return({'text': 'on or after ' ~ lo ~ ' and before ' ~ hi, 'kind': 'date', 'lo': lo, 'hi': hi}) }}
    {%- elif col.get('min') is not none or col.get('max') is not none -%}
        {%- set texts = [] -%}
        {%- if col.get('min') is not none -%}{%- do texts.append('>= ' ~ col['min']) -%}{%- endif -%}
        {%- if col.get('max') is not none -%}{%- do texts.append('<= ' ~ col['max']) -%}{%- endif -%}
        {{ return({'text': texts | join(' and '), 'kind': 'number', 'lo': col.get('min'), 'hi': col.get('max')}) }}
    {%- else -%}
        {{ return(none) }}
    {%- endif -%}
{%- endmacro %}
