"""`lwh pull brightspace` against a fake Data Hub on 127.0.0.1 (fake_datahub.py) serving generated
BDS ZIPs: token rotation and expiry, paged listings, 500, 429 with Retry-After, a download cut
off mid-body, a redirect to a storage host, extracts already landed, dry run, secrets."""

from __future__ import annotations

import datetime as dt
import io
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from fake_datahub import FakeDataHub

from lwh import spec
from lwh.generate import Generator
from lwh.landing.land import landed_state
from lwh.pull.brightspace import Extract, choose

LWH = str(Path(sys.executable).parent / "lwh")
TABLES = spec.tables("brightspace")
NAMES = {t.csv_name.removesuffix(".csv"): t.data_set for t in TABLES.values()}     # CsvBase -> data set
DATA_SETS = list(NAMES.values())
OLD_FULL = dt.datetime(2026, 11, 2, 3, 0)       # an older full extract the hub also offers


@pytest.fixture(scope="module")
def bds(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bds-exports")
    Generator(out, scale=0.01, seed=3, progress=False).run()
    return out / "brightspace"


@pytest.fixture
def hub(bds):
    server = FakeDataHub()
    server.add_generated(bds, NAMES)
    users_full = next(e for e in server.extracts if e.data_set == "Users" and e.kind == "Full")
    server.add("Users", "Full", OLD_FULL, users_full.data)
    server.start()
    yield server
    server.stop()


def expected(hub: FakeDataHub, data_sets=DATA_SETS, after: dict | None = None) -> set[tuple[str, str, str]]:
    """Newest full and every later differential of each data set the hub offers (or only those
    after `after[name]`)."""
    out = set()
    for name in data_sets:
        mine = [e for e in hub.extracts if e.data_set == name]
        if not mine:
            continue
        newest = max(e.created for e in mine if e.kind == "Full")
        since = (after or {}).get(name)
        out |= {e.key for e in mine if (e.kind == "Full" and e.created == newest and since is None)
                or (e.kind == "Differential" and e.created > (since or newest))}
    return out


def run_pull(hub: FakeDataHub, raw: Path, token_file: Path, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, LWH_D2L_CLIENT_ID=hub.client_id, LWH_D2L_CLIENT_SECRET=hub.client_secret,
               LWH_D2L_REFRESH_TOKEN_FILE=str(token_file), LWH_HTTP_BACKOFF_SECONDS="0.05")
    return subprocess.run([LWH, "pull", "brightspace", "--base-url", hub.url, "--auth-url", hub.url,
                           "--raw-dir", str(raw), *extra], env=env, check=False, capture_output=True, text=True,
                          cwd=spec.project_dir())


def token_file(hub: FakeDataHub, tmp_path: Path) -> Path:
    path = tmp_path / "config" / "d2l-refresh-token"
    path.parent.mkdir()
    path.write_text(hub.refresh_token + "\n")
    return path


def assert_no_secrets(hub: FakeDataHub, proc: subprocess.CompletedProcess) -> None:
    out = proc.stdout + proc.stderr
    leaked = [s for s in [*hub.issued, hub.client_secret, hub.signature] if s in out]
    assert not leaked, f"secrets in the output: {leaked}"


def test_first_pull_lands_what_is_missing_then_nothing(hub, tmp_path):
    raw, tokens = tmp_path / "raw", token_file(hub, tmp_path)
    hub.redirected = {"Users", "User Logins"}
    hub.fail_once = {"/datasets/bds"}
    hub.rate_limit_once = {"/extracts"}
    hub.drop_once = {"Users Differential 20261112T030000Z"}
    first = run_pull(hub, raw, tokens, "--data-sets", *DATA_SETS)
    assert first.returncode == 0, first.stderr
    assert_no_secrets(hub, first)
    want = expected(hub)
    assert sorted(hub.served) == sorted(want)           # each chosen extract once, the old full never
    assert ("Users", "full", "2026-11-02T03:00:00Z") not in hub.served
    assert not hub.storage_saw_bearer
    for marker in ("500", "429", "cut short", "401"):
        assert marker in first.stderr, marker
    # landed as `lwh land` lands, with kind and time from the API
    state = landed_state(raw)
    assert {(r["table"], r["kind"], r["extracted_at"]) for r in state.values()} == {
        (next(t.name for t in TABLES.values() if t.data_set == name), kind, at) for name, kind, at in want}
    # the rotated refresh token is saved, private
    assert tokens.read_text().strip() == hub.refresh_token != hub.issued[0]
    assert stat.S_IMODE(tokens.stat().st_mode) == 0o600
    assert hub.token_requests >= 3                      # one at the start, and one per expired access token

    served = len(hub.served)
    second = run_pull(hub, raw, tokens, "--data-sets", *DATA_SETS)
    assert second.returncode == 0, second.stderr
    assert len(hub.served) == served                    # nothing downloaded again
    assert landed_state(raw) == state
    assert second.stdout.count("up to date") == len(DATA_SETS)
    assert tokens.read_text().strip() == hub.refresh_token
    assert_no_secrets(hub, second)


def test_cut_off_download_without_sizes_is_retried(hub, tmp_path):
    raw, tokens = tmp_path / "raw", token_file(hub, tmp_path)
    hub.hide_sizes = True
    hub.drop_once = {"Users Full 20261109T030000Z", "User Logins Full 20261109T030000Z"}
    proc = run_pull(hub, raw, tokens, "--data-sets", "Users", "User Logins")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("central directory") == 2
    assert sorted(hub.served) == sorted(expected(hub, ["Users", "User Logins"]))


def test_landed_full_is_not_downloaded_again(hub, bds, tmp_path):
    raw, tokens = tmp_path / "raw", token_file(hub, tmp_path)
    by_hand = [bds / "Users_20261109T030000Z.zip", bds / "Users_Differential_20261110T030000Z.zip"]
    landed = subprocess.run([LWH, "land", *map(str, by_hand), "--raw-dir", str(raw)], check=False,
                            capture_output=True, text=True)
    assert landed.returncode == 0, landed.stderr
    proc = run_pull(hub, raw, tokens, "--data-sets", "Users", "Course Access")
    assert proc.returncode == 0, proc.stderr
    got = set(hub.served)
    assert {k for k in got if k[0] == "Users"} == {
        ("Users", "differential", f"2026-11-{d}T03:00:00Z") for d in range(11, 17)}
    assert got == expected(hub, ["Course Access"]) | {k for k in got if k[0] == "Users"}


def test_dry_run_downloads_nothing(hub, tmp_path):
    raw, tokens = tmp_path / "raw", token_file(hub, tmp_path)
    proc = run_pull(hub, raw, tokens, "--dry-run", "--data-sets", *DATA_SETS)
    assert proc.returncode == 0, proc.stderr
    assert hub.served == []
    assert not any("/extracts/" in r for r in hub.requests)          # no download link was fetched
    assert proc.stdout.count("would get") == len(expected(hub))
    assert not (raw / "_landing_log.jsonl").exists()
    assert tokens.read_text().strip() == hub.refresh_token          # the token still rotates, and is kept
    assert_no_secrets(hub, proc)


def test_unknown_and_missing_data_sets_are_reported(hub, tmp_path):
    raw, tokens = tmp_path / "raw", token_file(hub, tmp_path)
    widgets = io.BytesIO()
    with zipfile.ZipFile(widgets, "w") as zf:
        zf.writestr("WidgetNames.csv", "\ufeffWidgetId,Name\n1,First widget\n")
    hub.add("Widget Names", "Full", dt.datetime(2026, 11, 9, 3), widgets.getvalue())
    proc = run_pull(hub, raw, tokens, "--data-sets", "Widget Names", "Discussion Posts", "Users")
    assert proc.returncode == 1
    assert "offers no data set named 'Discussion Posts'" in proc.stderr
    assert "refused:" in proc.stderr and "Widget" in proc.stderr
    assert {r["table"] for r in landed_state(raw).values()} == {"users"}       # the others still land


def test_default_data_sets(hub, tmp_path):
    """Without --data-sets: every data set of the spec, the optional naming ones too; an optional
    one the organisation does not offer is skipped with a note."""
    raw, tokens = tmp_path / "raw", token_file(hub, tmp_path)
    proc = run_pull(hub, raw, tokens, "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("would get") == len(expected(hub))
    optional = {t.data_set for t in TABLES.values() if t.optional}
    assert optional == {"Organizational Units", "Role Details", "Content Objects", "Content User Progress",
                        "Content User Completion", "Grade Objects", "Grade Results", "Quiz Objects", "Quiz Attempts",
                        "Assignment Summary", "Assignment Submissions", "Organizational Unit Ancestors"}
    hub.extracts = [e for e in hub.extracts if e.data_set not in optional]
    hub.data_sets = {name: ids for name, ids in hub.data_sets.items() if name not in optional}
    proc = run_pull(hub, raw, tokens, "--dry-run")
    assert proc.returncode == 0, proc.stderr
    for name in sorted(optional):
        assert f"offers no data set named '{name}'; skipped" in proc.stderr
    assert proc.stdout.count("would get") == len(expected(hub, [d for d in DATA_SETS if d not in optional]))


def test_refused_refresh_token_is_explained(hub, tmp_path):
    raw, tokens = tmp_path / "raw", token_file(hub, tmp_path)
    tokens.write_text("rt-stale-one\n")
    proc = run_pull(hub, raw, tokens, "--data-sets", "Users")
    assert proc.returncode == 1
    assert "invalid_grant" in proc.stderr and str(tokens) in proc.stderr
    assert "rt-stale-one" not in proc.stdout + proc.stderr
    assert hub.served == []


def _x(kind: str, day: int) -> Extract:
    return Extract("Users", kind, dt.datetime(2026, 11, day, 3), f"http://h/{kind}/{day}", None)


@pytest.mark.parametrize(("landed", "want"), [
    (set(), [("full", 9), ("differential", 10), ("differential", 11)]),
    ({("full", 9)}, [("differential", 10), ("differential", 11)]),
    ({("full", 9), ("differential", 10)}, [("differential", 11)]),
    ({("full", 10)}, [("differential", 11)]),                 # a newer full landed: the listed one is older
    ({("full", 2)}, [("full", 9), ("differential", 10), ("differential", 11)]),
])
def test_choose(landed, want):
    offered = [_x("full", 2), _x("differential", 3), _x("full", 9), _x("differential", 10), _x("differential", 11)]
    got = choose(offered, {(k, dt.datetime(2026, 11, d, 3)) for k, d in landed})
    assert [(e.kind, e.created.day) for e in got] == want


def _files_holding(folders: list[Path], secrets: list[str], allowed: set[Path]) -> list[str]:
    found = []
    for folder in folders:
        for f in folder.rglob("*"):
            if f.is_file() and f not in allowed:
                data = f.read_bytes()
                found += [f"{f}: {s[:4]}..." for s in secrets if s.encode() in data]
    return found


@pytest.mark.dbt
def test_no_secret_in_any_artefact_of_a_pull_and_a_build(hub, tmp_path, exports):
    """The client secret, every token the fake Data Hub issued and the download signature are in
    no file a pull and the build after it leave (landing area and its log, the warehouse file,
    dbt's target and logs) but the refresh-token file, which is 0600; nor in the output."""
    from dbt_helpers import lwh_build

    raw, tokens = tmp_path / "raw", token_file(hub, tmp_path)
    pulled = run_pull(hub, raw, tokens, "--data-sets", *DATA_SETS)
    assert pulled.returncode == 0, pulled.stderr
    from lwh.landing.land import land
    assert land([str(exports / "learnamp")], raw)[1] == []      # the other platform, for a whole build
    wh = tmp_path / "wh" / "learning.duckdb"
    wh.parent.mkdir()
    env_secrets = dict(LWH_D2L_CLIENT_ID=hub.client_id, LWH_D2L_CLIENT_SECRET=hub.client_secret)
    os.environ.update(env_secrets)        # as in `lwh sync`: the build runs with the pull's environment
    try:
        built = lwh_build(raw, wh)
    finally:
        for name in env_secrets:
            os.environ.pop(name, None)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-2000:]
    secrets = [*hub.issued, hub.client_secret, hub.signature]
    assert stat.S_IMODE(tokens.stat().st_mode) == 0o600
    assert _files_holding([tmp_path], secrets, allowed={tokens}) == []
    assert not [s for s in secrets if s in pulled.stdout + pulled.stderr + built.stdout + built.stderr]
