"""The column spec of both source systems, read from the dbt sources yml files.

`models/staging/<system>/_<system>__sources.yml` is the one place where each source table's
documented schema lives (see the header of those files). The generator, the landing command
and the tests read it through this module, so they cannot drift from what dbt declares.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cache
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
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def refers_to(self) -> tuple[str, str] | None:
        """(table, column) this column refers to (meta.refers_to `table.column`), or None."""
        target = self.meta.get("refers_to")
        if not target:
            return None
        table, _, column = str(target).partition(".")
        return table, column

    @property
    def pii(self) -> bool:
        return bool(self.meta.get("pii"))


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

    def staged_name(self, column: str) -> str:
        """A column's name in the base and staging models: Learn Amp keeps its names,
        Brightspace PascalCase becomes snake_case (UserId -> user_id)."""
        return snake_case(column) if self.system == "brightspace" else column

    @property
    def staged_key(self) -> list[str]:
        return [self.staged_name(k) for k in self.primary_key]

    @property
    def computed_columns(self) -> list[dict]:
        """Columns the staging model adds (meta.computed_columns: name, data_type, group, description)."""
        return list(self.meta.get("computed_columns") or [])

    @property
    def hand_written_staging(self) -> bool:
        """meta.staging: hand-written: the staging model has logic of its own (codegen never overwrites it)."""
        return self.meta.get("staging") == "hand-written"

    @property
    def optional(self) -> bool:
        """meta.optional: a data set outside the documented module; its models build empty until landed."""
        return bool(self.meta.get("optional"))

    @property
    def references(self) -> list[dict]:
        """Composite relationships to another table of the same system (meta.references)."""
        return list(self.meta.get("references") or [])


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


@cache
def _load(system: str, root: str) -> dict[str, Table]:
    path = sources_file(system, Path(root))
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    (source,) = [s for s in doc["sources"] if s["name"] == system]
    tables: dict[str, Table] = {}
    for t in source["tables"]:
        meta = dict(t.get("meta") or {})
        columns = tuple(
            Column(c["name"], str(c["data_type"]), str((c.get("meta") or {}).get("doc_type", "")),
                   (c.get("meta") or {}).get("min"), (c.get("meta") or {}).get("max"), dict(c.get("meta") or {}))
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
