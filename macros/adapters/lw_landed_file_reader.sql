{#-
    What a base model reads (lw_landed_rows), the engine's part of reading landed files.
    What a base model reads: its source relation (a `read_csv` over the landing glob) split
    into one `read_csv` per landed file, combined `union all by name` (files of different
    versions line up by column name, case-insensitively, as `union_by_name` does). Returns
      {sql: the reader (none when there is nothing to read), columns: the files' own column
       names, verbatim, file_column / row_column: the names of the two columns the reader adds}
    The reader adds each row's landed file (relative to the landing area,
    `<system>/<table>/<file>.csv`, as `lwh land` logs it, so a warehouse keeps working when the
    landing area moves) and its record number in the file, numbered as the file streams (memory
    stays flat). Their names are chosen not to collide with any column of the files: a vendor
    column called `FileName` is data like any other. (Warehouses built before held absolute
    paths; a loaded file under the current landing area counts as loaded either way.)
    `loaded_into` (incremental runs): only the files whose rows that model does not hold yet.
    The file list goes to the reader itself, because a filter on the file name is not pushed
    into the scan: every file would still be read.
    A file that was loaded but is no longer in the landing area stops the build, naming the file
    and the remedy (`lwh unland` records a removal; `lwh build` then rebuilds the table).
-#}
{% macro lw_landed_file_reader(relation, loaded_into=none) -%}
    {{ return(adapter.dispatch('lw_landed_file_reader', 'learning_warehouse')(relation, loaded_into)) }}
{%- endmacro %}

{% macro default__lw_landed_file_reader(relation, loaded_into) -%}
    {{ lw_not_implemented('lw_landed_file_reader') }}
{%- endmacro %}

{#- DuckDB: the source relation is a `read_csv` over the landing glob (dbt-duckdb's
    external_location); one read_csv per file, listed with glob(). -#}
{% macro duckdb__lw_landed_file_reader(relation, loaded_into) -%}
    {%- set text = relation | string -%}
    {%- set found = modules.re.match("^\\s*read_csv\\(\\s*'((?:[^']|'')*)'", text) -%}
    {%- if not found -%}
        {{ exceptions.raise_compiler_error(
            "base model: source " ~ relation.identifier ~ " is not a read_csv over a file pattern: " ~ text[:200]
        ) }}
    {%- endif -%}
    {%- set pattern = found.group(1) -%}
    {#- the per-file reads add their own file column, as a constant -#}
    {%- set options = modules.re.sub(
        "filename\\s*=\\s*(true|'(?:[^']|'')*')", "filename = false", text[found.end(1) + 1:]
    ) -%}
    {%- set root = landing_raw_dir().rstrip('/') ~ '/' -%}
    {%- set listing = "select file from glob(" ~ lw_sql_string(pattern | replace("''", "'")) ~ ") order by file" -%}
    {%- set paths = run_query(listing).columns[0].values() | list -%}
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
        {%- set held = run_query("select distinct _source_file from " ~ loaded_into ~ " order by 1") -%}
        {%- for f in held.columns[0].values() -%}
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
                ~ "If the files were removed on purpose, record it with `lwh unland " ~ gone[0]
                ~ "` and run `lwh build` (it rebuilds the affected tables); else land them again,"
                ~ " or rebuild from what is landed: `lwh build --fresh`."
            ) }}
        {%- endif -%}
        {%- for f in paths if relative[f] not in loaded -%}
            {%- do files.append(f) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- if not files -%}
        {{ return({'sql': none, 'columns': [], 'file_column': none, 'row_column': none}) }}
    {%- endif -%}
    {%- set scans = [] -%}
    {%- for f in files -%}
        {%- do scans.append("read_csv(" ~ lw_sql_string(f) ~ options) -%}
    {%- endfor -%}
    {%- set columns = run_query(
        "describe select * from " ~ scans | join(" union all by name select * from ")
    ).columns[0].values() | list -%}
    {%- set taken = columns | map('lower') | list -%}
    {%- set names = {} -%}
    {%- for wanted in ['_lwh_file', '_lwh_row'] -%}
        {%- set ns = namespace(name=wanted) -%}
        {%- for _ in range(taken | length + 1) if ns.name in taken -%}
            {%- set ns.name = ns.name ~ '_' -%}
        {%- endfor -%}
        {%- do names.update({wanted: ns.name}) -%}
    {%- endfor -%}
    {%- set reads = [] -%}
    {%- for f in files -%}
        {%- do reads.append(
            "select *, " ~ lw_sql_string(relative[f]) ~ " as " ~ names['_lwh_file']
            ~ ", row_number() over () as " ~ names['_lwh_row'] ~ " from " ~ scans[loop.index0]
        ) -%}
    {%- endfor -%}
    {{ return({
        'sql': "(\n    " ~ reads | join("\n    union all by name\n    ") ~ "\n)",
        'columns': columns,
        'file_column': names['_lwh_file'],
        'row_column': names['_lwh_row'],
    }) }}
{%- endmacro %}
