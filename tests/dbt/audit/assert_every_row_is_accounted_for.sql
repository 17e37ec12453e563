-- Every row of every landed file is staged, quarantined, a collapsed duplicate or superseded.
select
    source_system,
    source_table,
    source_file,
    rows_read,
    rows_staged,
    rows_quarantined,
    rows_duplicate,
    rows_superseded
from {{ ref('audit_file_rows') }}
where rows_read <> rows_staged + rows_quarantined + rows_duplicate + rows_superseded
