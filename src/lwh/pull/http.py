"""A small HTTP client for vendor APIs (standard library only): retries with exponential backoff
on 5xx, connection errors and truncated bodies, honours `Retry-After` on 429, follows redirects
itself (dropping the `Authorization` header when a redirect leaves the origin, as signed storage
URLs want), streams downloads to disk in chunks, and keeps secrets out of every message.

Tuning (environment): LWH_HTTP_RETRIES (default 6 attempts after the first),
LWH_HTTP_BACKOFF_SECONDS (first wait, doubled each retry, default 2, at most 60),
LWH_HTTP_MAX_WAIT_SECONDS (the longest `Retry-After` honoured, default 900),
LWH_HTTP_TIMEOUT_SECONDS (socket timeout, default 120).
"""

from __future__ import annotations

import email.utils
import http.client
import os
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from lwh import __version__
from lwh.pull import PullError, log

CHUNK = 1 << 20
MAX_REDIRECTS = 10
REDIRECTS = (301, 302, 303, 307, 308)


def _env(name: str, default: float) -> float:
    text = os.environ.get(name, "").strip()
    try:
        return float(text) if text else default
    except ValueError:
        raise ValueError(f"{name} must be a number, not {text!r}") from None


def safe_url(url: str) -> str:
    """A URL fit for a message: scheme, host and path only (query strings can carry signatures)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}{parts.path}"


def origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), port


class Truncated(Exception):
    """A body shorter than its Content-Length or than the size the API announced."""


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes                 # empty when the body went to a file
    url: str                    # the final URL, after redirects
    size: int = 0               # bytes received


class Http:
    """Requests with retries; `secrets` (a set the caller may add to) are masked in every message."""

    def __init__(self, command: str, secrets: set[str] | None = None):
        self.command = command
        self.secrets = secrets if secrets is not None else set()
        self.retries = int(_env("LWH_HTTP_RETRIES", 6))
        self.backoff = _env("LWH_HTTP_BACKOFF_SECONDS", 2.0)
        self.max_wait = _env("LWH_HTTP_MAX_WAIT_SECONDS", 900.0)
        self.timeout = _env("LWH_HTTP_TIMEOUT_SECONDS", 120.0)
        self.ssl = ssl.create_default_context()

    def redact(self, text: str) -> str:
        for secret in sorted(self.secrets, key=len, reverse=True):
            if secret:
                text = text.replace(secret, "***")
        return text

    # one attempt ---------------------------------------------------
    def _connection(self, url: str) -> http.client.HTTPConnection:
        parts = urlsplit(url)
        if parts.scheme == "https":
            return http.client.HTTPSConnection(parts.hostname, parts.port, timeout=self.timeout, context=self.ssl)
        if parts.scheme == "http":
            return http.client.HTTPConnection(parts.hostname, parts.port, timeout=self.timeout)
        raise PullError(f"not an http(s) URL: {safe_url(url)}")

    def _once(self, method: str, url: str, headers: dict, body: bytes | None, sink: Path | None,
              expect_size: int | None, complete: Callable[[Path], str | None] | None = None) -> Response:
        headers = {"User-Agent": f"lwh/{__version__}", **headers}
        for _ in range(MAX_REDIRECTS + 1):
            parts = urlsplit(url)
            conn = self._connection(url)
            try:
                conn.request(method, (parts.path or "/") + (f"?{parts.query}" if parts.query else ""),
                             body=body, headers=headers)
                resp = conn.getresponse()
                location = resp.getheader("Location")
                if resp.status in REDIRECTS and location:
                    resp.read()
                    target = urljoin(url, location)
                    if origin(target) != origin(url):       # the storage host wants no bearer token
                        headers = {k: v for k, v in headers.items() if k.lower() != "authorization"}
                    if resp.status == 303 or (resp.status in (301, 302) and method == "POST"):
                        method, body = "GET", None
                        headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
                    url = target
                    continue
                if resp.status // 100 != 2 or sink is None:
                    data = resp.read()
                    declared = resp.getheader("Content-Length")
                    if resp.status // 100 == 2 and declared is not None and len(data) < int(declared):
                        raise Truncated(f"{len(data):,} of {int(declared):,} bytes")
                    return Response(resp.status, resp.headers, data, url, len(data))
                size = self._stream(resp, sink, expect_size)
                problem = complete(sink) if complete else None
                if problem:
                    raise Truncated(problem)
                return Response(resp.status, resp.headers, b"", url, size)
            finally:
                conn.close()
        raise PullError(f"{method} {safe_url(url)}: more than {MAX_REDIRECTS} redirects")

    @staticmethod
    def _stream(resp: http.client.HTTPResponse, sink: Path, expect_size: int | None) -> int:
        size = 0
        with open(sink, "wb") as out:
            while chunk := resp.read(CHUNK):
                out.write(chunk)
                size += len(chunk)
            out.flush()
            os.fsync(out.fileno())
        declared = resp.getheader("Content-Length")
        if declared is not None and size != int(declared):
            raise Truncated(f"{size:,} of {int(declared):,} bytes (Content-Length)")
        if expect_size is not None and size != expect_size:
            raise Truncated(f"{size:,} bytes, but the API announced {expect_size:,} (DownloadSize)")
        return size

    # with retries ----------------------------------------------------
    def _retry_after(self, resp: Response, default: float) -> float:
        value = (resp.headers.get("Retry-After") or "").strip()
        wait = default
        if value.isdigit():
            wait = float(value)
        elif value:
            with_date = email.utils.parsedate_to_datetime(value) if email.utils.parsedate(value) else None
            if with_date is not None:
                wait = max(0.0, with_date.timestamp() - time.time())
        return min(wait, self.max_wait)

    def send(self, method: str, url: str, headers: dict | None = None, body: bytes | None = None,
             sink: Path | None = None, expect_size: int | None = None, what: str = "",
             complete: Callable[[Path], str | None] | None = None) -> Response:
        """One request, retried on 5xx, 429, connection errors and truncated bodies. With `sink` the
        body is streamed to that file and `complete(sink)` may name a problem that shows it cut
        short (retried too). Returns any other answer (2xx, 4xx) for the caller to judge; raises
        PullError when retries run out."""
        what = what or f"{method} {safe_url(url)}"
        for attempt in range(self.retries + 1):
            wait = min(self.backoff * 2 ** attempt, 60.0)
            try:
                resp = self._once(method, url, dict(headers or {}), body, sink, expect_size, complete)
            except ssl.SSLCertVerificationError as e:
                raise PullError(f"{what}: the server's TLS certificate is not trusted: {e.verify_message}") from None
            except Truncated as e:
                problem = f"the download was cut short ({e})"
            except (OSError, http.client.HTTPException) as e:
                problem = f"connection problem ({type(e).__name__}: {self.redact(str(e)) or 'no detail'})"
            else:
                if resp.status == 429:
                    wait = self._retry_after(resp, wait)
                    problem = "429 Too Many Requests"
                elif resp.status >= 500:
                    problem = f"{resp.status} {resp.headers.get('Status', '') or 'server error'}".strip()
                else:
                    return resp
            if attempt == self.retries:
                raise PullError(f"{what}: gave up after {attempt + 1} attempts; last: {problem}")
            log(self.command, f"{what}: {problem}; retrying in {wait:g} s ({attempt + 1}/{self.retries})")
            time.sleep(wait)
        raise AssertionError("unreachable")

    def excerpt(self, resp: Response, n: int = 300) -> str:
        """The start of an error answer's body, secrets masked."""
        text = resp.body[:n].decode("utf-8", "replace").strip()
        return self.redact(text) or "(empty body)"
