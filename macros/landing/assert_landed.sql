{#- Stops the run with a clear message when a source table has no landed file. -#}
{% macro assert_landed(system, table_name) -%}
    {%- set pattern = landing_glob(system, table_name) -%}
    {%- if lw_count_files(pattern) == 0 -%}
        {{- exceptions.raise_compiler_error(
            "No landed files for source table " ~ system ~ "." ~ table_name
            ~ ": expected CSV files matching '" ~ pattern ~ "'. Land the exports with"
            ~ " `lwh land <files> --raw-dir " ~ landing_raw_dir() ~ "`, set LWH_RAW_DIR to the"
            ~ " landing area, or switch the system off with --vars '{" ~ system ~ "_enabled: false}'."
        ) -}}
    {%- endif -%}
{%- endmacro %}
