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
    {%- for f in paths -%}
        {%- do relative.update({f: f[root | length:] if f.startswith(root) else f}) -%}
    {%- endfor -%}
    {%- set files = lw_reader_files(paths, relative, loaded_into, pattern) -%}
    {%- if not files -%}
        {{ return(lw_reader_result(none, [])) }}
    {%- endif -%}
    {%- set scans = [] -%}
    {%- for f in files -%}
        {%- do scans.append("read_csv(" ~ lw_sql_string(f) ~ options) -%}
    {%- endfor -%}
    {%- set columns = run_query(
        "describe select * from " ~ scans | join(" union all by name select * from ")
    ).columns[0].values() | list -%}
    {%- set names = lw_reader_added_columns(columns) -%}
    {%- set reads = [] -%}
    {%- for f in files -%}
        {%- do reads.append(
            "select *, " ~ lw_sql_string(relative[f]) ~ " as " ~ names['_lwh_file']
            ~ ", row_number() over () as " ~ names['_lwh_row'] ~ " from " ~ scans[loop.index0]
        ) -%}
    {%- endfor -%}
    {{ return(lw_reader_result("(\n    " ~ reads | join("\n    union all by name\n    ") ~ "\n)", columns, names)) }}
{%- endmacro %}

{#- Spark: the files Spark's own listing finds (any file system Spark reads: a local path,
    s3a://, abfss://, hdfs://), read with Spark's CSV reader in the vendors' dialect (header,
    quoted fields over several lines, `"` quoting and escaping, UTF-8 with or without a BOM,
    every column as text). Spark reads a header per file but applies the first file's to all
    the files of one read, so files are read together only when their headers are the same
    (one temporary view per header); Spark has no UNION BY NAME, so each view's select lists the
    union of the files' columns (matched ignoring case, as DuckDB's union_by_name does), NULL
    where its files lack one. Record numbers follow each file's read order (a file with quoted
    multi-line fields is read whole, in order, by one task). -#}
{% macro spark__lw_landed_file_reader(relation, loaded_into) -%}
    {%- set pattern = landing_glob(relation.schema, relation.identifier) -%}
    {%- set relative = {} -%}
    {%- set paths = [] -%}
    {%- for path, rel in lw_spark_landed_files(pattern) -%}
        {%- do paths.append(path) -%}
        {%- do relative.update({path: rel}) -%}
    {%- endfor -%}
    {%- set files = lw_reader_files(paths, relative, loaded_into, pattern) -%}
    {%- if not files -%}
        {{ return(lw_reader_result(none, [])) }}
    {%- endif -%}
    {%- set options = "header 'true', multiLine 'true', quote '\"', escape '\"', encoding 'UTF-8',"
        ~ " inferSchema 'false', mode 'PERMISSIVE', maxCharsPerColumn '-1'" -%}
    {#- the header of each file, then the files grouped by header -#}
    {%- set groups = {} -%}
    {%- set order = [] -%}
    {%- for f in files -%}
        {%- set view = 'lw_landed_header_' ~ local_md5(f) -%}
        {%- do run_query(
            "create or replace temporary view " ~ view ~ " using csv options (path "
            ~ lw_sql_string(lw_spark_glob_escape(f)) ~ ", " ~ options ~ ")"
        ) -%}
        {%- set header = run_query("describe " ~ view).columns[0].values() | reject('in', ['', none]) | list -%}
        {%- do run_query("drop view if exists " ~ view) -%}
        {%- set key = header | tojson -%}
        {%- if key not in groups -%}
            {%- do groups.update({key: {'header': header, 'files': []}}) -%}
            {%- do order.append(key) -%}
        {%- endif -%}
        {%- do groups[key]['files'].append(f) -%}
    {%- endfor -%}
    {%- set columns = [] -%}
    {%- set seen = [] -%}
    {%- for key in order -%}
        {%- for c in groups[key]['header'] if (c | lower) not in seen -%}
            {%- do seen.append(c | lower) -%}
            {%- do columns.append(c) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set names = lw_reader_added_columns(columns) -%}
    {%- set reads = [] -%}
    {%- for key in order -%}
        {%- set group = groups[key] -%}
        {%- set view = 'lw_landed_' ~ local_md5(group['files'] | join('\n')) -%}
        {%- set folder = group['files'][0].rsplit('/', 1)[0] -%}
        {%- set names_in_folder = [] -%}
        {%- for f in group['files'] -%}
            {%- do names_in_folder.append(f.rsplit('/', 1)[1]) -%}
        {%- endfor -%}
        {%- set glob = lw_spark_glob_escape(folder) ~ '/' ~ (names_in_folder[0] if names_in_folder | length == 1
            else '{' ~ names_in_folder | join(',') ~ '}') -%}
        {%- do run_query(
            "create or replace temporary view " ~ view ~ " using csv options (path "
            ~ lw_sql_string(glob) ~ ", " ~ options ~ ")"
        ) -%}
        {%- set own = {} -%}
        {%- for c in group['header'] -%}
            {%- do own.setdefault(c | lower, c) -%}
        {%- endfor -%}
        {%- set items = [] -%}
        {%- for c in columns -%}
            {%- if (c | lower) in own -%}
                {%- do items.append(lw_quote_identifier(own[c | lower]) ~ " as " ~ lw_quote_identifier(c)) -%}
            {%- else -%}
                {%- do items.append("cast(null as string) as " ~ lw_quote_identifier(c)) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do reads.append(
            "select " ~ items | join(", ") ~ ", input_file_name() as _lw_input_file"
            ~ ", monotonically_increasing_id() as _lw_read_order from " ~ view
        ) -%}
    {%- endfor -%}
    {#- the landed file relative to the landing area: its last three path components -#}
    {%- set file_expr = "regexp_extract(_lw_input_file, '([^/]+/[^/]+/[^/]+)$', 1)" -%}
    {{ return(lw_reader_result(
        "(\n    select\n        " ~ lw_spark_column_list(columns)
        ~ ",\n        " ~ file_expr ~ " as " ~ lw_quote_identifier(names['_lwh_file'])
        ~ ",\n        row_number() over (partition by _lw_input_file order by _lw_read_order) as "
        ~ lw_quote_identifier(names['_lwh_row'])
        ~ "\n    from (\n        " ~ reads | join("\n        union all\n        ") ~ "\n    ) as read_files\n)",
        columns, names
    )) }}
{%- endmacro %}

{#- `columns` quoted, comma-separated. -#}
{% macro lw_spark_column_list(columns) -%}
    {%- set quoted = [] -%}
    {%- for c in columns -%}
        {%- do quoted.append(lw_quote_identifier(c)) -%}
    {%- endfor -%}
    {{ return(quoted | join(', ')) }}
{%- endmacro %}

{#- A path with Hadoop's glob characters escaped, so Spark reads it as it is. -#}
{% macro lw_spark_glob_escape(path) -%}
    {{ return(modules.re.sub('([{}\\[\\]*?\\\\])', '\\\\\\1', path)) }}
{%- endmacro %}

{#- [(path as Spark names it, path relative to the landing area)] of the files matching a
    landing glob `<root>/<system>/<table>/*.csv`, in name order, from Spark's file listing
    (binaryFile reads no content when only the path is selected). -#}
{% macro lw_spark_landed_files(pattern) -%}
    {%- set folder = pattern.rsplit('/', 1)[0] -%}
    {%- set parts = folder.rsplit('/', 2) -%}
    {%- set view = 'lw_landing_listing_' ~ local_md5(folder) -%}
    {#- the system's folder (a table's own folder may not exist yet: no files, no error) -#}
    {%- do run_query(
        "create or replace temporary view " ~ view ~ " using binaryFile options (path "
        ~ lw_sql_string(lw_spark_glob_escape(parts[0] ~ '/' ~ parts[1]))
        ~ ", pathGlobFilter '*.csv', recursiveFileLookup 'true')"
    ) -%}
    {%- set tail = '/' ~ parts[1] ~ '/' ~ parts[2] ~ '/' -%}
    {%- set found = run_query(
        "select path from " ~ view ~ " where instr(path, " ~ lw_sql_string(tail) ~ ") > 0 order by path"
    ).columns[0].values() | list -%}
    {%- set out = [] -%}
    {%- for path in found -%}
        {%- set name = path.rsplit('/', 1)[1] -%}
        {%- if path.endswith(tail ~ name) -%}
            {%- do out.append((path, parts[1] ~ '/' ~ parts[2] ~ '/' ~ name)) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(out) }}
{%- endmacro %}

{#- Every engine's reader: which of the landed `paths` to read (all; or, with `loaded_into`,
    those whose rows that model does not hold yet), after checking that no file it holds rows
    of has left the landing area. `relative`: path -> name relative to the landing area. -#}
{% macro lw_reader_files(paths, relative, loaded_into, pattern) -%}
    {%- if loaded_into is none -%}
        {{ return(paths) }}
    {%- endif -%}
    {%- set root = landing_raw_dir().rstrip('/') ~ '/' -%}
    {%- set landed = [] -%}
    {%- for f in paths -%}
        {%- do landed.append(relative[f]) -%}
    {%- endfor -%}
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
    {%- set files = [] -%}
    {%- for f in paths if relative[f] not in loaded -%}
        {%- do files.append(f) -%}
    {%- endfor -%}
    {{ return(files) }}
{%- endmacro %}

{#- The names of the two columns a reader adds (file, record number), chosen to collide with
    none of the files' `columns` (compared ignoring case). -#}
{% macro lw_reader_added_columns(columns) -%}
    {%- set taken = columns | map('lower') | list -%}
    {%- set names = {} -%}
    {%- for wanted in ['_lwh_file', '_lwh_row'] -%}
        {%- set ns = namespace(name=wanted) -%}
        {%- for _ in range(taken | length + 1) if ns.name in taken -%}
            {%- set ns.name = ns.name ~ '_' -%}
        {%- endfor -%}
        {%- do names.update({wanted: ns.name}) -%}
    {%- endfor -%}
    {{ return(names) }}
{%- endmacro %}

{#- What a reader returns (lw_landed_file_reader). -#}
{% macro lw_reader_result(sql, columns, names={}) -%}
    {{ return({
        'sql': sql,
        'columns': columns,
        'file_column': names.get('_lwh_file'),
        'row_column': names.get('_lwh_row'),
    }) }}
{%- endmacro %}
