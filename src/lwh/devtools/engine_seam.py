"""Check the engine seam: DuckDB-only SQL appears nowhere outside `macros/adapters/`.

Every construct one engine spells its own way lives in a dispatched macro under
`macros/adapters/` (a `default__` and a `duckdb__` implementation). This check reads every model,
analysis, test and macro outside that folder the way an engine would see its SQL: Jinja comments
dropped, Jinja blocks reduced to the string literals they hold (macros build SQL in strings), SQL
comments and string literals dropped; then it looks for the DuckDB-only functions and syntax
below. The yml files carry SQL too (a test's `where`, a semantic model's `expr`, a metric's
`filter`, a source's `loaded_at_field`): every value under one of YML_SQL_KEYS is checked the
same way, except DUCKDB_ADAPTER_KEYS, which only dbt-duckdb reads. `python -m lwh.devtools.engine_seam`
prints each finding as `file:line: construct`; `make check` and the test suite run it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from lwh.spec import project_dir

SEAM = Path("macros/adapters")
SCANNED = ("models", "macros", "analyses", "tests/dbt")

# DuckDB-only functions and syntax (other engines spell them differently or lack them);
# (?<![.\w]) keeps Python/Jinja methods such as `.replace(` and longer names out
DUCKDB_ONLY = {
    "QUALIFY": r"\bqualify\b",
    "list function": r"(?<![.\w])(list_\w+|array_agg|list)\s*\(",
    "struct function or literal": r"(?<![.\w])(struct_\w+|row)\s*\(|\{\s*'\w+'\s*:",
    "map function": r"(?<![.\w])(map_\w+|map)\s*\(|\bcardinality\s*\(",
    "UNNEST": r"(?<![.\w])unnest\s*\(",
    "generate_series / range": r"(?<![.\w])(generate_series|range)\s*\(",
    "file reader": r"(?<![.\w])(glob|read_csv\w*|read_parquet|read_json\w*|read_text|read_blob)\s*\(",
    "* EXCLUDE / * REPLACE": r"\*\s*(exclude|replace)\s*\(",
    "UNION BY NAME": r"\bunion\s+(all\s+)?by\s+name\b",
    "GROUP BY ALL / ORDER BY ALL": r"\b(group|order)\s+by\s+all\b",
    "hash()": r"(?<![.\w])hash\s*\(",
    "lambda": r"\blambda\b|\w\s*->",
    "strptime / strftime": r"(?<![.\w])(try_strptime|strptime|strftime)\s*\(",
    "epoch functions": r"(?<![.\w])epoch(_ms|_us|_ns)?\s*\(",
    "date_diff / date_sub": r"(?<![.\w])(date_diff|date_sub)\s*\(",
    "arg_max / arg_min": r"(?<![.\w])arg_(max|min)(_null)?\s*\(",
    "DuckDB regexp function": r"(?<![.\w])regexp_(full_match|matches)\s*\(",
    "string_split / string_agg": r"(?<![.\w])(string_split\w*|str_split\w*|string_agg)\s*\(",
    "isodow / dayname / monthname": r"(?<![.\w])(isodow|dayname|monthname)\s*\(",
    ":: cast": r"::",
    "time zone function": r"(?<![.\w])(timezone|pg_timezone_names)\s*\(",
    "sha256()": r"(?<![.\w])sha256\s*\(",
    "duckdb_ function": r"(?<![.\w])duckdb_\w+\s*\(",
}
_PATTERNS = [(label, re.compile(rx, re.IGNORECASE)) for label, rx in DUCKDB_ONLY.items()]
_JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.DOTALL)
_JINJA_BLOCK = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
_JINJA_STRING = re.compile(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"", re.DOTALL)
_SQL_NOISE = re.compile(r"--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'", re.DOTALL)


def _keep_lines(text: str, pattern: re.Pattern, replace) -> str:
    """Substitute matches, keeping the line count (findings report the right line)."""
    return pattern.sub(lambda m: replace(m) + "\n" * m.group(0).count("\n"), text)


def sql_as_engine_sees_it(text: str) -> str:
    text = _keep_lines(text, _JINJA_COMMENT, lambda m: "")
    # a Jinja block keeps the text of its string literals, without quote characters (their
    # quotes belong to the SQL they build, and would unbalance the SQL literals around them)
    text = _keep_lines(text, _JINJA_BLOCK, lambda m: " ".join(
        a or b for a, b in _JINJA_STRING.findall(m.group(0))).replace("\n", " ").replace("'", " "))
    return _keep_lines(text, _SQL_NOISE, lambda m: " ")


def _constructs(text: str) -> list[tuple[int, str]]:
    """(line number, construct) of every DuckDB-only construct in this SQL text."""
    return [(number, label)
            for number, line in enumerate(sql_as_engine_sees_it(text).splitlines(), 1)
            for label, pattern in _PATTERNS if pattern.search(line)]


def findings(root: Path | None = None) -> list[str]:
    root = root or project_dir()
    out = []
    for folder in SCANNED:
        for path in sorted((root / folder).rglob("*.sql")):
            rel = path.relative_to(root)
            if rel.is_relative_to(SEAM):
                continue
            out += [f"{rel}:{number}: {label}" for number, label in _constructs(path.read_text(encoding="utf-8"))]
    return out


# the yml keys whose values are SQL an engine runs
YML_SQL_KEYS = {"where", "expr", "filter", "expression", "sql", "loaded_at_field", "loaded_at_query",
                "external_location"}
# ... and the ones only dbt-duckdb reads: a source's landed files are a DuckDB external relation
# (meta.external_location, read_csv) whose freshness is the extract time in the file name; on
# Spark the models read the landed files through lw_landed_file_reader, with no source relation
# to query and no freshness (docs/engines.md)
DUCKDB_ADAPTER_KEYS = {("sources", "external_location"), ("sources", "loaded_at_field")}


def _sql_values(node, top: str, key: str | None = None):
    """(key, SQL text) of every value under a YML_SQL_KEYS key, outside DUCKDB_ADAPTER_KEYS."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _sql_values(v, top, str(k))
    elif isinstance(node, list):
        for v in node:
            yield from _sql_values(v, top, key)
    elif isinstance(node, str) and key in YML_SQL_KEYS and (top, key) not in DUCKDB_ADAPTER_KEYS:
        yield key, node


def yml_findings(root: Path | None = None) -> list[str]:
    """DuckDB-only SQL in the yml files' SQL values, with the line of the value's first line."""
    root = root or project_dir()
    out = []
    for folder in SCANNED:
        for path in sorted((root / folder).rglob("*.yml")):
            rel = path.relative_to(root)
            text = path.read_text(encoding="utf-8")
            document = yaml.safe_load(text) or {}
            lines = text.splitlines()
            for top, body in (document.items() if isinstance(document, dict) else []):
                for key, sql in _sql_values(body, str(top)):
                    first = sql.strip().splitlines()[0] if sql.strip() else ""
                    number = next((i for i, line in enumerate(lines, 1) if first and first[:40] in line), 0)
                    # each construct once per value, at the value's line
                    labels = dict.fromkeys(label for _, label in _constructs(sql))
                    out += [f"{rel}:{number}: {label} (in {key})" for label in labels]
    return out


_DISPATCH = re.compile(r"adapter\.dispatch\(\s*'(\w+)'")
_MACRO = re.compile(r"\{%-?\s*macro\s+(\w+)\s*\(")


def dispatch_findings(root: Path | None = None) -> list[str]:
    """Every dispatched macro lives in the seam, with a default__ and a duckdb__ implementation."""
    root = root or project_dir()
    out = []
    defined: set[str] = set()
    dispatched: dict[str, str] = {}
    for path in sorted((root / "macros").rglob("*.sql")):
        rel = path.relative_to(root)
        text = path.read_text(encoding="utf-8")
        defined.update(_MACRO.findall(text))
        for name in _DISPATCH.findall(text):
            dispatched[name] = str(rel)
            if not rel.is_relative_to(SEAM):
                out.append(f"{rel}: dispatches {name} outside {SEAM}/")
    for name, rel in sorted(dispatched.items()):
        for prefix in ("default__", "duckdb__"):
            if prefix + name not in defined:
                out.append(f"{rel}: {name} has no {prefix}{name}")
    return out


def main() -> int:
    found = findings() + yml_findings() + dispatch_findings()
    for f in found:
        print(f)
    print(f"{len(found)} DuckDB-only construct(s) outside {SEAM}/" if found
          else f"no DuckDB-only construct outside {SEAM}/")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
