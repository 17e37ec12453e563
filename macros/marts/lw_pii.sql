{#-
    A personal-data column as the marts expose it, by var pii_mode:
      plain    the value as it is
      hashed   SHA-256 of the value with the salt from the environment variable LWH_PII_SALT
               (equal values still join and count alike; the salt is never committed)
      removed  NULL
    Any other mode, or hashed without a salt, stops the build. The salt reaches SQL only as a
    quoted literal (compiled SQL under target/ contains it: keep target/ private).
-#}
{% macro lw_pii(expr) -%}
    {%- set mode = var('pii_mode', 'plain') | string | lower -%}
    {%- if mode == 'plain' -%}
        {{ expr }}
    {%- elif mode == 'hashed' -%}
        {%- set salt = env_var('LWH_PII_SALT', '') -%}
        {%- if salt | length < 8 -%}
            {{ exceptions.raise_compiler_error(
                "pii_mode 'hashed' needs a secret salt of at least 8 characters in the environment variable"
                ~ " LWH_PII_SALT"
            ) }}
        {%- endif -%}
        case when {{ expr }} is null then null else {{ lw_pii_hash(expr, salt) }} end
    {%- elif mode == 'removed' -%}
        cast(null as {{ dbt.type_string() }})
    {%- else -%}
        {{ exceptions.raise_compiler_error("var pii_mode must be plain, hashed or removed, not '" ~ mode ~ "'") }}
    {%- endif -%}
{%- endmacro %}
