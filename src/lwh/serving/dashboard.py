"""`lwh dashboard`: Apache Superset over the published warehouse, read-only, with the dashboards
kept as code in `dashboard/superset/bundle/` (a Superset export bundle, imported on every start).

Superset lives in its own virtual environment (`.venv-superset`, packages pinned in
`dashboard/superset/requirements.txt`) and keeps its metadata (users, saved charts, the
imported dashboards) in SQLite under `.superset/`. The warehouse is opened through duckdb-engine
read-only with the reader settings (`lwh.serving.reader`: no file, database or extension beyond the
warehouse, configuration locked), so a running dashboard never blocks `lwh build`'s publish step
and SQL Lab cannot reach the server's files.

Safe to share by default: no fixed password (the admin's is generated on the first start, kept
0600 in the home and printed once, or taken from LWH_SUPERSET_PASSWORD); login rate limiting
and Superset's security headers (Talisman) on; the roles of `dashboard/superset/security.yaml`
(Analyst: dashboards and charts, no SQL Lab, no database; team managers: their teams' people
only, by row-level security), applied by `dashboard/superset/security_setup.py` on every start;
the server listens on 127.0.0.1 unless --host asks for another address.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
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

from lwh.secret_file import save_secret
from lwh.serving import reader
from lwh.spec import project_dir

DATABASE_NAME = "learning_warehouse"
URI_PLACEHOLDER = "duckdb:///LWH_WAREHOUSE_PATH?access_mode=read_only"
DEFAULT_PORT = 8088
DEFAULT_HOST = "127.0.0.1"
DEFAULT_USER = "admin"
PASSWORD_FILE = "admin_password"
MIN_PASSWORD_LENGTH = 12
ROLES = ("analyst", "team-manager", "admin")
# repeated wrong passwords from one address: refused with HTTP 429 beyond this (Flask-Limiter)
LOGIN_RATE_LIMIT = "5 per minute"


def superset_dir() -> Path:
    return project_dir() / "dashboard" / "superset"


def bundle_dir() -> Path:
    return superset_dir() / "bundle"


def requirements_file() -> Path:
    return superset_dir() / "requirements.txt"


def security_file() -> Path:
    return superset_dir() / "security.yaml"


def warehouse_uri(warehouse: Path) -> str:
    return reader.sqlalchemy_url(Path(warehouse).resolve())


def check_password(password: str, user: str, source: str) -> None:
    """Refuse a password anyone could guess."""
    if len(password) < MIN_PASSWORD_LENGTH or password.lower() in {user.lower(), "admin", "password"}:
        raise ValueError(f"{source}: a Superset password must have at least {MIN_PASSWORD_LENGTH} "
                         f"characters and must not be the user name")


@dataclass
class Superset:
    """One Superset installation (venv) and metadata home."""

    venv: Path
    home: Path
    user: str = DEFAULT_USER
    password: str | None = None     # None: the home's admin_password file, made on first start
    quiet: bool = False
    login_rate_limit: str = LOGIN_RATE_LIMIT

    @classmethod
    def default(cls, venv: str | os.PathLike | None = None, home: str | os.PathLike | None = None,
                **kw) -> Superset:
        venv = Path(venv or os.environ.get("LWH_SUPERSET_VENV") or project_dir() / ".venv-superset")
        home = Path(home or os.environ.get("LWH_SUPERSET_HOME") or project_dir() / ".superset")
        kw.setdefault("user", os.environ.get("LWH_SUPERSET_USER", DEFAULT_USER))
        kw.setdefault("password", os.environ.get("LWH_SUPERSET_PASSWORD") or None)
        kw.setdefault("login_rate_limit", os.environ.get("LWH_SUPERSET_LOGIN_RATE_LIMIT", LOGIN_RATE_LIMIT))
        return cls(venv.resolve(), home.resolve(), **kw)

    # -- the admin's password ----------------------------------------------------------------
    @property
    def password_file(self) -> Path:
        return self.home / PASSWORD_FILE

    def resolve_password(self) -> bool:
        """Set `password`: LWH_SUPERSET_PASSWORD (or the one given), else the home's file, else a
        new random one written there 0600. True when it was generated now (to be shown once)."""
        if self.password:
            check_password(self.password, self.user, "LWH_SUPERSET_PASSWORD")
            return False
        if self.password_file.exists():
            self.password_file.chmod(0o600)
            self.password = self.password_file.read_text(encoding="utf-8").strip()
            check_password(self.password, self.user, str(self.password_file))
            return False
        self.password = secrets.token_urlsafe(18)
        save_secret(self.password_file, self.password)
        return True

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
        self.home.chmod(0o700)
        key_file = self.home / "secret_key"
        if not key_file.exists():
            save_secret(key_file, secrets.token_urlsafe(42))
        key_file.chmod(0o600)
        save_secret(self.config_path, f'''# written by lwh dashboard (src/lwh/serving/dashboard.py) on every start: edits are lost
from pathlib import Path
SECRET_KEY = Path({str(key_file)!r}).read_text().strip()
SQLALCHEMY_DATABASE_URI = "sqlite:///{self.home / 'superset.db'}"
# login rate limiting (Flask-Limiter, per client address; in memory: one server process)
RATELIMIT_ENABLED = True
RATELIMIT_STORAGE_URI = "memory://"
RATELIMIT_APPLICATION = "100 per second"
AUTH_RATE_LIMITED = True
AUTH_RATE_LIMIT = {self.login_rate_limit!r}
from flask_appbuilder.security.api import SecurityApi
from superset.security import SupersetSecurityManager


class LoginRateLimitedSecurityManager(SupersetSecurityManager):
    """AUTH_RATE_LIMIT on both ways to log in: the login form (Superset 6.1 registers its views
    without Flask-AppBuilder's limit) and the JSON login API (never limited by it). Failed
    attempts count (401, or the form sending the browser back to /login/); past the limit every
    attempt from that address is refused with 429 until the window ends."""

    def register_views(self):
        super().register_views()
        if self.is_auth_limited:
            for view in self.appbuilder.baseviews:
                if isinstance(view, (SecurityApi, type(self.auth_view))):
                    self.limiter.limit(self.auth_rate_limit, methods=["POST"], deduct_when=_failed_login)(
                        view.blueprint)


def _failed_login(response):
    return response.status_code == 401 or (
        response.status_code == 302 and "/login" in (response.headers.get("Location") or ""))


CUSTOM_SECURITY_MANAGER = LoginRateLimitedSecurityManager
# security headers (Content-Security-Policy, X-Frame-Options, ...): Superset's defaults; plain
# HTTP on the local address, so the session cookie is not marked Secure (docs/security.md)
TALISMAN_ENABLED = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
WTF_CSRF_ENABLED = True
# nobody signs themselves up, nobody reads without logging in
AUTH_USER_REGISTRATION = False
PUBLIC_ROLE_LIKE = None
PREVENT_UNSAFE_DB_CONNECTIONS = True
SUPERSET_WEBSERVER_TIMEOUT = 120
ROW_LIMIT = 50000
FEATURE_FLAGS = {{"DASHBOARD_NATIVE_FILTERS": True}}
''')

    def run_cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run([str(self.superset), *args], env=self.env(), cwd=self.home,
                              capture_output=True, text=True)
        if check and proc.returncode != 0:
            raise RuntimeError(f"superset {' '.join(args)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
        return proc

    def init_metadata(self) -> None:
        """Migrate the metadata database and create Superset's own roles (idempotent; the slow
        part runs once per Superset version). Users and our roles: `sync_security`."""
        self._write_config()
        version = self.run_cli("version").stdout.strip().splitlines()[-1:] or ["?"]
        stamp = self.home / ".lwh-initialised"
        if stamp.exists() and stamp.read_text().strip() == version[0].strip():
            return
        self._say(f"initialising the metadata database in {self.home}")
        self.run_cli("db", "upgrade")
        self.run_cli("init")
        stamp.write_text(version[0].strip() + "\n")

    def security_request(self, request: dict) -> dict:
        """Run dashboard/superset/security_setup.py in Superset's environment; the request (with
        passwords) goes on its standard input, never on a command line."""
        request = dict(request, security=str(security_file()))
        proc = subprocess.run([str(self.python), str(superset_dir() / "security_setup.py")], env=self.env(),
                              cwd=self.home, input=json.dumps(request), capture_output=True, text=True)
        if proc.returncode != 0:
            tail = "\n".join(proc.stderr.strip().splitlines()[-5:])
            raise RuntimeError(f"setting up users and roles failed: {tail}")
        return json.loads(proc.stdout.strip().splitlines()[-1])

    def sync_admin(self) -> bool:
        """The admin user with the resolved password (an older home's admin/admin is reset).
        True when the password was generated now."""
        generated = self.resolve_password()
        self.security_request({"action": "admin", "admin": {"username": self.user, "password": self.password}})
        return generated

    def sync_roles(self) -> None:
        """The roles of security.yaml and the team managers' row-level security, after the
        bundle's datasets are imported."""
        self.security_request({"action": "roles"})

    def add_user(self, username: str, role: str, password: str, teams: list[str] | None = None,
                 email: str | None = None) -> dict:
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}: choose one of {', '.join(ROLES)}")
        check_password(password, username, "the new user's password")
        return self.security_request({"action": "add_user", "username": username, "role": role,
                                      "password": password, "teams": teams or [], "email": email})

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
    def start(self, port: int, log: Path | None = None, host: str = DEFAULT_HOST) -> subprocess.Popen:
        # the log stays open for the server's lifetime: Popen holds it, no `with` can; the
        # owner's only, as everything in the home
        out = os.fdopen(os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") if log \
            else subprocess.DEVNULL
        return subprocess.Popen([str(self.superset), "run", "-h", host, "-p", str(port), "--with-threads"],
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


def prepare(warehouse: Path, superset: Superset) -> bool:
    """Everything before the server starts: venv, metadata, the bundle imported, users and
    roles. True when the admin's password was generated now (and is to be shown once)."""
    if not warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse}: build it first (make demo, or lwh build)")
    superset.install()
    superset.init_metadata()
    generated = superset.sync_admin()
    superset._say(f"importing the dashboards from {bundle_dir()}")
    superset.import_bundle(warehouse)
    superset.sync_roles()
    for f in superset.home.iterdir():     # metadata (password hashes, the warehouse URI), logs
        if f.is_file():
            f.chmod(0o600)
    return generated


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _login_line(superset: Superset, generated: bool) -> str:
    if generated:
        return (f"log in as {superset.user} with the password {superset.password}\n"
                f"  (generated now and shown this once; kept, readable by you only, in {superset.password_file})")
    if os.environ.get("LWH_SUPERSET_PASSWORD"):
        return f"log in as {superset.user} with the password in LWH_SUPERSET_PASSWORD"
    return f"log in as {superset.user}; the password is in {superset.password_file}"


def main(warehouse: Path, port: int = DEFAULT_PORT, venv: str | None = None, home: str | None = None,
         install_only: bool = False, host: str = DEFAULT_HOST) -> int:
    superset = Superset.default(venv, home)
    try:
        generated = prepare(warehouse, superset)
    except subprocess.CalledProcessError as e:
        print(f"lwh dashboard: installing Superset failed ({e}); see pip's output above", file=sys.stderr)
        return 1
    except (RuntimeError, ValueError) as e:
        print(f"lwh dashboard: {e}", file=sys.stderr)
        return 1
    if install_only:
        print(f"Superset is ready in {superset.venv} (metadata {superset.home}); start it with `lwh dashboard`;\n"
              f"  {_login_line(superset, generated)}")
        return 0
    if not _is_loopback(host):
        print(f"lwh dashboard: WARNING: listening on {host}, not only on this machine (127.0.0.1): anyone "
              f"who reaches this address can try to log in. Use HTTPS in front of it (docs/security.md).",
              file=sys.stderr, flush=True)
    log = superset.home / "superset.log"
    proc = superset.start(port, log, host)
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"

    def _terminate(signum, frame):  # `kill` stops Superset too, as Ctrl-C does
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, _terminate)
    try:
        wait_until_up(url, proc)
        print(f"Superset is running at {url}/dashboard/list/ ({_login_line(superset, generated)})\n"
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


def add_user_main(username: str, role: str, teams: list[str] | None = None, email: str | None = None,
                  venv: str | None = None, home: str | None = None, password_stdin: bool = False) -> int:
    """`lwh dashboard-user`: add a user (or reset one) with a role; the password is read from
    standard input (--password-stdin) or generated and printed once."""
    superset = Superset.default(venv, home)
    if not (superset.home / ".lwh-initialised").exists():
        print(f"lwh dashboard-user: no dashboard metadata in {superset.home}: run `make dashboard` "
              f"(or `lwh dashboard --install-only`) first", file=sys.stderr)
        return 1
    password = sys.stdin.readline().rstrip("\n") if password_stdin else secrets.token_urlsafe(15)
    try:
        superset._write_config()
        got = superset.add_user(username, role, password, teams, email)
    except (RuntimeError, ValueError) as e:
        print(f"lwh dashboard-user: {e}", file=sys.stderr)
        return 1
    print(f"{username}: {got['user']}, role {', '.join(got['roles'])}")
    if not password_stdin:
        print(f"  password (shown this once, not stored): {password}")
    return 0
