"""Facts about the project said once, in dbt_project.yml, and read from there by the Python side.

- `schemas()`: the schemas dbt builds, in the order data flows through them (seeds first, the
  marts last), from the `+schema` of every layer under `models:` and of `seeds:`;
  `serving_schema()` is the marts' (what BI tools, the export and the dashboard read).
- `default_path(name)`: where a path points when its environment variable is not set
  (vars: `lw_defaults`), relative to the project directory: the landing area, the warehouse,
  DuckDB's spill folder, the Spark warehouse, the export folder; `path(name)` resolves one.
  The macros and the sources read the same var; the two files that cannot read a dbt var
  (profiles.yml, which dbt renders before the project, and the Makefile) repeat the value and
  tests/python/unit/test_project_facts.py holds them to it.
- the landed file name (`lw_landed_file`) is read by `lwh.landing.landed_name`.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import yaml

from lwh.spec import project_dir

PROJECT_NAME = "learning_warehouse"
# the environment variable that overrides each default path
PATH_VARIABLES = {"raw_dir": "LWH_RAW_DIR", "warehouse_path": "LWH_WAREHOUSE_PATH", "temp_dir": "LWH_TEMP_DIR",
                  "spark_warehouse_dir": "LWH_SPARK_WAREHOUSE_DIR", "export_dir": "LWH_EXPORT_DIR"}


@cache
def config() -> dict:
    """dbt_project.yml, parsed (its Jinja left as text)."""
    return yaml.safe_load((project_dir() / "dbt_project.yml").read_text(encoding="utf-8"))


def var(name: str):
    """A project var as dbt_project.yml writes it."""
    try:
        return config()["vars"][name]
    except KeyError:
        raise KeyError(f"dbt_project.yml has no var {name!r}") from None


def _layer_schemas(node: dict) -> list[str]:
    found = [node["+schema"]] if "+schema" in node else []
    for key, child in node.items():
        if not key.startswith("+") and isinstance(child, dict):
            found += [s for s in _layer_schemas(child) if s not in found]
    return found


@cache
def schemas() -> tuple[str, ...]:
    """The schemas dbt builds: seeds, then the model layers as dbt_project.yml lists them."""
    seeds = config()["seeds"][PROJECT_NAME]["+schema"]
    layers = _layer_schemas(config()["models"][PROJECT_NAME])
    return (seeds, *[s for s in layers if s != seeds])


@cache
def serving_schema() -> str:
    """The schema of the marts, the public interface."""
    return config()["models"][PROJECT_NAME]["marts"]["+schema"]


def default_path(name: str) -> str:
    """The default of one path (a key of PATH_VARIABLES), relative to the project."""
    defaults = var("lw_defaults")
    if name not in defaults:
        raise KeyError(f"dbt_project.yml vars.lw_defaults has no {name!r} (it has {', '.join(defaults)})")
    return str(defaults[name])


def path(name: str, given: str | Path | None = None) -> Path:
    """One of the project's paths, absolute: `given` (a command's option), else its environment
    variable (both relative to the working directory), else the default under the project
    directory, so `lwh` finds the same files from any working directory (cron)."""
    chosen = given or os.environ.get(PATH_VARIABLES[name])
    return Path(chosen).resolve() if chosen else (project_dir() / default_path(name)).resolve()


def path_help(name: str) -> str:
    """`$VARIABLE or <default>`, for a command's help (without the default outside a project)."""
    try:
        return f"${PATH_VARIABLES[name]} or {default_path(name)}"
    except FileNotFoundError:
        return f"${PATH_VARIABLES[name]}"
