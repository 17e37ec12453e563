"""`lwh generate`: the Brightspace learning data sets (issue 24): Content, Grades, Quizzes,
Assignments and Organizational Unit Ancestors, for the same people and courses as the Users module."""

from __future__ import annotations

import csv
import io
import zipfile

from lwh import spec
from lwh.generate import DIFFERENTIAL_DAYS
from lwh.generate.brightspace_learning import CHANGES, REFULL_DAY

from conftest import rows, scalar

LEARNING = sorted(CHANGES)

# each data set's rows with the org unit they belong to (Content User Progress has no OrgUnitId)
WITH_ORG_UNIT = {
    "content_user_progress": "select p.*, o.OrgUnitId from bs_content_user_progress p "
                             "join (select distinct ContentObjectId, OrgUnitId from bs_content_objects) o using (ContentObjectId)",
    "content_user_completion": "select * from bs_content_user_completion",
    "quiz_attempts": "select * from bs_quiz_attempts",
    "grade_results": "select * from bs_grade_results",
    "assignment_submissions": "select *, SubmitterId as UserId from bs_assignment_submissions",
}
# learner enrollments: current ones (User Enrollments) and since withdrawn ones (the Enroll action
# of Enrollments and Withdrawals: a withdrawn learner's progress and grades stay)
ENROLLED = ("(select UserId, OrgUnitId, min(enrolled_at) as enrolled_at from ("
            "select UserId, OrgUnitId, EnrollmentDate::timestamp as enrolled_at from bs_user_enrollments "
            "where RoleId in ('110', '103') union all "
            "select UserId, OrgUnitId, EnrollmentDate::timestamp from bs_enrollments_and_withdrawals "
            "where Action = 'Enroll' and coalesce(RoleId, '110') in ('110', '103')) group by all)")


def test_the_generator_writes_every_learning_data_set_of_the_spec():
    tables = spec.tables("brightspace")
    assert set(LEARNING) <= set(tables)
    assert all(tables[n].optional and tables[n].extract_kind == "state" for n in LEARNING)


def test_full_extracts_and_differentials_with_the_documented_header(exports, manifest):
    tables = spec.tables("brightspace")
    for name in LEARNING:
        files = [f for f in manifest["files"] if f["system"] == "brightspace" and f["table"] == name]
        kinds = [f["kind"] for f in files]
        assert len(files) == 1 + DIFFERENTIAL_DAYS, name
        # the weekly full replaces the last differential (not for the ancestors, which never change)
        fulls = 1 if name == "organizational_unit_ancestors" else 2
        assert kinds.count("full") == fulls and kinds.count("differential") == 1 + DIFFERENTIAL_DAYS - fulls, name
        assert all(f["rows"] > 0 for f in files if f["kind"] == "full"), name
        for f in files:
            with zipfile.ZipFile(exports / f["path"]) as zf:
                (member,) = zf.namelist()
                data = zf.read(member)
            assert member == tables[name].csv_name
            assert data.startswith(b"\xef\xbb\xbf")
            header = next(csv.reader(io.StringIO(data[3:].decode("utf-8"))))
            assert header == tables[name].column_names, f["path"]
            assert len(data[3:].decode("utf-8").splitlines()) == 1 + f["rows"], f["path"]
    assert REFULL_DAY <= DIFFERENTIAL_DAYS


def test_booleans_and_timestamps_as_d2l_writes_them(gen_db):
    assert {r[0] for r in rows(gen_db, "select distinct IsDeleted from bs_content_objects")} == {"0", "1"}
    assert {r[0] for r in rows(gen_db, "select distinct IsHidden from bs_content_objects")} == {"True", "False"}
    assert {r[0] for r in rows(gen_db, "select distinct IsRead from bs_content_user_progress")} <= {"TRUE", "FALSE"}
    ts = scalar(gen_db, "select LastModified from bs_grade_objects limit 1")
    assert len(ts) == 24 and ts[10] == "T" and ts.endswith("Z")


def test_learning_objects_belong_to_course_offerings(gen_db):
    offerings = "(select OrgUnitId from bs_organizational_units where Type = 'Course Offering')"
    for name in ("content_objects", "quiz_objects", "grade_objects", "assignment_summary"):
        assert scalar(gen_db, f"select count(*) from bs_{name} anti join {offerings} o using (OrgUnitId)") == 0, name
        assert scalar(gen_db, f"select count(distinct OrgUnitId) from bs_{name}") > 5, name
    # the tool links point at real rows of the same course
    assert scalar(gen_db, """select count(*) from bs_quiz_objects q anti join bs_grade_objects g
                             on g.GradeObjectId = q.GradeObjectId and g.OrgUnitId = q.OrgUnitId""") == 0
    assert scalar(gen_db, """select count(*) from bs_assignment_summary a anti join bs_grade_objects g
                             on g.GradeObjectId = a.GradeItemId and g.OrgUnitId = a.OrgUnitId""") == 0
    assert scalar(gen_db, """select count(*) from bs_content_objects c anti join bs_content_objects p
                             on p.ContentObjectId = c.ParentContentObjectId and p.OrgUnitId = c.OrgUnitId
                             where c.ParentContentObjectId <> '0'""") == 0
    assert scalar(gen_db, "select count(*) from bs_quiz_attempts a anti join bs_quiz_objects q using (QuizId)") == 0
    assert scalar(gen_db, "select count(*) from bs_grade_results r anti join bs_grade_objects g using (GradeObjectId)") == 0


def test_learner_rows_are_of_learners_enrolled_in_that_offering_inside_its_dates(gen_db):
    for name, sql in WITH_ORG_UNIT.items():
        assert scalar(gen_db, f"select count(*) from ({sql}) x") > 0, name
        assert scalar(gen_db, f"select count(*) from ({sql}) x anti join {ENROLLED} e using (UserId, OrgUnitId)") == 0, name
    dated = {"content_user_progress": "LastVisited", "content_user_completion": "DateCompleted",
             "quiz_attempts": "TimeStarted", "assignment_submissions": "LastSubmissionDate"}
    for name, col in dated.items():
        # after the enrollment, inside the offering's dates, and no later than its extract
        assert scalar(gen_db, f"""
            select count(*) from ({WITH_ORG_UNIT[name]}) x join {ENROLLED} e using (UserId, OrgUnitId)
            join bs_organizational_units o using (OrgUnitId)
            where x.{col}::timestamp < e.enrolled_at or x.{col}::timestamp < o.StartDate::timestamp
               or x.{col}::timestamp > coalesce(o.EndDate::timestamp, x.{col}::timestamp)
               or x.{col}::timestamp > strptime(regexp_extract(x.filename, '(\\d{{8}}T\\d{{6}}Z)', 1), '%Y%m%dT%H%M%SZ')""") == 0, name


def test_the_org_unit_tree_rolls_offerings_up_to_department_faculty_and_organization(gen_db):
    types = dict(rows(gen_db, "select Type, count(*) from bs_organizational_units where filename not like '%Differential%' group by 1"))
    assert set(types) == {"Organization", "Faculty", "Department", "Course Template", "Course Offering", "Semester"}
    assert types["Organization"] == 1
    units = "(select distinct OrgUnitId, Type from bs_organizational_units)"
    # every pair names known org units; no org unit is its own ancestor; the tree is closed
    assert scalar(gen_db, f"""select count(*) from bs_organizational_unit_ancestors a
                              anti join {units} u on u.OrgUnitId = a.AncestorOrgUnitId""") == 0
    assert scalar(gen_db, f"select count(*) from bs_organizational_unit_ancestors anti join {units} using (OrgUnitId)") == 0
    assert scalar(gen_db, "select count(*) from bs_organizational_unit_ancestors where OrgUnitId = AncestorOrgUnitId") == 0
    assert scalar(gen_db, """select count(*) from bs_organizational_unit_ancestors a
                             join bs_organizational_unit_ancestors b on b.OrgUnitId = a.AncestorOrgUnitId
                             anti join bs_organizational_unit_ancestors c
                             on c.OrgUnitId = a.OrgUnitId and c.AncestorOrgUnitId = b.AncestorOrgUnitId""") == 0
    # every course offering reaches one template, department, faculty, semester and the organisation
    per_offering = rows(gen_db, f"""
        select o.OrgUnitId, list_sort(list(u.Type)) from {units} o
        join bs_organizational_unit_ancestors a on a.OrgUnitId = o.OrgUnitId
        join {units} u on u.OrgUnitId = a.AncestorOrgUnitId
        where o.Type = 'Course Offering' group by 1""")
    assert len(per_offering) == types["Course Offering"]
    assert {tuple(t) for _, t in per_offering} == {
        ("Course Template", "Department", "Faculty", "Organization", "Semester")}


def test_deletions_flagged_in_later_extracts_and_rows_gone_from_the_newer_full(gen_db):
    deleted_later = {
        "content_objects": ("ContentObjectId", "IsDeleted = '1'"),
        "grade_objects": ("GradeObjectId", "IsDeleted = '1'"),
        "quiz_attempts": ("AttemptId", "IsDeleted = '1'"),
        "assignment_summary": ("DropboxId", "IsDeleted = 'True'"),
    }
    for name, (key, flag) in deleted_later.items():
        # a key live in the first full extract and flagged deleted in a differential
        assert scalar(gen_db, f"""
            select count(*) from bs_{name} d join bs_{name} f using ({key})
            where d.filename like '%Differential%' and d.{flag}
              and f.filename not like '%Differential%' and not f.{flag}""") > 0, name
        # deleted before the first full extract too
        assert scalar(gen_db, f"select count(*) from bs_{name} where filename not like '%Differential%' and {flag}") > 0, name
    keys = {"content_objects": "ContentObjectId", "content_user_progress": "ContentObjectId, UserId",
            "grade_objects": "GradeObjectId", "grade_results": "GradeObjectId, UserId", "quiz_attempts": "AttemptId",
            "assignment_summary": "DropboxId"}
    for name, key in keys.items():
        fulls = sorted(r[0] for r in rows(gen_db, f"select distinct filename from bs_{name} where filename not like '%Differential%'"))
        assert len(fulls) == 2, name
        gone = scalar(gen_db, f"""select count(*) from (select {key} from bs_{name} where filename = '{fulls[0]}'
                                  except select {key} from bs_{name} where filename = '{fulls[1]}')""")
        assert gone > 0, name


def test_realistic_learning_shapes(gen_db):
    # most enrolled learners visit some content; fewer complete every topic
    visited = scalar(gen_db, f"""
        select avg((p.UserId is not null)::int) from {ENROLLED} e
        left join (select distinct UserId, OrgUnitId from ({WITH_ORG_UNIT['content_user_progress']})) p using (UserId, OrgUnitId)""")
    assert 0.5 < visited < 0.95
    finals = "(select GradeObjectId from bs_grade_objects where GradeObjectTypeId in ('7', '8'))"
    scores = [float(r[0]) for r in rows(gen_db, f"""select distinct on (GradeObjectId, UserId) PointsNumerator from bs_grade_results
                                                    where GradeObjectId in {finals} and PointsNumerator is not null""")]
    assert len(scores) > 50
    mean = sum(scores) / len(scores)
    sd = (sum((s - mean) ** 2 for s in scores) / len(scores)) ** 0.5
    assert 40 < mean < 85 and sd > 10
    # a final grade per enrolled learner in many offerings
    covered = scalar(gen_db, f"""
        with f as (select distinct OrgUnitId, UserId from bs_grade_results where GradeObjectId in
                   (select GradeObjectId from bs_grade_objects where GradeObjectTypeId = '7'))
        select count(*) from (select OrgUnitId from {ENROLLED} e left join f using (OrgUnitId, UserId)
                              group by 1 having count(*) = count(f.UserId))""")
    assert covered > 5
    # at risk: learners with under a third of the topics visited and a final grade under 40
    at_risk = scalar(gen_db, f"""
        with topics as (select OrgUnitId, count(*) as n from (select distinct ContentObjectId, OrgUnitId from bs_content_objects
                        where ContentObjectType = 'Topic') group by 1),
        seen as (select UserId, OrgUnitId, count(distinct ContentObjectId) as k from ({WITH_ORG_UNIT['content_user_progress']}) x
            group by all),
        fin as (select UserId, OrgUnitId, max(PointsNumerator::double) as g from bs_grade_results where GradeObjectId in {finals}
            group by all)
        select count(*) from seen join topics using (OrgUnitId) join fin using (UserId, OrgUnitId) where k < n / 3 and g < 40""")
    assert at_risk > 3


def test_learn_amp_and_brightspace_people_still_line_up(gen_db):
    """The learners of the new data sets are Users rows with the shared employee numbers."""
    learners = rows(gen_db, f"""select distinct u.OrgDefinedId from ({WITH_ORG_UNIT['grade_results']}) g
                                join bs_users u using (UserId)""")
    la = {v.strip().upper() for (v,) in rows(gen_db, "select value from la_custom_fields where name = 'Employee Number'")}
    matched = [v for (v,) in learners if v and v.strip().upper() in la]
    assert len(matched) > 0.3 * len(learners)
