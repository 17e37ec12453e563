"""The engine seam check (lwh.devtools.engine_seam) and the macro linter (lwh.devtools.macro_lint): clean on the
project, and each catches what it is there for."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lwh import spec
from lwh.devtools import engine_seam, macro_lint

ROOT = spec.project_dir()


def test_the_project_is_clean():
    assert engine_seam.findings(ROOT) == []
    assert engine_seam.yml_findings(ROOT) == []
    assert engine_seam.dispatch_findings(ROOT) == []
    assert [p for f in sorted((ROOT / "macros").rglob("*.sql")) for p in macro_lint.problems(f)] == []


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    for name in ("models", "macros"):
        shutil.copytree(ROOT / name, root / name)
    return root


@pytest.mark.parametrize(("sql", "construct"), [
    ("select * from t qualify row_number() over (partition by a order by b) = 1", "QUALIFY"),
    ("select list_filter(xs, lambda x: x > 1) as ys from t", "list function"),
    ("select * exclude (a) from t", "* EXCLUDE / * REPLACE"),
    ("select a, count(*) from t group by all", "GROUP BY ALL / ORDER BY ALL"),
    ("select unnest(xs) as x from t", "UNNEST"),
    ("select * from read_csv('x.csv')", "file reader"),
    ("select a::varchar as b from t", ":: cast"),
    ("select strftime(d, '%Y') as y from t", "strptime / strftime"),
])
def test_duckdb_only_sql_outside_the_seam_is_found(project, sql, construct):
    (project / "models" / "marts" / "fct_planted.sql").write_text(f"-- planted\n{sql}\n", encoding="utf-8")
    assert f"models/marts/fct_planted.sql:2: {construct}" in engine_seam.findings(project)


def test_comments_strings_and_jinja_methods_are_not_sql(project):
    (project / "models" / "marts" / "fct_planted.sql").write_text(
        "-- qualify, unnest(x) and group by all in a comment\n"
        "{# select * exclude (a) #}\n"
        "{% set stamp = run_started_at.strftime('%Y') %}\n"
        "select 'qualify' as word, '::' as colons from t\n", encoding="utf-8")
    assert engine_seam.findings(project) == []


@pytest.mark.parametrize(("entry", "construct"), [
    ("where: \"strftime(activity_date, '%Y') > '2020'\"", "strptime / strftime (in where)"),
    ("expr: cast(x as varchar)::date", ":: cast (in expr)"),
])
def test_duckdb_only_sql_in_a_yml_file_is_found(project, entry, construct):
    (project / "models" / "marts" / "_planted.yml").write_text(
        "version: 2\nmodels:\n  - name: fct_planted\n    columns:\n      - name: a\n        data_tests:\n"
        f"          - not_null:\n              config:\n                {entry}\n", encoding="utf-8")
    assert engine_seam.yml_findings(project) == [f"models/marts/_planted.yml:9: {construct}"]


def test_the_sources_duckdb_adapter_settings_are_not_engine_sql(project):
    sources = project / "models" / "staging" / "learnamp" / "_learnamp__sources.yml"
    assert "read_csv(" in sources.read_text(encoding="utf-8")
    assert engine_seam.yml_findings(project) == []
    sources.write_text(sources.read_text(encoding="utf-8").replace(
        "    tables:\n", "    tables:\n      - name: planted\n        config: {filter: \"unnest(x) > 1\"}\n", 1),
        encoding="utf-8")
    assert [f.split(": ", 1)[1] for f in engine_seam.yml_findings(project)] == ["UNNEST (in filter)"]


def test_the_same_sql_inside_the_seam_is_fine(project):
    (project / "macros" / "adapters" / "lw_planted.sql").write_text(
        "{% macro duckdb__lw_planted() %}select * exclude (a) from t{% endmacro %}\n", encoding="utf-8")
    assert engine_seam.findings(project) == []


def test_a_dispatched_macro_needs_both_implementations(project):
    (project / "macros" / "adapters" / "lw_half.sql").write_text(
        "{% macro lw_half() %}{{ return(adapter.dispatch('lw_half', 'learning_warehouse')()) }}{% endmacro %}\n"
        "{% macro duckdb__lw_half() %}1{% endmacro %}\n", encoding="utf-8")
    assert any("lw_half has no default__lw_half" in f for f in engine_seam.dispatch_findings(project))


def test_macro_lint_names_each_problem(tmp_path):
    bad = tmp_path / "bad.sql"
    bad.write_text("{% macro x() %}\n  {%- if true %}\t\n    SELECT 1  \n{% endif %}\n", encoding="utf-8")
    found = "\n".join(macro_lint.problems(bad))
    for problem in ("no leading {# ... #} comment", "1 macro(s) opened, 0 closed", "tab character",
                    "trailing whitespace", "indentation of 2 spaces", "SQL keyword 'SELECT'"):
        assert problem in found
