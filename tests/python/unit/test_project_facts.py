"""Facts said once in dbt_project.yml (lwh.project) and the few files that must repeat them.

profiles.yml (rendered by dbt before the project is read, so it cannot read a var), the Makefile
and the Superset bundle (an export of Superset's own) cannot read dbt_project.yml; these tests
hold them to it, so a change made in one place and not the other fails `make check`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from lwh import project, spec
from lwh.landing import landed_name

ROOT = spec.project_dir()


def test_schemas_follow_the_data_from_seeds_to_the_marts():
    assert project.schemas() == ("seeds", "staging", "audit", "intermediate", "marts")
    assert project.serving_schema() == project.schemas()[-1]


@pytest.mark.parametrize("name", sorted(project.PATH_VARIABLES))
def test_every_default_path_is_defined_in_the_project(name):
    assert not Path(project.default_path(name)).is_absolute()


def test_a_path_is_the_option_then_the_variable_then_the_default(monkeypatch, tmp_path):
    monkeypatch.delenv("LWH_RAW_DIR", raising=False)
    assert project.path("raw_dir") == (ROOT / project.default_path("raw_dir")).resolve()
    monkeypatch.setenv("LWH_RAW_DIR", str(tmp_path / "env"))
    assert project.path("raw_dir") == tmp_path / "env"
    assert project.path("raw_dir", tmp_path / "arg") == tmp_path / "arg"


def test_profiles_repeat_the_default_paths():
    text = (ROOT / "profiles.yml").read_text(encoding="utf-8")
    defaults = dict(re.findall(r"env_var\('(LWH_\w+)', '([^']*)'\)", text))
    for name, variable in project.PATH_VARIABLES.items():
        if variable in defaults:
            assert defaults[variable] == project.default_path(name), f"profiles.yml's default of {variable}"
    assert {"LWH_WAREHOUSE_PATH", "LWH_TEMP_DIR", "LWH_SPARK_WAREHOUSE_DIR"} <= set(defaults)


def test_the_makefile_repeats_the_default_paths():
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    defaults = dict(re.findall(r"^(LWH_\w+)\s*\?=\s*(\S+)\s*$", text, flags=re.M))
    assert {"LWH_RAW_DIR", "LWH_WAREHOUSE_PATH", "LWH_TEMP_DIR"} <= set(defaults)
    for name, variable in project.PATH_VARIABLES.items():
        if variable in defaults:
            assert defaults[variable] == project.default_path(name), f"the Makefile's default of {variable}"


def test_no_model_macro_or_source_spells_a_default_path():
    spelled = []
    for path in [*(ROOT / "models").rglob("*.yml"), *(ROOT / "models").rglob("*.sql"), *(ROOT / "macros").rglob("*.sql")]:
        text = path.read_text(encoding="utf-8")
        spelled += [f"{path.relative_to(ROOT)}: {d}" for d in map(project.default_path, project.PATH_VARIABLES)
                    if f"'{d}'" in text]
    assert not spelled, "read var('lw_defaults') instead: " + ", ".join(spelled)


def test_the_dashboard_reads_the_serving_schema():
    bundle = ROOT / "dashboard" / "superset" / "bundle" / "datasets"
    datasets = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(bundle.rglob("*.yaml"))]
    assert datasets
    for d in datasets:
        assert d["schema"] == project.serving_schema(), d["table_name"]
        for table in re.findall(r"\bfrom\s+(\w+)\.\w+", d.get("sql") or ""):
            assert table == project.serving_schema(), d["table_name"]


def test_the_pull_reads_landed_names_as_land_writes_them(tmp_path):
    import datetime as dt

    from lwh.pull.brightspace import landed_extracts

    at = dt.datetime(2026, 3, 4, 5, 6, 7)
    folder = tmp_path / "brightspace" / "users"
    folder.mkdir(parents=True)
    for kind in ("full", "differential"):
        (folder / landed_name.landed_file_name("users", at, kind=kind)).write_text("UserId\n1\n")
    (folder / "users__not-a-stamp.csv").write_text("UserId\n1\n")
    assert landed_extracts(tmp_path) == {"users": {("full", at), ("differential", at)}}


def test_both_sources_read_their_landed_files_the_same_way():
    """The reader (meta.external_location) and the freshness column (loaded_at_field) are one text
    in both sources files: only the tables differ ({schema} is the source's name)."""
    shared = []
    for system in spec.SYSTEMS:
        (source,) = yaml.safe_load(spec.sources_file(system, ROOT).read_text(encoding="utf-8"))["sources"]
        assert "freshness" not in source["config"], "freshness is set once, in dbt_project.yml"
        shared.append((source["config"]["loaded_at_field"], source["meta"]["external_location"]))
        assert f"/{system}/" not in source["meta"]["external_location"]
    assert shared[0] == shared[1]
    assert set(project.config()["sources"][project.PROJECT_NAME]["+freshness"]) == {"warn_after", "error_after"}
