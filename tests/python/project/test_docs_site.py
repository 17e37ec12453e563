"""`lwh docs`: the dbt docs site has the overview (layers, where to start, how to query, how
metrics are defined) and the marts' pages, rendered by the real single-page app in headless
Chromium (`--dump-dom`). Needs Debian's chromium (installed with apt-get when missing and possible)."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess

import pytest

from lwh.serving import docs

pytestmark = [pytest.mark.dbt, pytest.mark.browser]

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--virtual-time-budget=15000"]


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found and shutil.which("apt-get") and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", "chromium"], capture_output=True,
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
        found = shutil.which("chromium")
    if not found:
        pytest.skip("headless Chromium is not available: apt-get install chromium")
    return found


@pytest.fixture(scope="module")
def site(built_warehouse):
    work, raw, warehouse = built_warehouse("docs_site", "--fresh")
    target = work / "site"
    proc = docs.generate(warehouse, target, raw)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    httpd, url = docs.serve_in_background(target)
    try:
        yield {"url": url, "target": target, "profile": work / "chromium-profile"}
    finally:
        httpd.shutdown()
        httpd.server_close()


def page_text(site, fragment: str) -> str:
    """The text the docs app shows at `#!/<fragment>`, after its JavaScript ran."""
    proc = subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={site['profile']}", "--dump-dom",
                           f"{site['url']}/#!/{fragment}"], capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = re.sub(r"<script.*?</script>|<style.*?</style>", " ", proc.stdout, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", dom)))


def test_the_overview_shows_the_way(site):
    text = page_text(site, "overview")
    for shown in ("Where to start", "The layers", "How to query", "How metrics are defined",
                  "rpt_daily_platform_activity", "read_only", "lock_configuration", "mf query", "semantic layer",
                  "docs/analysts.md", "docs/security.md"):
        assert shown in text, f"overview lacks {shown!r}"


def test_a_marts_page_shows_its_columns_and_types(site):
    text = page_text(site, "model/model.learning_warehouse.dim_person")
    assert "One row per person across both platforms" in text
    assert "marts.dim_person" in text
    for column in ("person_key", "learnamp_user_id", "brightspace_user_id", "full_name"):
        assert column in text
    assert "VARCHAR" in text  # column types come from the catalog, i.e. the warehouse was read
