"""Which system, and which table or data set, a delivery to `lwh land` belongs to.

System first, then the exact name within it; never a prefix across systems:

1. The name. A Brightspace name is a data set's name (case, spaces and underscores ignored),
   optionally with `Differential` (or `diff`, `full`) and a time stamp, as Data Hub, `lwh pull`
   and D2L's listings spell them: `QuizAttempts_20261110T030000Z.zip`,
   `UserLogins_Differential_20261110T030000Z.zip`, `Users Differential_2026-11-10.zip`,
   `QuizAttempts.csv`. The data set is the project's (the column spec) or one of every other
   data set D2L documents (`bds_catalogue`). A Learn Amp name starts with a table's snake-case
   name followed by nothing or a non-letter (`activities_0000_part_00.csv`, `users (1).csv`);
   the longest such table wins.
2. The header confirms the name: it must really match the documented columns of what the name
   says: more than half of its key columns, or more than half of all its columns; one shared
   column is not a match. When the name fits both systems (`users.csv` / `Users.csv`,
   `quiz_attempts.csv` / `QuizAttempts`), the header decides, and only a real match counts.

A Brightspace delivery of a data set the project does not model is held (`Route.held`), not
refused. A name that fits no system is refused as unknown, whatever its header; when the header
is a Brightspace data set's, the refusal says which and how to name the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lwh import spec
from lwh.landing import bds_catalogue
from lwh.landing.csv_records import Refused, _excerpt

_KIND_WORDS = {"differential", "diff", "full"}


@dataclass(frozen=True)
class Route:
    system: str
    table: str                  # the spec's table; for a held data set its snake-case name
    data_set: str | None        # Brightspace: the data set's name ("Quiz Attempts")
    held: bool = False          # a Brightspace data set the project does not model yet
    spec_table: spec.Table | None = None

    @property
    def folder(self) -> str:
        """Held: the folder under held/brightspace/ (the data set's name without spaces)."""
        return bds_catalogue.folder_name(self.data_set or self.table)

    @property
    def label(self) -> str:
        if self.held:
            return f"Brightspace data set {self.data_set}"
        return f"{self.system}.{self.table}"


@dataclass(frozen=True)
class _Candidate:
    route: Route
    columns: tuple[str, ...]
    key: tuple[str, ...]


# ------------------------------------------------------------------ names

def bds_name_key(name: str) -> str:
    """The normalised data set name a Brightspace file name spells: time stamp, extract kind
    words and a re-download counter left out ("UserLogins_Differential_20261110T030000Z.zip"
    -> "userlogins")."""
    from lwh.landing.land import timestamp_in_name  # the one time stamp parser

    stem = Path(name).stem
    found = timestamp_in_name(stem)
    if found:
        stem = stem.replace(found[1], " ")
    stem = re.sub(r"\(\d+\)\s*$", " ", stem.strip())
    tokens = [t for t in re.split(r"[^A-Za-z0-9]+", stem) if t]
    tokens = [t for t in tokens if t.lower() not in _KIND_WORDS]
    if tokens and tokens[-1] != "Differential" and tokens[-1].endswith("Differential"):
        tokens[-1] = tokens[-1].removesuffix("Differential")        # "UsersDifferential"
    return spec.normalise_key("".join(tokens))


@cache
def _brightspace_names(root: str) -> dict[str, _Candidate]:
    """normalised name -> the data set it names: the spec's tables (by table name, data set name
    and CSV name), then every other data set of the catalogue."""
    names: dict[str, _Candidate] = {}
    modelled = spec.tables("brightspace", Path(root))
    for table in modelled.values():
        cand = _Candidate(Route("brightspace", table.name, table.data_set, spec_table=table),
                          tuple(table.column_names), table.primary_key)
        keys = {spec.normalise_key(table.name)}
        if table.data_set:
            keys.add(spec.normalise_key(table.data_set))
        if table.csv_name:
            keys.add(spec.normalise_key(table.csv_name.removesuffix(".csv")))
        for key in keys:
            names[key] = cand
    for data_set, (columns, key) in bds_catalogue.DATA_SETS.items():
        norm = spec.normalise_key(data_set)
        if norm not in names:
            names[norm] = _Candidate(Route("brightspace", bds_catalogue.snake_name(data_set), data_set, held=True),
                                     columns, key)
    return names


def brightspace_named(name: str) -> _Candidate | None:
    return _brightspace_names(str(spec.project_dir().resolve())).get(bds_name_key(name))


def modelled_table(data_set: str) -> spec.Table | None:
    """The spec's Brightspace table of a data set (by its name, e.g. "Quiz Attempts" or
    "QuizAttempts"), or None when the project does not model it."""
    cand = _brightspace_names(str(spec.project_dir().resolve())).get(spec.normalise_key(data_set))
    return None if cand is None else cand.route.spec_table


def learnamp_named(name: str) -> _Candidate | None:
    """The Learn Amp table whose snake-case name the file name starts with (then a non-letter)."""
    stem = re.sub(r"[^a-z0-9]+", "_", Path(name).stem.lower())
    best = None
    for table in spec.tables("learnamp").values():
        n = table.name
        if (stem == n or (stem.startswith(n) and not stem[len(n)].isalpha())) and \
                (best is None or len(n) > len(best.name)):
            best = table
    if best is None:
        return None
    return _Candidate(Route("learnamp", best.name, None, spec_table=best), tuple(best.column_names), best.primary_key)


# ------------------------------------------------------------------ headers

@dataclass(frozen=True)
class Match:
    shared: int                 # documented columns the header has
    documented: int
    keys_found: int
    keys: int

    @property
    def real(self) -> bool:
        """More than half of the key columns, or more than half of all documented columns."""
        return (self.keys > 0 and 2 * self.keys_found > self.keys) or 2 * self.shared > self.documented

    @property
    def share(self) -> float:
        return self.shared / self.documented if self.documented else 0.0


def header_match(header: list[str], columns: tuple[str, ...], key: tuple[str, ...]) -> Match:
    have = {h.strip().lower() for h in header}
    cols = {c.lower() for c in columns}
    keys = {k.lower() for k in key}
    return Match(len(have & cols), len(cols), len(have & keys), len(keys))


def _mismatch(cand: _Candidate, m: Match, header: list[str]) -> str:
    what = cand.route.label
    start = _excerpt(", ".join(header[:5]))
    if m.shared == 0:
        return f"the header has none of the documented columns of {what} (header starts {start})"
    key = ", ".join(cand.key) or "none documented"
    return (f"the header has only {m.shared} of the {m.documented} documented columns of {what} and "
            f"{m.keys_found} of its {len(cand.key)} key columns ({key}); header starts {start}")


def _header_names_a_data_set(header: list[str]) -> str | None:
    """The Brightspace data set whose documented columns the header matches best, if it matches one."""
    best, best_share = None, 0.0
    for cand in _brightspace_names(str(spec.project_dir().resolve())).values():
        m = header_match(header, cand.columns, cand.key)
        if m.real and m.keys_found == m.keys and m.share > best_share:
            best, best_share = cand.route.data_set, m.share
    return best if best_share > 0.5 else None


def route(name: str, header: list[str], origin: str) -> Route:
    """The system and table (or held data set) of a delivery named `name` with this header."""
    named = [c for c in (learnamp_named(name), brightspace_named(name)) if c is not None]
    if not named:
        hint = _header_names_a_data_set(header)
        extra = (f"; its header is the Brightspace data set {hint}'s: name the file as Data Hub does, e.g. "
                 f"{bds_catalogue.folder_name(hint)}_<YYYYMMDDTHHMMSSZ>.zip (or .csv)") if hint else ""
        raise Refused(f"unknown table or data set: the name {name!r} matches no Learn Amp table and no "
                      f"Brightspace data set{extra}")
    scored = [(c, header_match(header, c.columns, c.key)) for c in named]
    real = [(c, m) for c, m in scored if m.real]
    if len(real) == 1:
        return real[0][0].route
    if not real:
        if len(scored) == 1:
            cand, m = scored[0]
            raise Refused(f"{_mismatch(cand, m, header)}; is this the right file? ({origin})")
        names = " or ".join(c.route.label for c, _ in scored)
        if all(m.shared == 0 for _, m in scored):
            raise Refused(f"the header has none of the documented columns of {names} (header starts "
                          f"{_excerpt(', '.join(header[:5]))}); is this the right file? ({origin})")
        raise Refused(f"the header matches neither {names} (too few of their documented and key columns; "
                      f"header starts {_excerpt(', '.join(header[:5]))}); is this the right file? ({origin})")
    real.sort(key=lambda cm: -cm[1].share)
    if real[0][1].share == real[1][1].share:
        raise Refused(f"the header matches both {real[0][0].route.label} and {real[1][0].route.label} equally; "
                      f"name the file so that it says which ({origin})")
    return real[0][0].route
