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

from lwh.serving import dashboard as d

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
def server(warehouse, superset):
    """Superset serving the warehouse on 127.0.0.1, prepared as `lwh dashboard` does; an
    analyst (the role most readers get) added by `lwh dashboard-user`."""
    ensure_chromium()
    generated = d.prepare(warehouse, superset)
    assert generated, "a new home must get a generated admin password"
    analyst = ("ana", "an-analyst-password-1")
    assert superset.add_user(analyst[0], "analyst", analyst[1])["roles"] == ["Analyst"]
    port = _free_port()
    log = superset.home / "superset.log"
    proc = superset.start(port, log)
    url = f"http://127.0.0.1:{port}"
    try:
        d.wait_until_up(url, proc)
        yield {"url": url, "superset": superset, "analyst": analyst, "log": log, "proc": proc}
    finally:
        d.stop(proc)
    assert proc.poll() is not None, "the Superset server is still running"


@pytest.fixture(scope="module")
def shown(server):
    """Every dashboard opened in headless Chromium by the analyst (no SQL Lab, no database
    access: what they see is what every reader of the dashboards sees)."""
    shutil.rmtree(ARTEFACTS, ignore_errors=True)
    user, password = server["analyst"]
    run = subprocess.run([str(server["superset"].python), str(d.superset_dir() / "screenshots.py"),
                          "--url", server["url"], "--user", user, "--out", str(ARTEFACTS)],
                         env=dict(os.environ, LWH_SUPERSET_PASSWORD=password),
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-5000:]
    results = json.loads((ARTEFACTS / "results.json").read_text())
    return {"results": results, "log": server["log"]}


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
                           "person-learning-history", "course-offerings"}
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


def test_completions_per_week_show_both_platforms(shown, server, warehouse):
    """The chart draws one line per platform (its series are in a canvas, so asked of Superset
    as the chart asks: completions by source_system), and Brightspace's line is not empty."""
    import yaml

    (chart_file,) = d.bundle_dir().glob("charts/Completions_per_week_by_platform_*.yaml")
    params = yaml.safe_load(chart_file.read_text())["params"]
    assert params["groupby"] == ["source_system"]
    analyst, _ = _api(server, *server["analyst"])
    rows = _chart_data(analyst, server, _datasets(analyst, server)["rpt_daily_platform_activity"],
                       columns=["source_system"], metrics=params["metrics"])
    got = {row["source_system"]: row["Completions"] for row in rows}
    want = dict(query(warehouse, "select source_system, sum(completions) from marts.rpt_daily_platform_activity "
                                 "group by 1"))
    assert got == want and got["brightspace"] > 0 and got["learnamp"] > 0, (got, want)


def test_course_offering_figures_equal_the_marts(shown, warehouse):
    charts = _dashboards(shown)["course-offerings"]["charts"]
    rate, grade, at_risk = query(warehouse, """
        select sum(content_completions) / sum(case when content_topics > 0 then enrolled_learners * content_topics end),
            sum(average_final_grade_percent * learners_with_final_grade)
                / sum(case when average_final_grade_percent is not null then learners_with_final_grade end),
            sum(learners_at_risk)
        from marts.rpt_course_offering_summary""")[0]
    assert at_risk > 0 and rate is not None and grade is not None
    # rates show as percentages (".1%"), not as 0.4642857142857143
    assert charts["Course completion rate"]["number"].endswith("%")
    assert abs(_number(charts["Course completion rate"]["number"]) - 100 * rate) <= 0.05
    assert abs(_number(charts["Average final grade"]["number"]) - 100 * grade) <= 0.05
    assert _number(charts["Learners at risk"]["number"]) == at_risk
    assert query(warehouse, "select count(*) from marts.rpt_at_risk_learners")[0][0] == at_risk
    assert "%" in charts["Course offerings"]["text"]


def test_rates_in_tables_show_as_percentages(shown):
    table = _dashboards(shown)["compliance-by-team"]["charts"]["Compliance by team (team hierarchy)"]["text"]
    assert "%" in table
    assert not any(len(tok.split(".")[-1]) > 6 for tok in table.split() if tok.replace(".", "").isdigit())


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


# --- safe to share: logins, roles, SQL Lab, row-level security (the server above) --------------

ESCAPES = {
    "file read": "select count(*) from read_csv('/etc/passwd', header = false, sep = ':')",
    "text read": "select * from read_text('{home}/secret_key')",
    "glob": "select * from glob('/etc/*')",
    "file write": "copy (select 1 as x) to '{home}/written-by-sql-lab.csv'",
    "attach": "attach '{home}/superset.db' as metadata",
    "extension install": "install httpfs",
    "extension load": "load httpfs",
    "set": "set enable_external_access = true",
}


def _api(server, user: str, password: str):
    """A requests session logged in through the JSON API (access token + CSRF token)."""
    import requests

    s = requests.Session()
    r = s.post(server["url"] + "/api/v1/security/login",
               json={"username": user, "password": password, "provider": "db"})
    if r.status_code != 200:
        return None, r.status_code
    s.headers["Authorization"] = "Bearer " + r.json()["access_token"]
    csrf = s.get(server["url"] + "/api/v1/security/csrf_token/")
    if csrf.status_code == 200:
        s.headers.update({"X-CSRFToken": csrf.json()["result"], "Referer": server["url"]})
    return s, 200


def _datasets(session, server) -> dict:
    """Dataset name -> id, of the datasets the session may see."""
    return {x["table_name"]: x["id"] for x in session.get(server["url"] + "/api/v1/dataset/").json()["result"]}


def _chart_data(session, server, dataset_id: int, columns=(), metrics=(), row_limit=10) -> list[dict]:
    """A chart query on a dataset through Superset's chart-data API, as a chart asks it."""
    r = session.post(server["url"] + "/api/v1/chart/data", json={
        "datasource": {"id": dataset_id, "type": "table"}, "result_format": "json", "result_type": "full",
        "queries": [{"columns": list(columns), "metrics": list(metrics), "row_limit": row_limit}]})
    assert r.status_code == 200, r.text[:300]
    return r.json()["result"][0]["data"]


def _admin(server):
    su = server["superset"]
    s, status = _api(server, su.user, su.password)
    assert status == 200
    return s


def _sql_lab(server, session, sql: str):
    if "database_id" not in server:           # looked up once, by the admin
        dbs = _admin(server).get(server["url"] + "/api/v1/database/").json()["result"]
        (server["database_id"],) = [x["id"] for x in dbs if x["database_name"] == d.DATABASE_NAME]
    return session.post(server["url"] + "/api/v1/sqllab/execute/",
                        json={"database_id": server["database_id"], "sql": sql, "runAsync": False, "schema": "marts"})


def test_no_fixed_password(server):
    su = server["superset"]
    assert su.password_file.stat().st_mode & 0o777 == 0o600
    assert (su.home / "secret_key").stat().st_mode & 0o777 == 0o600
    assert su.home.stat().st_mode & 0o777 == 0o700
    assert [f.name for f in su.home.iterdir() if f.is_file() and f.stat().st_mode & 0o077] == []
    assert len(su.password) >= d.MIN_PASSWORD_LENGTH and su.password != "admin"
    assert _api(server, "admin", "admin")[1] == 401
    assert _api(server, su.user, su.password)[1] == 200
    for weak in ("admin", "short", su.user):
        with pytest.raises(ValueError, match="at least"):
            d.check_password(weak, su.user, "test")


def test_an_older_homes_admin_admin_is_reset(server):
    """A home made before generated passwords (admin/admin) gets the generated one on start."""
    su = server["superset"]
    su.security_request({"action": "admin", "admin": {"username": su.user, "password": "admin"}})
    assert _api(server, "admin", "admin")[1] == 200
    su.sync_admin()
    assert _api(server, "admin", "admin")[1] == 401
    assert _api(server, su.user, su.password)[1] == 200


def test_sql_lab_as_admin_cannot_leave_the_warehouse(server, warehouse):
    admin = _admin(server)
    r = _sql_lab(server, admin, "select count(*) as n from marts.dim_person")
    assert r.status_code == 200, r.text[:500]
    assert r.json()["data"][0]["n"] == query(warehouse, "select count(*) from marts.dim_person")[0][0]
    for name, sql in ESCAPES.items():
        r = _sql_lab(server, admin, sql.format(home=server["superset"].home))
        assert r.status_code != 200, f"{name}: SQL Lab ran {sql}"
        message = r.json()["errors"][0]["message"]
        assert "duckdb error" in message and ("Permission Error" in message or "locked" in message), (name, message)
    assert not (server["superset"].home / "written-by-sql-lab.csv").exists()


def test_analyst_has_no_sql_lab_and_no_database_api(server):
    analyst, status = _api(server, *server["analyst"])
    assert status == 200
    url = server["url"]
    assert analyst.get(url + "/api/v1/database/").status_code == 403
    assert analyst.get(url + "/api/v1/database/1").status_code in (403, 404)
    assert analyst.put(url + "/api/v1/database/1", json={"sqlalchemy_uri": "duckdb:///:memory:"}).status_code in (403, 404)
    assert _sql_lab(server, analyst, "select 1").status_code in (401, 403)
    assert analyst.get(url + "/sqllab/", allow_redirects=False).status_code in (302, 403)
    assert analyst.get(url + "/api/v1/dashboard/").json()["count"] == len(list(d.bundle_dir().glob("dashboards/*.yaml")))
    # what they may do: every dataset of the bundle answers a chart query
    datasets = analyst.get(url + "/api/v1/dataset/").json()["result"]
    assert len(datasets) == len(list(d.bundle_dir().glob("datasets/*/*.yaml")))
    for ds in datasets:
        assert _chart_data(analyst, server, ds["id"], metrics=["count"]) is not None, ds["table_name"]


def _chart_rows(session, server, dataset: str, column: str) -> list:
    """Every row's `column` of a dataset as the session sees it (None: the dataset is not theirs)."""
    datasets = _datasets(session, server)
    if dataset not in datasets:
        return None
    rows = _chart_data(session, server, datasets[dataset], columns=[column], row_limit=1_000_000)
    return [row[column] for row in rows]


def _team_scope(warehouse, team_id: str) -> tuple[set, set]:
    """Computed here from staging (not from marts.bridge_team_scope): the team and every team
    below it by parent links, and their members."""
    teams = dict(query(warehouse, "select cast(id as varchar), cast(parent_team_id as varchar) "
                                  "from staging.stg_learnamp__teams"))
    scope = {team_id}
    grew = True
    while grew:
        below = {t for t, parent in teams.items() if parent in scope} - scope
        grew = bool(below)
        scope |= below
    keys = {k for (k,) in query(warehouse, "select team_key from marts.dim_team where cast(team_id as varchar) in ("
                                           + ", ".join(f"'{t}'" for t in scope) + ")")}
    people = {p for (p,) in query(warehouse, "select distinct bt.person_key from marts.bridge_person_team bt "
                                             "join marts.dim_team t using (team_key) where cast(t.team_id as varchar) in ("
                                             + ", ".join(f"'{t}'" for t in scope) + ")")}
    return keys, people


def test_team_manager_sees_only_their_teams_people(server, warehouse):
    # a team in the middle of the hierarchy: it has teams below it and teams beside it
    # a team with teams below it, as deep as there is one, and members somewhere in its scope
    (team_id,) = query(warehouse, """
        select cast(t.team_id as varchar) from marts.dim_team t
        where t.team_id is not null
            and exists (select 1 from marts.bridge_person_team b where b.team_key = t.team_key)
        order by exists (select 1 from marts.dim_team c where c.parent_team_id = t.team_id) desc,
            t.hierarchy_depth desc, t.team_id
        limit 1""")[0]
    keys, people = _team_scope(warehouse, team_id)
    everyone = {p for (p,) in query(warehouse, "select person_key from marts.rpt_person_learning_summary")}
    assert people and people < everyone
    got = server["superset"].add_user("manager", "team-manager", "a-manager-password-1", teams=[team_id])
    assert got["roles"] == ["Team manager: manager"]
    manager, status = _api(server, "manager", "a-manager-password-1")
    assert status == 200
    seen = _chart_rows(manager, server, "rpt_person_learning_summary", "person_key")
    assert seen and set(seen) == people & everyone
    history = _chart_rows(manager, server, "person_learning_history", "person_key")
    assert set(history) <= people
    assert set(_chart_rows(manager, server, "rpt_at_risk_learners", "person_key")) <= people
    teams_seen = _chart_rows(manager, server, "rpt_compliance_by_team", "team_key")
    assert teams_seen and set(teams_seen) <= keys
    # the company-wide datasets are not theirs at all
    assert _chart_rows(manager, server, "rpt_daily_platform_activity", "source_system") is None
    assert manager.get(server["url"] + "/api/v1/database/").status_code == 403
    # the analyst, without row-level security, sees everyone
    analyst, _ = _api(server, *server["analyst"])
    assert set(_chart_rows(analyst, server, "rpt_person_learning_summary", "person_key")) == everyone


def test_security_headers(server):
    import requests

    r = requests.get(server["url"] + "/login/")
    assert "default-src 'self'" in r.headers.get("Content-Security-Policy", "")
    assert r.headers.get("X-Frame-Options") == "SAMEORIGIN"
    assert r.headers.get("X-Content-Type-Options") == "nosniff"


def test_server_listens_on_loopback_only(server):
    proc = server["proc"]
    listening = subprocess.run(["ss", "-ltnpH"], capture_output=True, text=True)
    if listening.returncode != 0:
        pytest.skip("ss is not available")
    port = server["url"].rsplit(":", 1)[1]
    mine = [line for line in listening.stdout.splitlines() if f":{port} " in line]
    assert mine, listening.stdout
    assert all("127.0.0.1:" in line for line in mine), mine
    assert proc.poll() is None


def test_no_secret_in_any_artefact(server):
    """The admin password, the users' passwords and the secret key appear in no file of
    Superset's home but the two files that hold them, in no log, and not in the artefacts."""
    su = server["superset"]
    secrets_ = [su.password, server["analyst"][1], "a-manager-password-1",
                (su.home / "secret_key").read_text().strip()]
    holders = {su.password_file, su.home / "secret_key"}
    for folder in (su.home, ARTEFACTS, PROJECT / "logs"):
        for f in folder.rglob("*") if folder.exists() else []:
            if f.is_file() and f not in holders:
                data = f.read_bytes()
                for secret in secrets_:
                    assert secret.encode() not in data, f"a secret is in {f}"


# last: it uses up this address's login attempts for a minute
def test_repeated_wrong_passwords_are_rate_limited(server):
    import re

    import requests

    url = server["url"]
    api = [requests.post(url + "/api/v1/security/login",
                         json={"username": "admin", "password": f"wrong-{i}", "provider": "db"}).status_code
           for i in range(8)]
    assert api[0] == 401 and api[-1] == 429, api
    form = requests.Session()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form.get(url + "/login/").text.replace("\n", " "))
    codes = [form.post(url + "/login/", data={"username": "admin", "password": "wrong", "csrf_token": token.group(1)},
                       allow_redirects=False).status_code for _ in range(8)]
    assert codes[-1] == 429, codes
