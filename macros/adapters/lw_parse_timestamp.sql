{#-
    UTC timestamp (without time zone) from ISO-8601-like text: date and time separated by a
    space or `T`, optional fractional seconds, and optionally a zone: `Z`, `+00`, `+0000`,
    `+00:00` or any other offset (a space before it allowed), which is converted to UTC. Text without a zone is taken
    as UTC, as both vendors document. A date alone gives midnight. Else NULL.
-#}
{% macro lw_parse_timestamp(expr) -%}
    {{ return(adapter.dispatch('lw_parse_timestamp', 'learning_warehouse')(expr)) }}
{%- endmacro %}

{% macro default__lw_parse_timestamp(expr) -%}
    cast(try_cast(trim({{ expr }}) as {{ dbt.type_timestamp() }}) as {{ dbt.type_timestamp() }})
{%- endmacro %}

{% macro duckdb__lw_parse_timestamp(expr) -%}
    case
        when not regexp_full_match(trim({{ expr }}), '[0-9]{4}-[0-9]{2}-[0-9]{2}([ Tt].*)?') then null
        -- an explicit zone: through timestamptz, then expressed in UTC (plain timestamp
        -- casts would silently drop the offset)
        -- (SQL Server's datetimeoffset text puts a space before the offset: removed first)
        when regexp_matches(trim({{ expr }}), '([zZ]|[+-][0-9]{2}(:?[0-9]{2})?)$')
            then timezone(
                'UTC', try_cast(regexp_replace(upper(trim({{ expr }})), '\s+([Z+-][0-9:]*)$', '\1') as timestamptz)
            )
        else try_cast(upper(trim({{ expr }})) as timestamp)
    end
{%- endmacro %}

{#- Spark: a cast of text with an explicit zone converts it to the session time zone (UTC,
    profiles.yml); text without one is read as UTC. -#}
{% macro spark__lw_parse_timestamp(expr) -%}
    case
        when not trim({{ expr }}) rlike '^[0-9]{4}-[0-9]{2}-[0-9]{2}([ Tt].*)?$' then null
        when trim({{ expr }}) rlike '([zZ]|[+-][0-9]{2}(:?[0-9]{2})?)$'
            then try_cast(regexp_replace(upper(trim({{ expr }})), '\\s+([Z+-][0-9:]*)$', '$1') as timestamp)
        else try_cast(upper(trim({{ expr }})) as timestamp)
    end
{%- endmacro %}
