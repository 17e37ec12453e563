"""`lwh land`: put downloaded exports into the landing area that the dbt sources read.

Accepts Brightspace Data Set ZIPs (or the CSV inside one) and Learn Amp CSV exports, and
places each as plain CSV under

    <raw>/learnamp/<table>/<table>[__<part>]__<YYYYMMDDTHHMMSSZ>.csv
    <raw>/brightspace/<data_set>/<data_set>__<full|differential>__<YYYYMMDDTHHMMSSZ>.csv

so that the system, table, extract kind and extract time are known from the path alone. Which
system and table a file belongs to is `routing`'s decision: the system first (the name, confirmed
by the header), then the exact table or data set name within it, never a prefix across systems.
A Brightspace data set the project does not model yet (one of the others D2L documents,
`bds_catalogue`) is held, not refused, byte for byte, as

    <raw>/held/brightspace/<DataSet>/<data_set>__<full|differential>__<YYYYMMDDTHHMMSSZ>.csv

(logged with action "hold"; outside `<raw>/<system>/`, so no dbt source reads it), because Data
Hub keeps differentials only about two weeks. `release_held` (run by `lwh land --release-held`
and at the start of every `lwh land` and `lwh build`) moves held files whose data set a later
version of the project models into `<raw>/brightspace/<table>/`, logged ("release" for the held
file, "land" for the landed one) and journaled like any land.

Landing is all-or-nothing per call: every input is read and validated first (ZIP structure and
sizes, UTF-8, header, every record's field count and size); if any input is refused nothing is
written. A file whose extract is already landed with the same bytes is a no-op; different bytes
claiming an already landed extract are refused, unless `--replace` is given, which keeps the
old file under `<raw>/replaced/`. `lwh unland` moves landed files to `<raw>/unlanded/`. Both
areas are outside `<raw>/<system>/`, so the dbt sources never read them.

Reading is streamed and its memory bounded by the record limit (`max_record_bytes()`,
LWH_MAX_RECORD_BYTES, the same value the dbt reader gives DuckDB as max_line_size), however
long a line or a record of the input is (`csv_records`). Changing the landing area (lock,
journal, log) is `journal`'s part.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lwh import spec
from lwh.landing import journal as journal
from lwh.landing import routing
from lwh.landing.csv_records import (  # noqa: F401  (limits, _excerpt and Refused: public here too)
    Refused,
    _excerpt,
    check_zip_member,
    count_records,
    max_record_bytes,
    max_uncompressed_bytes,
    max_zip_ratio,
    read_stream,
)
from lwh.landing.journal import LOG_NAME, landed_state  # noqa: F401  (public: the landing state from the log)
from lwh.landing.landed_name import landed_file_name

REPLACED_DIR = "replaced"
UNLANDED_DIR = "unlanded"
HELD_DIR = journal.HELD_DIR


@dataclass
class Planned:
    source: str                 # what the user passed (file, or zip!member)
    system: str
    table: str
    kind: str | None            # full / differential (Brightspace), None (Learn Amp)
    extracted_at: dt.datetime
    target: Path
    sha256: str
    size: int
    tmp: Path | None = None
    rows: int = 0               # data records (header excluded)
    status: str = "new"         # new / unchanged / duplicate / replace
    note: str = ""
    columns: list[str] = field(default_factory=list)
    replaced_sha256: str | None = None      # --replace: the landed file this one replaces
    replaced_bytes: int | None = None
    kept_as: str | None = None              # ... and where it was kept (relative to raw)
    held: bool = False                      # a Brightspace data set not modelled: under <raw>/held/
    data_set: str | None = None             # Brightspace: the data set's name ("Quiz Attempts")


# ------------------------------------------------------------------ recognising files

_TS_PATTERNS = [
    # 20261110T030000Z, 20261110T0300Z, 20261110_030000
    re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})[T_\-]?(\d{2})(\d{2})(\d{2})?Z?(?!\d)"),
    # 2026-11-10T03-00-00Z, 2026-11-10 03:00:00, 2026-11-10_03.00
    re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})[T_ \-](\d{2})[:\-.]?(\d{2})(?:[:\-.]?(\d{2}))?(?:\.\d+)?Z?(?!\d)"),
    # date only: 2026-11-10 or 20261110
    re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)"),
]


def timestamp_in_name(name: str) -> tuple[dt.datetime, str] | None:
    """The first plausible UTC timestamp written in a file name, and the matched text."""
    for pattern in _TS_PATTERNS:
        for m in pattern.finditer(name):
            parts = [int(g) if g else 0 for g in m.groups()]
            parts += [0] * (6 - len(parts))
            try:
                value = dt.datetime(*parts[:6])
            except ValueError:
                continue
            if 1990 <= value.year <= 2100:
                return value, m.group(0)
    return None


def kind_in_name(name: str) -> str:
    """BDS listings name differentials "<Name> Differential"; anything else is a full extract."""
    key = name.lower()
    if "differential" in key or re.search(r"(^|[^a-z])diff([^a-z]|$)", key):
        return "differential"
    return "full"


def choose_table(name: str, header: list[str], origin: str) -> spec.Table:
    """The spec's table a delivery named `name` with this header lands in (`routing.route`); a
    Brightspace data set the project does not model is refused here (`Lander` holds it)."""
    found = routing.route(name, header, origin)
    if found.spec_table is None:
        raise Refused(f"{found.label} is not modelled by the project ({origin})")
    return found.spec_table


# ------------------------------------------------------------------ landing

class Lander:
    def __init__(self, raw_dir: Path, kind: str | None = None, extracted_at: dt.datetime | None = None,
                 replace: bool = False):
        self.raw = Path(raw_dir)
        self.kind = kind
        self.extracted_at = extracted_at
        self.replace = replace
        self.temp: journal.TempDir | None = None
        self.read_refusals: list[tuple[str, str]] = []     # the inputs' own problems
        self.refusals: list[tuple[str, str]] = []          # ... and conflicts with what is landed
        self.planned: list[Planned] = []
        self._hashes: dict[tuple, str] = {}

    @property
    def tmpdir(self) -> Path:
        return self.temp.path

    # inputs -------------------------------------------------------
    @staticmethod
    def expand(paths: list[str]) -> list[Path]:
        files: list[Path] = []
        for p in map(Path, paths):
            if p.is_dir():
                files += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in (".zip", ".csv")
                                and not any(part.startswith(".") for part in f.relative_to(p).parts))
            else:
                files.append(p)
        return files

    def plan(self, paths: list[str], progress=None) -> None:
        """Read and validate every input into this run's temporary folder (no lock needed).
        `progress(done_files, total_files, done_bytes, total_bytes)` is called after each input."""
        if self.temp is None:
            self.temp = journal.TempDir(self.raw)
        inputs = self.expand(paths)
        sizes = [p.stat().st_size if p.is_file() else 0 for p in inputs]
        for i, path in enumerate(inputs):
            if progress is not None:
                progress(i, len(inputs), sum(sizes[:i]), sum(sizes))
            self._plan_input(path)
        self._check_conflicts()         # early answer; checked again under the lock

    def plan_known(self, items: list[Known]) -> None:
        """Like plan(), for inputs whose extract kind and time are known from elsewhere (a vendor
        API's metadata) rather than from their names; an input that turns out to hold another
        table than the one it was fetched as is refused."""
        if self.temp is None:
            self.temp = journal.TempDir(self.raw)
        for item in items:
            self.kind, self.extracted_at = item.kind, item.extracted_at
            before = len(self.planned)
            self._plan_input(Path(item.path))
            if item.expect and len(self.planned) > before:
                got = self.planned[-1]
                if (got.system, got.table) != item.expect:
                    self.planned.pop().tmp.unlink(missing_ok=True)
                    self.read_refusals.append((str(item.path), f"fetched as {'.'.join(item.expect)}, but it holds "
                                                               f"{got.system}.{got.table} ({got.source})"))
        self.kind = self.extracted_at = None
        self._check_conflicts()

    def _plan_input(self, path: Path) -> None:
        """Plan one input file; its problems become refusals."""
        try:
            self._plan_file(path)
        except Refused as e:
            self.read_refusals.append((str(path), str(e)))
        except OSError as e:
            self.read_refusals.append((str(path), _os_problem(e, self.raw)))

    def _plan_file(self, path: Path) -> None:
        if not path.exists():
            raise Refused("no such file")
        suffix = path.suffix.lower()
        if suffix == ".zip":
            self._plan_zip(path)
        elif suffix == ".csv":
            mtime = dt.datetime.fromtimestamp(int(path.stat().st_mtime), dt.UTC).replace(tzinfo=None)
            with open(path, "rb") as stream:
                self._plan_csv(stream, str(path), path.name, path.name, mtime)
        else:
            raise Refused("not a CSV or ZIP file (Learn Amp exports are .csv, Brightspace Data Sets .zip)")

    def _plan_zip(self, path: Path) -> None:
        if path.stat().st_size == 0:
            raise Refused("empty ZIP (0 bytes)")
        try:
            zf = zipfile.ZipFile(path)
        except zipfile.BadZipFile as e:
            raise Refused(f"not a readable ZIP (corrupt or truncated download): {e}") from None
        with zf:
            members = [i for i in zf.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX/")
                       and not Path(i.filename).name.startswith(".")]
            csvs = [i for i in members if i.filename.lower().endswith(".csv")]
            if not members:
                raise Refused("empty ZIP: it holds no file (a BDS ZIP holds exactly one CSV)")
            if not csvs:
                raise Refused(f"the ZIP holds no CSV (found {', '.join(i.filename for i in members)})")
            if len(csvs) > 1:
                raise Refused(f"the ZIP holds {len(csvs)} CSV files ({', '.join(i.filename for i in csvs)}); "
                              "a BDS ZIP holds exactly one: land them one by one")
            info = csvs[0]
            check_zip_member(path, info)
            member_time = dt.datetime(*info.date_time)
            try:
                with zf.open(info) as stream:
                    self._plan_csv(stream, f"{path}!{info.filename}", Path(info.filename).name, path.name,
                                   member_time, declared=info.file_size,
                                   what=f"the member {info.filename} of {path.name}")
            except (zipfile.BadZipFile, EOFError, zlib.error) as e:
                raise Refused(f"the ZIP is corrupt or truncated while reading {info.filename}: {e}") from None
            except Refused as e:
                raise Refused(f"{info.filename}: {e}") from None

    def _plan_csv(self, stream, label: str, csv_name: str, outer_name: str, fallback_time: dt.datetime,
                  declared: int | None = None, what: str = "") -> None:
        tmp = self.tmpdir / f"{len(self.planned) + len(self.read_refusals):05d}.csv"
        try:
            source, header = read_stream(stream, tmp, declared, what)
            # the CSV name inside a ZIP is authoritative; else the outer file's name
            try:
                found = routing.route(csv_name, header, label)
            except Refused:
                if outer_name == csv_name:
                    raise
                found = routing.route(outer_name, header, label)
            kind = None
            if found.system == "brightspace":
                kind = self.kind or kind_in_name(outer_name if outer_name != csv_name else csv_name)
                if kind not in ("full", "differential"):
                    raise Refused(f"--kind must be full or differential, not {kind!r}")
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        found_at = timestamp_in_name(outer_name) or timestamp_in_name(csv_name)
        extracted_at = self.extracted_at or (found_at[0] if found_at else fallback_time)
        # a data set not modelled is held outside <raw>/<system>/, where no dbt source reads it
        folder = self.raw / HELD_DIR / found.system / found.folder if found.held else self.raw / found.system / found.table
        part = None
        if found.system == "learnamp":
            part = self._part_label(Path(csv_name).stem, found.spec_table, found_at[1] if found_at else None)
        target = folder / landed_file_name(found.table, extracted_at, kind=kind, part=part or None)
        when = extracted_at.replace(tzinfo=dt.UTC).timestamp()
        os.utime(tmp, (when, when))         # the landed file's mtime is its extract time
        self.planned.append(Planned(label, found.system, found.table, kind, extracted_at, target,
                                    source.sha.hexdigest(), source.size, tmp, rows=source.rows, columns=header,
                                    held=found.held, data_set=found.data_set))

    @staticmethod
    def _part_label(stem: str, table: spec.Table, ts_text: str | None) -> str:
        """What distinguishes parts of one export (`activities_0000_part_00` -> `0000-part-00`)."""
        rest = stem
        if ts_text:
            rest = rest.replace(ts_text, "")
        low = rest.lower()
        if low.startswith(table.name):
            rest = rest[len(table.name):]
        rest = re.sub(r"\(\d+\)$", "", rest.strip())          # "users (1).csv": a re-download, not a part
        rest = re.sub(r"[^A-Za-z0-9]+", "-", rest).strip("-").lower()
        return rest

    def _sha256(self, path: Path) -> str:
        st = path.stat()
        key = (str(path), st.st_ino, st.st_size, st.st_mtime_ns)
        if key not in self._hashes:
            self._hashes[key] = journal.sha256_of(path)
        return self._hashes[key]

    def _same_content_in(self, folder: Path, size: int, sha: str) -> Path | None:
        if not folder.is_dir():
            return None
        for f in folder.glob("*.csv"):
            if f.stat().st_size == size and self._sha256(f) == sha:
                return f
        return None

    def _check_conflicts(self) -> None:
        """Decide each planned file's fate against what is landed now (statuses, refusals)."""
        conflicts: list[tuple[str, str]] = []
        by_target: dict[Path, list[Planned]] = {}
        for p in self.planned:
            p.status, p.note, p.replaced_sha256, p.replaced_bytes = "new", "", None, None
            by_target.setdefault(p.target, []).append(p)
        for target, group in by_target.items():
            rel = target.relative_to(self.raw)
            shas = {p.sha256 for p in group}
            if len(shas) > 1:
                for p in group:
                    others = ", ".join(o.source for o in group if o is not p)
                    conflicts.append((p.source, f"claims the same extract ({rel}) as {others} with different content"))
                continue
            for dup in group[1:]:
                dup.status, dup.note = "duplicate", f"same content as {group[0].source}"
            first = group[0]
            if target.exists():
                if target.stat().st_size == first.size and self._sha256(target) == first.sha256:
                    for p in group:
                        p.status, p.note = "unchanged", "already landed"
                elif self.replace:
                    first.status, first.note = "replace", "replaces a different file landed for this extract"
                    first.replaced_sha256, first.replaced_bytes = self._sha256(target), target.stat().st_size
                else:
                    why = (f"a different file is already landed for this extract ({rel}); refusing to overwrite "
                           f"it. Use `lwh land --replace` to land a corrected file (the old one is kept under "
                           f"{REPLACED_DIR}/), or `lwh unland {rel}` to remove it")
                    conflicts += [(p.source, why) for p in group]
            else:
                twin = self._same_content_in(target.parent, first.size, first.sha256)
                if twin is not None:
                    for p in group:
                        p.status, p.note = "unchanged", f"same content already landed as {twin.name}"
        for p in self.planned:
            if p.held and p.status == "new":
                p.note = f"held, not refused: the project does not model {p.data_set} yet"
        self.refusals = self.read_refusals + conflicts

    # committing ---------------------------------------------------
    def commit(self) -> None:
        """Under the landing lock: finish what a killed run left, check again against what is
        landed, then move every new file into place and log it, as one journaled change."""
        try:
            with journal.landing_lock(self.raw, "lwh land"):
                journal.recover(self.raw, "lwh land")
                journal.clean_stale_temp_dirs(self.raw, keep=self.tmpdir)
                self._check_conflicts()
                if self.refusals or not self.planned:
                    return
                moves, records = self._change()
                if moves or records:
                    journal.commit(self.raw, moves, records)
        finally:
            self.cleanup()

    def _change(self) -> tuple[list[dict], list[dict]]:
        moves, records, taken = [], [], set()
        state = None
        for p in self.planned:
            if p.status not in ("new", "replace"):
                continue
            target = str(p.target.relative_to(self.raw))
            rec = {"id": journal.new_id(), "action": "hold" if p.held else "land", "landed_at": journal.utc_now(),
                   "source": p.source, "target": target, "system": p.system, "table": p.table, "kind": p.kind,
                   "extracted_at": p.extracted_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                   "sha256": p.sha256, "bytes": p.size, "rows": p.rows}
            if p.held:
                rec["data_set"] = p.data_set
            if p.status == "replace":
                state = landed_state(self.raw) if state is None else state
                p.kept_as = journal.free_name(self.raw, f"{REPLACED_DIR}/{Path(target).parent}", p.target.stem,
                                              "replaced", taken)
                moves.append(journal.move(target, p.kept_as, p.replaced_sha256, p.replaced_bytes))
                rec.update(action="replace", replaced_sha256=p.replaced_sha256, kept_as=p.kept_as,
                           replaced_rows=_rows_of(self.raw / target, p.replaced_sha256, state.get(target)))
            moves.append(journal.move(str(p.tmp.relative_to(self.raw)), target, p.sha256, p.size))
            records.append(rec)
        return moves, records

    def cleanup(self) -> None:
        if self.temp is not None:
            self.temp.close()


def _rows_of(path: Path, sha: str | None, logged: dict | None) -> int | None:
    """Data records of a landed file: from its log record when that is of the same content, else counted."""
    if logged and logged.get("sha256") == sha and logged.get("rows") is not None:
        return logged["rows"]
    try:
        return count_records(path)
    except (Refused, OSError, UnicodeDecodeError):
        return None


def land(paths: list[str], raw_dir: Path, kind: str | None = None,
         extracted_at: dt.datetime | None = None, replace: bool = False, progress=None
         ) -> tuple[list[Planned], list[tuple[str, str]]]:
    """Land every path (files or folders); returns (planned items, refusals). Nothing is written if any
    is refused. With replace, a different file already landed for an extract is kept under
    `<raw>/replaced/` and the new one takes its place."""
    lander = Lander(raw_dir, kind, extracted_at, replace)
    try:
        lander.plan(paths, progress)
        lander.commit()
    finally:
        lander.cleanup()
    return lander.planned, lander.refusals


@dataclass
class Known:
    """An input whose extract kind and time come from elsewhere (`lwh pull`: the vendor's metadata)."""
    path: Path
    kind: str | None                            # full / differential (Brightspace), None (Learn Amp)
    extracted_at: dt.datetime                   # naive UTC
    expect: tuple[str, str] | None = None       # (system, table) it must turn out to hold


def land_known(items: list[Known], raw_dir: Path) -> tuple[list[Planned], list[tuple[str, str]]]:
    """`land()` for inputs whose kind and extract time are known (`lwh pull`): the same reading,
    refusals, log and all-or-nothing commit as `lwh land`."""
    lander = Lander(raw_dir)
    try:
        lander.plan_known(items)
        lander.commit()
    finally:
        lander.cleanup()
    return lander.planned, lander.refusals


def _os_problem(e: OSError, raw: Path) -> str:
    """A refusal for an operating-system error while reading an input into the landing area."""
    if e.errno == errno.ENOSPC:
        return (f"no space left on the device of the landing area {raw} while copying it there: free space "
                f"(or land fewer files at a time) and run again; nothing was landed")
    return f"cannot read or copy it: {e.strerror or e}"


# ------------------------------------------------------------------ the way back

def _resolve(raw: Path, name: str, known: set[str]) -> str:
    """The landed target (relative to raw) that an `lwh unland` argument names."""
    path = Path(name)
    tries = []
    if path.is_absolute() or path.exists():
        with contextlib.suppress(ValueError):
            tries.append(str(path.resolve().relative_to(raw.resolve())))
    tries.append(os.path.normpath(name))
    for rel in tries:
        if rel in known:
            return rel
    if path.is_absolute():
        raise Refused(f"not a landed file of the landing area {raw}")
    if "/" not in name:
        matches = sorted(t for t in known if Path(t).name == name)
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise Refused(f"names several landed files ({', '.join(matches)}): give the path")
    raise Refused(f"no landed file of that name in {raw} (give <system>/<table>/<file>.csv, "
                  f"its path, or its file name)")


def unland(names: list[str], raw_dir: Path) -> tuple[list[dict], list[tuple[str, str]]]:
    """Take landed files out of the landing area: each is moved to
    `<raw>/unlanded/<system>/<table>/<name>__unlanded-<stamp>.csv` and an "unland" record logged.
    A file logged as landed but already gone is unlanded too (kept_as null). All or nothing:
    returns (log records made, refusals); nothing changes if anything is refused."""
    raw = Path(raw_dir)
    if not raw.is_dir():
        return [], [(n, f"no landing area at {raw}") for n in names]
    with journal.landing_lock(raw, "lwh unland"):
        journal.recover(raw, "lwh unland")
        journal.clean_stale_temp_dirs(raw)
        state = landed_state(raw)
        known = set(state) | {str(p.relative_to(raw)) for system in spec.SYSTEMS
                              for folder in (raw / system, raw / HELD_DIR / system)
                              for p in folder.glob("*/*.csv")}
        targets, refusals = [], []
        for name in names:
            try:
                rel = _resolve(raw, name, known)
            except Refused as e:
                refusals.append((name, str(e)))
                continue
            if rel not in targets:
                targets.append(rel)
        if refusals or not targets:
            return [], refusals
        moves, records, taken = [], [], set()
        for rel in targets:
            path, logged = raw / rel, state.get(rel) or {}
            parts = Path(rel).parts
            system, table = parts[1:3] if parts[0] == HELD_DIR else parts[:2]
            rec = {"id": journal.new_id(), "action": "unland", "unlanded_at": journal.utc_now(), "target": rel,
                   "system": system, "table": logged.get("table", table), "kept_as": None,
                   "sha256": logged.get("sha256"), "rows": logged.get("rows")}
            if path.exists():
                sha, size = journal.sha256_of(path), path.stat().st_size
                rec.update(sha256=sha, rows=_rows_of(path, sha, logged),
                           kept_as=journal.free_name(raw, f"{UNLANDED_DIR}/{Path(rel).parent}", path.stem,
                                                     "unlanded", taken))
                moves.append(journal.move(rel, rec["kept_as"], sha, size))
            records.append(rec)
        journal.commit(raw, moves, records)
        return records, []


# ------------------------------------------------------------------ held deliveries

def held_deliveries(raw_dir: Path) -> list[dict]:
    """The log records of the deliveries held now (`<raw>/held/...`), oldest extract first."""
    state = landed_state(Path(raw_dir)) if Path(raw_dir).exists() else {}
    held = [rec for target, rec in state.items() if target.startswith(HELD_DIR + "/")]
    return sorted(held, key=lambda r: (r.get("extracted_at") or "", r["target"]))


def _header_of(path: Path) -> list[str]:
    import csv

    with open(path, encoding="utf-8-sig", newline="") as f:
        return next(csv.reader(f), [])


@dataclass
class Released:
    held: str                   # the held file (relative to raw)
    target: str | None          # where it went (None: it stays held)
    table: str | None
    note: str = ""

    @property
    def moved(self) -> bool:
        return self.target is not None

    def message(self) -> str:
        if self.target is None:
            return f"{self.held}: {self.note}"
        return f"released {self.held} -> {self.target} [brightspace.{self.table}: modelled now]" + \
            (f" ({self.note})" if self.note else "")


def release_held(raw_dir: Path, command: str = "lwh land") -> list[Released]:
    """Move every held delivery whose data set the project now models into the landing area
    (`<raw>/brightspace/<table>/`), logged and journaled like a land; takes the landing lock."""
    raw = Path(raw_dir)
    if not (raw / HELD_DIR).is_dir():
        return []
    with journal.landing_lock(raw, command):
        journal.recover(raw, command)
        return release_held_locked(raw)


def release_held_locked(raw: Path) -> list[Released]:
    """release_held() for a caller that holds the landing lock (`lwh build`). A held file whose
    header does not match the modelled table, or whose extract is landed with other content,
    stays held (its Released says why); one whose content is landed already is moved to
    `<raw>/unlanded/held/...` and logged as released to that file."""
    done: list[Released] = []
    if not (raw / HELD_DIR).is_dir():
        return done
    moves, records, taken = [], [], set()
    lander = Lander(raw)
    for rec in held_deliveries(raw):
        held = rec["target"]
        data_set = rec.get("data_set") or Path(held).parts[2]
        table = routing.modelled_table(data_set)
        if table is None:
            continue
        path = raw / held
        if not path.is_file():
            continue                    # check_landed_files names it; unland records its removal
        match = routing.header_match(_header_of(path), tuple(table.column_names), table.primary_key)
        if not match.real:
            done.append(Released(held, None, table.name, f"stays held: its header does not match the documented "
                                                         f"columns of brightspace.{table.name}"))
            continue
        at = dt.datetime.strptime(rec["extracted_at"], "%Y-%m-%dT%H:%M:%SZ")
        kind = rec.get("kind") or "full"
        target = raw / table.system / table.name / landed_file_name(table.name, at, kind=kind)
        rel = str(target.relative_to(raw))
        sha, size = rec["sha256"], rec["bytes"]
        if path.stat().st_size != size or lander._sha256(path) != sha:
            done.append(Released(held, None, table.name, "stays held: the file changed after it was held (lwh land "
                                                         "--replace it, or lwh unland it)"))
            continue
        release = {"id": journal.new_id(), "action": "release", "released_at": journal.utc_now(), "target": held,
                   "source": held, "system": rec.get("system", "brightspace"), "table": rec.get("table"),
                   "data_set": data_set, "kind": kind, "extracted_at": rec["extracted_at"],
                   "sha256": sha, "bytes": size, "rows": rec.get("rows")}
        twin = None
        if target.exists() or rel in taken:
            if rel in taken or lander._sha256(target) != sha:
                done.append(Released(held, None, table.name, f"stays held: a different file is landed for this "
                                                             f"extract ({rel})"))
                continue
            twin = target
        else:
            twin = lander._same_content_in(target.parent, size, sha)
        if twin is not None:
            kept = journal.free_name(raw, f"{UNLANDED_DIR}/{Path(held).parent}", path.stem, "released", taken)
            release.update(released_to=str(twin.relative_to(raw)), kept_as=kept)
            moves.append(journal.move(held, kept, sha, size))
            records.append(release)
            done.append(Released(held, str(twin.relative_to(raw)), table.name,
                                 f"same content already landed; the held copy is kept as {kept}"))
            continue
        taken.add(rel)
        release["released_to"] = rel
        land_rec = {"id": journal.new_id(), "action": "land", "landed_at": journal.utc_now(), "source": held,
                    "released_from": held, "target": rel, "system": table.system, "table": table.name,
                    "kind": kind, "extracted_at": rec["extracted_at"], "sha256": sha, "bytes": size,
                    "rows": rec.get("rows")}
        moves.append(journal.move(held, rel, sha, size))
        records += [release, land_rec]
        done.append(Released(held, rel, table.name))
    if moves:
        journal.commit(raw, moves, records)
    return done


def describe_held(raw_dir: Path) -> list[str]:
    """`lwh info`'s lines on held deliveries, per data set: files, rows, oldest and newest extract
    (none when nothing is held)."""
    held = held_deliveries(raw_dir)
    if not held:
        return []
    per: dict[str, list[dict]] = {}
    for rec in held:
        per.setdefault(rec.get("data_set") or Path(rec["target"]).parts[2], []).append(rec)
    lines = ["", f"Held deliveries in {Path(raw_dir) / HELD_DIR} (Brightspace data sets the project does not model "
                 f"yet; kept, not refused, outside what dbt reads; they land when a later version models them):"]
    width = max(len(name) for name in per)
    for name, recs in sorted(per.items()):
        stamps = sorted(r.get("extracted_at") or "" for r in recs)
        rows = sum(r.get("rows") or 0 for r in recs)
        lines.append(f"  {name:<{width}}  {len(recs)} file(s), {rows:,} rows, extracts {stamps[0]} to {stamps[-1]}")
    return lines
