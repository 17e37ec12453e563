"""`lwh pull brightspace`: Brightspace Data Sets from the Data Hub API into the landing area.

1. Trade the refresh token (LWH_D2L_REFRESH_TOKEN_FILE) for an access token at
   `POST {auth}/core/connect/token` (client id and secret as HTTP Basic) and save the rotated
   refresh token atomically (mode 0600) before anything else: the old one no longer works.
2. List the data sets (`GET /d2l/api/lp/{v}/datasets/bds`, every page through `Next`) and match
   the wanted ones by `Full.Name`; list each one's extracts (`.../datasets/bds/{SchemaId}/extracts`,
   or per plugin, every page).
3. Per data set choose the newest full extract unless a full as new or newer is landed, and every
   later differential not landed; "landed" is read from the landing area (its log and file names).
4. Download each into the landing area's temporary folder (streamed, size checked, retried; a 401
   refreshes the token once), then land a data set's downloads with `land.land_known`: the same
   reading, refusals and log as `lwh land`, with the kind and extract time from the API.

Secrets (client secret, refresh and access tokens) are never printed: every message goes
through `Http.redact`, and URLs are shown without their query strings.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import fcntl
import json
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urljoin

from lwh import spec
from lwh.landing import journal as journal
from lwh.landing import land as landing
from lwh.landing import landed_name
from lwh.pull import PullError, log, report_landing
from lwh.pull.http import Http, Response, safe_url
from lwh.secret_file import save_secret

COMMAND = "lwh pull brightspace"
DEFAULT_AUTH_URL = "https://auth.brightspace.com"
DEFAULT_API_VERSION = "1.49"
DEFAULT_SCOPE = "datahub:dataexports:*"


def default_data_sets() -> list[str]:
    """Every data set the column spec documents: the Users module's, and the optional ones
    (meta.optional): those that name what it only numbers (Organizational Units, Role Details)
    and the learning data sets (Content, Grades, Quizzes, Assignments, Organizational Unit
    Ancestors). An optional one the organisation does not offer is skipped with a note."""
    return [t.data_set for t in spec.tables("brightspace").values() if t.data_set]


def default_token_file() -> Path:
    """$LWH_D2L_REFRESH_TOKEN_FILE, else <config dir>/lwh/d2l-refresh-token ($XDG_CONFIG_HOME or ~/.config)."""
    given = os.environ.get("LWH_D2L_REFRESH_TOKEN_FILE")
    if given:
        return Path(given).expanduser()
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "lwh" / "d2l-refresh-token"


def table_name(data_set: str) -> str:
    """The landing folder of a data set: the spec's table when it documents it, else its name in snake case."""
    key = spec.normalise_key(data_set)
    for table in spec.tables("brightspace").values():
        if table.data_set and spec.normalise_key(table.data_set) == key:
            return table.name
    return re.sub(r"[^a-z0-9]+", "_", data_set.lower()).strip("_")


def documented(data_set: str) -> bool:
    key = spec.normalise_key(data_set)
    return any(t.data_set and spec.normalise_key(t.data_set) == key for t in spec.tables("brightspace").values())


def _utc(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.replace(microsecond=0)


@dataclass(frozen=True)
class Extract:
    data_set: str
    kind: str                   # full / differential
    created: dt.datetime        # naive UTC, whole seconds (the landed file name's precision)
    link: str
    size: int | None

    @property
    def label(self) -> str:
        return f"{self.data_set} {self.kind} {self.created:%Y-%m-%dT%H:%M:%SZ}"

    @property
    def file_name(self) -> str:
        return f"{re.sub(r'[^A-Za-z0-9]', '', self.data_set)}_{self.kind}_{self.created:%Y%m%dT%H%M%SZ}.zip"


# ------------------------------------------------------------------ what is landed


def landed_extracts(raw: Path) -> dict[str, set[tuple[str, dt.datetime]]]:
    """table -> {(kind, extract time)} of every Brightspace extract landed: from the landing log,
    and from the names of the files in the landing folders (the two agree unless edited by hand)."""
    found: dict[str, set[tuple[str, dt.datetime]]] = {}
    for rec in landing.landed_state(raw).values():
        if rec.get("system") == "brightspace" and rec.get("kind") and rec.get("extracted_at"):
            found.setdefault(rec["table"], set()).add((rec["kind"], _utc(rec["extracted_at"])))
    for path in (raw / "brightspace").glob("*/*.csv"):
        parsed = landed_name.parse(path.name)
        if parsed and parsed[1]:
            when, kind = parsed
            found.setdefault(path.parent.name, set()).add((kind, when))
    return found


def choose(extracts: list[Extract], landed: set[tuple[str, dt.datetime]]) -> list[Extract]:
    """The extracts to download, oldest first: the newest full unless a full as new or newer is
    landed, then every later differential that is not landed."""
    fulls = sorted((e for e in extracts if e.kind == "full"), key=lambda e: e.created)
    landed_full = max((when for kind, when in landed if kind == "full"), default=None)
    picks: list[Extract] = []
    since = landed_full
    if fulls and (landed_full is None or fulls[-1].created > landed_full):
        picks.append(fulls[-1])
        since = fulls[-1].created
    for e in sorted((e for e in extracts if e.kind == "differential"), key=lambda e: e.created):
        if (since is None or e.created > since) and ("differential", e.created) not in landed:
            picks.append(e)
    return picks


# ------------------------------------------------------------------ the API

class DataHub:
    """An authorised session with one organisation's Brightspace Data Hub."""

    def __init__(self, base_url: str, auth_url: str, api_version: str, scope: str,
                 client_id: str, client_secret: str, token_file: Path):
        self.base = base_url.rstrip("/") + "/"
        self.api = urljoin(self.base, f"d2l/api/lp/{api_version}/")
        self.token_url = auth_url.rstrip("/") + "/core/connect/token"
        self.scope, self.client_id, self.token_file = scope, client_id, token_file
        self.secrets: set[str] = {client_secret}
        self.http = Http(COMMAND, self.secrets)
        self._basic = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode("ascii")
        self.secrets.add(self._basic)
        self.access_token: str | None = None
        self.rotations = 0                          # refresh tokens received and saved

    # tokens --------------------------------------------------------
    def _refresh_token(self) -> str:
        try:
            token = self.token_file.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            raise PullError(f"no refresh token: {self.token_file} does not exist. Authorise the app once in "
                            f"Brightspace and write its refresh token into that file (or set "
                            f"LWH_D2L_REFRESH_TOKEN_FILE)") from None
        if not token:
            raise PullError(f"the refresh-token file {self.token_file} is empty")
        self.secrets.add(token)
        return token

    def authorise(self) -> None:
        """Trade the refresh token for an access token; save the rotated refresh token first."""
        body = urlencode({"grant_type": "refresh_token", "refresh_token": self._refresh_token(),
                          "scope": self.scope}).encode("ascii")
        resp = self.http.send("POST", self.token_url, {"Authorization": f"Basic {self._basic}",
                                                       "Content-Type": "application/x-www-form-urlencoded",
                                                       "Accept": "application/json"}, body,
                              what=f"token request to {safe_url(self.token_url)}")
        if resp.status != 200:
            detail = self.http.excerpt(resp)
            with_hint = ""
            if resp.status in (400, 401):
                with_hint = (f"; the refresh token in {self.token_file} was refused (used already, revoked or "
                             f"expired) or the client id/secret are wrong: authorise the app again and write the "
                             f"new refresh token into that file")
            raise PullError(f"token request to {safe_url(self.token_url)} answered {resp.status}: {detail}{with_hint}")
        try:
            answer = json.loads(resp.body)
            access = answer["access_token"]
        except (ValueError, KeyError, TypeError):
            raise PullError(f"token request to {safe_url(self.token_url)}: the answer holds no access_token") from None
        self.secrets.add(access)
        rotated = answer.get("refresh_token")
        if rotated:
            self.secrets.add(rotated)
            save_secret(self.token_file, rotated)
            self.rotations += 1
        self.access_token = access

    # calls ---------------------------------------------------------
    def _authorised(self, method: str, url: str, **kw) -> Response:
        """A request with the bearer token (to the URLs the API itself gives: listings, `Next`,
        `DownloadLink`; `Http` drops it on a redirect to another host); a 401 refreshes the token
        once and tries again."""
        resp = self.http.send(method, url, {"Authorization": f"Bearer {self.access_token}"}, **kw)
        if resp.status == 401:
            log(COMMAND, f"{safe_url(url)}: 401, the access token expired; refreshing it")
            self.authorise()
            resp = self.http.send(method, url, {"Authorization": f"Bearer {self.access_token}"}, **kw)
        return resp

    def get_json(self, url: str):
        resp = self._authorised("GET", url)
        if resp.status != 200:
            raise HttpStatus(resp.status, f"GET {safe_url(url)} answered {resp.status}: {self.http.excerpt(resp)}")
        try:
            return json.loads(resp.body)
        except ValueError:
            raise PullError(f"GET {safe_url(url)}: the answer is not JSON: {self.http.excerpt(resp)}") from None

    def pages(self, url: str):
        """Every object of a paged listing (`{"Objects": [...], "Next": URL or null}`)."""
        seen = set()
        while url and url not in seen:
            seen.add(url)
            page = self.get_json(url)
            if isinstance(page, list):
                yield from page
                return
            yield from page.get("Objects") or []
            nxt = page.get("Next")
            url = urljoin(url, nxt) if nxt else None

    def data_sets(self) -> dict[str, dict]:
        """normalised Full.Name -> the data set's listing object."""
        out = {}
        for obj in self.pages(urljoin(self.api, "datasets/bds")):
            name = ((obj.get("Full") or {}).get("Name") or obj.get("Name") or "").strip()
            if name:
                out[spec.normalise_key(name)] = obj
        return out

    def extracts(self, data_set: str, obj: dict) -> list[Extract]:
        schema = obj.get("SchemaId")
        try:
            rows = list(self.pages(urljoin(self.api, f"datasets/bds/{schema}/extracts")))
        except HttpStatus as e:
            if e.status not in (400, 404, 405):          # no data-set-wide listing here: per plugin
                raise
            rows = []
            for plugin in (obj.get("Full"), obj.get("Differential")):
                if plugin and plugin.get("PluginId"):
                    rows += self.pages(urljoin(self.api, f"datasets/bds/{schema}/plugins/{plugin['PluginId']}/extracts"))
        out = []
        for row in rows:
            kind = str(row.get("BdsType") or "").strip().lower()
            if kind not in ("full", "differential") or not row.get("DownloadLink") or not row.get("CreatedDate"):
                continue
            size = row.get("DownloadSize")
            try:
                out.append(Extract(data_set, kind, _utc(str(row["CreatedDate"])),
                                   urljoin(self.base, row["DownloadLink"]), int(size) if size not in (None, "") else None))
            except (ValueError, TypeError):
                raise PullError(f"{data_set}: an extract with an unreadable CreatedDate {row['CreatedDate']!r} or "
                                f"DownloadSize {size!r}") from None
        return out

    def download(self, extract: Extract, dest: Path) -> int:
        resp = self._authorised("GET", extract.link, sink=dest, expect_size=extract.size,
                                what=f"download of {extract.label}", complete=zip_cut_short)
        if resp.status != 200:
            raise PullError(f"download of {extract.label} ({safe_url(extract.link)}) answered {resp.status}: "
                            f"{self.http.excerpt(resp)}")
        return resp.size


def zip_cut_short(path: Path) -> str | None:
    """A ZIP that starts as one but lacks its end (central directory) was cut off in transit."""
    with open(path, "rb") as f:
        starts_as_zip = f.read(4) == b"PK\x03\x04"
    if starts_as_zip and not zipfile.is_zipfile(path):
        return f"the ZIP ends before its central directory ({path.stat().st_size:,} bytes)"
    return None


class HttpStatus(PullError):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


# ------------------------------------------------------------------ the command

def pull(raw: Path, base_url: str, auth_url: str = DEFAULT_AUTH_URL, api_version: str = DEFAULT_API_VERSION,
         data_sets: list[str] | None = None, scope: str = DEFAULT_SCOPE, dry_run: bool = False) -> int:
    """Pull the data sets; 0 when every one is landed or up to date, 1 when something failed."""
    client_id = os.environ.get("LWH_D2L_CLIENT_ID", "").strip()
    client_secret = os.environ.get("LWH_D2L_CLIENT_SECRET", "").strip()
    missing = [n for n, v in (("LWH_D2L_CLIENT_ID", client_id), ("LWH_D2L_CLIENT_SECRET", client_secret)) if not v]
    if missing:
        raise ValueError(f"set {' and '.join(missing)} (the Data Hub app's OAuth 2.0 client credentials)")
    hub = DataHub(base_url, auth_url, api_version, scope, client_id, client_secret, default_token_file())
    try:
        with token_lock(hub.token_file):
            return _pull(hub, Path(raw), data_sets or default_data_sets(), dry_run, explicit=bool(data_sets))
    except PullError as e:
        log(COMMAND, hub.http.redact(str(e)))
        return 1


@contextlib.contextmanager
def token_lock(token_file: Path):
    """One pull at a time per refresh token: each use rotates it, so two at once would lock each other
    out. Waits (saying so) for another pull holding `<token file>.lock`."""
    token_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(token_file.with_name(token_file.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log(COMMAND, f"waiting for another pull that uses the refresh token {token_file} ...")
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _pull(hub: DataHub, raw: Path, wanted: list[str], dry_run: bool, explicit: bool) -> int:
    """Authorise, plan and fetch; a data set of the default list that the organisation does not
    offer is skipped with a note, one named with --data-sets is an error."""
    hub.authorise()
    log(COMMAND, "authorised; " + (f"the new refresh token is saved in {hub.token_file}" if hub.rotations
                                   else "the auth service did not rotate the refresh token"))
    offered = hub.data_sets()
    landed = landed_extracts(raw)
    plan: list[tuple[str, list[Extract]]] = []
    failed = []
    for name in wanted:
        obj = offered.get(spec.normalise_key(name))
        if obj is None:
            log(COMMAND, f"the Data Hub at {safe_url(hub.base)} offers no data set named {name!r}"
                         + ("" if explicit else "; skipped"))
            if explicit:
                failed.append(name)
            continue
        try:
            picks = choose(hub.extracts(name, obj), landed.get(table_name(name), set()))
        except PullError as e:          # this data set waits for the next run; the others go on
            log(COMMAND, hub.http.redact(str(e)))
            failed.append(name)
            continue
        plan.append((name, picks))
    total = sum(len(p) for _, p in plan)
    for name, picks in plan:
        if not picks:
            print(f"up to date {name}")
        for e in picks:
            size = f"{e.size:,} bytes" if e.size is not None else "size not announced"
            print(f"{'would get' if dry_run else 'get':9} {e.label} ({size})")
    if dry_run:
        print(f"dry run: {total} extract(s) to download for {sum(1 for _, p in plan if p)} data set(s); "
              f"nothing downloaded")
        return 1 if failed else 0
    temp = journal.TempDir(raw)
    try:
        for name, picks in plan:
            if picks and not _get_and_land(hub, raw, temp.path, name, picks):
                failed.append(name)
    finally:
        temp.close()
    if failed:
        log(COMMAND, f"not complete: {', '.join(failed)}; run again to fetch what is missing")
        return 1
    log(COMMAND, f"done: {total} extract(s) downloaded and landed into {raw}")
    return 0


def _get_and_land(hub: DataHub, raw: Path, folder: Path, name: str, picks: list[Extract]) -> bool:
    """Download a data set's chosen extracts (oldest first) and land them; stops at the first failed
    download and lands those before it (a later run fetches the rest). True when all landed."""
    got: list[landing.Known] = []
    ok = True
    for e in picks:
        dest = folder / e.file_name
        try:
            size = hub.download(e, dest)
        except PullError as err:
            log(COMMAND, hub.http.redact(str(err)))
            dest.unlink(missing_ok=True)
            ok = False
            break
        log(COMMAND, f"downloaded {e.label}: {size:,} bytes")
        expect = ("brightspace", table_name(name)) if documented(name) else None
        got.append(landing.Known(dest, e.kind, e.created, expect))
    if got:
        planned, refusals = landing.land_known(got, raw)
        ok = report_landing(COMMAND, planned, refusals, raw) and ok
        for k in got:
            Path(k.path).unlink(missing_ok=True)
    return ok
