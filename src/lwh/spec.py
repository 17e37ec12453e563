"""The column spec of both source systems, read from the dbt sources yml files.

`models/staging/<system>/_<system>__sources.yml` is the one place where each source table's
documented schema lives (see the header of those files). The generator, the landing command
and the tests read it through this module, so they cannot drift from what dbt declares.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

SYSTEMS = ("learnamp", "brightspace")


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str
    doc_type: str
    minimum: float | None = None     # documented or plausible range (meta.min / meta.max)
    maximum: float | None = None


@dataclass(frozen=True)
class Table:
    system: str
    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def data_set(self) -> str | None:
        """Brightspace display name, e.g. "User Logins"."""
        return self.meta.get("data_set")

    @property
    def csv_name(self) -> str | None:
        return self.meta.get("csv_name")

    @property
    def extract_kind(self) -> str | None:
        return self.meta.get("extract_kind")


def project_dir() -> Path:
    """The dbt project root: LWH_PROJECT_DIR, else the first parent holding dbt_project.yml."""
    env = os.environ.get("LWH_PROJECT_DIR")
    if env:
        return Path(env).resolve()
    for start in (Path.cwd(), Path(__file__).resolve()):
        for candidate in (start, *start.parents):
            if (candidate / "dbt_project.yml").is_file():
                return candidate
    raise FileNotFoundError(
        "cannot find the dbt project (dbt_project.yml); run inside the repository or set LWH_PROJECT_DIR"
    )


def sources_file(system: str, root: Path | None = None) -> Path:
    root = root or project_dir()
    return root / "models" / "staging" / system / f"_{system}__sources.yml"


@lru_cache(maxsize=None)
def _load(system: str, root: str) -> dict[str, Table]:
    path = sources_file(system, Path(root))
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    (source,) = [s for s in doc["sources"] if s["name"] == system]
    tables: dict[str, Table] = {}
    for t in source["tables"]:
        meta = dict(t.get("meta") or {})
        columns = tuple(
            Column(c["name"], str(c["data_type"]), str((c.get("meta") or {}).get("doc_type", "")),
                   (c.get("meta") or {}).get("min"), (c.get("meta") or {}).get("max"))
            for c in t["columns"]
        )
        names = {c.name for c in columns}
        pk = tuple(meta.get("primary_key") or ())
        missing = [k for k in pk if k not in names]
        if missing:
            raise ValueError(f"{path}: table {t['name']}: primary_key names unknown columns {missing}")
        tables[t["name"]] = Table(system, t["name"], columns, pk, meta)
    return tables


def tables(system: str, root: Path | None = None) -> dict[str, Table]:
    if system not in SYSTEMS:
        raise ValueError(f"unknown source system {system!r}; expected one of {SYSTEMS}")
    return _load(system, str((root or project_dir()).resolve()))


def snake_case(name: str) -> str:
    """Brightspace PascalCase to snake_case: UserId -> user_id, IP -> ip, OrgDefinedId -> org_defined_id."""
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    return s.lower()


def normalise_key(text: str) -> str:
    """Compare names loosely: lower case, letters and digits only ("User Logins" == "UserLogins")."""
    return re.sub(r"[^a-z0-9]", "", text.lower())
