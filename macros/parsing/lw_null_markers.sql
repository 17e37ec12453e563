{#-
    The texts that mean NULL in a system's exports, besides an empty field (which the CSV
    reader already reads as NULL), as the vendors document them:
      Brightspace  none: only an empty field is NULL (a surname `Null` is a surname)
      Learn Amp    `\N`, plus whatever var learnamp_null_markers adds (e.g. ['NULL'] where the
                   Redshift export was made with UNLOAD ... NULL AS 'NULL')
    Exact, case-sensitive matches of the whole field. Every value a marker turned into NULL is
    counted in audit_null_markers.
-#}
{% macro lw_null_markers(system) -%}
    {%- if system == 'learnamp' -%}
        {{ return(['\\N'] + (var('learnamp_null_markers', []) or [])) }}
    {%- else -%}
        {{ return([]) }}
    {%- endif -%}
{%- endmacro %}
