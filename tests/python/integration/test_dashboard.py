"""`lwh dashboard`: Superset imports the committed bundle, reads a warehouse read-only, and every
dashboard renders in headless Chromium with figures equal to the marts'.

Needs Superset's own venv (.venv-superset, or $LWH_SUPERSET_VENV: created and installed on
first use, about a minute and 900 MB) and Debian's chromium + chromium-driver (installed with
apt-get when missing and possible). Screenshots go to build/test-artefacts/dashboard/.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess

import pytest

from lwh import dashboard as d

from dbt_helpers import PROJECT, query

pytestmark = [pytest.mark.dbt, pytest.mark.browser]

ARTEFACTS = PROJECT / "build" / "test-artefacts" / "dashboard"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_chromium() -> None:
    """chromium and chromedriver on PATH, installed with apt-get if missing and possible; else skip."""
    if shutil.which("chromium") and shutil.which("chromedriver"):
        return
    if shutil.which("apt-get") and os.geteuid() == 0:
        proc = subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", "chromium", "chromium-driver"],
                              capture_output=True, text=True, env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
        if proc.returncode != 0:
            subprocess.run(["apt-get", "update"], capture_output=True)
            subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", "chromium", "chromium-driver"],
                           capture_output=True, env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        pytest.skip("headless Chromium is not available: apt-get install chromium chromium-driver")


@pytest.fixture(scope="module")
def warehouse(built_warehouse):
    _, _, wh = built_warehouse("dashboard", "--fresh")
    return wh


@pytest.fixture(scope="module")
def superset(tmp_path_factory):
    s = d.Superset.default(home=tmp_path_factory.mktemp("superset-home"), quiet=True)
    try:
        s.install()
    except (subprocess.CalledProcessError, OSError) as e:
        pytest.skip(f"could not create Superset's virtual environment {s.venv} (pip failed: {e})")
    return s


@pytest.fixture(scope="module")
def shown(warehouse, superset, tmp_path_factory):
    """Superset serving the warehouse; every dashboard opened in headless Chromium."""
    ensure_chromium()
    d.prepare(warehouse, superset)
    port = _free_port()
    log = superset.home / "superset.log"
    proc = superset.start(port, log)
    url = f"http://127.0.0.1:{port}"
    try:
        d.wait_until_up(url, proc)
        shutil.rmtree(ARTEFACTS, ignore_errors=True)
        run = subprocess.run([str(superset.python), str(d.superset_dir() / "screenshots.py"), "--url", url,
                              "--user", superset.user, "--password", superset.password, "--out", str(ARTEFACTS)],
                             capture_output=True, text=True, timeout=900)
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-5000:]
        results = json.loads((ARTEFACTS / "results.json").read_text())
    finally:
        d.stop(proc)
    assert proc.poll() is not None, "the Superset server is still running"
    return {"results": results, "log": log}


def _dashboards(shown) -> dict:
    return {x["slug"]: x for x in shown["results"]["dashboards"]}


def _number(text: str | None) -> float:
    assert text, "the big number shows no figure"
    return float(text.replace(",", "").rstrip("%"))


def test_the_bundle_points_at_no_machine():
    """The committed bundle names the warehouse by a placeholder, filled in on import."""
    texts = [f.read_text() for f in d.bundle_dir().rglob("*.yaml")]
    assert any(d.URI_PLACEHOLDER in t for t in texts)
    assert not any("/tmp/" in t or "/home/" in t for t in texts)


def test_every_dashboard_renders_after_login(shown):
    res = shown["results"]
    assert res["logged_in"]
    dashes = _dashboards(shown)
    assert set(dashes) == {"platform-activity", "compliance-by-team", "learning-object-engagement",
                           "person-learning-history"}
    for slug, dash in dashes.items():
        assert dash["rendered"], f"{slug} did not finish rendering: {dash.get('charts')}"
        assert (ARTEFACTS / f"{slug}.png").stat().st_size > 20_000, f"{slug}: screenshot looks empty"
        for name, chart in dash["charts"].items():
            assert "error" not in chart["text"].lower().split("\n")[1:2], f"{slug}/{name}: {chart['text'][:300]}"
    assert "Traceback" not in shown["log"].read_text()


def test_platform_activity_figures_equal_the_marts(shown, warehouse):
    charts = _dashboards(shown)["platform-activity"]["charts"]
    logins, failed = query(warehouse, "select sum(logins), sum(failed_logins) filter (where source_system = "
                                      "'brightspace') from marts.rpt_daily_platform_activity")[0]
    assert _number(charts["Logins, both platforms"]["number"]) == logins
    assert _number(charts["Failed Brightspace logins"]["number"]) == failed
    # the same failed logins from the login fact
    assert failed == query(warehouse, "select count(*) from marts.fct_login where source_system = 'brightspace' "
                                      "and not is_successful")[0][0]


def test_compliance_figures_equal_the_marts(shown, warehouse):
    dash = _dashboards(shown)["compliance-by-team"]["charts"]
    overdue, due = query(warehouse, "select sum(overdue), sum(mandatory_tasks_due) from marts.rpt_compliance_by_team")[0]
    assert _number(dash["Overdue mandatory tasks"]["number"]) == overdue
    assert _number(dash["Mandatory tasks due"]["number"]) == due
    # the table shows the team hierarchy
    top_path = query(warehouse, "select min(team_path) from marts.rpt_compliance_by_team")[0][0]
    assert top_path in dash["Compliance by team (team hierarchy)"]["text"]


def test_engagement_figures_equal_the_marts(shown, warehouse):
    dash = _dashboards(shown)["learning-object-engagement"]["charts"]
    completions, objects = query(warehouse, "select sum(completions), count(*) filter (where learners > 0) "
                                            "from marts.rpt_learning_object_engagement")[0]
    assert _number(dash["Completions"]["number"]) == completions
    assert _number(dash["Learning objects with learners"]["number"]) == objects


def test_one_persons_history_equals_the_marts(shown, warehouse):
    dash = _dashboards(shown)["person-learning-history"]
    person = dash.get("filter_value")
    assert person, "the Person filter shows no one"
    events = query(warehouse, """
        select (select count(*) from marts.fct_learning_activity a join marts.dim_person p using (person_key)
                where p.full_name = $name)
             + (select count(*) from marts.fct_course_access c join marts.dim_person p using (person_key)
                where p.full_name = $name)""".replace("$name", "'" + person.replace("'", "''") + "'"))[0][0]
    assert _number(dash["charts"]["Learning events"]["number"]) == events
    assert person in dash["charts"]["Summary"]["text"]
