"""The structure rules of docs/style.md, checked on dbt's manifest so they hold as the project grows:
no mart or intermediate model reads a source; staging never reads staging; every model has a
key test; mart keys are enforced not-null constraints; public marts have enforced contracts; no
hard-coded relation names."""

from __future__ import annotations

import json
import re

import pytest

from dbt_helpers import run_dbt

pytestmark = pytest.mark.dbt      # dbt parse


@pytest.fixture(scope="module")
def manifest(tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("parse")
    run_dbt(["parse"], work, work / "w.duckdb")
    return json.loads((work / "target" / "manifest.json").read_text())


def _models(manifest):
    return {k: v for k, v in manifest["nodes"].items() if v["resource_type"] == "model"}


def _layer(node) -> str:
    return node["fqn"][1] if len(node["fqn"]) > 2 else "root"


def test_only_base_models_read_sources(manifest):
    offenders = [n["name"] for n in _models(manifest).values()
                 if any(d.startswith("source.") for d in n["depends_on"]["nodes"])
                 and not n["name"].startswith("base_")]
    assert offenders == []


def test_marts_and_intermediate_never_read_sources_or_base_models(manifest):
    models = _models(manifest)
    offenders = []
    for n in models.values():
        if _layer(n) in ("marts", "intermediate"):
            for d in n["depends_on"]["nodes"]:
                if d.startswith("source.") or (d in models and models[d]["name"].startswith("base_")):
                    offenders.append((n["name"], d))
    assert offenders == []


def test_staging_never_reads_staging(manifest):
    """A stg_ model reads only its own base_ model; a base_ model reads only its source."""
    models = _models(manifest)
    offenders = []
    for n in models.values():
        if n["name"].startswith("stg_"):
            expected = {f"model.learning_warehouse.base_{n['name'][4:]}"}
            if set(n["depends_on"]["nodes"]) != expected:
                offenders.append((n["name"], n["depends_on"]["nodes"]))
        if n["name"].startswith("base_") and (
                not all(d.startswith("source.") for d in n["depends_on"]["nodes"]) or len(n["depends_on"]["nodes"]) != 1):
            offenders.append((n["name"], n["depends_on"]["nodes"]))
    assert offenders == []


def test_every_model_has_a_key_test(manifest):
    keyed = set()
    for t in manifest["nodes"].values():
        if t["resource_type"] != "test" or not t.get("test_metadata"):
            continue
        name = t["test_metadata"]["name"]
        if name in ("unique", "lw_unique_combination"):
            keyed.add(t["attached_node"])
    missing = sorted(n["name"] for k, n in _models(manifest).items() if k not in keyed)
    assert missing == []


def test_mart_keys_are_not_null_constraints(manifest):
    """A mart's key columns carry an enforced not_null constraint (DuckDB refuses the NULL as the
    table is written), in place of a not_null test that would scan the table afterwards."""
    missing, tested, checked = [], [], 0
    for t in manifest["nodes"].values():
        meta = t.get("test_metadata") or {}
        node = manifest["nodes"].get(t.get("attached_node") or "")
        if t["resource_type"] != "test" or not node or _layer(node) != "marts":
            continue
        if meta.get("name") == "not_null":
            tested.append((node["name"], t["column_name"]))
        if meta.get("name") in ("unique", "lw_unique_combination"):
            columns = meta["kwargs"].get("columns") or [t["column_name"]]
            for c in columns:
                checked += 1
                constraints = node["columns"].get(c, {}).get("constraints", [])
                if not any(x["type"] == "not_null" for x in constraints):
                    missing.append((node["name"], c))
    assert missing == []
    assert tested == []
    assert checked >= 26


def test_public_marts_have_enforced_contracts(manifest):
    missing = sorted(n["name"] for n in _models(manifest).values()
                     if _layer(n) == "marts" and not n["config"]["contract"]["enforced"])
    assert missing == []
    assert sum(_layer(n) == "marts" for n in _models(manifest).values()) >= 26


def test_marts_and_staging_land_in_their_named_schemas(manifest):
    for n in _models(manifest).values():
        if _layer(n) in ("marts", "staging", "audit", "intermediate"):
            assert n["schema"] == _layer(n), (n["name"], n["schema"])


def test_no_hard_coded_relation_names(manifest):
    pattern = re.compile(r"\b(from|join)\s+(main|staging|marts|intermediate|audit|seeds)\.", re.I)
    offenders = [n["name"] for n in manifest["nodes"].values()
                 if n["resource_type"] in ("model", "test", "analysis") and pattern.search(n.get("raw_code", ""))]
    assert offenders == []


def test_every_mart_column_is_documented(manifest):
    missing = []
    for n in _models(manifest).values():
        if _layer(n) in ("marts", "intermediate", "audit") or n["name"].startswith("stg_"):
            if not n["description"]:
                missing.append(n["name"])
            missing += [f"{n['name']}.{c}" for c, col in n["columns"].items() if not col["description"]]
    assert missing == []
