"""Staging built by dbt on generated and deliberately awkward exports (slower: runs dbt)."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from lwh import spec
from lwh.landing.land import land

from dbt_helpers import query, run_dbt

pytestmark = pytest.mark.dbt


def _rewrite_csv(path: Path, fn) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(fn(text), encoding="utf-8")


@pytest.fixture(scope="module")
def awkward_build(exports, tmp_path_factory):
    """Learn Amp exported by another tool: True/False booleans, +00:00 offsets, bad values."""
    work = tmp_path_factory.mktemp("awkward")
    exp = work / "exports"
    shutil.copytree(exports, exp)
    la = exp / "learnamp"
    for csv in la.glob("*.csv"):
        _rewrite_csv(csv, lambda t: re.sub(r"(?<=,)t(?=,|\n)", "True", re.sub(r"(?<=,)f(?=,|\n)", "False", t)))
        _rewrite_csv(csv, lambda t: re.sub(r"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})(?=,|\n)", r"\1+00:00", t))
    # unparseable values in three tables, and a row whose key is garbage
    lines = (la / "users.csv").read_text(encoding="utf-8").splitlines()
    cells = lines[3].split(",")
    cells[1] = "many"                      # sign_in_count
    cells[8] = "perhaps"                   # manager (boolean)
    cells[14] = "31/02/2024"               # hire_date
    lines[3] = ",".join(cells)
    lines.append("not-an-id" + lines[4][lines[4].index(","):])
    (la / "users.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    raw = work / "raw"
    planned, refusals = land([str(exp)], raw)
    assert refusals == []
    warehouse = work / "learning.duckdb"
    run_dbt(["build", "--select", "staging", "audit", "--exclude", "test_name:relationships",
             "audit_identity_collisions"], raw, warehouse)
    return warehouse, cells


def test_other_boolean_and_offset_spellings_build_with_the_same_values(awkward_build, exports):
    warehouse, _ = awkward_build
    assert query(warehouse, "select count(*) from staging.stg_learnamp__activities where completed is null") == [(0,)]
    tz = query(warehouse, "select min(happened_at) from staging.stg_learnamp__activities")[0][0]
    first = (exports / "learnamp" / "activities.csv").read_text().splitlines()[1].split(",")[2]
    assert tz.strftime("%Y-%m-%d %H:%M:%S") == first


def test_every_bad_value_is_in_the_audit(awkward_build):
    warehouse, cells = awkward_build
    failures = query(warehouse, """
        select column_name, raw_value, expected_type from audit.audit_parse_failures
        where source_table = 'users' order by column_name""")
    assert ("hire_date", "31/02/2024", "date") in failures
    assert ("manager", "perhaps", "boolean") in failures
    assert ("sign_in_count", "many", "integer") in failures
    user_id = int(cells[0])
    assert query(warehouse, f"select sign_in_count, manager, hire_date from staging.stg_learnamp__users "
                            f"where id = {user_id}") == [(None, None, None)]
    quarantined = query(warehouse, "select quarantine_reason from audit.audit_quarantined_rows where source_table = 'users'")
    assert quarantined == [("unparseable primary key id",)]
    unbalanced = query(warehouse, "select count(*) from audit.audit_file_rows "
                                  "where rows_read <> rows_staged + rows_quarantined + rows_duplicate + rows_superseded")
    assert unbalanced == [(0,)]


def test_every_documented_column_has_its_type(awkward_build):
    warehouse, _ = awkward_build
    types = {(t, c): d.lower() for t, c, d in query(warehouse, """
        select table_name, column_name, data_type from information_schema.columns where table_schema = 'staging'""")}
    expected = {"bigint": "bigint", "integer": "integer", "boolean": "boolean", "varchar": "varchar",
                "timestamp": "timestamp", "date": "date", "decimal(14,2)": "decimal(14,2)",
                "decimal(19,9)": "decimal(19,9)", "smallint": "smallint"}
    for system in spec.SYSTEMS:
        for name, table in spec.tables(system).items():
            for col in table.columns:
                out = spec.snake_case(col.name) if system == "brightspace" else col.name
                assert types.get((f"stg_{system}__{name}", out)) == expected[col.data_type], (system, name, out)


def test_version_drift_and_further_differential(exports, tmp_path):
    """Old User Logins layout (OrgId, TimeOff, no LoginSource) beside the documented one; then one
    more differential changes exactly the rows it carries."""
    raw = tmp_path / "raw"
    assert land([str(exports)], raw)[1] == []
    old = ("\ufeffUserId,UserName,IP,SessionId,StatusType,AttemptDate,ImpersonatingUserId,LoginAttemptId,OrgId,TimeOff\n"
           "20003,old.layout,10.0.0.1,77,Success,2023-05-01T09:00:00.000Z,,old-attempt-1,6600,2023-05-01T10:00:00.000Z\n")
    z = tmp_path / "UserLogins_20230502T030000Z.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("UserLogins.csv", old.encode("utf-8"))
    assert land([str(z)], raw)[1] == []
    warehouse = tmp_path / "learning.duckdb"
    run_dbt(["build", "--select", "+stg_brightspace__user_logins", "+stg_brightspace__users", "+audit_unknown_columns",
             "--exclude", "test_name:relationships"], raw, warehouse)
    assert query(warehouse, "select user_name, login_source from staging.stg_brightspace__user_logins "
                            "where login_attempt_id = 'old-attempt-1'") == [("old.layout", None)]
    assert sorted(r[0] for r in query(warehouse, "select column_name from audit.audit_unknown_columns")) == ["OrgId", "TimeOff"]

    before = dict((r[0], r[1:]) for r in query(warehouse, "select user_id, first_name, is_active, _row_hash "
                                                          "from staging.stg_brightspace__users"))
    some = sorted(before)[5]
    diff = ("UserId,UserName,OrgDefinedId,FirstName,MiddleName,LastName,IsActive,Organization,ExternalEmail,"
            "SignupDate,FirstLoginDate,Version,OrgRoleId,LastAccessed\n"
            f"{some},renamed.user,E999999,Renamed,,User,False,Example Corp,,2024-01-01T00:00:00.000Z,,99,110,"
            "2026-11-17T09:00:00.000Z\n"
            "99999,new.user,E888888,New,,User,True,Example Corp,,2026-11-16T10:00:00.000Z,,1,110,"
            "2026-11-16T10:00:00.000Z\n")
    z = tmp_path / "Users_Differential_20261117T030000Z.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("Users.csv", b"\xef\xbb\xbf" + diff.encode("utf-8"))
    assert land([str(z)], raw)[1] == []
    run_dbt(["build", "--select", "base_brightspace__users", "stg_brightspace__users",
             "--exclude", "test_name:relationships"], raw, warehouse)
    after = dict((r[0], r[1:]) for r in query(warehouse, "select user_id, first_name, is_active, _row_hash "
                                                         "from staging.stg_brightspace__users"))
    changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    assert changed == {some, 99999}
    assert after[some][:2] == ("Renamed", False)


def test_missing_landing_folder_names_the_table_and_path(tmp_path):
    raw = tmp_path / "empty"
    raw.mkdir()
    proc = run_dbt(["run", "--select", "base_learnamp__users"], raw, tmp_path / "w.duckdb", check=False)
    assert proc.returncode != 0
    assert "No landed files for source table learnamp.users" in proc.stdout
    assert str(raw.resolve() / "learnamp" / "users" / "*.csv") in proc.stdout
