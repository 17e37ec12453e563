"""`lwh land`: recognition, layout, idempotence, and every refusal (nothing landed when refused)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from lwh.cli import main as lwh
from lwh.land import kind_in_name, land, timestamp_in_name

USERS_HEADER = "UserId,UserName,OrgDefinedId,FirstName,MiddleName,LastName,IsActive,Organization," \
               "ExternalEmail,SignupDate,FirstLoginDate,Version,OrgRoleId,LastAccessed\n"
USERS_ROW = "5,jo.bloggs,E000005,Jo,,Bloggs,True,Example Corp,jo@example.com,2024-01-01T09:00:00.000Z,,1,110," \
            "2024-02-01T09:00:00.000Z\n"


def bds_zip(path: Path, member: str, text: str | bytes, bom: bool = True) -> Path:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(member, (b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


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
    assert len(list((raw / "brightspace").rglob("*.csv"))) == 72
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
    when = dt.datetime(2026, 11, 20, 8, 30, tzinfo=dt.timezone.utc).timestamp()
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
