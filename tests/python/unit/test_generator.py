"""`lwh generate`: determinism, vendor formats, referential integrity and realism."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from pathlib import Path

from lwh import spec
from lwh.generate import DIFFERENTIAL_DAYS, Generator

from conftest import SMALL_SCALE, rows, scalar


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path, exports):
    again = tmp_path / "again"
    Generator(again, scale=SMALL_SCALE, seed=11, progress=False).run()
    assert _digest(again) == _digest(exports)
    other = tmp_path / "other"
    Generator(other, scale=SMALL_SCALE, seed=12, progress=False).run()
    assert _digest(other)["learnamp/users.csv"] != _digest(exports)["learnamp/users.csv"]


def test_learnamp_one_csv_per_table_with_documented_header(exports):
    files = sorted(p.stem for p in (exports / "learnamp").glob("*.csv"))
    assert files == sorted(spec.tables("learnamp"))
    for name, table in spec.tables("learnamp").items():
        with open(exports / "learnamp" / f"{name}.csv", newline="", encoding="utf-8") as f:
            header = next(csv.reader(f))
        assert header == table.column_names, name


def test_brightspace_zip_holds_one_bom_csv_with_documented_header(exports, manifest):
    zips = sorted((exports / "brightspace").glob("*.zip"))
    assert len(zips) == len(spec.tables("brightspace")) * (1 + DIFFERENTIAL_DAYS)
    for z in zips:
        with zipfile.ZipFile(z) as zf:
            names = zf.namelist()
            assert len(names) == 1, z.name
            data = zf.read(names[0])
        table = next(t for t in spec.tables("brightspace").values() if names[0] == t.csv_name)
        assert z.name.startswith(table.csv_name[:-4] + "_"), z.name
        assert data.startswith(b"\xef\xbb\xbf"), z.name
        header = next(csv.reader(io.StringIO(data[3:].decode("utf-8"))))
        assert header == table.column_names, z.name
    kinds = {f["kind"] for f in manifest["files"] if f["system"] == "brightspace"}
    assert kinds == {"full", "differential"}


def test_learnamp_redshift_conventions(gen_db):
    assert set(r[0] for r in rows(gen_db, "select distinct deactivated from la_users")) == {"t", "f"}
    ts = scalar(gen_db, "select happened_at from la_activities limit 1")
    assert len(ts) == 19 and ts[10] == " "        # 2024-11-16 10:02:57, UTC, no zone


def test_foreign_keys_point_at_real_rows(gen_db):
    checks = {
        "activities.user_id": "select count(*) from la_activities a anti join la_users u on u.id = a.user_id",
        "activities content": "select count(*) from la_activities a anti join la_content c "
                              "on c.type = a.type and c.type_with_id = lower(a.type) || '-' || a.content_id",
        "tasks content": "select count(*) from la_tasks a anti join la_content c "
                         "on c.type = a.type and c.type_with_id = lower(a.type) || '-' || a.content_id",
        "completions subset": "select count(*) from la_completions c anti join la_activities a on a.id = c.id",
        "users.manager_id": "select count(*) from la_users a anti join la_users u on u.id = a.manager_id "
                            "where a.manager_id is not null",
        "team_users.team_id": "select count(*) from la_team_users a anti join la_teams t on t.id = a.team_id",
        "teams.parent_team_id": "select count(*) from la_teams a anti join la_teams t on t.id = a.parent_team_id "
                                "where a.parent_team_id is not null",
        "enrollments.event_session_id": "select count(*) from la_enrollments a anti join la_event_sessions s "
                                        "on s.id = a.event_session_id",
        "event_sessions.event_id": "select count(*) from la_event_sessions a anti join la_events e on e.id = a.event_id",
        "quiz_attempt_answers.quiz_attempt_id": "select count(*) from la_quiz_attempt_answers a "
                                                "anti join la_quiz_attempts q on q.id = a.quiz_attempt_id",
        "survey_attempts.survey_occurrence_id": "select count(*) from la_survey_attempts a "
                                                "anti join la_survey_occurrences o on o.id = a.survey_occurrence_id",
        "key_results.objective_id": "select count(*) from la_key_results a anti join la_objectives o "
                                    "on o.id = a.objective_id",
        "content_skills.skill_id": "select count(*) from la_content_skills a anti join la_skills s on s.id = a.skill_id",
        "custom_fields.user_id": "select count(*) from la_custom_fields a anti join la_users u on u.id = a.user_id",
        "bds logins.UserId": "select count(*) from bs_user_logins a anti join bs_users u on u.UserId = a.UserId",
        "bds enrollments.UserId": "select count(*) from bs_user_enrollments a anti join bs_users u on u.UserId = a.UserId",
        "bds course_access.OrgUnitId": "select count(*) from bs_course_access a anti join bs_user_enrollments e "
                                       "on e.OrgUnitId = a.OrgUnitId and e.UserId = a.UserId "
                                       "anti join bs_enrollments_and_withdrawals w on w.OrgUnitId = a.OrgUnitId "
                                       "and w.UserId = a.UserId",
    }
    orphans = {name: scalar(gen_db, sql) for name, sql in checks.items()}
    assert orphans == {name: 0 for name in checks}


def test_time_order_is_coherent(gen_db):
    # completions follow starts: every completion of a user on a content has a start before it
    assert scalar(gen_db, """
        select count(*) from la_completions c
        where not exists (select 1 from la_starts s where s.user_id = c.user_id and s.type = c.type
                          and s.content_id = c.content_id and s.happened_at::timestamp <= c.happened_at::timestamp)
    """) == 0
    assert scalar(gen_db, "select count(*) from la_tasks where deadline::date < assigned_at::timestamp::date") == 0
    assert scalar(gen_db, "select count(*) from la_tasks where completed_at::timestamp < assigned_at::timestamp") == 0
    assert scalar(gen_db, "select count(*) from la_event_sessions where ends_at::timestamp <= starts_at::timestamp") == 0


def test_one_to_ones_have_a_reviewer_and_a_reviewee(gen_db):
    assert scalar(gen_db, """
        select count(*) from (
            select one_to_one_id from la_one_to_one_attempts group by 1
            having count(*) filter (where user_is_reviewee = 't') <> 1
                or count(*) filter (where user_is_reviewee = 'f') <> 1)""") == 0
    assert scalar(gen_db, "select count(*) from la_one_to_ones o anti join la_one_to_one_attempts a "
                          "on a.one_to_one_id = o.id") == 0


def test_realistic_shapes(gen_db):
    failed = scalar(gen_db, "select avg((StatusType <> 'Success')::int) from bs_user_logins")
    assert 0.03 <= failed <= 0.08
    assert scalar(gen_db, "select count(*) from la_users where deactivated = 't'") > 0
    assert scalar(gen_db, "select count(*) from la_tasks where archived = 't'") > 0
    assert scalar(gen_db, "select count(*) from la_activities where expired = 't'") > 0
    # heavy tail: the busiest 10% of users account for far more than 10% of activity
    top = scalar(gen_db, """
        with n as (select user_id, count(*) as n from la_activities group by 1),
        r as (select n, ntile(10) over (order by n desc) as decile from n)
        select sum(n) filter (where decile = 1) / sum(n) from r""")
    assert top > 0.2
    # working hours: most activity between 08:00 and 18:00 UTC, on weekdays
    share = scalar(gen_db, "select avg((hour(happened_at::timestamp) between 8 and 17 "
                           "and isodow(happened_at::timestamp) <= 5)::int) from la_activities")
    assert share > 0.8


def test_brightspace_extracts(gen_db):
    # system user 0 only in the Users full extract
    assert rows(gen_db, "select filename like '%Differential%' from bs_users where UserId = '0'") == [(False,)]
    # differentials update existing keys, add new ones, and overlapping extracts repeat a few rows
    users = gen_db.execute("""
        select count(*) filter (where n > 1) from (select UserId, count(*) as n from bs_users group by 1)""").fetchall()
    assert users[0][0] > 0
    repeated_logins = scalar(gen_db, "select count(*) - count(distinct LoginAttemptId) from bs_user_logins")
    assert repeated_logins > 0


def test_identity_link_with_noise(gen_db):
    """Employee Number (Learn Amp custom field) = OrgDefinedId (Brightspace), with case, space and gaps."""
    la = dict(rows(gen_db, "select user_id, value from la_custom_fields where name = 'Employee Number'"))
    bs = [r[0] for r in rows(gen_db, "select OrgDefinedId from bs_users where UserId <> '0' and UserId::int > 1000")]
    normalised_la = {v.strip().upper() for v in la.values()}
    matched = [v for v in bs if v and v.strip().upper() in normalised_la]
    assert len(matched) > 0.3 * len(bs)
    assert any(v != v.strip() for v in la.values()) or any(v and v != v.strip() for v in bs)
    assert any(v and v.strip() != v.strip().upper() for v in list(la.values()) + bs)
    assert any(v is None for v in bs)


def test_every_learnamp_table_of_the_spec_is_registered():
    """lwh.generate.learnamp.TABLES, the registry the writer iterates, names each table of the
    column spec; the event tables are those a later day's export carries as delta parts."""
    from lwh.generate import learnamp

    assert set(learnamp.TABLES) == set(spec.tables("learnamp"))
    assert set(learnamp.EVENT_TABLES) == {"activities", "completions", "starts", "views", "session_tracks"}
