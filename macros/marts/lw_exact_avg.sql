{#-
    The mean of a fractional expression (a share, a grade as a fraction), summed exactly as a
    decimal, so that it does not depend on the order an engine adds the rows in (a double's sum
    does: an incremental run and a full refresh could differ in the last digit). Returns a double;
    used by int_brightspace__learner_course_progress and rpt_course_offering_summary.
-#}
{% macro lw_exact_avg(expr) -%}
    cast(avg(cast({{ expr }} as decimal(38, 18))) as double)
{%- endmacro %}
