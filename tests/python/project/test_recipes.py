"""CONTRIBUTING.md's first recipe, followed on a copy of the project: add a 40th Learn Amp table
by editing the column spec alone, run `lwh codegen`, land an export of it, build its models.

Checks that the recipe is true: codegen names no table (the new one gets base and staging
models, tests and audit coverage from its spec entry), the staging file lists its columns by
group, `lwh land` accepts the export, and the models type the rows."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from dbt_helpers import DBT, LWH, PROJECT, query

pytestmark = pytest.mark.dbt

RECIPE = (PROJECT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def _recipe_spec_entry() -> str:
    """The yaml the recipe tells a contributor to append (its first yaml block)."""
    block = re.search(r"```yaml\n(.*?)```", RECIPE, re.DOTALL).group(1)
    lines = block.splitlines()
    indent = min(len(line) - len(line.lstrip()) for line in lines if line.strip())
    return "\n".join("      " + line[indent:] if line.strip() else "" for line in lines) + "\n"


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("recipe") / "project"
    root.mkdir()
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copy(PROJECT / name, root / name)
    for name in ("models", "macros", "seeds", "analyses", "tests"):
        shutil.copytree(PROJECT / name, root / name, ignore=shutil.ignore_patterns("python", "__pycache__"))
    spec_file = root / "models" / "staging" / "learnamp" / "_learnamp__sources.yml"
    spec_file.write_text(spec_file.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + _recipe_spec_entry(),
                         encoding="utf-8")
    return root


def _env(root: Path, **extra: str) -> dict:
    return dict(os.environ, LWH_PROJECT_DIR=str(root), DBT_PROFILES_DIR=str(root),
                DBT_SEND_ANONYMOUS_USAGE_STATS="false", **extra)


def test_codegen_writes_every_file_of_the_new_table(project_copy):
    proc = subprocess.run([LWH, "codegen"], env=_env(project_copy), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    staging = project_copy / "models" / "staging" / "learnamp"
    stg = (staging / "stg_learnamp__badges.sql").read_text(encoding="utf-8")
    assert (staging / "base" / "base_learnamp__badges.sql").exists()
    # the columns, by group, in the file a newcomer opens
    groups = re.findall(r"-- (ids|text|numbers|booleans|dates|timestamps|provenance)\n((?:        \S.*\n)+)", stg)
    listed = {g: [line.split(",")[0].strip() for line in body.splitlines()] for g, body in groups}
    assert listed["ids"] == ["id", "user_id"]
    assert listed["text"] == ["name"]
    assert listed["numbers"] == ["points"]
    assert listed["timestamps"] == ["earned_at"]
    models = (staging / "_learnamp__models.yml").read_text(encoding="utf-8")
    assert "name: stg_learnamp__badges" in models and "to: ref('stg_learnamp__users')" in models
    audit = (project_copy / "models" / "audit" / "audit_source_test_violations.sql").read_text(encoding="utf-8")
    assert "'model': 'stg_learnamp__badges'" in audit
    again = subprocess.run([LWH, "codegen", "--check"], env=_env(project_copy), capture_output=True, text=True)
    assert again.returncode == 0, again.stderr


def test_the_new_table_lands_and_builds(project_copy, tmp_path):
    subprocess.run([LWH, "codegen"], env=_env(project_copy), check=True, capture_output=True)
    export = tmp_path / "badges_20261101T060000Z.csv"
    export.write_text("id,user_id,name,points,earned_at\n"
                      "1,10,First steps,5,2026-10-30 09:00:00\n"
                      "2,11,Quiz master,-3,2026-10-31 10:30:00\n"
                      "x,12,Broken id,1,2026-10-31 11:00:00\n", encoding="utf-8")
    raw = tmp_path / "raw"
    landed = subprocess.run([LWH, "land", str(export), "--raw-dir", str(raw)], env=_env(project_copy),
                            capture_output=True, text=True)
    assert landed.returncode == 0, landed.stderr
    assert list((raw / "learnamp" / "badges").glob("badges__*.csv"))
    warehouse = tmp_path / "recipe.duckdb"
    env = _env(project_copy, LWH_RAW_DIR=str(raw), LWH_WAREHOUSE_PATH=str(warehouse),
               LWH_TEMP_DIR=str(tmp_path / "tmp"))
    proc = subprocess.run([DBT, "build", "--select", "base_learnamp__badges", "stg_learnamp__badges",
                           "--indirect-selection", "cautious", "--vars", "{brightspace_enabled: false}",
                           "--project-dir", str(project_copy), "--target-path", str(tmp_path / "target"),
                           "--log-path", str(tmp_path / "logs")],
                          env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-4000:]
    rows = query(warehouse, "select id, user_id, name, points, earned_at from staging.stg_learnamp__badges order by id")
    assert [r[:4] for r in rows] == [(1, 10, "First steps", 5), (2, 11, "Quiz master", -3)]
    # the third row's key does not parse: quarantined in the base model, not lost; -3 breaks min: 0
    base = query(warehouse, "select _quarantine_reason, _range_violations from staging.base_learnamp__badges "
                            "order by _source_row_number")
    assert base[2][0] == "unparseable primary key id"
    assert base[1][1] == [{"column_name": "points", "value": "-3", "rule": ">= 0"}]
