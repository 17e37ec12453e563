"""The optional Brightspace naming data sets (Organizational Units, Role Details): without them
landed everything builds as before and org units are "Org unit <id>"; landed later, a daily
`lwh build --changed` names every org unit and role, as the raw extracts say."""

from __future__ import annotations

import shutil

import pytest

from lwh import spec
from lwh.landing.land import land

from dbt_helpers import lwh_build, query

pytestmark = pytest.mark.dbt

# the two optional data sets that name org units and roles (the learning data sets, optional too,
# are landed throughout: they name nothing here)
OPTIONAL = [t for t in spec.tables("brightspace").values() if t.name in ("organizational_units", "role_details")]


def _newest(gen_db, table: str, key: str, column: str) -> dict:
    """Per key, the value in the newest extract that holds it (the raw files' own answer: extract
    files sort by their time stamp; a full and a differential never share one)."""
    return dict(gen_db.execute(f"""
        select {key}::integer, {column} from (
            select *, regexp_extract(filename, '([0-9]{{8}}T[0-9]{{6}}Z)', 1) as stamp from bs_{table})
        qualify row_number() over (partition by {key} order by stamp desc) = 1""").fetchall())


@pytest.fixture(scope="module")
def without_then_with(exports, tmp_path_factory):
    work = tmp_path_factory.mktemp("naming")
    partial = work / "exports"
    shutil.copytree(exports, partial)
    held_back = []
    for table in OPTIONAL:
        for z in (partial / "brightspace").glob(table.csv_name.removesuffix(".csv") + "_*.zip"):
            held_back.append(z.rename(work / z.name))
    assert held_back
    raw = work / "raw"
    assert land([str(partial)], raw)[1] == []
    warehouse = work / "learning.duckdb"
    proc = lwh_build(raw, warehouse)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    before = {
        "names": query(warehouse, "select learning_object_id, learning_object_name, content_type, is_deleted "
                                  "from marts.dim_learning_object "
                                  "where source_system = 'brightspace' and learning_object_type = 'Org Unit'"),
        "roles": dict(query(warehouse, "select role_id, role_name from intermediate.int_roles__names")),
    }
    assert land([str(z) for z in held_back], raw)[1] == []
    proc = lwh_build(raw, warehouse, "--changed")
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    return before, warehouse


def test_without_them_org_units_are_numbered_and_roles_come_from_enrollments(without_then_with):
    before, _ = without_then_with
    assert before["names"]
    for org_unit_id, name, content_type, is_deleted in before["names"]:
        assert (name, content_type, is_deleted) == (f"Org unit {org_unit_id}", "org_unit", False)
    assert before["roles"]                          # named from User Enrollments' RoleName


def test_landed_later_they_name_every_org_unit_and_role(without_then_with, gen_db):
    _, warehouse = without_then_with
    names = _newest(gen_db, "organizational_units", "OrgUnitId", "Name")
    types = _newest(gen_db, "organizational_units", "OrgUnitId", "Type")
    got = query(warehouse, "select learning_object_id, learning_object_name, content_type "
                           "from marts.dim_learning_object where source_system = 'brightspace' and learning_object_type = 'Org Unit'")
    assert {r[0] for r in got} >= set(names)        # every org unit of the data set, used or not
    for org_unit_id, name, content_type in got:
        assert (name, content_type) == (names[org_unit_id], types[org_unit_id]), org_unit_id
    roles = _newest(gen_db, "role_details", "RoleId", "RoleName")
    got_roles = dict(query(warehouse, "select role_id, role_name from intermediate.int_roles__names"))
    assert {k: v for k, v in got_roles.items() if k in roles} == roles
    # a role renamed by a differential carries its new name into the users' dimension
    renamed = query(warehouse, "select count(*) from intermediate.int_roles__names where role_name = 'Course Auditor'")
    assert renamed == [(1,)]
