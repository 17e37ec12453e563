{#-
    What a base model reads: its source relation (a `read_csv` over the landing glob) split
    into one `read_csv` per landed file, numbered row by row in file order (`_lwh_file_row`)
    and combined `union all by name` (files of different versions line up by column name, as
    `union_by_name` does). Numbering each file as it streams keeps memory flat: a window
    partitioned by file name over one multi-file scan would hold every row of every file.
    `loaded_into` (incremental runs): only the files whose rows that model does not hold yet;
    none when there are none. The file list goes to the reader itself, because a filter on the
    file name is not pushed into the scan: every file would still be read.
    Each row's file name (`filename`) is the file's path relative to the landing area
    (`<system>/<table>/<file>.csv`, as `lwh land` logs it), so a warehouse keeps working when
    the landing area moves. (Warehouses built before held absolute paths; a loaded file under
    the current landing area counts as loaded either way.)
    A file that was loaded but is no longer in the landing area stops the build: rows would
    silently differ from a full refresh, so the message names the files and the remedy.
-#}
{% macro lw_landed_file_reader(relation, loaded_into=none) -%}
    {%- set text = relation | string -%}
    {%- set found = modules.re.match("^\\s*read_csv\\(\\s*'((?:[^']|'')*)'", text) -%}
    {%- if not found -%}
        {{ exceptions.raise_compiler_error(
            "base model: source " ~ relation.identifier ~ " is not a read_csv over a file pattern: " ~ text[:200]
        ) }}
    {%- endif -%}
    {%- set pattern = found.group(1) -%}
    {%- set root = landing_raw_dir().rstrip('/') ~ '/' -%}
    {%- set paths = run_query("select file from glob('" ~ pattern ~ "') order by file").columns[0].values() | list -%}
    {%- set relative = {} -%}
    {%- set landed = [] -%}
    {%- for f in paths -%}
        {%- do relative.update({f: f[root | length:] if f.startswith(root) else f}) -%}
        {%- do landed.append(relative[f]) -%}
    {%- endfor -%}
    {%- set files = [] -%}
    {%- if loaded_into is none -%}
        {%- set files = paths -%}
    {%- else -%}
        {%- set loaded = [] -%}
        {%- for f in run_query("select distinct _source_file from " ~ loaded_into ~ " order by 1").columns[0].values() -%}
            {%- do loaded.append(f[root | length:] if f.startswith(root) else f) -%}
        {%- endfor -%}
        {%- set gone = [] -%}
        {%- for f in loaded if f not in landed -%}
            {%- do gone.append(f) -%}
        {%- endfor -%}
        {%- if gone -%}
            {{ exceptions.raise_compiler_error(
                loaded_into ~ " holds rows of " ~ gone | length ~ " of its " ~ loaded | length
                ~ " loaded file(s) that are no longer in the landing area (" ~ pattern ~ "), e.g. " ~ gone[0]
                ~ (". Is LWH_RAW_DIR the landing area this warehouse was built from? "
                   if gone | length == loaded | length else ". ")
                ~ "Land the files again, or rebuild from what is landed: dbt build --full-refresh"
                ~ " (lwh build --fresh)."
            ) }}
        {%- endif -%}
        {%- for f in paths if relative[f] not in loaded -%}
            {%- do files.append(f) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if not files -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set reads = [] -%}
    {%- for f in files -%}
        {%- do reads.append(
            "select * replace ('" ~ relative[f] | replace("'", "''") ~ "' as filename),"
            ~ " row_number() over () as _lwh_file_row from "
            ~ text[:found.start(1) - 1] ~ "'" ~ f | replace("'", "''") ~ "'" ~ text[found.end(1) + 1:]
        ) -%}
    {%- endfor -%}
    {{ return("(\n    " ~ reads | join("\n    union all by name\n    ") ~ "\n)") }}
{%- endmacro %}
