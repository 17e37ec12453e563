"""`lwh land`: recognition, layout, idempotence, and every refusal (nothing landed when refused)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from lwh import spec
from lwh.cli import main as lwh
from lwh.generate import DIFFERENTIAL_DAYS
from lwh.landing.land import kind_in_name, land, landed_state, timestamp_in_name

USERS_HEADER = "UserId,UserName,OrgDefinedId,FirstName,MiddleName,LastName,IsActive,Organization," \
               "ExternalEmail,SignupDate,FirstLoginDate,Version,OrgRoleId,LastAccessed\n"
USERS_ROW = "5,jo.bloggs,E000005,Jo,,Bloggs,True,Example Corp,jo@example.com,2024-01-01T09:00:00.000Z,,1,110," \
            "2024-02-01T09:00:00.000Z\n"


def bds_zip(path: Path, member: str, text: str | bytes, bom: bool = True) -> Path:
    data = text.encode("utf-8") if isinstance(text, str) else text
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(member, (b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a landing area with its bytes (the writer lock file, always empty, left out)."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".lwh-land.lock"}


@pytest.fixture
def raw(tmp_path) -> Path:
    return tmp_path / "raw"


def test_lands_generated_exports_in_the_design_layout(exports, raw):
    planned, refusals = land([str(exports)], raw)
    assert refusals == []
    assert {p.status for p in planned} == {"new"}
    assert (raw / "learnamp" / "users" / "users__20261116T000000Z.csv").is_file()
    assert (raw / "brightspace" / "users" / "users__full__20261109T030000Z.csv").is_file()
    assert (raw / "brightspace" / "user_logins" / "user_logins__differential__20261110T030000Z.csv").is_file()
    assert len(list((raw / "brightspace").rglob("*.csv"))) == len(spec.tables("brightspace")) * (1 + DIFFERENTIAL_DAYS)
    assert len(list((raw / "learnamp").rglob("*.csv"))) == 39
    # the BDS CSV is landed byte for byte (BOM kept)
    assert (raw / "brightspace" / "users" / "users__full__20261109T030000Z.csv").read_bytes()[:3] == b"\xef\xbb\xbf"


def test_landing_the_same_files_twice_is_a_no_op(exports, raw):
    land([str(exports)], raw)
    before = snapshot(raw)
    planned, refusals = land([str(exports)], raw)
    assert refusals == []
    assert {p.status for p in planned} == {"unchanged"}
    assert snapshot(raw) == before


def test_a_different_file_claiming_a_landed_extract_is_refused(tmp_path, raw):
    first = bds_zip(tmp_path / "Users_20261109T030000Z.zip", "Users.csv", USERS_HEADER + USERS_ROW)
    assert land([str(first)], raw)[1] == []
    before = snapshot(raw)
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    second = bds_zip(other_dir / "Users_20261109T030000Z.zip", "Users.csv", USERS_HEADER + USERS_ROW.replace("Jo", "Joe"))
    planned, refusals = land([str(second)], raw)
    assert len(refusals) == 1 and "already landed" in refusals[0][1] and "refusing to overwrite" in refusals[0][1]
    assert snapshot(raw) == before


def test_two_inputs_claiming_one_extract_with_different_content_are_refused(tmp_path, raw):
    a = tmp_path / "a"
    b = tmp_path / "b"
    a.mkdir(), b.mkdir()
    bds_zip(a / "Users_20261109T030000Z.zip", "Users.csv", USERS_HEADER + USERS_ROW)
    bds_zip(b / "Users_20261109T030000Z.zip", "Users.csv", USERS_HEADER)
    planned, refusals = land([str(a), str(b)], raw)
    assert len(refusals) == 2 and all("same extract" in r for _, r in refusals)
    assert snapshot(raw) == {}


@pytest.mark.parametrize("name, content, reason", [
    ("Grades_20261109T030000Z.zip", ("Grades.csv", "OrgUnitId,UserId,Grade\n1,2,3\n"), "unknown table or data set"),
    ("Users_20261109T030000Z.zip", None, "empty ZIP"),
    ("Users_20261110T030000Z.zip", b"PK\x03\x04 truncated", "not a readable ZIP"),
    ("Users_20261111T030000Z.zip", ("Users.csv", ""), "empty file"),
    ("Users_20261112T030000Z.zip", ("Users.csv", "\n1,2,3\n"), "no header"),
    ("Users_20261113T030000Z.zip", "two", "holds 2 CSV files"),
    ("Users_20261114T030000Z.zip", ("Users.csv", USERS_HEADER + "7,Ren\xe9e".encode("cp1252").decode("latin-1")),
     "not valid UTF-8"),
    ("Users_20261115T030000Z.zip", ("Users.csv", "UserId,UserName,UserId\n1,a,1\n"), "more than once"),
    ("Users_20261116T030000Z.zip", ("Users.csv", "foo,bar\n1,2\n"), "none of the documented columns"),
    ("notes.txt", b"hello", "not a CSV or ZIP"),
])
def test_refusals_name_the_file_and_reason_and_land_nothing(tmp_path, raw, exports, name, content, reason):
    land([str(exports / "learnamp" / "users.csv")], raw)
    before = snapshot(raw)
    path = tmp_path / name
    if content is None:
        with zipfile.ZipFile(path, "w"):
            pass
    elif isinstance(content, bytes):
        path.write_bytes(content)
    elif content == "two":
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("Users.csv", USERS_HEADER)
            zf.writestr("UserLogins.csv", "UserId\n")
    else:
        member, text = content
        data = text.encode("latin-1") if "Ren" in text else text.encode("utf-8")
        bds_zip(path, member, data)
    good = tmp_path / "good"
    good.mkdir()
    ok = bds_zip(good / "Users_20260101T030000Z.zip", "Users.csv", USERS_HEADER + USERS_ROW)
    planned, refusals = land([str(ok), str(path)], raw)
    assert [src for src, _ in refusals] and str(path) in refusals[0][0]
    assert reason in refusals[0][1], refusals
    assert snapshot(raw) == before, "a refused call must not land anything, not even the valid file"


def test_truncated_zip_is_refused(tmp_path, raw, exports):
    src = next((exports / "brightspace").glob("UserLogins_2*.zip"))
    data = src.read_bytes()
    broken = tmp_path / src.name
    broken.write_bytes(data[: len(data) // 2])
    _, refusals = land([str(broken)], raw)
    assert refusals and ("not a readable ZIP" in refusals[0][1] or "corrupt or truncated" in refusals[0][1])
    assert snapshot(raw) == {}


def test_header_only_file_is_landed(tmp_path, raw):
    path = bds_zip(tmp_path / "Users_Differential_20261110T030000Z.zip", "Users.csv", USERS_HEADER)
    planned, refusals = land([str(path)], raw)
    assert refusals == [] and planned[0].kind == "differential"


def test_csv_name_and_header_tell_learnamp_users_from_brightspace_users(tmp_path, raw):
    bs = tmp_path / "bs"
    la = tmp_path / "la"
    bs.mkdir(), la.mkdir()
    (bs / "Users.csv").write_text(USERS_HEADER + USERS_ROW, encoding="utf-8")
    (la / "users.csv").write_text("id,first_name,last_name\n1,A,B\n", encoding="utf-8")
    when = dt.datetime(2026, 11, 20, 8, 30, tzinfo=dt.UTC).timestamp()
    for p in (bs / "Users.csv", la / "users.csv"):
        os.utime(p, (when, when))
    planned, refusals = land([str(bs / "Users.csv"), str(la / "users.csv")], raw)
    assert refusals == []
    assert sorted((p.system, p.table, p.kind) for p in planned) == [
        ("brightspace", "users", "full"), ("learnamp", "users", None)]
    # no time stamp in the name: the file's modification time is the extract time
    assert (raw / "learnamp" / "users" / "users__20261120T083000Z.csv").exists()


def test_learnamp_parts_and_redownloads(tmp_path, raw):
    folder = tmp_path / "exp"
    folder.mkdir()
    for part in ("0000_part_00", "0001_part_00"):
        (folder / f"activities_{part}.csv").write_text(f"id,user_id\n{part[:4]},1\n", encoding="utf-8")
    shutil.copy(folder / "activities_0000_part_00.csv", folder / "activities_0000_part_00 (1).csv")
    planned, refusals = land([str(folder)], raw, extracted_at=dt.datetime(2026, 11, 20))
    assert refusals == []
    landed = sorted(p.name for p in (raw / "learnamp" / "activities").iterdir())
    assert landed == ["activities__0000-part-00__20261120T000000Z.csv", "activities__0001-part-00__20261120T000000Z.csv"]
    assert sorted(p.status for p in planned) == ["duplicate", "new", "new"] or \
        sorted(p.status for p in planned) == ["new", "new", "unchanged"]


def test_name_recognition():
    assert kind_in_name("Users Differential_2026.zip") == "differential"
    assert kind_in_name("UserLogins_diff_20261110.zip") == "differential"
    assert kind_in_name("Users_20261109T030000Z.zip") == "full"
    assert timestamp_in_name("Users_20261109T030000Z.zip")[0] == dt.datetime(2026, 11, 9, 3)
    assert timestamp_in_name("Users-2026-11-09T03-00-00Z.zip")[0] == dt.datetime(2026, 11, 9, 3)
    assert timestamp_in_name("users_2026-11-09.csv")[0] == dt.datetime(2026, 11, 9)
    assert timestamp_in_name("users.csv") is None


def test_cli_exit_codes_and_messages(tmp_path, raw, capsys):
    bad = tmp_path / "Grades_20261109T030000Z.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    assert lwh(["land", str(bad), "--raw-dir", str(raw)]) == 1
    err = capsys.readouterr().err
    assert str(bad) in err and "unknown table or data set" in err and "nothing landed" in err


# ------------------------------------------------------------------ records, headers, limits

def _count_with_duckdb(path: Path) -> int:
    import duckdb

    return duckdb.sql(f"select count(*) from read_csv('{path}', header = true, all_varchar = true, "
                      "delim = ',', quote = '\"', escape = '\"', encoding = 'utf-8')").fetchall()[0][0]


@pytest.mark.parametrize("name, text, rows", [
    ("users_lf.csv", "id,first_name\n1,a\n2,b\n\n", 2),
    ("users_crlf.csv", "id,first_name\r\n1,a\r\n2,b\r\n\r\n\r\n", 2),
    ("users_many.csv", "id,first_name\n1,a\n2,\"b\nc\"\n\n\n\n", 2),
    # one column: an empty line is an empty value, for DuckDB too
    ("users_one_column.csv", "id\n1\n2\n\n", 3),
])
def test_trailing_blank_lines_are_accepted_and_counted_as_duckdb_does(tmp_path, raw, name, text, rows):
    path = tmp_path / name
    path.write_bytes(text.encode())
    planned, refusals = land([str(path)], raw, extracted_at=dt.datetime(2026, 11, 20))
    assert refusals == [] and planned[0].rows == rows
    assert _count_with_duckdb(planned[0].target) == rows


def test_a_blank_line_inside_the_data_is_refused(tmp_path, raw):
    path = tmp_path / "users.csv"
    path.write_text("id,first_name\n1,a\n\n2,b\n", encoding="utf-8")
    _, refusals = land([str(path)], raw)
    assert refusals and "record 2 (line 3) is an empty line inside the data" in refusals[0][1]


def test_a_header_name_with_a_quoted_line_break_is_one_name(tmp_path, raw):
    path = tmp_path / "users.csv"
    path.write_text('id,"first_name","last\nname"\n1,a,b\n2,c,"d\ne"\n', encoding="utf-8")
    planned, refusals = land([str(path)], raw, extracted_at=dt.datetime(2026, 11, 20))
    assert refusals == []
    assert planned[0].columns == ["id", "first_name", "last\nname"] and planned[0].rows == 2
    assert _count_with_duckdb(planned[0].target) == 2


@pytest.mark.parametrize("header", ["UserId,UserName, userid", "UserId,UserName,USERID ", "id, id"])
def test_header_names_equal_ignoring_case_and_spaces_are_refused(tmp_path, raw, header):
    path = bds_zip(tmp_path / "Users_20261109T030000Z.zip", "Users.csv", header + "\n1,a,1\n")
    _, refusals = land([str(path)], raw)
    assert refusals and "more than once" in refusals[0][1] and "ignoring case" in refusals[0][1]


def test_header_names_are_matched_to_documented_columns_ignoring_case(tmp_path, raw):
    path = bds_zip(tmp_path / "Users_20261109T030000Z.zip", "Users.csv",
                   " userid ,username,orgdefinedid\n5,jo,E5\n")
    planned, refusals = land([str(path)], raw)
    assert refusals == [] and (planned[0].system, planned[0].table) == ("brightspace", "users")
    assert planned[0].columns == ["userid", "username", "orgdefinedid"]


@pytest.mark.parametrize("text, message", [
    ("id,first_name\n1,short\n2," + "x" * 200 + "\n", "record 2 is longer than 100 bytes at line 3"),
    ("id,first_name\n1,\"" + "y\n" * 80 + "\"\n", "record 1 is longer than 100 bytes at line "),
    ("id," + "h" * 200 + "\n1,2\n", "the header is longer than 100 bytes at line 1"),
])
def test_a_record_longer_than_the_limit_is_refused(tmp_path, raw, monkeypatch, text, message):
    monkeypatch.setenv("LWH_MAX_RECORD_BYTES", "100")
    path = tmp_path / "users.csv"
    path.write_text(text, encoding="utf-8")
    _, refusals = land([str(path)], raw)
    assert refusals and message in refusals[0][1] and "LWH_MAX_RECORD_BYTES" in refusals[0][1], refusals
    assert snapshot(raw) == {}


def test_refusals_quote_content_briefly(tmp_path, raw):
    path = tmp_path / "users.csv"
    path.write_text("id,first_name\n1,a,surplus" + "z" * 10_000 + "\n", encoding="utf-8")
    _, refusals = land([str(path)], raw)
    assert "record 1 (line 2) has 3 fields, the header has 2" in refusals[0][1]
    assert len(refusals[0][1]) < 200 and "\u2026" in refusals[0][1]


def test_a_limit_that_is_not_a_number_is_named(tmp_path, raw, monkeypatch, capsys):
    monkeypatch.setenv("LWH_MAX_RECORD_BYTES", "16M")
    path = tmp_path / "users.csv"
    path.write_text("id\n1\n", encoding="utf-8")
    assert lwh(["land", str(path), "--raw-dir", str(raw)]) == 2
    assert "LWH_MAX_RECORD_BYTES must be a number" in capsys.readouterr().err


# ------------------------------------------------------------------ the way back: --replace, unland

def _log(raw: Path) -> list[dict]:
    return [json.loads(line) for line in (raw / "_landing_log.jsonl").read_text().splitlines()]


def test_replace_keeps_the_old_file_and_logs_both(tmp_path, raw, capsys):
    first = bds_zip(tmp_path / "a" / "Users_20261109T030000Z.zip", "Users.csv", USERS_HEADER + USERS_ROW)
    corrected = bds_zip(tmp_path / "b" / "Users_20261109T030000Z.zip", "Users.csv",
                        USERS_HEADER + USERS_ROW + USERS_ROW.replace("5,", "6,", 1))
    assert land([str(first)], raw)[1] == []
    target = "brightspace/users/users__full__20261109T030000Z.csv"
    old_bytes = (raw / target).read_bytes()
    _, refusals = land([str(corrected)], raw)
    assert "lwh land --replace" in refusals[0][1] and f"lwh unland {target}" in refusals[0][1]
    assert lwh(["land", "--replace", str(corrected), "--raw-dir", str(raw)]) == 0
    assert "kept as" in capsys.readouterr().out
    land_rec, replace_rec = _log(raw)
    assert land_rec["action"] == "land" and replace_rec["action"] == "replace"
    assert replace_rec["rows"] == 2 and replace_rec["replaced_rows"] == 1
    assert replace_rec["replaced_sha256"] == land_rec["sha256"]
    assert replace_rec["kept_as"].startswith("replaced/brightspace/users/users__full__20261109T030000Z__replaced-")
    assert (raw / replace_rec["kept_as"]).read_bytes() == old_bytes
    assert land_rec["id"] != replace_rec["id"] and len(replace_rec["id"]) == 32
    assert landed_state(raw) == {target: replace_rec}
    # the replaced file is outside what the dbt sources read
    assert sorted(str(p.relative_to(raw)) for p in raw.glob("*/*/*.csv")) == [target]
    # landing the corrected file again is a no-op, with or without --replace
    assert {p.status for p in land([str(corrected)], raw, replace=True)[0]} == {"unchanged"}
    assert len(_log(raw)) == 2


def test_unland_moves_files_aside_and_logs_them(tmp_path, raw, capsys):
    zips = [bds_zip(tmp_path / f"Users_2026111{i}T030000Z.zip", "Users.csv", USERS_HEADER + USERS_ROW)
            for i in range(3)]
    la = tmp_path / "users_20261120T000000Z.csv"
    la.write_text("id,first_name\n1,a\n2,b\n", encoding="utf-8")
    assert land([*map(str, zips), str(la)], raw)[1] == []
    before = snapshot(raw)
    # unknown names: refused, nothing changes
    assert lwh(["unland", "brightspace/users/nope.csv", "users__full__20261110T030000Z.csv",
                "--raw-dir", str(raw)]) == 1
    assert "no landed file of that name" in capsys.readouterr().err
    assert snapshot(raw) == before
    # by relative path, absolute path and bare name; one deleted by hand beforehand
    (raw / "brightspace/users/users__full__20261112T030000Z.csv").unlink()
    args = ["brightspace/users/users__full__20261110T030000Z.csv",
            str(raw / "learnamp/users/users__20261120T000000Z.csv"),
            "users__full__20261112T030000Z.csv"]
    assert lwh(["unland", *args, "--raw-dir", str(raw)]) == 0
    out = capsys.readouterr().out
    assert "already gone from disk" in out
    recs = [r for r in _log(raw) if r["action"] == "unland"]
    assert [r["target"] for r in recs] == ["brightspace/users/users__full__20261110T030000Z.csv",
                                           "learnamp/users/users__20261120T000000Z.csv",
                                           "brightspace/users/users__full__20261112T030000Z.csv"]
    assert recs[1]["rows"] == 2 and recs[1]["kept_as"].startswith(
        "unlanded/learnamp/users/users__20261120T000000Z__unlanded-")
    assert (raw / recs[1]["kept_as"]).read_text() == la.read_text()
    assert recs[2]["kept_as"] is None and recs[2]["sha256"]
    assert sorted(landed_state(raw)) == ["brightspace/users/users__full__20261111T030000Z.csv"]
    assert sorted(str(p.relative_to(raw)) for p in raw.glob("*/*/*.csv")) == sorted(landed_state(raw))
    # a file unlanded can be landed again
    assert land([str(la)], raw)[0][0].status == "new"
    assert "learnamp/users/users__20261120T000000Z.csv" in landed_state(raw)


def test_landed_state_reads_older_logs_without_action(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "_landing_log.jsonl").write_text(
        json.dumps({"target": "a/b/c.csv", "sha256": "1", "rows": 1}) + "\n"
        + json.dumps({"target": "a/b/d.csv", "sha256": "2", "rows": 1}) + "\n"
        + json.dumps({"target": "a/b/c.csv", "action": "unland", "id": "x"}) + "\n"
        + '{"target": "a/b/e.csv", "sha2')         # a write cut short: not a record
    assert landed_state(raw) == {"a/b/d.csv": {"target": "a/b/d.csv", "sha256": "2", "rows": 1}}


@pytest.mark.parametrize("extra", [0, 1])
@pytest.mark.parametrize("shape", ["one line", "quoted line breaks"])
def test_the_record_limit_agrees_with_duckdb_max_line_size(tmp_path, raw, monkeypatch, shape, extra):
    import duckdb

    limit = 100
    monkeypatch.setenv("LWH_MAX_RECORD_BYTES", str(limit))
    if shape == "one line":
        record = "1," + "x" * (limit - 3 + extra) + "\n"
    else:
        record = '1,"' + "y\n" * ((limit - 5) // 2) + "y" * (1 + extra) + '"\n'
    size = len(record.encode())
    assert size == limit + extra
    path = tmp_path / "users.csv"
    path.write_text("id,first_name\n" + record, encoding="utf-8")
    _, refusals = land([str(path)], raw, extracted_at=dt.datetime(2026, 11, 20))
    try:
        duckdb.sql(f"select count(*) from read_csv('{path}', header = true, all_varchar = true, "
                   f"max_line_size = {limit})").fetchall()
        duckdb_reads = True
    except duckdb.Error:
        duckdb_reads = False
    assert (refusals == []) == duckdb_reads == (size <= limit), (size, refusals)
