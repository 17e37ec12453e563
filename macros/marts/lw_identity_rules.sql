{#-
    The identity matching rules (var identity_rules), validated: a list, tried in order, of
      {rule: <name>, learnamp_custom_field: <custom field name>, brightspace_field: <column>}
    brightspace_field must be a text column of stg_brightspace__users; rule names are simple
    identifiers; the custom field name is passed to SQL only as a quoted literal.
-#}
{% macro lw_identity_rules() -%}
    {%- set allowed = ['org_defined_id', 'external_email', 'user_name'] -%}
    {%- set rules = var('identity_rules') -%}
    {%- set seen = [] -%}
    {%- for r in rules -%}
        {%- if r.get('rule') is none or not modules.re.fullmatch('[a-z][a-z0-9_]*', r.get('rule') | string) -%}
            {{ exceptions.raise_compiler_error(
                "identity_rules: every rule needs a name of lower-case letters, digits and _: " ~ r
            ) }}
        {%- endif -%}
        {%- if r.get('brightspace_field') not in allowed -%}
            {{ exceptions.raise_compiler_error(
                "identity_rules: brightspace_field of rule " ~ r.rule ~ " must be one of " ~ allowed
            ) }}
        {%- endif -%}
        {%- if not r.get('learnamp_custom_field') -%}
            {{ exceptions.raise_compiler_error("identity_rules: rule " ~ r.rule ~ " needs learnamp_custom_field") }}
        {%- endif -%}
        {%- if r.rule in seen -%}
            {{ exceptions.raise_compiler_error("identity_rules: rule name " ~ r.rule ~ " is used twice") }}
        {%- endif -%}
        {%- do seen.append(r.rule) -%}
    {%- endfor -%}
    {{ return(rules) }}
{%- endmacro %}
