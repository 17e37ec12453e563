"""Hostile input: every case either builds with the problem recorded in the audit, or stops
with a message naming the file and the problem. No case drops a row silently: after the build,
the row accounting and the landing-log tests hold."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from lwh.landing.land import land

from dbt_helpers import query, run_dbt

BOM = "\ufeff"
USERS_HEADER = ("UserId,UserName,OrgDefinedId,FirstName,MiddleName,LastName,IsActive,Organization,ExternalEmail,"
                "SignupDate,FirstLoginDate,Version,OrgRoleId,LastAccessed")


def _zip(path: Path, member: str, text: str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(member, text.encode("utf-8"))
    return path


# ---------------------------------------------------------------- refused, with file and reason

REFUSALS = {
    "too many fields": ("session_tracks_extra.csv", "id,user_id,duration,starts_at\n1,2,3,2024-01-01 10:00:00,surplus\n",
                        "record 1 (line 2) has 5 fields, the header has 4"),
    "too few fields": ("session_tracks_short.csv", "id,user_id,duration,starts_at\n1,2,3,2024-01-01 10:00:00\n4,5\n",
                       "record 2 (line 3) has 2 fields, the header has 4"),
    "not UTF-8 (Windows-1252)": ("users_cp1252.csv", None, "not valid UTF-8 at line 2"),
    "empty file": ("users_empty.csv", "", "empty file"),
    "duplicated header names": ("users_dupe.csv", "id,first_name,first_name\n1,a,b\n", "more than once"),
    "unknown table": ("gradebook.csv", "id,grade\n1,A\n", "unknown table or data set"),
    "quote never closed": ("users_quote.csv", 'id,first_name\n1,"never closed\n', "malformed CSV"),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_refused_with_the_file_and_the_problem(tmp_path, case):
    name, text, reason = REFUSALS[case]
    path = tmp_path / name
    if text is None:
        path.write_bytes("id,first_name\n1,Ren\u00e9e\n".encode("cp1252"))
    else:
        path.write_text(text, encoding="utf-8")
    planned, refusals = land([str(path)], tmp_path / "raw")
    assert len(refusals) == 1
    source, message = refusals[0]
    assert source == str(path) and reason in message, message
    assert not any((tmp_path / "raw").rglob("*.csv"))


@pytest.mark.parametrize("case", ["truncated", "empty", "two CSVs"])
def test_bad_zips_are_refused(tmp_path, exports, case):
    path = tmp_path / "Users_20261120T030000Z.zip"
    if case == "truncated":
        data = next((exports / "brightspace").glob("UserLogins_2*.zip")).read_bytes()
        path.write_bytes(data[: len(data) // 3])
    elif case == "empty":
        zipfile.ZipFile(path, "w").close()
    else:
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("Users.csv", USERS_HEADER + "\n")
            zf.writestr("Users (1).csv", USERS_HEADER + "\n")
    _, refusals = land([str(path)], tmp_path / "raw")
    assert refusals and refusals[0][0] == str(path)
    assert any(w in refusals[0][1] for w in ("truncated", "corrupt", "empty ZIP", "holds 2 CSV files"))


def test_same_extract_twice_is_a_no_op_and_a_different_one_is_refused(tmp_path):
    raw = tmp_path / "raw"
    a = _zip(tmp_path / "Users_20261120T030000Z.zip", "Users.csv", BOM + USERS_HEADER + "\n7,a,,A,,B,1,,,,,,,\n")
    assert land([str(a)], raw)[1] == []
    assert {p.status for p in land([str(a)], raw)[0]} == {"unchanged"}
    other = tmp_path / "again"
    other.mkdir()
    b = _zip(other / a.name, "Users.csv", BOM + USERS_HEADER + "\n7,b,,A,,B,1,,,,,,,\n")
    _, refusals = land([str(b)], raw)
    assert refusals and "already landed" in refusals[0][1]


# ---------------------------------------------------------------- built, recorded in the audit

@pytest.fixture(scope="module")
def hostile_build(exports, land_exports):
    work, raw = land_exports("hostile")
    extra = work / "extra"
    extra.mkdir()
    stamp = "20261116T000000Z"
    # Learn Amp extra export parts: BOM, CRLF, quoting, reordered header, leading zeros, ranges
    (extra / f"session_tracks_bom_crlf_{stamp}.csv").write_bytes(
        (BOM + "id,user_id,duration,starts_at\r\n"
         "900001,1001,-30,2026-11-10 09:00:00\r\n"
         "900002,1001,120,9999-12-31 00:00:00\r\n"
         "  0900003 ,1001,60,0001-01-01 00:00:00\r\n").encode("utf-8"))
    (extra / f"activities_reordered_{stamp}.csv").write_text(
        "verb,id,user_id,happened_at,type,content_id,score,total_time,completed,expired,single,result,expired_at\n"
        "completed,900001,1001,2026-11-10 10:00:00,Item,1,150,-5,t,f,t,\"PASS, with \"\"merit\"\"\nand a line break\",\n",
        encoding="utf-8")
    (extra / f"locations_header_only_{stamp}.csv").write_text("id,name\n", encoding="utf-8")
    # Brightspace: a newer version renamed ExternalEmail to EmailAddress
    _zip(extra / "Users_Differential_20261117T030000Z.zip", "Users.csv",
         BOM + USERS_HEADER.replace("ExternalEmail", "EmailAddress") +
         "\n990001,renamed.col,E990001,Ren,,Amed,True,Example Corp,renamed@example.com,"
         "2026-11-16T10:00:00.000Z,,1,110,2026-11-16T10:00:00.000Z\n")
    planned, refusals = land([str(extra)], raw)
    assert refusals == [], refusals
    warehouse = work / "learning.duckdb"
    proc = run_dbt(["build"], raw, warehouse, check=False)
    return warehouse, raw, proc


@pytest.mark.dbt
def test_hostile_files_build_and_every_row_is_accounted_for(hostile_build):
    warehouse, raw, proc = hostile_build
    assert proc.returncode == 0, proc.stdout[-4000:]
    assert "assert_every_row_is_accounted_for" in proc.stdout
    assert "assert_rows_read_match_the_landing_log" in proc.stdout


@pytest.mark.dbt
def test_bom_crlf_and_leading_zeros(hostile_build):
    warehouse, _, _ = hostile_build
    rows = query(warehouse, "select id, duration, starts_at from staging.stg_learnamp__session_tracks "
                            "where id between 900001 and 900003 order by id")
    assert [r[:2] for r in rows] == [(900001, -30), (900002, 120), (900003, 60)]


@pytest.mark.dbt
def test_quoting_and_reordered_header(hostile_build):
    warehouse, _, _ = hostile_build
    assert query(warehouse, "select verb, result, score, user_id from staging.stg_learnamp__activities "
                            "where id = 900001") == [("completed", 'PASS, with "merit"\nand a line break', 150, 1001)]


@pytest.mark.dbt
def test_out_of_range_values_are_kept_and_recorded(hostile_build):
    warehouse, _, _ = hostile_build
    found = set(query(warehouse, "select source_table, column_name, value from audit.audit_range_violations"))
    assert ("session_tracks", "duration", "-30") in found
    assert ("session_tracks", "starts_at", "9999-12-31 00:00:00") in found
    assert ("session_tracks", "starts_at", "0001-01-01 00:00:00") in found
    assert ("activities", "score", "150") in found
    assert ("activities", "total_time", "-5") in found


@pytest.mark.dbt
def test_renamed_column_is_reported_not_dropped(hostile_build):
    warehouse, _, _ = hostile_build
    assert ("users", "EmailAddress", 1) in set(query(
        warehouse, "select source_table, column_name, rows_with_value from audit.audit_unknown_columns"))
    assert query(warehouse, "select user_name, external_email from staging.stg_brightspace__users "
                            "where user_id = 990001") == [("renamed.col", None)]
    kept = query(warehouse, "select _unknown_columns['EmailAddress'] from staging.base_brightspace__users "
                            "where user_id = 990001")
    assert kept == [("renamed@example.com",)]


@pytest.mark.dbt
def test_header_only_file_builds_with_zero_rows(hostile_build):
    warehouse, raw, _ = hostile_build
    log = [json.loads(line) for line in (raw / "_landing_log.jsonl").read_text().splitlines()]
    assert any(r["table"] == "locations" and r["rows"] == 0 for r in log)


@pytest.mark.dbt
def test_a_file_read_short_fails_the_landing_log_test(hostile_build, tmp_path):
    """The landing-log test bites: claim one more record than a file holds and it fails."""
    warehouse, raw, _ = hostile_build
    copy = tmp_path / "raw"
    shutil.copytree(raw, copy)
    log = copy / "_landing_log.jsonl"
    lines = log.read_text().splitlines()
    rec = json.loads(lines[0])
    rec["rows"] += 1
    log.write_text("\n".join([json.dumps(rec)] + lines[1:]) + "\n")
    wh = tmp_path / "w.duckdb"
    shutil.copyfile(warehouse, wh)
    proc = run_dbt(["test", "--select", "assert_rows_read_match_the_landing_log"], copy, wh, check=False)
    assert proc.returncode != 0 and "FAIL 1" in proc.stdout
