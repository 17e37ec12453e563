{#-
    The days on which the activity facts (fct_login, fct_learning_activity, fct_course_access)
    wrote rows since the last run of the incremental model being built: a query of one column,
    `activity_date`. A model aggregated by day recomputes exactly these days (delete+insert on
    activity_date): a fact row written since carries the day it counts on, so every other day's
    aggregate is unchanged.
-#}
{% macro lw_activity_days_loaded_since() -%}
    select login_date as activity_date from {{ ref('fct_login') }}
    where {{ lw_loaded_since() }}
    union
    select activity_date from {{ ref('fct_learning_activity') }}
    where {{ lw_loaded_since() }}
    union
    select access_date as activity_date from {{ ref('fct_course_access') }}
    where {{ lw_loaded_since() }}
{%- endmacro %}
