"""Open every dashboard of a running Superset in headless Chromium, save a screenshot of each and
print (JSON) what each chart shows. Runs with Superset's own Python (.venv-superset/bin/python:
Selenium comes with Superset) and Debian's chromium + chromium-driver:

    .venv-superset/bin/python dashboard/superset/screenshots.py --url http://127.0.0.1:8088 --out build/shots

Used by tests/python/integration/test_dashboard.py; handy for refreshing docs/images/ too.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import requests
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

NUMBER = re.compile(r"^-?[\d,]+(\.\d+)?%?$")


def driver(profile: str, width: int, height: int) -> webdriver.Chrome:
    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", f"--user-data-dir={profile}"):
        opts.add_argument(arg)
    chromedriver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    drv = webdriver.Chrome(service=Service(chromedriver), options=opts)
    drv.set_page_load_timeout(90)
    return drv


def charts(drv) -> dict:
    """Every chart on the page: name -> {viz_type, text, number (big numbers: the figure shown)}."""
    out = {}
    for el in drv.find_elements(By.CSS_SELECTOR, "[data-test-chart-name]"):
        name = el.get_attribute("data-test-chart-name")
        viz = el.get_attribute("data-test-viz-type")
        text = el.text
        entry = {"viz_type": viz, "text": text[:2000]}
        if viz == "big_number_total":
            nums = [line.strip() for line in text.splitlines() if NUMBER.match(line.strip())]
            entry["number"] = nums[-1] if nums else None  # after the filter-count badge, if any
        out[name] = entry
    return out


def rendered(drv) -> bool:
    """Every chart has drawn: no spinner, big numbers show a figure, ECharts have their canvas."""
    if drv.find_elements(By.CSS_SELECTOR, "[data-test-chart-name] .loading, [data-test='loading-indicator']"):
        return False
    shown = charts(drv)
    if not shown:
        return False
    for c in shown.values():
        if c["viz_type"] == "big_number_total" and not c.get("number"):
            return False
    for el in drv.find_elements(By.CSS_SELECTOR, "[data-test-chart-name]"):
        if el.get_attribute("data-test-viz-type").startswith("echarts") and \
                not el.find_elements(By.CSS_SELECTOR, "canvas, svg"):
            return False
    return True


def wait_rendered(drv, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if rendered(drv):
            time.sleep(1.5)  # let ECharts finish its animation before the screenshot
            return True
        time.sleep(0.5)
    return False


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", required=True)
    ap.add_argument("--user", default="admin")
    ap.add_argument("--password", default=os.environ.get("LWH_SUPERSET_PASSWORD"),
                    help="default: $LWH_SUPERSET_PASSWORD (keeps it off the command line)")
    ap.add_argument("--out", required=True, help="folder for <slug>.png and results.json")
    ap.add_argument("--timeout", type=float, default=90, help="seconds to wait for a dashboard to render")
    ap.add_argument("--width", type=int, default=1600)
    ap.add_argument("--height", type=int, default=1900)
    args = ap.parse_args(argv)
    if not args.password:
        ap.error("no password: set LWH_SUPERSET_PASSWORD or pass --password")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    api = requests.Session()
    tok = api.post(args.url + "/api/v1/security/login", json={"username": args.user, "password": args.password,
                                                               "provider": "db"}).json()["access_token"]
    api.headers["Authorization"] = "Bearer " + tok
    dashboards = api.get(args.url + "/api/v1/dashboard/",
                         params={"q": "(columns:!(id,slug,dashboard_title),page_size:100)"}).json()["result"]

    results = {"dashboards": []}
    with tempfile.TemporaryDirectory() as profile:
        drv = driver(profile, args.width, args.height)
        try:
            drv.get(args.url + "/login/")
            deadline = time.monotonic() + 60
            while not drv.find_elements(By.ID, "username") and time.monotonic() < deadline:
                time.sleep(0.3)
            drv.find_element(By.ID, "username").send_keys(args.user)
            drv.find_element(By.ID, "password").send_keys(args.password)
            drv.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
            while "/login" in drv.current_url and time.monotonic() < deadline:
                time.sleep(0.3)
            results["logged_in"] = "/login" not in drv.current_url
            for dash in sorted(dashboards, key=lambda x: x["id"]):
                slug = dash["slug"] or str(dash["id"])
                started = time.monotonic()
                drv.get(f"{args.url}/superset/dashboard/{slug}/")
                entry = {"slug": slug, "title": dash["dashboard_title"], "rendered": wait_rendered(drv, args.timeout)}
                # a native filter's default value (first person) shows in the filter bar but is
                # applied only by "Apply filters" in Superset 6.1: apply it as a user would
                buttons = [b for b in drv.find_elements(By.CSS_SELECTOR, "button")
                           if b.text.strip() == "Apply filters" and b.is_enabled()]
                if buttons:
                    select = drv.find_elements(By.CSS_SELECTOR, "[data-test='filter-bar'] .ant-select-selection-item")
                    entry["filter_value"] = select[0].get_attribute("title") or select[0].text if select else None
                    before = {k: c.get("number") for k, c in charts(drv).items()}
                    buttons[0].click()
                    deadline = time.monotonic() + args.timeout
                    while time.monotonic() < deadline:
                        now = {k: c.get("number") for k, c in charts(drv).items()}
                        if now != before and rendered(drv):
                            break
                        time.sleep(0.5)
                    wait_rendered(drv, args.timeout)
                entry["charts"] = charts(drv)
                entry["seconds"] = round(time.monotonic() - started, 1)
                png = out / f"{slug}.png"
                drv.save_screenshot(str(png))
                entry["screenshot"] = str(png)
                results["dashboards"].append(entry)
        finally:
            drv.quit()
    (out / "results.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
