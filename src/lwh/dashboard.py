"""`lwh dashboard`: Apache Superset over the published warehouse, read-only, with the dashboards
kept as code in `dashboard/superset/bundle/` (a Superset export bundle, imported on every start).

Superset lives in its own virtual environment (`.venv-superset`, packages pinned in
`dashboard/superset/requirements.txt`) and keeps its metadata (users, saved charts, the
imported dashboards) in SQLite under `.superset/`. The warehouse is opened through duckdb-engine
with `access_mode=read_only`, so a running dashboard never blocks `lwh build`'s publish step.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .spec import project_dir

DATABASE_NAME = "learning_warehouse"
URI_PLACEHOLDER = "duckdb:///LWH_WAREHOUSE_PATH?access_mode=read_only"
DEFAULT_PORT = 8088
DEFAULT_USER = "admin"
DEFAULT_PASSWORD = "admin"


def superset_dir() -> Path:
    return project_dir() / "dashboard" / "superset"


def bundle_dir() -> Path:
    return superset_dir() / "bundle"


def requirements_file() -> Path:
    return superset_dir() / "requirements.txt"


def warehouse_uri(warehouse: Path) -> str:
    return f"duckdb:///{Path(warehouse).resolve()}?access_mode=read_only"


@dataclass
class Superset:
    """One Superset installation (venv) and metadata home."""

    venv: Path
    home: Path
    user: str = DEFAULT_USER
    password: str = DEFAULT_PASSWORD
    quiet: bool = False

    @classmethod
    def default(cls, venv: str | os.PathLike | None = None, home: str | os.PathLike | None = None,
                **kw) -> Superset:
        venv = Path(venv or os.environ.get("LWH_SUPERSET_VENV") or project_dir() / ".venv-superset")
        home = Path(home or os.environ.get("LWH_SUPERSET_HOME") or project_dir() / ".superset")
        kw.setdefault("user", os.environ.get("LWH_SUPERSET_USER", DEFAULT_USER))
        kw.setdefault("password", os.environ.get("LWH_SUPERSET_PASSWORD", DEFAULT_PASSWORD))
        return cls(venv.resolve(), home.resolve(), **kw)

    # -- installation ------------------------------------------------------------------------
    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    @property
    def superset(self) -> Path:
        return self.venv / "bin" / "superset"

    def _say(self, text: str) -> None:
        if not self.quiet:
            print(f"lwh dashboard: {text}", file=sys.stderr, flush=True)

    def install(self, python: str | None = None) -> None:
        """Create the venv and install the pinned packages, unless the requirements are unchanged
        since the last install (a stamp holds their hash). Raises CalledProcessError if pip fails."""
        req = requirements_file()
        digest = hashlib.sha256(req.read_bytes()).hexdigest()
        stamp = self.venv / ".lwh-installed"
        if stamp.exists() and stamp.read_text().strip() == digest and self.superset.exists():
            return
        if not self.python.exists():
            python = python or os.environ.get("LWH_SUPERSET_PYTHON") or _python311()
            self._say(f"creating {self.venv} with {python}")
            subprocess.run([python, "-m", "venv", str(self.venv)], check=True)
        self._say(f"installing Apache Superset into {self.venv} (once; a few minutes, about 900 MB)")
        started = time.monotonic()
        subprocess.run([str(self.python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        "-r", str(req)], check=True)
        stamp.write_text(digest + "\n")
        self._say(f"installed in {time.monotonic() - started:.0f} s")

    # -- metadata ----------------------------------------------------------------------------
    @property
    def config_path(self) -> Path:
        return self.home / "superset_config.py"

    def env(self) -> dict:
        return dict(os.environ, SUPERSET_CONFIG_PATH=str(self.config_path), SUPERSET_HOME=str(self.home),
                    FLASK_APP="superset", PYTHONWARNINGS="ignore", SUPERSET_LOAD_EXAMPLES="no")

    def _write_config(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        key_file = self.home / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(42))
            key_file.chmod(0o600)
        self.config_path.write_text(f'''# written by lwh dashboard (src/lwh/dashboard.py) on every start: edits are lost
from pathlib import Path
SECRET_KEY = Path({str(key_file)!r}).read_text().strip()
SQLALCHEMY_DATABASE_URI = "sqlite:///{self.home / 'superset.db'}"
# a local, single-user server on 127.0.0.1: no login rate limit, no telemetry
RATELIMIT_ENABLED = False
AUTH_RATE_LIMITED = False
SUPERSET_WEBSERVER_TIMEOUT = 120
ROW_LIMIT = 50000
FEATURE_FLAGS = {{"DASHBOARD_NATIVE_FILTERS": True}}
TALISMAN_ENABLED = False
CONTENT_SECURITY_POLICY_WARNING = False
''')

    def run_cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run([str(self.superset), *args], env=self.env(), cwd=self.home,
                              capture_output=True, text=True)
        if check and proc.returncode != 0:
            raise RuntimeError(f"superset {' '.join(args)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
        return proc

    def init_metadata(self) -> None:
        """Migrate the metadata database, create the admin user and the roles (idempotent; the
        slow part runs once per Superset version)."""
        self._write_config()
        version = self.run_cli("version").stdout.strip().splitlines()[-1:] or ["?"]
        stamp = self.home / ".lwh-initialised"
        if stamp.exists() and stamp.read_text().strip() == version[0].strip():
            return
        self._say(f"initialising the metadata database in {self.home}")
        self.run_cli("db", "upgrade")
        self.run_cli("fab", "create-admin", "--username", self.user, "--firstname", "Learning",
                     "--lastname", "Analyst", "--email", f"{self.user}@localhost", "--password", self.password)
        self.run_cli("init")
        stamp.write_text(version[0].strip() + "\n")

    def import_bundle(self, warehouse: Path, bundle: Path | None = None) -> None:
        """Import the dashboards (with their database, datasets and charts), pointing the
        database at `warehouse` read-only; the bundle's dashboards replace earlier imports."""
        bundle = bundle or bundle_dir()
        uri = warehouse_uri(warehouse)
        with tempfile.TemporaryDirectory() as tmp:
            zpath = Path(tmp) / "bundle.zip"
            with zipfile.ZipFile(zpath, "w") as zf:
                for f in sorted(bundle.rglob("*.yaml")):
                    text = f.read_text().replace(URI_PLACEHOLDER, uri)
                    zf.writestr(f"bundle/{f.relative_to(bundle)}", text)
            self.run_cli("import-dashboards", "-p", str(zpath), "-u", self.user)
        # the import keeps an existing database as it is: point it at this warehouse
        self.run_cli("set-database-uri", "-d", DATABASE_NAME, "-u", uri)

    # -- server ------------------------------------------------------------------------------
    def start(self, port: int, log: Path | None = None) -> subprocess.Popen:
        # the log stays open for the server's lifetime: Popen holds it, no `with` can
        out = open(log, "w") if log else subprocess.DEVNULL  # noqa: SIM115
        return subprocess.Popen([str(self.superset), "run", "-h", "127.0.0.1", "-p", str(port), "--with-threads"],
                                env=self.env(), cwd=self.home, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)


def wait_until_up(url: str, proc: subprocess.Popen | None = None, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"Superset exited with code {proc.returncode} before it answered")
        try:
            with urllib.request.urlopen(url + "/health", timeout=5) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"Superset did not answer at {url} within {timeout:.0f} s")


def stop(proc: subprocess.Popen, timeout: float = 15) -> None:
    """Stop the server started by `Superset.start` (its own process group)."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass


def _python311() -> str:
    for name in ("python3.11", "python3"):
        found = shutil.which(name)
        if found:
            return found
    return sys.executable


def prepare(warehouse: Path, superset: Superset) -> None:
    """Everything before the server starts: venv, metadata, the bundle imported."""
    if not warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse}: build it first (make demo, or lwh build)")
    superset.install()
    superset.init_metadata()
    superset._say(f"importing the dashboards from {bundle_dir()}")
    superset.import_bundle(warehouse)


def main(warehouse: Path, port: int = DEFAULT_PORT, venv: str | None = None, home: str | None = None,
         install_only: bool = False) -> int:
    superset = Superset.default(venv, home)
    try:
        prepare(warehouse, superset)
    except subprocess.CalledProcessError as e:
        print(f"lwh dashboard: installing Superset failed ({e}); see pip's output above", file=sys.stderr)
        return 1
    except RuntimeError as e:
        print(f"lwh dashboard: {e}", file=sys.stderr)
        return 1
    if install_only:
        print(f"Superset is ready in {superset.venv} (metadata {superset.home}); start it with `lwh dashboard`")
        return 0
    log = superset.home / "superset.log"
    proc = superset.start(port, log)
    url = f"http://127.0.0.1:{port}"

    def _terminate(signum, frame):  # `kill` stops Superset too, as Ctrl-C does
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, _terminate)
    try:
        wait_until_up(url, proc)
        print(f"Superset is running at {url}/dashboard/list/ (log in as {superset.user} / {superset.password})\n"
              f"  dashboards: {url}/superset/dashboard/platform-activity/ and 3 more; warehouse (read-only): "
              f"{warehouse}\n  log: {log}\n  Ctrl-C stops it.", flush=True)
        return proc.wait()
    except KeyboardInterrupt:
        print("\nlwh dashboard: stopping Superset", file=sys.stderr)
        return 0
    except (RuntimeError, TimeoutError) as e:
        print(f"lwh dashboard: {e}; see {log}", file=sys.stderr)
        return 1
    finally:
        stop(proc)
