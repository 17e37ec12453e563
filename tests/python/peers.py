"""Real protocol peers for the `lwh pull` tests (a pytest plugin, loaded by conftest.py): a PostgreSQL server started in a temporary data
directory on a loopback port (the Learn Amp Data Lake's stand-in), and a fake Brightspace Data Hub
(see fake_datahub.py)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL's bin folder (Debian: /usr/lib/postgresql/<major>/bin)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parent.parent.name))
    if found:
        return Path(found[-1]).parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).parent if pg_ctl else None


class Postgres:
    """A throw-away PostgreSQL server (trust auth, no TLS, 127.0.0.1 only). As root it runs as
    `nobody`, since PostgreSQL refuses to run as root."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="lwh-pg-"))
        self.data = self.dir / "data"
        self.as_user = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.dir, "nobody")

    def _run(self, *args: str) -> None:
        proc = subprocess.run([*self.as_user, *args], check=False, capture_output=True, text=True, cwd=self.dir)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")

    def start(self) -> None:
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "--encoding=UTF8", "--locale=C", "--no-sync")
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.dir / "server.log"), "-w",
                  "-t", "60", "-o", f"-c listen_addresses=127.0.0.1 -p {self.port} "
                                    f"-c unix_socket_directories='{self.dir}' -c fsync=off", "start")

    def stop(self) -> None:
        subprocess.run([*self.as_user, str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w",
                        "stop"], check=False, capture_output=True, cwd=self.dir)
        shutil.rmtree(self.dir, ignore_errors=True)

    def dsn(self, dbname: str = "postgres") -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={dbname}"


@pytest.fixture(scope="session")
def postgres():
    """A running PostgreSQL server for the session (skips when PostgreSQL is not installed;
    `make test` installs the Debian package `postgresql`)."""
    bindir = postgres_bin()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed (Debian: apt-get install postgresql; `make test` does it)")
    server = Postgres(bindir)
    try:
        server.start()
    except Exception:
        server.stop()
        raise
    deadline = time.monotonic() + 30
    import psycopg
    while True:
        try:
            psycopg.connect(server.dsn(), sslmode="disable").close()
            break
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                server.stop()
                raise
            time.sleep(0.2)
    yield server
    server.stop()
