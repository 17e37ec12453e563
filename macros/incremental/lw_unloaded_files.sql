{#-
    For an incremental base model: the source relation (a `read_csv` over the landing glob)
    rewritten to read only the landed files whose rows are not yet in `loaded_into`, or none
    when there are none. The file list is passed to read_csv itself, because a filter on the
    file name is not pushed into the scan: every file would still be read.
    A file that was loaded but is no longer in the landing area stops the build: rows would
    silently differ from a full refresh, so the message names the files and the remedy.
-#}
{% macro lw_unloaded_files(relation, loaded_into) -%}
    {%- set text = relation | string -%}
    {%- set found = modules.re.match("^\\s*read_csv\\(\\s*'((?:[^']|'')*)'", text) -%}
    {%- if not found -%}
        {{ exceptions.raise_compiler_error(
            "incremental base model: source " ~ relation.identifier ~ " is not a read_csv over a file pattern: " ~ text[:200]
        ) }}
    {%- endif -%}
    {%- set pattern = found.group(1) -%}
    {%- set landed = run_query("select file from glob('" ~ pattern ~ "') order by file").columns[0].values() | list -%}
    {%- set loaded = run_query("select distinct _source_file from " ~ loaded_into ~ " order by 1").columns[0].values() | list -%}
    {%- set gone = [] -%}
    {%- for f in loaded if f not in landed -%}
        {%- do gone.append(f) -%}
    {%- endfor -%}
    {%- if gone -%}
        {{ exceptions.raise_compiler_error(
            loaded_into ~ " holds rows of " ~ gone | length ~ " of its " ~ loaded | length
            ~ " loaded file(s) that are no longer in the landing area (" ~ pattern ~ "), e.g. " ~ gone[0]
            ~ (". Was the landing area moved? " if gone | length == loaded | length else ". ")
            ~ "Land the files again, or rebuild from what is landed: dbt build --full-refresh"
            ~ " (lwh build --fresh)."
        ) }}
    {%- endif -%}
    {%- set new = [] -%}
    {%- for f in landed if f not in loaded -%}
        {%- do new.append("'" ~ f | replace("'", "''") ~ "'") -%}
    {%- endfor -%}
    {%- if not new -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(text[:found.start(1) - 1] ~ '[' ~ new | join(', ') ~ ']' ~ text[found.end(1) + 1:]) }}
{%- endmacro %}
