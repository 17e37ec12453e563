"""Write the Superset bundle in dashboard/superset/bundle/ from the definitions below.

The committed artefact is the bundle (Superset's own export format: YAML for the database,
datasets, charts and dashboards); `lwh dashboard` imports it on every start. To change a
dashboard, either edit the definitions here and run

    .venv/bin/python dashboard/superset/build_bundle.py --warehouse warehouse/learning.duckdb

(it starts a throw-away Superset, creates everything through the REST API, exports the
dashboards and replaces bundle/), or change it in the Superset UI and export it from there
(Dashboards > select > Export) and unzip it over bundle/ (replace the database's
sqlalchemy_uri by the placeholder, see URI_PLACEHOLDER in src/lwh/serving/dashboard.py).
"""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import socket
import sys
import tempfile
import zipfile
from pathlib import Path

import requests

from lwh.serving import dashboard as d

# -- the definitions -------------------------------------------------------------------------

DATASETS = {
    "activity": {"table_name": "rpt_daily_platform_activity"},
    "compliance": {"table_name": "rpt_compliance_by_team"},
    "engagement": {"table_name": "rpt_learning_object_engagement"},
    "person_summary": {"table_name": "rpt_person_learning_summary"},
    "courses": {"table_name": "rpt_course_offering_summary"},
    "at_risk": {"table_name": "rpt_at_risk_learners"},
    "quiz_scores": {
        "table_name": "quiz_scores",
        "sql": """\
-- completed quiz attempts of people on both platforms, with the score as a fraction of what the
-- attempt was out of (marts.fct_quiz_attempt; deleted Brightspace attempts left out)
select
    q.source_system,
    q.submitted_date as activity_date,
    q.score_percent,
    q.is_passed
from marts.fct_quiz_attempt as q
where q.is_completed and not coalesce(q.is_deleted, false) and q.person_key not in ('-1', '-2')
""",
    },
    "person_history": {
        "table_name": "person_learning_history",
        "sql": """\
-- one person's learning history on both platforms: Learn Amp activity events, Brightspace
-- content topic completions and course-access days (marts.fct_learning_activity,
-- marts.fct_course_access)
select
    p.full_name,
    p.person_key,
    a.activity_date,
    a.happened_at,
    a.source_system,
    a.activity_type,
    lo.learning_object_type,
    lo.learning_object_name,
    a.is_completion,
    a.score,
    a.total_time_seconds
from marts.fct_learning_activity as a
inner join marts.dim_person as p on a.person_key = p.person_key
left join marts.dim_learning_object as lo on a.learning_object_key = lo.learning_object_key
union all
select
    p.full_name,
    p.person_key,
    c.access_date as activity_date,
    coalesce(c.first_pulse_at, cast(c.access_date as timestamp)) as happened_at,
    c.source_system,
    'course access' as activity_type,
    lo.learning_object_type,
    lo.learning_object_name,
    false as is_completion,
    null as score,
    null as total_time_seconds
from marts.fct_course_access as c
inner join marts.dim_person as p on c.person_key = p.person_key
left join marts.dim_learning_object as lo on c.learning_object_key = lo.learning_object_key
""",
    },
}


def metric(sql: str, label: str) -> dict:
    return {"expressionType": "SQL", "sqlExpression": sql, "label": label, "hasCustomLabel": True,
            "optionName": "metric_" + "".join(c if c.isalnum() else "_" for c in label.lower())}


def where(sql: str) -> dict:
    return {"expressionType": "SQL", "clause": "WHERE", "sqlExpression": sql}


NO_TIME_FILTER = {"clause": "WHERE", "comparator": "No filter", "expressionType": "SIMPLE",
                  "operator": "TEMPORAL_RANGE", "subject": "activity_date"}

ACTIVE_30 = ("SUM(CASE WHEN last_learnamp_activity_at >= as_of_date - INTERVAL 30 DAY "
             "OR last_brightspace_activity_date >= as_of_date - INTERVAL 30 DAY THEN 1 ELSE 0 END)")


def big_number(name, dataset, m, fmt=",d", subheader="", filters=()):
    return {"slice_name": name, "dataset": dataset, "viz_type": "big_number_total",
            "params": {"metric": m, "adhoc_filters": list(filters), "subheader": subheader,
                       "header_font_size": 0.4, "subheader_font_size": 0.15, "y_axis_format": fmt,
                       "time_format": "smart_date", "force_timestamp_formatting": False}}


def timeseries(name, dataset, viz, metrics, groupby=("source_system",), grain="P1W", filters=(), **extra):
    params = {"x_axis": "activity_date", "time_grain_sqla": grain, "metrics": metrics, "groupby": list(groupby),
              "adhoc_filters": [NO_TIME_FILTER, *filters], "row_limit": 10000, "truncate_metric": True,
              "show_legend": True, "legendType": "scroll", "legendOrientation": "top", "rich_tooltip": True,
              "x_axis_time_format": "smart_date", "y_axis_format": "SMART_NUMBER", "order_desc": True,
              "comparison_type": "values", "annotation_layers": [], "forecastPeriods": 10,
              "forecastInterval": 0.8, "x_axis_title_margin": 15, "y_axis_title_margin": 15,
              "y_axis_title_position": "Left", "sort_series_type": "sum", "color_scheme": "supersetColors",
              "only_total": True, "markerSize": 6, "zoomable": True}
    params.update(extra)
    return {"slice_name": name, "dataset": dataset, "viz_type": viz, "params": params}


def table_raw(name, dataset, columns, order_by, row_limit=1000, percent=()):
    """A table of rows; the columns in `percent` (fractions 0-1) display as percentages."""
    return {"slice_name": name, "dataset": dataset, "viz_type": "table",
            "params": {"query_mode": "raw", "all_columns": columns, "order_by_cols": [json.dumps(o) for o in order_by],
                       "row_limit": row_limit, "server_page_length": 10, "include_search": True,
                       "show_cell_bars": True, "color_pn": True, "adhoc_filters": [], "table_timestamp_format":
                       "smart_date", "percent_metrics": [], "temporal_columns_lookup": {},
                       "column_config": {c: {"d3NumberFormat": ".1%"} for c in percent}}}


def category_bar(name, dataset, x, metrics, horizontal=False, stacked=False, row_limit=50, fmt="SMART_NUMBER"):
    params = {"x_axis": x, "metrics": metrics, "groupby": [], "adhoc_filters": [], "row_limit": row_limit,
              "orientation": "horizontal" if horizontal else "vertical", "stack": "Stack" if stacked else None,
              "show_legend": True, "legendOrientation": "top", "rich_tooltip": True, "y_axis_format": fmt,
              "x_axis_sort_asc": True, "x_axis_sort_series_type": "sum", "truncate_metric": True,
              "color_scheme": "supersetColors", "annotation_layers": [], "order_desc": True,
              "sort_series_type": "sum", "only_total": True}
    return {"slice_name": name, "dataset": dataset, "viz_type": "echarts_timeseries_bar", "params": params}


ACT = "activity"
COURSE_RATE = 'SUM(content_completions) / NULLIF(SUM(CASE WHEN content_topics > 0 THEN enrolled_learners * content_topics ELSE 0 END), 0)'
FINAL_GRADE = ("SUM(average_final_grade_percent * learners_with_final_grade) / "
               "NULLIF(SUM(CASE WHEN average_final_grade_percent IS NOT NULL THEN learners_with_final_grade END), 0)")
DASHBOARDS = [
    {
        "slug": "platform-activity",
        "title": "Platform activity and logins",
        "rows": [
            [(big_number("Logins, both platforms", ACT, metric("SUM(logins)", "Logins"),
                         subheader="successful logins and Learn Amp sessions, all days"), 3),
             (big_number("Failed Brightspace logins", ACT, metric("SUM(failed_logins)", "Failed logins"),
                         subheader="all days", filters=[where("source_system = 'brightspace'")]), 3),
             (big_number("Completions, both platforms", ACT, metric("SUM(completions)", "Completions"),
                         subheader="all days"), 3),
             (big_number("Active learners, last 30 days", "person_summary", metric(ACTIVE_30, "Active learners"),
                         subheader="people with learning activity on either platform"), 3)],
            [(timeseries("Active people per day (weekly average), by platform", ACT, "echarts_timeseries_line",
                         [metric("AVG(active_people)", "Active people per day")]), 12)],
            [(timeseries("Logins per week, by platform", ACT, "echarts_timeseries_bar",
                         [metric("SUM(logins)", "Logins")], stack="Stack"), 6),
             (timeseries("Failed Brightspace logins per week", ACT, "echarts_timeseries_bar",
                         [metric("SUM(failed_logins)", "Failed logins")], groupby=(),
                         filters=[where("source_system = 'brightspace'")]), 6)],
            [(timeseries("Completions per week, by platform", ACT, "echarts_timeseries_line",
                         [metric("SUM(completions)", "Completions")]), 6),
             (timeseries("Average quiz score per week, by platform", "quiz_scores", "echarts_timeseries_line",
                         [metric("AVG(score_percent)", "Average quiz score")], y_axis_format=".0%"), 6)],
        ],
    },
    {
        "slug": "compliance-by-team",
        "title": "Mandatory-task compliance by team",
        "rows": [
            [(big_number("Overdue mandatory tasks", "compliance", metric("SUM(overdue)", "Overdue"),
                         subheader="all teams, as of the newest extract"), 4),
             (big_number("Mandatory tasks due", "compliance", metric("SUM(mandatory_tasks_due)", "Due"),
                         subheader="all teams"), 4),
             (big_number("On-time rate", "compliance",
                         metric("SUM(done_on_time) / NULLIF(SUM(done_on_time + done_late + overdue), 0)",
                                "On-time rate"), fmt=".1%", subheader="done on time / (on time + late + overdue)"), 4)],
            [(table_raw("Compliance by team (team hierarchy)", "compliance",
                        ["team_path", "mandatory_tasks_due", "done_on_time", "done_late", "overdue",
                         "open_not_yet_due", "on_time_rate"], [["team_path", True]], percent=["on_time_rate"]), 12)],
            [(category_bar("Tasks by team: on time, late, overdue", "compliance", "team_name",
                           [metric("SUM(done_on_time)", "On time"), metric("SUM(done_late)", "Late"),
                            metric("SUM(overdue)", "Overdue")], horizontal=True, stacked=True), 12)],
        ],
    },
    {
        "slug": "learning-object-engagement",
        "title": "Learning-object engagement",
        "rows": [
            [(big_number("Learning objects with learners", "engagement",
                         metric("SUM(CASE WHEN learners > 0 THEN 1 ELSE 0 END)", "Learning objects"),
                         subheader="Learn Amp content and Brightspace org units"), 4),
             (big_number("Completions", "engagement", metric("SUM(completions)", "Completions"),
                         subheader="all learning objects"), 4),
             (big_number("Average completion rate", "engagement", metric("AVG(completion_rate)", "Completion rate"),
                         fmt=".1%", subheader="over learning objects with learners"), 4)],
            [(category_bar("Learners by learning-object type", "engagement", "learning_object_type",
                           [metric("SUM(learners)", "Learners"), metric("SUM(completers)", "Completers")]), 6),
             (category_bar("Average completion rate by type", "engagement", "learning_object_type",
                           [metric("AVG(completion_rate)", "Completion rate")], fmt=".0%"), 6)],
            [(table_raw("Most-used learning objects", "engagement",
                        ["learning_object_name", "source_system", "learning_object_type", "learners", "completers",
                         "completion_rate", "average_score", "average_time_seconds", "access_days"],
                        [["learners", False]], row_limit=500, percent=["completion_rate"]), 12)],
        ],
    },
    {
        "slug": "course-offerings",
        "title": "Course offerings: completion, grades and learners at risk",
        "rows": [
            [(big_number("Course completion rate", "courses", metric(COURSE_RATE, "Course completion rate"),
                         fmt=".1%", subheader="topics completed / (enrolled learners x topics), Brightspace"), 4),
             (big_number("Average final grade", "courses", metric(FINAL_GRADE, "Average final grade"), fmt=".1%",
                         subheader="over learners with a final grade"), 4),
             (big_number("Learners at risk", "courses", metric("SUM(learners_at_risk)", "Learners at risk"),
                         subheader="behind on content or grades in an active offering"), 4)],
            [(category_bar("Completion rate and final grade by department", "courses", "department_name",
                           [metric(COURSE_RATE, "Course completion rate"), metric(FINAL_GRADE, "Average final grade")],
                           fmt=".0%"), 12)],
            [(table_raw("Course offerings", "courses",
                        ["course_offering_name", "department_name", "faculty_name", "is_active", "enrolled_learners",
                         "content_topics", "content_completion_rate", "learners_with_final_grade",
                         "average_final_grade_percent", "quiz_attempts", "average_quiz_score_percent",
                         "learners_at_risk"], [["learners_at_risk", False]], row_limit=1000,
                        percent=["content_completion_rate", "average_final_grade_percent",
                                 "average_quiz_score_percent"]), 12)],
            [(table_raw("At-risk learners (behind on content or grades)", "at_risk",
                        ["full_name", "course_offering_name", "department_name", "content_completion_rate",
                         "grade_percent", "is_behind_on_content", "is_behind_on_grades", "days_into_offering"],
                        [["content_completion_rate", True]], row_limit=5000,
                        percent=["content_completion_rate", "grade_percent"]), 12)],
        ],
    },
    {
        "slug": "person-learning-history",
        "title": "One person's learning history",
        "person_filter": True,
        "rows": [
            [(big_number("Learning events", "person_history", metric("COUNT(*)", "Learning events"),
                         subheader="Learn Amp events, Brightspace completions and course-access days"), 4),
             (big_number("Completions", "person_history",
                         metric("SUM(CASE WHEN is_completion THEN 1 ELSE 0 END)", "Completions"),
                         subheader="completions on both platforms, all time"), 4),
             (big_number("Overdue mandatory tasks", "person_summary", metric("SUM(overdue_mandatory_tasks)", "Overdue"),
                         subheader="as of the newest extract"), 4)],
            [(table_raw("Summary", "person_summary",
                        ["full_name", "platforms", "is_active", "last_learnamp_login_at", "last_brightspace_login_at",
                         "last_learnamp_activity_at", "last_brightspace_activity_date", "completions_last_30_days",
                         "completions_last_90_days", "open_mandatory_tasks", "overdue_mandatory_tasks"],
                        [["full_name", True]], row_limit=100), 12)],
            [(table_raw("Learning history, newest first", "person_history",
                        ["activity_date", "happened_at", "source_system", "activity_type", "learning_object_type",
                         "learning_object_name", "is_completion", "score", "total_time_seconds"],
                        [["happened_at", False]], row_limit=5000), 12)],
        ],
    },
]


# -- building through the REST API -----------------------------------------------------------

class Api:
    def __init__(self, url: str, user: str, password: str):
        self.url = url
        self.s = requests.Session()
        r = self.s.post(url + "/api/v1/security/login",
                        json={"username": user, "password": password, "provider": "db", "refresh": True})
        r.raise_for_status()
        self.s.headers["Authorization"] = "Bearer " + r.json()["access_token"]
        self.s.headers["X-CSRFToken"] = self.get("/api/v1/security/csrf_token/")["result"]
        self.s.headers["Referer"] = url

    def _check(self, r):
        if r.status_code >= 400:
            raise RuntimeError(f"{r.request.method} {r.url}: {r.status_code} {r.text[:1000]}")
        return r

    def get(self, path, **kw):
        return self._check(self.s.get(self.url + path, **kw)).json()

    def post(self, path, body):
        return self._check(self.s.post(self.url + path, json=body)).json()

    def put(self, path, body):
        return self._check(self.s.put(self.url + path, json=body)).json()


def _position(rows: list[list[tuple[int, int, str]]]) -> dict:
    """Superset's dashboard layout: rows of charts (chart id, width of 12, uuid)."""
    pos = {"DASHBOARD_VERSION_KEY": "v2", "ROOT_ID": {"type": "ROOT", "id": "ROOT_ID", "children": ["GRID_ID"]},
           "GRID_ID": {"type": "GRID", "id": "GRID_ID", "children": [], "parents": ["ROOT_ID"]}}
    for i, row in enumerate(rows):
        row_id = f"ROW-{i}"
        pos["GRID_ID"]["children"].append(row_id)
        pos[row_id] = {"type": "ROW", "id": row_id, "children": [], "parents": ["ROOT_ID", "GRID_ID"],
                       "meta": {"background": "BACKGROUND_TRANSPARENT"}}
        for chart_id, width, uuid, height in row:
            cid = f"CHART-{chart_id}"
            pos[row_id]["children"].append(cid)
            pos[cid] = {"type": "CHART", "id": cid, "children": [], "parents": ["ROOT_ID", "GRID_ID", row_id],
                        "meta": {"chartId": chart_id, "width": width, "height": height, "uuid": uuid}}
    return pos


def build(api: Api, warehouse: Path) -> list[int]:
    db_id = api.post("/api/v1/database/", {"database_name": d.DATABASE_NAME,
                                             "sqlalchemy_uri": d.warehouse_uri(warehouse),
                                             "expose_in_sqllab": True, "allow_run_async": False})["id"]
    datasets = {}
    for key, spec in DATASETS.items():
        body = {"database": db_id, "schema": "marts", **spec}
        ds_id = api.post("/api/v1/dataset/", body)["id"]
        api.put(f"/api/v1/dataset/{ds_id}/refresh", {})
        cols = api.get(f"/api/v1/dataset/{ds_id}")["result"]["columns"]
        if any(c["column_name"] == "activity_date" for c in cols):
            api.put(f"/api/v1/dataset/{ds_id}", {"main_dttm_col": "activity_date"})
        datasets[key] = ds_id
    dashboard_ids = []
    for dash in DASHBOARDS:
        dash_id = api.post("/api/v1/dashboard/", {"dashboard_title": dash["title"], "slug": dash["slug"],
                                                    "published": True})["id"]
        rows, chart_ids = [], []
        for row in dash["rows"]:
            placed = []
            for chart, width in row:
                params = dict(chart["params"], viz_type=chart["viz_type"],
                              datasource=f"{datasets[chart['dataset']]}__table")
                created = api.post("/api/v1/chart/", {
                    "slice_name": chart["slice_name"], "viz_type": chart["viz_type"],
                    "datasource_id": datasets[chart["dataset"]], "datasource_type": "table",
                    "params": json.dumps(params), "dashboards": [dash_id]})
                uuid = api.get(f"/api/v1/chart/{created['id']}", params={"q": "(columns:!(uuid))"})["result"]["uuid"]
                height = 30 if chart["viz_type"] == "big_number_total" else 60
                placed.append((created["id"], width, uuid, height))
                chart_ids.append(created["id"])
            rows.append(placed)
        metadata = {"color_scheme": "supersetColors", "refresh_frequency": 0, "timed_refresh_immune_slices": [],
                    "expanded_slices": {}, "label_colors": {}, "shared_label_colors": [],
                    "cross_filters_enabled": False, "native_filter_configuration": []}
        if dash.get("person_filter"):
            metadata["native_filter_configuration"] = [{
                "id": "NATIVE_FILTER-person", "name": "Person", "filterType": "filter_select",
                "type": "NATIVE_FILTER", "description": "One person: their summary and learning history",
                "targets": [{"datasetId": datasets["person_summary"], "column": {"name": "full_name"}}],
                "controlValues": {"enableEmptyFilter": True, "defaultToFirstItem": True, "multiSelect": False,
                                  "searchAllOptions": True, "inverseSelection": False, "sortAscending": True},
                "defaultDataMask": {"extraFormData": {}, "filterState": {}, "ownState": {}},
                "cascadeParentIds": [], "scope": {"rootPath": ["ROOT_ID"], "excluded": []},
                "chartsInScope": chart_ids, "tabsInScope": []}]
        api.put(f"/api/v1/dashboard/{dash_id}", {"position_json": json.dumps(_position(rows)),
                                                   "json_metadata": json.dumps(metadata)})
        dashboard_ids.append(dash_id)
    return dashboard_ids


def export(api: Api, dashboard_ids: list[int], warehouse: Path, out: Path) -> None:
    ids = ",".join(str(i) for i in dashboard_ids)
    r = api._check(api.s.get(api.url + f"/api/v1/dashboard/export/?q=!({ids})"))
    tmp = out.with_name(out.name + ".new")
    shutil.rmtree(tmp, ignore_errors=True)
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        for name in zf.namelist():
            rel = Path(*Path(name).parts[1:])  # drop the export's top folder (it carries a date)
            # the database's URI names this machine's file (Superset may reorder its query): the placeholder
            text = re.sub(r"(?m)^sqlalchemy_uri: duckdb:///.*$", "sqlalchemy_uri: " + d.URI_PLACEHOLDER,
                          zf.read(name).decode())
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            (tmp / rel).write_text(text)
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--warehouse", required=True, help="a built warehouse (its marts give the datasets' columns)")
    ap.add_argument("--out", default=str(d.bundle_dir()), help="bundle folder (default: %(default)s)")
    args = ap.parse_args(argv)
    warehouse = Path(args.warehouse).resolve()
    with tempfile.TemporaryDirectory() as home:
        superset = d.Superset.default(home=home)
        superset.install()
        superset.init_metadata()
        superset.sync_admin()           # a generated admin password, in this throw-away home
        port = _free_port()
        proc = superset.start(port, Path(home) / "superset.log")
        try:
            url = f"http://127.0.0.1:{port}"
            d.wait_until_up(url, proc)
            api = Api(url, superset.user, superset.password)
            ids = build(api, warehouse)
            export(api, ids, warehouse, Path(args.out))
        except Exception:
            print((Path(home) / "superset.log").read_text()[-5000:], file=sys.stderr)
            raise
        finally:
            d.stop(proc)
    print(f"wrote the bundle ({len(DASHBOARDS)} dashboards) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
