"""`lwh sync` twice at once: the second exits at once naming the lock and its holder; the first
pulls Brightspace from a fake Data Hub, builds and publishes; a later run with nothing new is a
quick success."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fake_datahub import FakeDataHub

from lwh import spec
from lwh.generate import Generator
from lwh.warehouse.sync import LOCKED, lock_path

LWH = str(Path(sys.executable).parent / "lwh")
NAMES = {t.csv_name.removesuffix(".csv"): t.data_set for t in spec.tables("brightspace").values()}


@pytest.mark.dbt
def test_two_syncs_at_once(tmp_path):
    exports = tmp_path / "exports"
    Generator(exports, scale=0.02, seed=7, progress=False).run()
    raw, warehouse = tmp_path / "raw", tmp_path / "wh" / "learning.duckdb"
    landed = subprocess.run([LWH, "land", str(exports / "learnamp"), "--raw-dir", str(raw)],
                            check=False, capture_output=True, text=True)
    assert landed.returncode == 0, landed.stderr
    hub = FakeDataHub()
    hub.add_generated(exports / "brightspace", NAMES)
    hub.start()
    try:
        tokens = tmp_path / "d2l-refresh-token"
        tokens.write_text(hub.refresh_token)
        env = dict(os.environ, LWH_D2L_BASE_URL=hub.url, LWH_D2L_CLIENT_ID=hub.client_id,
                   LWH_D2L_CLIENT_SECRET=hub.client_secret, LWH_D2L_REFRESH_TOKEN_FILE=str(tokens),
                   LWH_RAW_DIR=str(raw), LWH_TEMP_DIR=str(tmp_path / "tmp"), DBT_SEND_ANONYMOUS_USAGE_STATS="false")
        env.pop("LWH_LEARNAMP_DSN", None)
        args = [LWH, "sync", "--warehouse", str(warehouse), "--auth-url", hub.url, "--data-sets", *NAMES.values(),
                "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")]
        first = subprocess.Popen(args, env=env, cwd=spec.project_dir(), stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
        lock = lock_path(warehouse)
        deadline = time.monotonic() + 60
        while not (lock.exists() and lock.read_text().strip() == str(first.pid)):
            assert first.poll() is None and time.monotonic() < deadline, "the first sync never took the lock"
            time.sleep(0.05)
        started = time.monotonic()
        second = subprocess.run(args, env=env, cwd=spec.project_dir(), check=False, capture_output=True, text=True)
        assert second.returncode == LOCKED
        assert time.monotonic() - started < 15
        assert str(lock) in second.stderr and f"pid {first.pid}" in second.stderr
        out, err = first.communicate(timeout=900)
        assert first.returncode == 0, err[-4000:]
        assert warehouse.exists()
        assert "build --changed: ok" in err and "pull brightspace: ok" in err and "pull learnamp: skipped" in err
        assert hub.client_secret not in out + err

        again = subprocess.run(args, env=env, cwd=spec.project_dir(), check=False, capture_output=True, text=True)
        assert again.returncode == 0, again.stderr[-4000:]
        assert "it is unchanged" in again.stdout
    finally:
        hub.stop()
