"""`lwh land`: put downloaded exports into the landing area that the dbt sources read.

Accepts Brightspace Data Set ZIPs (or the CSV inside one) and Learn Amp CSV exports, and
places each as plain CSV under

    <raw>/learnamp/<table>/<table>[__<part>]__<YYYYMMDDTHHMMSSZ>.csv
    <raw>/brightspace/<data_set>/<data_set>__<full|differential>__<YYYYMMDDTHHMMSSZ>.csv

so that the system, table, extract kind and extract time are known from the path alone.

Landing is all-or-nothing per call: every input is read and validated first (ZIP structure,
header, UTF-8, documented columns); if any input is refused nothing is written. A file whose
extract is already landed with the same bytes is a no-op; different bytes claiming an
already landed extract are refused, never overwritten.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import uuid
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from . import spec

BOM = b"\xef\xbb\xbf"
CHUNK = 4 << 20
LOG_NAME = "_landing_log.jsonl"


class Refused(Exception):
    """An input that cannot be placed; the message names the reason."""


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
    status: str = "new"         # new / unchanged / duplicate
    note: str = ""
    columns: list[str] = field(default_factory=list)


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


def _name_keys(table: spec.Table) -> set[str]:
    keys = {spec.normalise_key(table.name)}
    if table.data_set:
        keys.add(spec.normalise_key(table.data_set))
    if table.csv_name:
        keys.add(spec.normalise_key(table.csv_name.removesuffix(".csv")))
    return keys


def tables_named(name: str) -> list[spec.Table]:
    """Source tables whose name the file name starts with (longest match per system)."""
    stem = spec.normalise_key(Path(name).stem)
    found = []
    for system in spec.SYSTEMS:
        best, best_len = None, 0
        for table in spec.tables(system).values():
            for key in _name_keys(table):
                if stem.startswith(key) and len(key) > best_len:
                    best, best_len = table, len(key)
        if best is not None:
            found.append(best)
    return found


def choose_table(name: str, header: list[str], origin: str) -> spec.Table:
    candidates = tables_named(name)
    if not candidates:
        raise Refused(f"unknown table or data set: the name {name!r} matches no Learn Amp table and no Brightspace data set")
    header_set = set(header)
    scored = sorted(((len(header_set & set(t.column_names)), t) for t in candidates), key=lambda x: -x[0])
    score, table = scored[0]
    if score == 0:
        names = " or ".join(f"{t.system}.{t.name}" for t in candidates)
        raise Refused(f"the header has none of the documented columns of {names} "
                      f"(header starts {', '.join(header[:5])!s}); is this the right file? ({origin})")
    return table


# ------------------------------------------------------------------ reading content

class _Reader:
    """Streams one CSV's bytes into a temporary file while validating them."""

    def __init__(self):
        self.sha = hashlib.sha256()
        self.size = 0
        self.decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self.head = bytearray()
        self.line = 1
        self.offset = 0
        self.rows = 0

    def feed(self, out, chunk: bytes) -> None:
        if len(self.head) < 1 << 16:
            self.head += chunk[: (1 << 16) - len(self.head)]
        try:
            self.decoder.decode(chunk)
        except UnicodeDecodeError as e:
            pos = self.offset + e.start
            line = self.line + chunk[: e.start].count(b"\n")
            bad = chunk[e.start:e.start + 4]
            raise Refused(f"not valid UTF-8 at line {line} (byte offset {pos}, bytes {bad!r}); "
                          f"re-export the file as UTF-8") from None
        self.line += chunk.count(b"\n")
        self.offset += len(chunk)
        self.sha.update(chunk)
        self.size += len(chunk)
        out.write(chunk)

    def finish(self) -> list[str]:
        try:
            self.decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise Refused("not valid UTF-8: the file ends inside a multi-byte character (truncated?)") from None
        head = bytes(self.head)
        if head.startswith(BOM):
            head = head[len(BOM):]
        if not head.strip():
            raise Refused("empty file: no header and no rows")
        first = head.split(b"\n", 1)[0].rstrip(b"\r")
        if not first.strip():
            raise Refused("no header: the first line is empty")
        header = next(csv.reader(io.StringIO(first.decode("utf-8", "replace"))))
        header = [h.strip() for h in header]
        if any(h == "" for h in header):
            raise Refused(f"no header or a header with an empty column name: first line is {first[:120]!r}")
        dupes = sorted({h for h in header if header.count(h) > 1})
        if dupes:
            raise Refused(f"the header names a column more than once: {', '.join(dupes)}")
        return header


def _read_stream(stream, tmp: Path) -> tuple[_Reader, list[str]]:
    reader = _Reader()
    with open(tmp, "wb") as out:
        while True:
            chunk = stream.read(CHUNK)
            if not chunk:
                break
            reader.feed(out, chunk)
    header = reader.finish()
    reader.rows = _count_records(tmp, len(header))
    return reader, header


def _count_records(path: Path, width: int) -> int:
    """Data records in a CSV (quoted fields may hold commas, quotes and line breaks), checking that
    every record has as many fields as the header: a record with too many or too few fields is
    refused here, with its number, rather than risking a reader that silently drops it."""
    csv.field_size_limit(1 << 30)
    with open(path, newline="", encoding="utf-8-sig") as f:
        records = csv.reader(f, strict=True)
        next(records, None)
        n = 0
        try:
            for n, row in enumerate(records, start=1):
                if len(row) != width:
                    if not row:
                        raise Refused(f"record {n} (line {records.line_num}) is an empty line inside the data")
                    raise Refused(f"record {n} (line {records.line_num}) has {len(row)} fields, the header has "
                                  f"{width}: {','.join(row)[:80]!r}")
        except csv.Error as e:
            raise Refused(f"malformed CSV at line {records.line_num}: {e}") from None
    return n


# ------------------------------------------------------------------ landing

class Lander:
    def __init__(self, raw_dir: Path, kind: str | None = None, extracted_at: dt.datetime | None = None):
        self.raw = Path(raw_dir)
        self.kind = kind
        self.extracted_at = extracted_at
        self.tmpdir = self.raw / f".landing-{uuid.uuid4().hex[:12]}"
        self.refusals: list[tuple[str, str]] = []
        self.planned: list[Planned] = []

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

    def plan(self, paths: list[str]) -> None:
        self.tmpdir.mkdir(parents=True, exist_ok=True)
        for path in self.expand(paths):
            try:
                self._plan_file(path)
            except Refused as e:
                self.refusals.append((str(path), str(e)))
            except OSError as e:
                self.refusals.append((str(path), f"cannot read: {e.strerror or e}"))
        self._check_conflicts()

    def _plan_file(self, path: Path) -> None:
        if not path.exists():
            raise Refused("no such file")
        suffix = path.suffix.lower()
        if suffix == ".zip":
            self._plan_zip(path)
        elif suffix == ".csv":
            mtime = dt.datetime.fromtimestamp(int(path.stat().st_mtime), dt.timezone.utc).replace(tzinfo=None)
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
            member_time = dt.datetime(*info.date_time)
            try:
                with zf.open(info) as stream:
                    self._plan_csv(stream, f"{path}!{info.filename}", Path(info.filename).name, path.name, member_time)
            except (zipfile.BadZipFile, EOFError, zlib.error) as e:
                raise Refused(f"the ZIP is corrupt or truncated while reading {info.filename}: {e}") from None

    def _plan_csv(self, stream, label: str, csv_name: str, outer_name: str, fallback_time: dt.datetime) -> None:
        tmp = self.tmpdir / f"{len(self.planned) + len(self.refusals):05d}.csv"
        try:
            reader, header = _read_stream(stream, tmp)
        except Refused:
            tmp.unlink(missing_ok=True)
            raise
        # the CSV name inside a ZIP is authoritative; else the outer file's name
        try:
            table = choose_table(csv_name, header, label)
        except Refused:
            if outer_name == csv_name:
                tmp.unlink(missing_ok=True)
                raise
            table = choose_table(outer_name, header, label)
        kind = None
        if table.system == "brightspace":
            kind = self.kind or kind_in_name(outer_name if outer_name != csv_name else csv_name)
            if kind not in ("full", "differential"):
                raise Refused(f"--kind must be full or differential, not {kind!r}")
        found = timestamp_in_name(outer_name) or timestamp_in_name(csv_name)
        extracted_at = self.extracted_at or (found[0] if found else fallback_time)
        stamp = extracted_at.strftime("%Y%m%dT%H%M%SZ")
        folder = self.raw / table.system / table.name
        if table.system == "brightspace":
            target = folder / f"{table.name}__{kind}__{stamp}.csv"
        else:
            part = self._part_label(Path(csv_name).stem, table, found[1] if found else None)
            target = folder / (f"{table.name}__{part}__{stamp}.csv" if part else f"{table.name}__{stamp}.csv")
        self.planned.append(Planned(label, table.system, table.name, kind, extracted_at, target,
                                    reader.sha.hexdigest(), reader.size, tmp, rows=reader.rows, columns=header))

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

    def _check_conflicts(self) -> None:
        by_target: dict[Path, list[Planned]] = {}
        for p in self.planned:
            by_target.setdefault(p.target, []).append(p)
        for target, group in by_target.items():
            shas = {p.sha256 for p in group}
            if len(shas) > 1:
                for p in group:
                    others = ", ".join(o.source for o in group if o is not p)
                    self.refusals.append((p.source, f"claims the same extract ({target.relative_to(self.raw)}) "
                                                    f"as {others} with different content"))
                continue
            for dup in group[1:]:
                dup.status, dup.note = "duplicate", f"same content as {group[0].source}"
            first = group[0]
            if target.exists():
                if target.stat().st_size == first.size and _sha256(target) == first.sha256:
                    for p in group:
                        p.status, p.note = "unchanged", "already landed"
                else:
                    for p in group:
                        self.refusals.append((p.source, f"a different file is already landed for this extract "
                                                        f"({target.relative_to(self.raw)}); refusing to overwrite it"))
            else:
                twin = _same_content_in(target.parent, first.size, first.sha256)
                if twin is not None:
                    for p in group:
                        p.status, p.note = "unchanged", f"same content already landed as {twin.name}"

    # committing ---------------------------------------------------
    def commit(self) -> None:
        """Move every new file into place, unless anything was refused."""
        try:
            if self.refusals:
                return
            log = []
            for p in self.planned:
                if p.status != "new":
                    continue
                p.target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(p.tmp, p.target)
                stamp = p.extracted_at.replace(tzinfo=dt.timezone.utc).timestamp()
                os.utime(p.target, (stamp, stamp))
                log.append({"landed_at": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                            "source": p.source, "target": str(p.target.relative_to(self.raw)),
                            "system": p.system, "table": p.table, "kind": p.kind,
                            "extracted_at": p.extracted_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                            "sha256": p.sha256, "bytes": p.size, "rows": p.rows})
            if log:
                with open(self.raw / LOG_NAME, "a", encoding="utf-8") as f:
                    for rec in log:
                        f.write(json.dumps(rec, sort_keys=True) + "\n")
        finally:
            self.cleanup()

    def cleanup(self) -> None:
        shutil.rmtree(self.tmpdir, ignore_errors=True)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def _same_content_in(folder: Path, size: int, sha: str) -> Path | None:
    if not folder.is_dir():
        return None
    for f in folder.glob("*.csv"):
        if f.stat().st_size == size and _sha256(f) == sha:
            return f
    return None


def land(paths: list[str], raw_dir: Path, kind: str | None = None,
         extracted_at: dt.datetime | None = None) -> tuple[list[Planned], list[tuple[str, str]]]:
    """Land every path (files or folders); returns (planned items, refusals). Nothing is written if any is refused."""
    lander = Lander(raw_dir, kind, extracted_at)
    try:
        lander.plan(paths)
        lander.commit()
    finally:
        lander.cleanup()
    return lander.planned, lander.refusals
