"""The Brightspace learning data sets (issue 24, item 2): Content, Grades, Quizzes, Assignments and
Organizational Unit Ancestors, typed as D2L documents them.

Real framing: the two real Content module extracts in ../shared/real-samples/files (UTF-8 BOM,
CRLF, quoted fields with commas and line breaks, 7-digit fractional timestamps with `Z`, booleans
True/False, 0/1 and TRUE/FALSE in one data set) land in their Brightspace tables and build with
every row staged and every value parsed. They are read where they are, never copied into the
repository; the tests skip when they are absent. D2L's documented headers of every new data set,
full and differential, land in the right Brightspace table (not held, not Learn Amp).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest

from lwh import spec
from lwh.generate import DEFAULT_END
from lwh.landing import bds_catalogue
from lwh.landing.land import held_deliveries, land

from dbt_helpers import PROJECT, lwh_build, query

REAL = PROJECT.parent / "shared" / "real-samples" / "files" / "UnlockEdv2" / "csvs" / "activities"
BOM = b"\xef\xbb\xbf"

# the data sets of issue 24, item 2 (D2L documents no separate Final Grades data set: final grades
# are Grade Results rows of final grade items, see the column spec)
LEARNING = {
    "content_objects": "Content Objects",
    "content_user_progress": "Content User Progress",
    "content_user_completion": "Content User Completion",
    "grade_objects": "Grade Objects",
    "grade_results": "Grade Results",
    "quiz_objects": "Quiz Objects",
    "quiz_attempts": "Quiz Attempts",
    "assignment_summary": "Assignment Summary",
    "assignment_submissions": "Assignment Submissions",
    "organizational_unit_ancestors": "Organizational Unit Ancestors",
}

# after the generated exports' newest extract, so the real files are the newest full extracts
REAL_AT = dt.datetime.combine(DEFAULT_END + dt.timedelta(days=30), dt.time(3))
LATER_AT = REAL_AT + dt.timedelta(days=7)


def _stamp(at: dt.datetime) -> str:
    return at.strftime("%Y%m%dT%H%M%SZ")


def later_file(table: str) -> str:
    return f"brightspace/{table}/{table}__full__{_stamp(LATER_AT)}.csv"


def _records(path: Path) -> list[dict[str, str]]:
    """The CSV's records as Python's csv module reads them (BOM dropped, quoted line breaks kept)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _zip(path: Path, member: str, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(member, data)
    return path


# ------------------------------------------------------------------ the spec

def test_the_learning_data_sets_are_optional_state_data_sets_with_their_documentation_version():
    tables = spec.tables("brightspace")
    for name, data_set in LEARNING.items():
        t = tables[name]
        assert (t.data_set, t.optional, t.extract_kind) == (data_set, True, "state")
        assert t.meta["doc_version"].startswith("d2l-datahub-cli a720db6 ")
        # D2L's documented columns and key (the catalogue holds them as transcribed from D2L)
        columns, key = bds_catalogue.DATA_SETS[data_set]
        assert tuple(t.column_names) == columns and t.primary_key == key
        assert all(c.doc_type for c in t.columns)
        # whole types, as the parsers know them (decimal(19,9) unsplit by YAML's flow mappings)
        assert all(re.fullmatch(r"integer|bigint|smallint|boolean|varchar|timestamp|decimal\(19,9\)", c.data_type)
                   for c in t.columns), name


# ------------------------------------------------------------------ D2L's headers land in Brightspace

@pytest.mark.parametrize("table", sorted(LEARNING))
@pytest.mark.parametrize("kind", ["full", "differential"])
def test_header_only_d2l_deliveries_land_in_their_brightspace_table(tmp_path, table, kind):
    data_set = LEARNING[table]
    base = bds_catalogue.folder_name(data_set)
    stamp = _stamp(REAL_AT)
    zip_name = f"{base}_{stamp}.zip" if kind == "full" else f"{base}_Differential_{stamp}.zip"
    header = ",".join(bds_catalogue.DATA_SETS[data_set][0]) + "\r\n"
    path = _zip(tmp_path / "in" / zip_name, f"{base}.csv", BOM + header.encode())
    raw = tmp_path / "raw"
    (p,), refusals = land([str(path)], raw)
    assert refusals == []
    assert (p.system, p.table, p.kind, p.held) == ("brightspace", table, kind, False)
    assert p.target.relative_to(raw).as_posix() == f"brightspace/{table}/{table}__{kind}__{stamp}.csv"
    assert held_deliveries(raw) == [] and not (raw / "learnamp").exists()


# ------------------------------------------------------------------ the real Content extracts build

REAL_FILES = {"content_objects": "ContentObjects", "content_user_progress": "ContentUserProgress"}


@pytest.fixture(scope="module")
def real_build(land_exports):
    """The session's generated exports and the two real Content extracts (full, newer than every
    generated extract), plus a later full Content Objects extract that lacks one real row (so
    staging must keep it, flagged deleted); one `lwh build`."""
    files = {t: REAL / f"{n}.csv" for t, n in REAL_FILES.items()}
    missing = [str(f) for f in files.values() if not f.exists()]
    if missing:
        pytest.skip(f"real samples not present: {missing}")
    work, raw = land_exports("brightspace-learning-real")
    inputs = work / "real"
    zips = [_zip(inputs / f"{n}_{_stamp(REAL_AT)}.zip", f"{n}.csv", files[t].read_bytes())
            for t, n in REAL_FILES.items()]
    # the later full extract: every record of the real one but the last, framed the same way
    records = _records(files["content_objects"])
    dropped = records[-1]
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(records[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(records[:-1])
    zips.append(_zip(inputs / "later" / f"ContentObjects_{_stamp(LATER_AT)}.zip", "ContentObjects.csv",
                     BOM + out.getvalue().encode("utf-8")))
    planned, refusals = land([str(z) for z in zips], raw)
    assert refusals == [] and not any(p.held for p in planned)
    assert sorted(p.table for p in planned) == ["content_objects", "content_objects", "content_user_progress"]
    warehouse = work / "learning.duckdb"
    proc = lwh_build(raw, warehouse)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-3000:]
    real_file = {t: f"brightspace/{t}/{t}__full__{_stamp(REAL_AT)}.csv" for t in REAL_FILES}
    return warehouse, files, real_file, dropped


@pytest.mark.dbt
def test_every_real_row_is_typed_in_base_and_staged(real_build):
    warehouse, files, real_file, dropped = real_build
    for table, path in files.items():
        records = _records(path)
        key = spec.tables("brightspace")[table].primary_key
        keys = {tuple(r[k] for k in key) for r in records}
        assert len(keys) == len(records)                          # one record per key in the real file
        base = query(warehouse, f"select count(*), count(_quarantine_reason) from staging.base_brightspace__{table} "
                                f"where _source_file = '{real_file[table]}'")
        assert base == [(len(records), 0)], table
        staged_key = ", ".join(f"cast({spec.snake_case(k)} as varchar)" for k in key)
        ours = f"'{real_file[table]}', '{later_file(table)}'"
        staged = {tuple(r) for r in query(warehouse, f"select {staged_key} from staging.stg_brightspace__{table} "
                                                     f"where _source_file in ({ours})")}
        assert staged == keys, table
    # content user progress: every row staged from the real file itself
    assert query(warehouse, "select count(*) from staging.stg_brightspace__content_user_progress "
                            f"where _source_file = '{real_file['content_user_progress']}' and not _is_deleted") \
        == [(len(_records(files["content_user_progress"])),)]


@pytest.mark.dbt
def test_no_real_value_fails_to_parse(real_build):
    warehouse, _, real_file, _ = real_build
    files = ", ".join(f"'{f}'" for f in real_file.values())
    assert query(warehouse, f"select * from audit.audit_parse_failures where source_file in ({files})") == []
    assert query(warehouse, "select count(*) from audit.audit_parse_failures "
                            "where source_table in ('content_objects', 'content_user_progress')") == [(0,)]
    # the one column the 2023 documentation lacks (a trailing Version in real 2024 extracts) is kept
    assert query(warehouse, f"select source_table, column_name, rows_with_value from audit.audit_unknown_columns "
                            f"where source_file in ({files})") == [("content_user_progress", "Version", 25)]


@pytest.mark.dbt
def test_real_values_are_typed_as_d2l_documents_them(real_build):
    warehouse, files, real_file, _ = real_build
    objects = {r["ContentObjectId"]: r for r in _records(files["content_objects"])}
    # a 7-digit fractional timestamp with Z, True/False and 0/1 booleans, a quoted title with a comma
    row = next(r for r in objects.values() if r["LastModified"].endswith("0230000Z"))
    got = query(warehouse, "select last_modified, is_hidden, is_deleted, title from staging.base_brightspace__content_objects "
                           f"where _source_file = '{real_file['content_objects']}' and content_object_id = "
                           f"{row['ContentObjectId']}")
    (last_modified, is_hidden, is_deleted, title), = got
    assert last_modified == dt.datetime.strptime(row["LastModified"][:26], "%Y-%m-%dT%H:%M:%S.%f")
    assert last_modified.microsecond == 23000
    assert is_hidden is {"True": True, "False": False}[row["IsHidden"]]
    assert is_deleted is {"1": True, "0": False}[row["IsDeleted"]]
    assert title == row["Title"]
    quoted = [r for r in objects.values() if "," in r["Title"] or "," in (r["Location"] or "")]
    assert quoted
    for r in quoted:
        assert query(warehouse, "select title, location from staging.base_brightspace__content_objects "
                                f"where _source_file = '{real_file['content_objects']}' "
                                f"and content_object_id = {r['ContentObjectId']}") == [(r["Title"], r["Location"] or None)]
    assert query(warehouse, "select count(*) filter (where is_deleted), count(*) filter (where not is_hidden) "
                            "from staging.base_brightspace__content_objects "
                            f"where _source_file = '{real_file['content_objects']}'") == [(
        sum(r["IsDeleted"] == "1" for r in objects.values()), sum(r["IsHidden"] == "False" for r in objects.values()))]
    # upper-case TRUE/FALSE and 3-digit fractions in Content User Progress; CompletedDate empty
    progress = _records(files["content_user_progress"])[0]
    got = query(warehouse, "select last_visited, is_read, is_self_assess_complete, completed_date, total_time "
                           "from staging.stg_brightspace__content_user_progress "
                           f"where content_object_id = {progress['ContentObjectId']} and user_id = {progress['UserId']}")
    assert got == [(dt.datetime.strptime(progress["LastVisited"], "%Y-%m-%dT%H:%M:%S.%fZ"),
                    progress["IsRead"] == "TRUE", progress["IsSelfAssessComplete"] == "TRUE", None,
                    int(progress["TotalTime"]))]


@pytest.mark.dbt
def test_a_row_missing_from_a_newer_full_extract_is_kept_flagged_deleted(real_build):
    """The state template's deletes hold for the new data sets: the real row the later full
    extract lacks stays staged, from the real file, with _is_deleted and _deleted_at; is_deleted
    (D2L's own flag) keeps the value the row had."""
    warehouse, files, real_file, dropped = real_build
    got = query(warehouse, "select _source_file, _is_deleted, _deleted_at, is_deleted "
                           "from staging.stg_brightspace__content_objects "
                           f"where content_object_id = {dropped['ContentObjectId']}")
    assert got == [(real_file["content_objects"], True, LATER_AT, dropped["IsDeleted"] == "1")]
    assert query(warehouse, "select count(*) from staging.stg_brightspace__content_objects "
                            f"where _source_file = '{later_file('content_objects')}' and not _is_deleted") \
        == [(len(_records(files["content_objects"])) - 1,)]
