"""A fake Brightspace Data Hub on 127.0.0.1, implementing the documented endpoints (see
SOURCE-FACTS.md, "Getting the files from the vendors"):

- `POST /core/connect/token`: refresh-token grant with client id/secret as HTTP Basic; every
  answer rotates the refresh token and the old one stops working; access tokens expire after
  `token_uses` API requests (the next request answers 401).
- `GET /d2l/api/lp/{v}/datasets/bds`: the data sets, `page_size` per page, `Next` = absolute URL
  with a `bookmark`.
- `GET /d2l/api/lp/{v}/datasets/bds/{SchemaId}/extracts`: every extract of a data set, paged.
- `GET` of an extract's `DownloadLink`: the ZIP, or (for `redirected` data sets) a 302 to a second
  "storage" server on another port, whose signed URL must be fetched without a bearer token.

Faults, each once: `fail_once` (path substrings answered 500), `rate_limit_once` (429 with
Retry-After: 1), `drop_once` (extracts whose download is cut off mid-body); `hide_sizes` leaves
out DownloadSize and Content-Length, so only the ZIP itself shows a cut-off body.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import threading
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

API = "/d2l/api/lp/1.49"


@dataclass
class FakeExtract:
    data_set: str
    schema_id: str
    plugin_id: str
    kind: str               # Full / Differential
    created: dt.datetime
    data: bytes

    @property
    def key(self) -> tuple[str, str, str]:
        return self.data_set, self.kind.lower(), self.created.strftime("%Y-%m-%dT%H:%M:%SZ")


class FakeDataHub:
    def __init__(self, client_id: str = "lwh-test-client", client_secret: str = "s3cret-client-XYZ",
                 refresh_token: str = "rt-initial-0000", token_uses: int = 5, page_size: int = 2,
                 extract_page_size: int = 3):
        self.client_id, self.client_secret = client_id, client_secret
        self.refresh_token = refresh_token
        self.issued: list[str] = [refresh_token]        # every secret handed out (for "never printed")
        self.token_uses, self.page_size, self.extract_page_size = token_uses, page_size, extract_page_size
        self.access: dict[str, int] = {}                # access token -> requests left
        self.data_sets: dict[str, tuple[str, str, str]] = {}   # name -> (schema id, full plugin, diff plugin)
        self.extracts: list[FakeExtract] = []
        self.redirected: set[str] = set()
        self.fail_once: set[str] = set()
        self.rate_limit_once: set[str] = set()
        self.drop_once: set[str] = set()
        self.hide_sizes = False     # no DownloadSize, no Content-Length: a cut-off body shows only in the ZIP
        self.served: list[tuple[str, str, str]] = []    # extracts whose whole body was sent
        self.requests: list[str] = []
        self.token_requests = 0
        self.storage_saw_bearer = False
        self.signature = "sig-" + uuid.uuid4().hex
        self.lock = threading.Lock()
        self.api = _Server(self, storage=False)
        self.storage = _Server(self, storage=True)

    # content ---------------------------------------------------------
    def add(self, data_set: str, kind: str, created: dt.datetime, data: bytes) -> None:
        if data_set not in self.data_sets:
            self.data_sets[data_set] = (str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4()))
        schema, full, diff = self.data_sets[data_set]
        self.extracts.append(FakeExtract(data_set, schema, full if kind == "Full" else diff, kind, created, data))

    def add_generated(self, folder: Path, names: dict[str, str]) -> None:
        """Offer generated BDS ZIPs (`<CsvBase>[_Differential]_<stamp>.zip`); names: CsvBase -> data set name."""
        for z in sorted(folder.glob("*.zip")):
            m = re.match(r"(.+?)(_Differential)?_(\d{8}T\d{6}Z)\.zip$", z.name)
            if m and m.group(1) in names:
                created = dt.datetime.strptime(m.group(3), "%Y%m%dT%H%M%SZ")
                self.add(names[m.group(1)], "Differential" if m.group(2) else "Full", created, z.read_bytes())

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.api.port}"

    def start(self) -> FakeDataHub:
        self.api.start()
        self.storage.start()
        return self

    def stop(self) -> None:
        self.api.stop()
        self.storage.stop()

    # protocol ----------------------------------------------------------
    def token(self, handler: BaseHTTPRequestHandler, body: bytes) -> None:
        self.token_requests += 1
        basic = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        if handler.headers.get("Authorization") != f"Basic {basic}":
            return _json(handler, 401, {"error": "invalid_client"})
        if form.get("grant_type") != "refresh_token" or form.get("refresh_token") != self.refresh_token \
                or not form.get("scope"):
            return _json(handler, 400, {"error": "invalid_grant", "error_description": "refresh token not valid"})
        self.refresh_token = "rt-" + uuid.uuid4().hex
        access = "at-" + uuid.uuid4().hex
        self.issued += [self.refresh_token, access]
        self.access[access] = self.token_uses
        return _json(handler, 200, {"access_token": access, "token_type": "Bearer", "expires_in": 3600,
                                    "refresh_token": self.refresh_token, "scope": form["scope"]})

    def authorised(self, handler: BaseHTTPRequestHandler) -> bool:
        auth = handler.headers.get("Authorization") or ""
        token = auth.removeprefix("Bearer ")
        if not auth.startswith("Bearer ") or self.access.get(token, 0) <= 0:
            _json(handler, 401, {"Message": "token expired or missing"})
            return False
        self.access[token] -= 1
        return True

    def _page(self, handler, items: list[dict], size: int, path: str, bookmark: str | None) -> None:
        start = int(bookmark or 0)
        nxt = f"{self.url}{path}?bookmark={start + size}" if start + size < len(items) else None
        _json(handler, 200, {"Objects": items[start:start + size], "Next": nxt})

    def data_set_objects(self) -> list[dict]:
        out = []
        for name, (schema, full, diff) in self.data_sets.items():
            link = f"{self.url}{API}/datasets/bds/{schema}/extracts"
            out.append({"SchemaId": schema, "ExtractsLink": link,
                        "Full": {"PluginId": full, "Name": name, "Description": f"{name} full",
                                 "ExtractsLink": f"{self.url}{API}/datasets/bds/{schema}/plugins/{full}/extracts"},
                        "Differential": {"PluginId": diff, "Name": f"{name} Differential", "Description": "",
                                         "ExtractsLink": f"{self.url}{API}/datasets/bds/{schema}/plugins/{diff}/extracts"}})
        return out

    def extract_objects(self, schema: str) -> list[dict]:
        rows = sorted((e for e in self.extracts if e.schema_id == schema), key=lambda e: e.created, reverse=True)
        return [{"SchemaId": e.schema_id, "PluginId": e.plugin_id, "BdsType": e.kind,
                 "CreatedDate": e.created.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                 "QueuedForProcessingDate": e.created.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                 "DownloadLink": f"{self.url}{API}/datasets/bds/{e.schema_id}/plugins/{e.plugin_id}/extracts/"
                                 f"{e.created:%Y%m%dT%H%M%SZ}",
                 "DownloadSize": None if self.hide_sizes else len(e.data), "Version": "1.0"} for e in rows]

    def find(self, schema: str, plugin: str, stamp: str) -> FakeExtract | None:
        for e in self.extracts:
            if e.schema_id == schema and e.plugin_id == plugin and f"{e.created:%Y%m%dT%H%M%SZ}" == stamp:
                return e
        return None

    def send_extract(self, handler, e: FakeExtract) -> None:
        name = f"{e.data_set} {e.kind} {e.created:%Y%m%dT%H%M%SZ}"
        with self.lock:
            drop = name in self.drop_once
            self.drop_once.discard(name)
        handler.send_response(200)
        handler.send_header("Content-Type", "application/zip")
        if not self.hide_sizes:
            handler.send_header("Content-Length", str(len(e.data)))
        handler.end_headers()
        if drop:                        # a broken download: half the body, then the connection drops
            handler.wfile.write(e.data[: len(e.data) // 2])
            handler.wfile.flush()
            handler.close_connection = True
            return
        handler.wfile.write(e.data)
        with self.lock:
            self.served.append(e.key)

    def handle(self, handler: BaseHTTPRequestHandler, method: str, storage: bool) -> None:
        parts = urlsplit(handler.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        body = handler.rfile.read(int(handler.headers.get("Content-Length") or 0)) if method == "POST" else b""
        with self.lock:
            self.requests.append(f"{'storage ' if storage else ''}{method} {parts.path}")
            fault = next((f for f in self.fail_once if f in parts.path), None)
            self.fail_once.discard(fault)
            limited = next((f for f in self.rate_limit_once if f in parts.path), None)
            self.rate_limit_once.discard(limited)
        if fault:
            return _json(handler, 500, {"Message": "internal error"})
        if limited:
            handler.send_response(429)
            handler.send_header("Retry-After", "1")
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return None
        if storage:
            if handler.headers.get("Authorization"):
                self.storage_saw_bearer = True
                return _json(handler, 400, {"Message": "storage wants no Authorization header"})
            m = re.fullmatch(r"/blob/([^/]+)/([^/]+)/([^/]+)", parts.path)
            e = self.find(*m.groups()) if m and query.get("sig") == self.signature else None
            return self.send_extract(handler, e) if e else _json(handler, 403, {"Message": "bad signature"})
        if method == "POST" and parts.path == "/core/connect/token":
            return self.token(handler, body)
        if not parts.path.startswith(API + "/"):
            return _json(handler, 404, {"Message": "not found"})
        if not self.authorised(handler):
            return None
        rest = parts.path[len(API):]
        if rest == "/datasets/bds":
            return self._page(handler, self.data_set_objects(), self.page_size, parts.path, query.get("bookmark"))
        m = re.fullmatch(r"/datasets/bds/([^/]+)/extracts", rest)
        if m:
            return self._page(handler, self.extract_objects(m.group(1)), self.extract_page_size, parts.path,
                              query.get("bookmark"))
        m = re.fullmatch(r"/datasets/bds/([^/]+)/plugins/([^/]+)/extracts/([^/]+)", rest)
        e = self.find(*m.groups()) if m else None
        if e is None:
            return _json(handler, 404, {"Message": "no such extract"})
        if e.data_set in self.redirected:
            handler.send_response(302)
            handler.send_header("Location", f"http://127.0.0.1:{self.storage.port}/blob/{e.schema_id}/"
                                            f"{e.plugin_id}/{e.created:%Y%m%dT%H%M%SZ}?sig={self.signature}")
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return None
        return self.send_extract(handler, e)


def _json(handler: BaseHTTPRequestHandler, status: int, doc) -> None:
    data = json.dumps(doc).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


class _Server:
    def __init__(self, hub: FakeDataHub, storage: bool):
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                hub.handle(self, "GET", storage)

            def do_POST(self):
                hub.handle(self, "POST", storage)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
