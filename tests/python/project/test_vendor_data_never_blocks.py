"""Vendor data never blocks the warehouse: exports that real companies send land and build.

One landing area gets the generated exports plus files that used to stop the build (a user the
users export does not have yet, new enumeration values, header names of any text, a vendor
column called FileName, a key spelled in another case, a record over 2 MB, NULL-looking text,
datetimeoffset text, a trailing blank line); one `lwh build` must publish, with every problem
kept in the audit and every row accounted for.
"""

from __future__ import annotations

import csv
import io
import json
import random
import zipfile

import pytest

from lwh import spec
from lwh.landing.land import land

from dbt_helpers import lwh_build, query

pytestmark = pytest.mark.dbt

STAMP = "20261117T120000Z"
BOM = "\ufeff"
HOSTILE_NAMES = [
    'say "hi"', "manager's note", "a;b", "x); drop table users; --", "new\nline", "{brace}", "{{ jinja }}",
    "back\\slash", "percent %s", "FileName", "_lwh_file", "raw__id", "_source_file", "Ünïcödé 名前",
]


def random_header_names(count: int, seed: int) -> list[str]:
    """Header names of arbitrary text (no surrounding spaces: CSV readers strip them), unique
    ignoring case and distinct from every documented Learn Amp users column."""
    rng = random.Random(seed)
    alphabet = "abcXYZ019 _-'\";,.(){}[]\\/%$#@!?*+=<>|`~\n\té名"
    documented = {c.lower() for c in spec.tables("learnamp")["users"].column_names}
    names: list[str] = []
    while len(names) < count:
        name = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24))).strip()
        if name and name.lower() not in documented and name.lower() not in {n.lower() for n in names}:
            names.append(name)
    return names


def _csv(header: list[str], rows: list[list[str]], *, quote_header: bool = False, ending: str = "") -> str:
    out = io.StringIO()
    csv.writer(out, quoting=csv.QUOTE_ALL if quote_header else csv.QUOTE_MINIMAL, lineterminator="\n").writerow(header)
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue() + ending


def _row(table: str, values: dict) -> tuple[list[str], list[str]]:
    header = spec.tables("learnamp")[table].column_names
    return header, [values.get(c, "") for c in header]


@pytest.fixture(scope="module")
def messy_build(exports, land_exports):
    work, raw = land_exports("messy")
    extra = work / "extra"
    extra.mkdir()
    # an activity of a user the users export does not have yet, with a verb nobody documented,
    # and one whose result is a record over DuckDB's default 2 MB line limit
    header, late = _row("activities", {"id": "900101", "user_id": "987654321", "happened_at": "2026-11-17 09:00:00",
                                       "completed": "f", "single": "f", "type": "Item", "content_id": "1",
                                       "verb": "reacted", "expired": "f"})
    _, big = _row("activities", {"id": "900102", "user_id": "1001", "happened_at": "2026-11-17 09:05:00",
                                 "completed": "f", "single": "f", "type": "Item", "content_id": "1",
                                 "verb": "viewed", "expired": "f", "result": "r" * 3_000_000})
    (extra / f"activities_late_{STAMP}.csv").write_text(_csv(header, [late, big]), encoding="utf-8")
    header, row = _row("enrollments", {"user_id": "1001", "id": "900201", "event_session_id": "1",
                                       "status": "waitlisted", "attendance": "not yet recorded", "host": "f",
                                       "enrolled_at": "2026-11-17"})
    (extra / f"enrollments_new_status_{STAMP}.csv").write_text(_csv(header, [row]), encoding="utf-8")
    header, row = _row("objectives", {"id": "900301", "name": "Divisional goal", "level": "Division",
                                      "assigned_to_id": "1001", "current_progress": "10",
                                      "completion_status": "In Progress", "archived": "f", "private": "f"})
    (extra / f"objectives_new_level_{STAMP}.csv").write_text(_csv(header, [row]), encoding="utf-8")
    # a users export with header names of any text, and NULL-looking values
    names = HOSTILE_NAMES + random_header_names(30, seed=2026)
    header, row = _row("users", {"id": "900401", "first_name": "NULL", "last_name": "Smith", "job_title": "\\N",
                                 "manager": "f", "deactivated": "f"})
    (extra / f"users_hostile_headers_{STAMP}.csv").write_text(
        _csv(header + names, [row + [f"v{i}" for i in range(len(names))]], quote_header=True), encoding="utf-8")
    # Brightspace: a newer version with a FileName column, the key spelled `userid`, a surname
    # `Null`, SQL Server datetimeoffset text, and a trailing blank line
    bs = spec.tables("brightspace")["users"].column_names
    bs_header = ["userid" if c == "UserId" else c for c in bs] + ["FileName"]
    values = {"UserId": "990101", "UserName": "null.surname", "FirstName": "Nora", "LastName": "Null",
              "IsActive": "True", "SignupDate": "2026-11-17 10:11:12.1234567 +05:30", "Version": "1",
              "OrgRoleId": "110"}
    bs_row = [values.get(c, "") for c in bs] + ["export_0001.csv"]
    with zipfile.ZipFile(extra / f"Users_Differential_{STAMP}.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("Users.csv", (BOM + _csv(bs_header, [bs_row], ending="\n")).encode("utf-8"))
    planned, refusals = land([str(extra)], raw)
    assert refusals == [], refusals
    warehouse = work / "learning.duckdb"
    proc = lwh_build(raw, warehouse)
    return warehouse, proc, names


def test_the_build_publishes_with_warnings_not_errors(messy_build):
    warehouse, proc, _ = messy_build
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-3000:]
    assert warehouse.exists()
    results = json.loads((warehouse.parent / f"target-{warehouse.stem}" / "run_results.json").read_text())["results"]
    status = {r["unique_id"].split(".")[2]: r["status"] for r in results}
    assert status["assert_every_row_is_accounted_for"] == "pass"
    assert status["assert_rows_read_match_the_landing_log"] == "pass"
    warned = {name for name, st in status.items() if st == "warn"}
    assert any(n.startswith("relationships_stg_learnamp__activities_user_id") for n in warned), warned
    assert any(n.startswith("accepted_values_stg_learnamp__enrollments_status") for n in warned), warned
    assert not [name for name, st in status.items() if st in ("error", "fail")]


def test_violations_are_kept_in_the_audit_with_their_file(messy_build):
    warehouse, _, _ = messy_build
    found = query(warehouse, "select test_type, model_name, column_name, offending_value, key_value, source_file "
                             "from audit.audit_source_test_violations")
    assert ("relationships", "stg_learnamp__activities", "user_id", "987654321", "id=900101",
            f"learnamp/activities/activities__late__{STAMP}.csv") in found
    assert any(r[0] == "accepted_values" and r[3] == "waitlisted" for r in found)
    assert any(r[0] == "accepted_values" and r[3] == "Division" for r in found)


def test_late_members_and_new_values_flow_to_the_marts(messy_build):
    warehouse, _, _ = messy_build
    assert query(warehouse, "select user_key, person_key, activity_type, verb from marts.fct_learning_activity "
                            "where source_system = 'learnamp' and activity_id = 900101") == [("-1", "-1", "other", "reacted")]
    assert query(warehouse, "select enrollment_status from marts.fct_enrollment "
                            "where source_system = 'learnamp' and enrollment_id = '900201'") == [("waitlisted",)]
    assert query(warehouse, "select objective_level from marts.fct_objective where objective_id = 900301") == [("Division",)]
    assert query(warehouse, "select length(result) from staging.stg_learnamp__activities where id = 900102") == [(3_000_000,)]


def test_any_header_text_is_a_column_name_kept_verbatim(messy_build):
    warehouse, _, names = messy_build
    found = {r[0] for r in query(warehouse, "select column_name from audit.audit_unknown_columns "
                                            "where source_table = 'users' and source_system = 'learnamp'")}
    assert found == set(names)
    kept = query(warehouse, "select _unknown_columns from staging.base_learnamp__users where id = 900401")[0][0]
    assert kept == {n: f"v{i}" for i, n in enumerate(names)}


def test_brightspace_key_in_another_case_filename_column_and_values(messy_build):
    warehouse, _, _ = messy_build
    assert query(warehouse, "select count(*) from audit.audit_quarantined_rows where source_table = 'users'") == [(0,)]
    assert query(warehouse, "select last_name, signup_date from staging.stg_brightspace__users where user_id = 990101") \
        == [("Null", __import__("datetime").datetime(2026, 11, 17, 4, 41, 12, 123456))]
    assert query(warehouse, "select _unknown_columns['FileName'] from staging.base_brightspace__users "
                            "where user_id = 990101") == [("export_0001.csv",)]
    assert ("brightspace", "users", "FileName") in set(query(
        warehouse, "select source_system, source_table, column_name from audit.audit_unknown_columns"))


def test_null_markers_are_per_system_and_counted(messy_build):
    warehouse, _, _ = messy_build
    assert query(warehouse, "select first_name, job_title from staging.stg_learnamp__users where id = 900401") \
        == [("NULL", None)]
    assert ("learnamp", "users", "job_title", "\\N", 1) in set(query(
        warehouse, "select source_system, source_table, column_name, marker, values_nulled from audit.audit_null_markers "
                   "where source_file like '%hostile_headers%'"))
