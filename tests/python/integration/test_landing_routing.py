"""`lwh land` routes by system first, then by the exact data set name (issue 24, item 1).

A Brightspace delivery never lands in a Learn Amp table, nor the reverse; one shared column is
not a match; a Brightspace data set the project does not model is held under `<raw>/held/`,
logged, listed by `lwh info` and `audit_held_deliveries`, and released into the landing area
once a later version of the project models it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import zipfile
from pathlib import Path

import duckdb
import pytest
import yaml

from lwh import spec
from lwh.cli import main as lwh
from lwh.landing import bds_catalogue, routing
from lwh.landing.csv_records import count_records
from lwh.landing.land import held_deliveries, land, landed_state, release_held, unland
from lwh.serving.info import describe

from dbt_helpers import PROJECT, query, run_dbt

STAMP = "20261110T030000Z"
AT = dt.datetime(2026, 11, 10, 3)
BOM = b"\xef\xbb\xbf"
REAL = PROJECT.parent / "shared" / "real-samples" / "files"
CONTENT_FILES = {"ContentObjects": 698, "ContentUserProgress": 25}

BRIGHTSPACE = spec.tables("brightspace")
MODELLED = {spec.normalise_key(t.data_set) for t in BRIGHTSPACE.values()}
UNMODELLED = sorted(n for n in bds_catalogue.DATA_SETS if spec.normalise_key(n) not in MODELLED)
# the collisions of issue 24: D2L data sets whose names or columns resemble Learn Amp tables (some
# modelled since: they land in their Brightspace table; the others are held)
COLLIDING = ["Quiz Attempts", "Survey Attempts", "Content User Completion", "Quiz Objects", "Grade Results",
             "Quiz User Answers", "Survey User Answers", "Survey Objects", "Content Objects", "Session History"]
# a data set the project does not model, to hold and release (11 columns, key AttemptId)
HELD = "Survey Attempts"
HELD_FOLDER = "SurveyAttempts"


def d2l_header(data_set: str) -> list[str]:
    """D2L's documented columns of a data set, in D2L's order."""
    return list(bds_catalogue.DATA_SETS[data_set][0])


def bds_zip(path: Path, member: str, header: list[str], rows: list[str] = ()) -> Path:
    """A Data Hub delivery framed as the real extracts are: UTF-8 BOM, CRLF."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "\r\n".join([",".join(header), *rows]) + "\r\n"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(member, BOM + text.encode("utf-8"))
    return path


def delivery(folder: Path, data_set: str, kind: str = "full", header: list[str] | None = None,
             rows: list[str] = ()) -> Path:
    name = bds_catalogue.folder_name(data_set)
    zip_name = f"{name}_{STAMP}.zip" if kind == "full" else f"{name}_Differential_{STAMP}.zip"
    return bds_zip(folder / zip_name, f"{name}.csv", header or d2l_header(data_set), list(rows))


@pytest.fixture
def raw(tmp_path) -> Path:
    return tmp_path / "raw"


def _log(raw: Path) -> list[dict]:
    return [json.loads(line) for line in (raw / "_landing_log.jsonl").read_text().splitlines()]


# ------------------------------------------------------------------ never across systems

def test_the_catalogue_agrees_with_d2l_quiz_attempts_documentation():
    """The committed catalogue has D2L's Quiz Attempts columns (checked against the scraped
    documentation in ../shared when it is there)."""
    doc = REAL / "d2l-datahub-cli" / "schema" / "not_in_check" / "QuizAttempts.json"
    if not doc.exists():
        pytest.skip(f"{doc} not present")
    columns = [c["name"] for c in json.loads(doc.read_text())["Quiz Attempts"]["columns"]]
    assert d2l_header("Quiz Attempts") == columns
    assert "Score" in columns and "score" in spec.tables("learnamp")["quiz_attempts"].column_names


@pytest.mark.parametrize("data_set", COLLIDING)
@pytest.mark.parametrize("kind", ["full", "differential"])
def test_header_only_d2l_deliveries_are_brightspace_never_learnamp(tmp_path, raw, data_set, kind):
    """Held when the project does not model the data set, landed in its Brightspace table when
    it does; never in Learn Amp."""
    path = delivery(tmp_path / "in", data_set, kind)
    planned, refusals = land([str(path)], raw)
    assert refusals == []
    (p,) = planned
    modelled = routing.modelled_table(data_set)
    folder = bds_catalogue.folder_name(data_set)
    snake = bds_catalogue.snake_name(data_set)
    assert (p.system, p.held, p.data_set, p.kind) == ("brightspace", modelled is None, data_set, kind)
    if modelled is None:
        assert p.target == raw / "held" / "brightspace" / folder / f"{snake}__{kind}__{STAMP}.csv"
        assert not (raw / "brightspace").exists()
    else:
        assert p.target == raw / "brightspace" / modelled.name / f"{modelled.name}__{kind}__{STAMP}.csv"
    assert p.target.read_bytes() == BOM + (",".join(d2l_header(data_set)) + "\r\n").encode()
    assert not (raw / "learnamp").exists()


def test_every_unmodelled_d2l_data_set_is_held_in_one_call(tmp_path, raw):
    inputs = tmp_path / "in"
    for data_set in UNMODELLED:
        delivery(inputs, data_set)
        delivery(inputs, data_set, "differential")
    planned, refusals = land([str(inputs)], raw)
    assert refusals == []
    assert len(planned) == 2 * len(UNMODELLED) and all(p.held and p.system == "brightspace" for p in planned)
    assert {p.data_set for p in planned} == set(UNMODELLED)
    assert not (raw / "learnamp").exists() and not (raw / "brightspace").exists()
    assert len(held_deliveries(raw)) == 2 * len(UNMODELLED)


def test_a_learnamp_style_name_with_a_d2l_header_is_brightspace(tmp_path, raw):
    """`quiz_attempts.csv` names Learn Amp quiz_attempts and Brightspace Quiz Attempts alike: the
    header decides, and one shared column (Score) is not Learn Amp's."""
    path = tmp_path / f"quiz_attempts_{STAMP}.csv"
    path.write_bytes(BOM + (",".join(d2l_header("Quiz Attempts")) + "\r\n").encode())
    (p,), refusals = land([str(path)], raw)
    assert refusals == [] and (p.system, p.held, p.data_set) == ("brightspace", False, "Quiz Attempts")
    assert p.target.relative_to(raw).as_posix() == f"brightspace/quiz_attempts/quiz_attempts__full__{STAMP}.csv"


def test_a_brightspace_name_with_a_learnamp_header_is_refused(tmp_path, raw):
    header = spec.tables("learnamp")["quiz_attempts"].column_names
    path = bds_zip(tmp_path / f"QuizAttempts_{STAMP}.zip", "QuizAttempts.csv", header)
    planned, refusals = land([str(path)], raw)
    assert refusals and "brightspace.quiz_attempts" in refusals[0][1]
    assert not raw.exists() or not list(raw.rglob("*.csv"))


def test_one_shared_column_is_not_a_match(tmp_path, raw):
    path = tmp_path / "quiz_attempts.csv"
    path.write_text("Score,Colour\n1,red\n", encoding="utf-8")
    _, refusals = land([str(path)], raw)
    assert refusals and "matches neither learnamp.quiz_attempts or brightspace.quiz_attempts" in refusals[0][1]
    m = routing.header_match(["Score"], tuple(spec.tables("learnamp")["quiz_attempts"].column_names), ("id",))
    assert m.shared == 1 and not m.real


@pytest.mark.parametrize("name, text, reason", [
    ("gradebook.csv", "id,grade\n1,A\n", "unknown table or data set"),
    ("Grades_20261109T030000Z.csv", "a,b\n1,2\n", "unknown table or data set"),
    ("export (3).csv", ",".join(d2l_header("Quiz Attempts")) + "\n",
     "its header is the Brightspace data set Quiz Attempts's: name the file as Data Hub does"),
])
def test_files_of_no_system_are_refused_naming_the_file(tmp_path, raw, capsys, name, text, reason):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert lwh(["land", str(path), "--raw-dir", str(raw)]) == 1
    err = capsys.readouterr().err
    assert f"refused: {path}: " in err and reason in err and "nothing landed" in err


# ------------------------------------------------------------------ what landed before still lands there

@pytest.mark.parametrize("table", sorted(spec.tables("learnamp")))
def test_every_learnamp_documented_header_lands_in_its_table(tmp_path, raw, table):
    header = spec.tables("learnamp")[table].column_names
    (tmp_path / f"{table}.csv").write_text(",".join(header) + "\n", encoding="utf-8")
    (tmp_path / f"{table}_0000_part_00.csv").write_text(",".join(header) + "\n", encoding="utf-8")
    planned, refusals = land([str(tmp_path / f"{table}.csv"), str(tmp_path / f"{table}_0000_part_00.csv")], raw,
                             extracted_at=AT)
    assert refusals == []
    assert sorted(p.target.relative_to(raw).as_posix() for p in planned) == [
        f"learnamp/{table}/{table}__0000-part-00__{STAMP}.csv", f"learnamp/{table}/{table}__{STAMP}.csv"]
    assert not any(p.held for p in planned)


@pytest.mark.parametrize("table", sorted(BRIGHTSPACE))
@pytest.mark.parametrize("name_form", ["full", "Differential", "pull full", "pull differential", "listing"])
def test_every_modelled_brightspace_data_set_lands_where_it_did(tmp_path, raw, table, name_form):
    t = BRIGHTSPACE[table]
    base = t.csv_name.removesuffix(".csv")
    zip_name, kind = {
        "full": (f"{base}_{STAMP}.zip", "full"),                                # Data Hub / the generator
        "Differential": (f"{base}_Differential_{STAMP}.zip", "differential"),
        "pull full": (f"{base}_full_{STAMP}.zip", "full"),                      # lwh pull brightspace
        "pull differential": (f"{base}_differential_{STAMP}.zip", "differential"),
        "listing": (f"{t.data_set} Differential_{STAMP}.zip", "differential"),  # the listing's name
    }[name_form]
    (p,), refusals = land([str(bds_zip(tmp_path / zip_name, t.csv_name, t.column_names))], raw)
    assert refusals == []
    assert (p.system, p.table, p.kind, p.held) == ("brightspace", table, kind, False)
    assert p.target.relative_to(raw).as_posix() == f"brightspace/{table}/{table}__{kind}__{STAMP}.csv"


@pytest.mark.parametrize("data_set", sorted(t.data_set for t in BRIGHTSPACE.values()))
def test_d2l_documented_headers_of_modelled_data_sets_land_in_brightspace(tmp_path, raw, data_set):
    """D2L's 2023 column lists (User Logins with OrgId and TimeOff, ...) land in the project's tables."""
    (p,), refusals = land([str(delivery(tmp_path, data_set))], raw)
    assert refusals == [] and p.system == "brightspace" and not p.held
    assert spec.normalise_key(BRIGHTSPACE[p.table].data_set) == spec.normalise_key(data_set)


def test_learnamp_users_and_brightspace_users_are_still_told_apart_by_header(tmp_path, raw):
    (tmp_path / "users.csv").write_text("id,first_name,last_name\n1,A,B\n", encoding="utf-8")
    (tmp_path / "Users.csv").write_text(",".join(BRIGHTSPACE["users"].column_names) + "\n", encoding="utf-8")
    planned, refusals = land([str(tmp_path / "users.csv"), str(tmp_path / "Users.csv")], raw, extracted_at=AT)
    assert refusals == []
    assert sorted((p.system, p.table) for p in planned) == [("brightspace", "users"), ("learnamp", "users")]


# ------------------------------------------------------------------ real Data Hub files

@pytest.mark.parametrize("name, rows", sorted(CONTENT_FILES.items()))
def test_real_content_module_files_land_with_every_row(tmp_path, raw, capsys, name, rows):
    """Held while the project did not model the Content data sets; modelled now, they land in
    their Brightspace table, byte for byte (tests/python/project/test_brightspace_learning_staging.py
    builds them)."""
    csv = REAL / "UnlockEdv2" / "csvs" / "activities" / f"{name}.csv"
    if not csv.exists():
        pytest.skip(f"{csv} not present")
    # as Data Hub delivers it (a ZIP of the one CSV), and the CSV itself
    z = tmp_path / f"{name}_20241203T000000Z.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{name}.csv", csv.read_bytes())
    assert lwh(["land", str(z), "--raw-dir", str(raw)]) == 0
    out = capsys.readouterr().out
    table = {"ContentObjects": "content_objects", "ContentUserProgress": "content_user_progress"}[name]
    assert f"[brightspace.{table} full, 2024-12-03T00:00:00Z]" in out and "held, not refused" not in out
    assert held_deliveries(raw) == []
    target = raw / "brightspace" / table / f"{table}__full__20241203T000000Z.csv"
    rec = landed_state(raw)[target.relative_to(raw).as_posix()]
    assert target.read_bytes() == csv.read_bytes()                    # verbatim: BOM, CRLF, quoting
    assert rec["rows"] == rows == count_records(target)
    assert rec["action"] == "land" and rec["kind"] == "full"
    con = duckdb.connect()
    assert con.execute(f"select count(*) from read_csv('{target}', header = true, all_varchar = true)").fetchone()[0] \
        == rows
    # the bare CSV (no time stamp) is the same content: landed already
    plain = tmp_path / f"{name}.csv"
    shutil.copy(csv, plain)
    (p,), refusals = land([str(plain)], raw)
    assert refusals == [] and not p.held and p.status == "unchanged" and "same content already landed" in p.note


# ------------------------------------------------------------------ the log, duplicates, conflicts

def test_holding_follows_the_landing_rules(tmp_path, raw, capsys):
    first = delivery(tmp_path / "a", HELD, rows=["1,2,3,4,1,,,,,,"])
    assert lwh(["land", str(first), "--raw-dir", str(raw)]) == 0
    out = capsys.readouterr().out
    assert "held      " in out and "held, not refused" in out and "landed into" in out and "1 held" in out
    (rec,) = _log(raw)
    assert rec["action"] == "hold" and rec["rows"] == 1 and rec["target"].startswith("held/brightspace/SurveyAttempts/")
    assert landed_state(raw)[rec["target"]]["sha256"] == rec["sha256"]
    # the same delivery again: a no-op
    planned, refusals = land([str(first)], raw)
    assert refusals == [] and [p.status for p in planned] == ["unchanged"]
    # other bytes claiming the same extract: refused, unless --replace (the old one kept)
    other = delivery(tmp_path / "b", HELD, rows=["1,2,3,4,2,,,,,,"])
    _, refusals = land([str(other)], raw)
    assert refusals and "already landed" in refusals[0][1]
    planned, refusals = land([str(other)], raw, replace=True)
    assert refusals == [] and planned[0].status == "replace"
    assert planned[0].kept_as.startswith("replaced/held/brightspace/SurveyAttempts/")
    assert len(held_deliveries(raw)) == 1
    # a held file can be unlanded
    records, refusals = unland([rec["target"]], raw)
    assert refusals == [] and records[0]["kept_as"].startswith("unlanded/held/brightspace/SurveyAttempts/")
    assert held_deliveries(raw) == []


def test_a_refused_input_holds_nothing_either(tmp_path, raw):
    held = delivery(tmp_path, "Survey Objects")
    bad = tmp_path / "gradebook.csv"
    bad.write_text("id,grade\n", encoding="utf-8")
    _, refusals = land([str(held), str(bad)], raw)
    assert [s for s, _ in refusals] == [str(bad)]
    assert not list(raw.rglob("*.csv")) and not (raw / "_landing_log.jsonl").exists()


# ------------------------------------------------------------------ released once modelled

@pytest.fixture
def survey_attempts_modelled(tmp_path, monkeypatch):
    """A later version of the project that models Survey Attempts: the spec with one more table."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(PROJECT / "dbt_project.yml", project / "dbt_project.yml")
    for system in spec.SYSTEMS:
        src = spec.sources_file(system, PROJECT)
        dst = spec.sources_file(system, project)
        dst.parent.mkdir(parents=True)
        doc = yaml.safe_load(src.read_text(encoding="utf-8"))
        if system == "brightspace":
            (source,) = doc["sources"]
            source["tables"].append({
                "name": "survey_attempts",
                "meta": {"data_set": HELD, "csv_name": "SurveyAttempts.csv", "primary_key": ["AttemptId"],
                         "extract_kind": "full_and_differential"},
                "columns": [{"name": c, "data_type": "varchar"} for c in d2l_header(HELD)],
            })
        dst.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv("LWH_PROJECT_DIR", str(project))
    assert "survey_attempts" in spec.tables("brightspace")
    return project


def test_held_deliveries_are_released_once_the_data_set_is_modelled(tmp_path, raw, capsys, request):
    full = delivery(tmp_path / "in", HELD, rows=["1,2,3,4,1,,,,,,"])
    diff = delivery(tmp_path / "in", HELD, "differential", rows=["2,2,3,4,2,,,,,,"])
    other = delivery(tmp_path / "in", "Survey Objects")
    assert land([str(full), str(diff), str(other)], raw)[1] == []
    held_before = {r["target"]: r for r in held_deliveries(raw)}
    assert release_held(raw) == []                      # not modelled: nothing moves
    request.getfixturevalue("survey_attempts_modelled")
    assert lwh(["land", "--release-held", "--raw-dir", str(raw)]) == 0
    out = capsys.readouterr().out
    assert out.count("released held/brightspace/SurveyAttempts/") == 2 and "1 held deliveries remain" in out
    for kind in ("full", "differential"):
        landed = raw / "brightspace" / "survey_attempts" / f"survey_attempts__{kind}__{STAMP}.csv"
        held = f"held/brightspace/SurveyAttempts/survey_attempts__{kind}__{STAMP}.csv"
        with zipfile.ZipFile(full if kind == "full" else diff) as zf:
            assert landed.read_bytes() == zf.read("SurveyAttempts.csv")        # the held bytes, moved
        assert not (raw / held).exists()
        rec = landed_state(raw)[str(landed.relative_to(raw))]
        assert rec["action"] == "land" and rec["released_from"] == held
        assert (rec["sha256"], rec["rows"], rec["kind"]) == (held_before[held]["sha256"], 1, kind)
    assert [r["data_set"] for r in held_deliveries(raw)] == ["Survey Objects"]
    assert [r["action"] for r in _log(raw)].count("release") == 2
    # released once: nothing more to do; the same delivery landed again is unchanged
    assert release_held(raw) == []
    planned, refusals = land([str(full)], raw)
    assert refusals == [] and [(p.status, p.held) for p in planned] == [("unchanged", False)]


def test_landing_anything_releases_first(tmp_path, raw, capsys, request):
    assert land([str(delivery(tmp_path / "in", HELD))], raw)[1] == []
    request.getfixturevalue("survey_attempts_modelled")
    users = tmp_path / "users.csv"
    users.write_text("id,first_name\n1,A\n", encoding="utf-8")
    assert lwh(["land", str(users), "--raw-dir", str(raw), "--extracted-at", "2026-11-20T00:00:00Z"]) == 0
    out = capsys.readouterr().out
    assert "lwh land: released held/brightspace/SurveyAttempts/" in out and "learnamp.users" in out
    assert held_deliveries(raw) == []
    assert (raw / "brightspace" / "survey_attempts" / f"survey_attempts__full__{STAMP}.csv").exists()


def test_a_held_file_conflicting_with_a_landed_extract_stays_held(tmp_path, raw, request):
    assert land([str(delivery(tmp_path / "a", HELD, rows=["1,2,3,4,1,,,,,,"]))], raw)[1] == []
    request.getfixturevalue("survey_attempts_modelled")
    # landed directly (now modelled) with other content for the same extract
    folder = raw / "brightspace" / "survey_attempts"
    folder.mkdir(parents=True)
    lands = land([str(delivery(tmp_path / "b", HELD, rows=["9,2,3,4,1,,,,,,"]))], raw)
    assert lands[1] == [] and not lands[0][0].held
    (r,) = release_held(raw)
    assert not r.moved and "a different file is landed for this extract" in r.note
    assert len(held_deliveries(raw)) == 1


# ------------------------------------------------------------------ lwh info, the audit model

def _raw_with_held(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    inputs = tmp_path / "in"
    delivery(inputs, HELD, rows=["1,2,3,4,1,,,,,,", "2,2,3,4,2,,,,,,"])
    delivery(inputs, HELD, "differential", rows=["3,2,3,4,3,,,,,,"])
    delivery(inputs, "Survey Objects")
    bds_zip(inputs / "Users_20261109T030000Z.zip", "Users.csv", BRIGHTSPACE["users"].column_names)
    assert land([str(inputs)], raw)[1] == []
    return raw


def test_lwh_info_lists_held_deliveries(tmp_path, monkeypatch):
    raw = _raw_with_held(tmp_path)
    warehouse = tmp_path / "learning.duckdb"
    duckdb.connect(str(warehouse)).close()
    monkeypatch.setenv("LWH_RAW_DIR", str(raw))
    text = describe(warehouse)
    assert f"Held deliveries in {raw / 'held'}" in text
    section = text.split("Held deliveries", 1)[1].splitlines()[1:]
    lines = {re.split(r"\s{2,}", line.strip())[0]: line for line in section if line.strip()}
    assert set(lines) == {"Survey Objects", HELD}
    assert "3 rows" in lines[HELD] and "2 file(s)" in lines[HELD]
    assert f"extracts {AT:%Y-%m-%dT%H:%M:%SZ} to {AT:%Y-%m-%dT%H:%M:%SZ}" in lines[HELD]
    assert "1 file(s), 0 rows" in lines["Survey Objects"]
    monkeypatch.setenv("LWH_RAW_DIR", str(tmp_path / "nothing"))
    assert "Held deliveries" not in describe(warehouse)


@pytest.mark.dbt
def test_audit_held_deliveries_lists_them(tmp_path):
    raw = _raw_with_held(tmp_path)
    warehouse = tmp_path / "learning.duckdb"
    run_dbt(["build", "--select", "audit_held_deliveries"], raw, warehouse)
    got = query(warehouse, "select source_system, data_set, source_table, held_file, extract_kind, extracted_at, "
                           "rows_held from audit.audit_held_deliveries order by held_file")
    assert got == [
        ("brightspace", "SurveyAttempts", "survey_attempts",
         f"held/brightspace/SurveyAttempts/survey_attempts__differential__{STAMP}.csv", "differential", AT, 1),
        ("brightspace", "SurveyAttempts", "survey_attempts",
         f"held/brightspace/SurveyAttempts/survey_attempts__full__{STAMP}.csv", "full", AT, 2),
        ("brightspace", "SurveyObjects", "survey_objects",
         f"held/brightspace/SurveyObjects/survey_objects__full__{STAMP}.csv", "full", AT, 0),
    ]
    # unlanded or released, a file is held no more
    assert unland([got[0][3]], raw)[1] == []
    run_dbt(["build", "--select", "audit_held_deliveries"], raw, warehouse)
    assert query(warehouse, "select count(*) from audit.audit_held_deliveries") == [(2,)]
    # no landing log at all: an empty list
    empty = tmp_path / "empty"
    empty.mkdir()
    run_dbt(["build", "--select", "audit_held_deliveries"], empty, tmp_path / "other.duckdb")
    assert query(tmp_path / "other.duckdb", "select count(*) from audit.audit_held_deliveries") == [(0,)]
