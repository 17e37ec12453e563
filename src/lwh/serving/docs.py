"""`lwh docs`: the dbt docs site (overview, models, lineage graph) generated and served on 127.0.0.1.

`dbt docs generate` reads the warehouse for column types and row counts (the catalog). It opens
a copy of the published file, so readers holding the warehouse open are never disturbed and the
published file is never written.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from lwh.spec import project_dir
from lwh.warehouse.build import dbt_executable


def generate(warehouse: Path, target: Path, raw_dir: Path | None = None) -> subprocess.CompletedProcess:
    """`dbt docs generate` into `target` against a copy of `warehouse`. With the landing area
    `raw_dir` (the base models read its file list) the site shows every model's compiled SQL;
    without one (`None`, or no files landed) it is generated with `--no-compile`."""
    if not warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse}: build it first (make demo, or lwh build)")
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lwh-docs-") as tmp:
        copy = Path(tmp) / "learning.duckdb"
        shutil.copyfile(warehouse, copy)
        env = dict(os.environ, DBT_PROFILES_DIR=os.environ.get("DBT_PROFILES_DIR", str(project_dir())),
                   LWH_WAREHOUSE_PATH=str(copy), LWH_TEMP_DIR=str(Path(tmp) / "tmp"),
                   DBT_SEND_ANONYMOUS_USAGE_STATS="false")
        compile_ = raw_dir is not None and raw_dir.is_dir() and any(raw_dir.glob("*/*/*.csv"))
        if compile_:
            env["LWH_RAW_DIR"] = str(raw_dir.resolve())
        return subprocess.run([dbt_executable(), "docs", "generate", "--target-path", str(target),
                               "--log-path", str(Path(tmp) / "logs"), "--quiet",
                               *([] if compile_ else ["--no-compile"])],
                              cwd=project_dir(), env=env, capture_output=True, text=True)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass


def server(target: Path, port: int) -> http.server.ThreadingHTTPServer:
    """An HTTP server for the site in `target` on 127.0.0.1 (port 0: any free port)."""
    handler = functools.partial(_QuietHandler, directory=str(target))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)


def serve_in_background(target: Path, port: int = 0) -> tuple[http.server.ThreadingHTTPServer, str]:
    httpd = server(target, port)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def main(warehouse: Path, port: int = 8080, serve: bool = True, target: Path | None = None,
         raw_dir: Path | None = None) -> int:
    target = target or project_dir() / "target"
    proc = generate(warehouse, target, raw_dir)
    if proc.returncode != 0:
        print(proc.stdout[-4000:], proc.stderr[-2000:], sep="\n", file=sys.stderr)
        print("lwh docs: dbt docs generate failed", file=sys.stderr)
        return 1
    print(f"lwh docs: generated the site in {target} (index.html, manifest.json, catalog.json)")
    if not serve:
        return 0
    httpd = server(target, port)
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    print(f"Docs are served at {url}/#!/overview (lineage: the graph button, bottom right); Ctrl-C stops.",
          flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        print("\nlwh docs: stopped", file=sys.stderr)
    finally:
        httpd.server_close()
    return 0
