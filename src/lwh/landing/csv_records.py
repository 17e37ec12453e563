"""Reading one CSV for `lwh land`: streamed into a temporary file, hashed, and validated (UTF-8,
header, every record's field count and size), in memory bounded by the record limit however
long a line or record of the input is, at the speed of the C csv reader."""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import os
import zipfile
from pathlib import Path

BOM = b"\xef\xbb\xbf"
CHUNK = 4 << 20
DEFAULT_MAX_RECORD_BYTES = 16 << 20
DEFAULT_MAX_UNCOMPRESSED_BYTES = 64 << 30
DEFAULT_MAX_ZIP_RATIO = 200.0
ZIP_RATIO_FLOOR = 1 << 20       # members smaller than this are never refused for their ratio


class Refused(Exception):
    """An input that cannot be placed; the message names the reason."""


def _env_number(name: str, default, kind=int):
    text = os.environ.get(name)
    if text is None or not text.strip():
        return default
    try:
        value = kind(text.strip())
    except ValueError:
        raise ValueError(f"{name} must be a number, not {text!r}") from None
    if value <= 0:
        raise ValueError(f"{name} must be positive, not {text!r}")
    return value


def max_record_bytes() -> int:
    """The longest CSV record (header included, quoted line breaks and all) landing accepts, in
    bytes: $LWH_MAX_RECORD_BYTES, default 16 MiB. The dbt reader passes the same value to DuckDB's
    read_csv as max_line_size, so whatever lands can be read."""
    return _env_number("LWH_MAX_RECORD_BYTES", DEFAULT_MAX_RECORD_BYTES)


def max_uncompressed_bytes() -> int:
    """The largest CSV a ZIP member may expand to: $LWH_MAX_UNCOMPRESSED_BYTES, default 64 GiB."""
    return _env_number("LWH_MAX_UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES)


def max_zip_ratio() -> float:
    """The largest uncompressed/compressed size ratio of a ZIP member: $LWH_MAX_ZIP_RATIO, default
    200 (Brightspace's CSVs compress about 5 to 20 times)."""
    return _env_number("LWH_MAX_ZIP_RATIO", DEFAULT_MAX_ZIP_RATIO, float)


def _excerpt(content: str | bytes, n: int = 60) -> str:
    """A short printable quotation of file content for a message: repr() of at most n characters."""
    cut = len(content) > n
    return repr(content[:n]) + ("\u2026" if cut else "")


class _Source(io.RawIOBase):
    """The bytes of one CSV as they are read: copied into the temporary file, hashed, and (for a
    ZIP member) kept within the size its header declared. Chunk by chunk, so the per-line
    parsing above it pays nothing for this."""

    def __init__(self, stream, out, declared: int | None = None, what: str = ""):
        self.stream, self.out = stream, out
        self.declared, self.what = declared, what
        self.most = None if declared is None else min(declared, max_uncompressed_bytes())
        self.sha = hashlib.sha256()
        self.size = 0
        self.rows = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self.stream.readinto(buffer)
        if n:
            if self.most is not None and self.size + n > self.most:
                raise Refused(f"{self.what} expands beyond {self.most:,} bytes, the size its ZIP header "
                              f"declares ({self.declared:,}) or the limit ({max_uncompressed_bytes():,}, "
                              f"LWH_MAX_UNCOMPRESSED_BYTES): a damaged or forged ZIP")
            view = memoryview(buffer)[:n]
            self.sha.update(view)
            self.out.write(view)
            self.size += n
        return n


def _not_utf8(e: UnicodeDecodeError, line: bytes, line_no: int) -> Refused:
    if e.start >= len(line) - 3 and not line.endswith(b"\n"):
        return Refused(f"not valid UTF-8: the file ends inside a multi-byte character at line {line_no} "
                       f"(truncated?)")
    return Refused(f"not valid UTF-8 at line {line_no}, byte {e.start + 1} of the line (bytes "
                   f"{_excerpt(line[e.start:e.start + 4])}); re-export the file as UTF-8")


def _too_long(what: str, line: int, limit: int) -> Refused:
    return Refused(f"{what} is longer than {limit:,} bytes at line {line}: longer than any record landing "
                   f"accepts (and than the dbt reader's max_line_size). If the file is right, raise the limit "
                   f"for landing and building alike with LWH_MAX_RECORD_BYTES")


def _parse_csv(binary, limit: int) -> tuple[list[str], int]:
    """The header and the number of data records of a CSV read from `binary` (a buffered binary
    stream). Quoted fields may hold commas, quotes and line breaks; every record must have as many
    fields as the header: a record with too many or too few is refused with its number, rather
    than risking a reader that silently drops it. No line or record longer than `limit` bytes is
    ever held: physical lines are read with readline(limit + 1), and the bytes of the record in
    progress are counted as its lines go into the C csv reader (which asks for exactly the lines
    of one record before it yields it)."""
    csv.field_size_limit(limit)
    pending = 0                 # bytes of the record in progress (reset by the loop below)
    n = 0                       # data records so far

    def lines():
        nonlocal pending
        first = binary.readline(limit + 1).removeprefix(BOM)
        pending = len(first)
        if pending > limit:
            raise _too_long("the header", 1, limit)
        try:
            text = first.decode("utf-8")
        except UnicodeDecodeError as e:
            raise _not_utf8(e, first, 1) from None
        yield text
        for line in iter(functools.partial(binary.readline, limit + 1), b""):
            pending += len(line)
            if pending > limit:
                raise _too_long("the header" if header is None else f"record {n + 1}", records.line_num + 1, limit)
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as e:
                raise _not_utf8(e, line, records.line_num + 1) from None
            yield text

    header = None
    records = csv.reader(lines(), strict=True)
    try:
        first = next(records, None)
        pending = 0
        if first is None:
            raise Refused("empty file: no header and no rows")
        if not first or first == [""] or (len(first) == 1 and not first[0].strip()):
            for row in records:
                pending = 0
                if "".join(row).strip():
                    raise Refused("no header: the first line is empty")
            raise Refused("empty file: no header and no rows")
        header = [h.strip() for h in first]
        _check_header(header, first)
        width = len(header)
        blank = None            # (record number, line) of a blank line not yet known to be trailing
        for row in records:
            pending = 0
            if len(row) != width or blank:
                if not row:
                    if width == 1:              # a one-column file: an empty line is an empty value
                        n += 1                  # (DuckDB reads it as a NULL row)
                        continue
                    blank = blank or (n + 1, records.line_num)
                    continue
                if blank:
                    raise Refused(f"record {blank[0]} (line {blank[1]}) is an empty line inside the data")
                raise Refused(f"record {n + 1} (line {records.line_num}) has {len(row)} fields, the header has "
                              f"{width}: {_excerpt(','.join(f[:61] for f in row[:16]))}")
            n += 1
    except csv.Error as e:
        raise Refused(f"malformed CSV at line {records.line_num}: {e}") from None
    return header, n


def _check_header(header: list[str], raw_names: list[str]) -> None:
    if any(h == "" for h in header):
        raise Refused(f"a header with an empty column name: the header is {_excerpt(','.join(raw_names))}")
    seen: dict[str, str] = {}
    dupes = []
    for h in header:
        key = h.lower()
        if key in seen:
            dupes.append(f"{_excerpt(seen[key], 40)} and {_excerpt(h, 40)}" if seen[key] != h else _excerpt(h, 40))
        else:
            seen[key] = h
    if dupes:
        raise Refused(f"the header names a column more than once: {', '.join(dupes)} "
                      f"(names are matched ignoring case and surrounding spaces)")


def read_stream(stream, tmp: Path, declared: int | None = None, what: str = "") -> tuple[_Source, list[str]]:
    """Copy one CSV into `tmp` while validating it; returns the copy's facts and the header."""
    limit = max_record_bytes()
    with open(tmp, "wb") as out:
        source = _Source(stream, out, declared, what)
        with io.BufferedReader(source, CHUNK) as binary:
            header, source.rows = _parse_csv(binary, limit)
            out.flush()
            os.fsync(out.fileno())
    return source, header


def count_records(path: Path) -> int:
    """The data records of a CSV file (header excluded), as landing counts them."""
    with open(path, "rb", buffering=CHUNK) as f:
        return _parse_csv(f, max_record_bytes())[1]


def check_zip_member(path: Path, info: zipfile.ZipInfo) -> None:
    cap, ratio_cap = max_uncompressed_bytes(), max_zip_ratio()
    if info.file_size > cap:
        raise Refused(f"the member {info.filename} of {path.name} declares {info.file_size:,} bytes uncompressed, "
                      f"more than the limit of {cap:,} (LWH_MAX_UNCOMPRESSED_BYTES)")
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > ZIP_RATIO_FLOOR and ratio > ratio_cap:
        raise Refused(f"the member {info.filename} of {path.name} would expand {ratio:,.0f} times "
                      f"({info.compress_size:,} bytes compressed to {info.file_size:,}), more than the limit of "
                      f"{ratio_cap:,.0f} (LWH_MAX_ZIP_RATIO); real exports compress 5 to 20 times: a ZIP bomb?")
