"""The Brightspace (D2L Brightspace Data Sets) extracts: the working tables, the SQL of each data
set's full extract and differentials, and their writer.

Brightspace is written as one ZIP per extract holding one UTF-8-with-BOM CSV with the documented
PascalCase header: one full extract per data set and daily differentials after it. The full
extracts are taken at F = E - 7 days + 3h (E = the end date); differential d (d = 1..7) covers
(F + (d-1) days, F + d days]. `extracts` maps each data set of the column spec
(models/staging/brightspace/_brightspace__sources.yml) to its SQL.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from lwh import spec
from lwh.generate import brightspace_learning
from lwh.generate.world import DIFFERENTIAL_DAYS, FIRST_NAMES, LAST_NAMES, World, sql_list
from lwh.generate.writers import Progress, Written, check_columns, copy_csv, render, zip_with_bom


def build_brightspace(w: World) -> None:
    """The working tables `bs_*`: accounts, org units, enrollments, course access, logins, attributes."""
    n_courses = w.sized(500, 0.6, 12)
    w.table_sql("bs_org_units", f"""
        select 6600 + i * 7 as org_unit_id, i from range(1, {n_courses} + 1) t(i)""")
    # accounts: people with a Brightspace account, external instructors, system user 0
    n_ext = max(3, round(w.people * 0.01))
    w.table_sql("bs_users_truth", f"""
        select 20000 + p * 3 as UserId, p,
            handle as UserName,
            case when rnd(p, 'bs_emp_missing') < 0.03 then null
                 when rnd(p, 'bs_emp_noise') < 0.08 then lower(employee_number)
                 when rnd(p, 'bs_emp_noise') < 0.12 then '  ' || employee_number || ' '
                 else employee_number end as OrgDefinedId,
            first_name as FirstName,
            case when rnd(p, 'middle') < 0.15 then pick(p, 'mid', ['A.', 'J.', 'Marie', 'Lee', 'K.']) end as MiddleName,
            last_name as LastName,
            leave_date is null or leave_date > full_at()::date as active_at_full,
            leave_date,
            'Example Corp' as Organization,
            case when rnd(p, 'bs_mail_missing') < 0.05 then null else handle || '@example-corp.com' end as ExternalEmail,
            account_date::timestamp + work_time(p, 'bs_signup') as SignupDate,
            activity_weight,
            case when rnd(p, 'bs_role') < 0.03 then 109 else 110 end as OrgRoleId
        from people where is_bs
        union all
        select 100 + i, null, 'ext.instructor' || i::varchar, null, pick(i, 'xfirst', {sql_list(FIRST_NAMES)}),
            null, pick(i, 'xlast', {sql_list(LAST_NAMES)}), true, null, 'Partner Training Ltd',
            'instructor' || i::varchar || '@partner-training.example', period_start()::timestamp - interval 100 day + to_seconds(i * 3600),
            1.0, 109
        from range(1, {n_ext} + 1) t(i)""")
    w.table_sql("bs_enrolled", f"""
        select u.UserId, o.org_unit_id as OrgUnitId, k, hash(u.UserId, k, 'enr') as ek,
            case when u.OrgRoleId = 109 then 'Instructor' else
                pick(hash(u.UserId, k), 'role', ['Learner', 'Learner', 'Learner', 'Learner', 'Student', 'Teaching Assistant']) end as RoleName,
            work_ts(hash(u.UserId, k), 'enrd', greatest(u.SignupDate::date, period_start() - 200), coalesce(least(u.leave_date, period_end()), period_end())) as EnrollmentDate,
            u.activity_weight, u.leave_date
        from bs_users_truth u, range(rint(u.UserId, 'ncourses', 2, 10)) c(k)
        join bs_org_units o on o.i = 1 + floor(pow(rnd(hash(u.UserId, k), 'course'), 1.6) * {n_courses})::bigint
        where coalesce(least(u.leave_date, period_end()), period_end()) > greatest(u.SignupDate::date, period_start() - 200)
        qualify row_number() over (partition by u.UserId, o.org_unit_id order by k) = 1""")
    w.q("""
        create or replace table bs_enrolled as
        select *, case RoleName when 'Instructor' then 109 when 'Teaching Assistant' then 111 when 'Student' then 103 else 110 end as RoleId,
            case when rnd(ek, 'etype') < 0.1 then pick(ek, 'etypev', ['Self Enrolled', 'Auto Enrolled']) end as EnrollmentType,
            case when rnd(ek, 'withdraw') < 0.1 then EnrollmentDate + to_seconds(rint(ek, 'wlag', 86400, 200 * 86400)) end as withdrawn_raw
        from bs_enrolled""")
    w.q("""
        create or replace table bs_enrolled as
        select * exclude (withdrawn_raw), case when withdrawn_raw < period_end()::timestamp then withdrawn_raw end as WithdrawnDate
        from bs_enrolled""")
    # enrollment log: every enrollment and withdrawal, LogId in time order
    w.table_sql("bs_enrollments_and_withdrawals", """
        with e as (
            select UserId, OrgUnitId, RoleId, 'Enroll' as Action, EnrollmentDate as event_at, ek, 0 as seq from bs_enrolled
            union all
            select UserId, OrgUnitId, RoleId, 'Withdraw', WithdrawnDate, ek, 1 from bs_enrolled where WithdrawnDate is not null)
        select 900000 + row_number() over (order by event_at, UserId, OrgUnitId, seq) as LogId,
            UserId, OrgUnitId, case when rnd(ek, 'norole') < 0.01 then null else RoleId end as RoleId, Action,
            case when rnd(ek, 'self') < 0.6 then null else 100 + (ek % 3)::bigint + 1 end as ModifiedByUserId,
            event_at as EnrollmentDate, event_at
        from e""")
    # course access: one row per user, course and local day accessed (heavy-tailed)
    w.table_sql("bs_course_access", """
        select distinct e.OrgUnitId, e.UserId,
            work_day(hash(e.UserId, e.OrgUnitId, d.j), 'cad', e.EnrollmentDate::date, coalesce(least(e.WithdrawnDate::date, e.leave_date, horizon()), horizon())) as DayAccessed
        from bs_enrolled e, range(floor(e.activity_weight * rint(e.ek, 'ndays', 20, 55))::bigint) d(j)
        where coalesce(least(e.WithdrawnDate::date, e.leave_date, horizon()), horizon()) > e.EnrollmentDate::date""")
    w.q("create or replace table bs_course_access as select *, DayAccessed::timestamp + interval 23 hour as event_at from bs_course_access")
    # Pulse app: a third of users; an initial row and one per further 30 minutes
    w.table_sql("bs_course_access_log", """
        -- unique without DISTINCT: one base time per (user, course, day), pulses 30 minutes apart
        select c.OrgUnitId, c.UserId,
            c.DayAccessed::timestamp + work_time(hash(c.UserId, c.OrgUnitId, c.DayAccessed), 'pulse') + to_seconds(k * 1800) as Timestamp,
            'Pulse' as Source
        from bs_course_access c, range(rint(hash(c.UserId, c.OrgUnitId, c.DayAccessed), 'npulse', 1, 5)) p(k)
        where rnd(c.UserId, 'pulse_user') < 0.35 and rnd(hash(c.UserId, c.OrgUnitId, c.DayAccessed), 'pulse_day') < 0.6""")
    w.q("create or replace table bs_course_access_log as select *, Timestamp as event_at from bs_course_access_log")
    # logins: about 5% failed; a few impersonations
    w.table_sql("bs_user_logins", """
        with a as (
            select u.UserId, u.UserName, k, hash(u.UserId, k, 'login') as lk,
                work_ts(hash(u.UserId, k), 'login_at', greatest(u.SignupDate::date, period_start()), coalesce(least(u.leave_date, horizon()), horizon())) as AttemptDate
            from bs_users_truth u, range(floor(u.activity_weight * rint(u.UserId, 'nlogin', 150, 240))::bigint) l(k)
            where coalesce(least(u.leave_date, horizon()), horizon()) > greatest(u.SignupDate::date, period_start()))
        select UserId,
            case when rnd(lk, 'fail') < 0.05 and rnd(lk, 'typo') < 0.3 then upper(UserName) else UserName end as UserName,
            case when rnd(lk, 'v6') < 0.1 then '2001:db8:' || printf('%x', (lk % 65535)::bigint) || '::' || printf('%x', ((lk >> 16) % 65535)::bigint)
                 else '10.' || (lk % 250)::varchar || '.' || ((lk >> 8) % 250)::varchar || '.' || ((lk >> 16) % 250 + 1)::varchar end as IP,
            case when rnd(lk, 'fail') < 0.05 then null else (lk % 2000000000)::bigint end as SessionId,
            case when rnd(lk, 'fail') < 0.05 then case when rnd(lk, 'lock') < 0.05 then 'Locked Out' else 'Failed' end else 'Success' end as StatusType,
            AttemptDate,
            case when rnd(lk, 'fail') >= 0.05 and rnd(lk, 'imp') < 0.004 then 101 end as ImpersonatingUserId,
            guid(lk, 'attempt') as LoginAttemptId,
            case when rnd(lk, 'mobile') < 0.2 then 'Brightspace Pulse' else 'Brightspace' end as LoginSource,
            AttemptDate as event_at, lk
        from a
        order by AttemptDate, lk""")
    # user attributes
    w.table_sql("bs_attribute_definitions", """
        select * from (values
            ('department', 'Department', 'string', false, false, timestamp '2023-02-01 10:00:00', 101, false, 3),
            ('cost_centre', 'Cost centre', 'string', false, false, timestamp '2023-02-01 10:05:00', 101, false, 2),
            ('start_date', 'Start date', 'date', false, true, timestamp '2022-11-20 09:00:00', 101, false, 1),
            ('line_manager', 'Line manager', 'user', false, false, timestamp '2023-06-12 14:30:00', 102, false, 4),
            ('home_org_unit', 'Home org unit', 'org_unit', false, false, timestamp '2023-06-12 14:35:00', 102, false, 1),
            ('languages', 'Languages', 'string', true, false, timestamp '2024-01-08 08:15:00', 101, false, 2),
            ('legacy_grade', 'Legacy grade', 'string', false, false, timestamp '2024-03-01 12:00:00', 101, true, 5)
        ) t(AttributeId, Name, Type, AllowMultiple, IsDefault, LastModified, ModifiedBy, IsDeleted, Version)""")
    w.table_sql("bs_attribute_values", f"""
        select u.UserId, a.AttributeId,
            case a.AttributeId
                when 'department' then p.department
                when 'cost_centre' then 'CC-' || lpad((100 + p.p % 40)::varchar, 4, '0')
                when 'start_date' then strftime(p.hire_date, '%Y-%m-%d')
                when 'line_manager' then (20000 + (1 + (p.p * 7919) % {w.people}) * 3)::varchar
                when 'languages' then case when rnd(p.p, 'langs') < 0.3 then 'en,fr' else 'en' end
            end as Value,
            u.SignupDate + to_seconds(rint(hash(u.UserId, a.AttributeId), 'avt', 3600, 30 * 86400)) as LastModified,
            101 as ModifiedBy, false as IsDeleted, 1 + (hash(u.UserId, a.AttributeId) % 3)::int as Version
        from bs_users_truth u join people p on p.p = u.p
        cross join (select AttributeId from bs_attribute_definitions where AttributeId in ('department', 'cost_centre', 'start_date', 'line_manager', 'languages')) a
        where rnd(hash(u.UserId, a.AttributeId), 'has_attr') < 0.8""")
    w.table_sql("bs_auditor_log", f"""
        with c as (
            select 100 + (1 + floor(rnd(u.UserId, 'aud') * {n_ext}))::bigint as AuditorId, u.UserId as UserToAuditId,
                6600 + 7 as OrgUnitId, 'Created' as Action, 101 as ModifiedBy,
                work_ts(u.UserId, 'aud_at', period_start(), period_end()) as ModifiedDate, u.UserId as uk
            from bs_users_truth u where u.p is not null and rnd(u.UserId, 'audited') < 0.02)
        select AuditorId, UserToAuditId, OrgUnitId, Action, ModifiedBy, ModifiedDate, ModifiedDate as event_at from c
        union all
        select AuditorId, UserToAuditId, OrgUnitId, 'Deleted', ModifiedBy, ModifiedDate + to_seconds(rint(uk, 'aud_del', 86400, 120 * 86400)),
            ModifiedDate + to_seconds(rint(uk, 'aud_del', 86400, 120 * 86400))
        from c where rnd(uk, 'aud_deleted') < 0.3
            and ModifiedDate + to_seconds(rint(uk, 'aud_del', 86400, 120 * 86400)) < period_end()::timestamp""")


COURSE_SUBJECTS = ["Data Protection", "Health and Safety", "Leadership", "Negotiation", "Python", "Excel",
                   "Project Management", "Customer Service", "Finance Basics", "Cyber Security", "Coaching",
                   "Presentation Skills", "Diversity and Inclusion", "Anti-Bribery", "First Aid"]
COURSE_LEVELS = ["Foundations", "Essentials", "in Practice", "Advanced", "Refresher"]


def build_naming(w: World) -> None:
    """The two naming data sets outside the Users module: Organizational Units (the organisation,
    its faculties and departments, the course templates, semesters and every course offering the
    facts use) and Role Details (every role User Enrollments names, plus two roles nobody holds).

    The hierarchy (`bs_org_unit_parents`, which Organizational Unit Ancestors closes): Organization >
    Faculty > Department > Course Template > Course Offering, and Organization > Semester >
    Course Offering. A course offering's template is its subject and level; its department follows
    the subject; its semester is the year it starts. An offering starts before its first enrollment
    and (unless open-ended) ends after its last, so every enrollment's learning lies inside it."""
    n_subjects, n_levels = len(COURSE_SUBJECTS), len(COURSE_LEVELS)
    w.table_sql("bs_offerings", f"""
        with e as (select OrgUnitId, min(EnrollmentDate)::date as first_enr, max(EnrollmentDate)::date as last_enr
                   from bs_enrolled group by 1)
        select o.org_unit_id, o.i,
            1 + floor(rnd(o.i, 'ou_subject') * {n_subjects})::int as subject,
            1 + floor(rnd(o.i, 'ou_level') * {n_levels})::int as level,
            least(period_start() - 200 + rint(o.i, 'ou_start', 0, 400)::integer,
                  coalesce(e.first_enr, period_end()) - rint(o.i, 'ou_lead', 7, 45)::integer)::timestamp + interval 8 hour as start_at,
            coalesce(e.last_enr, period_end()) as last_enr
        from bs_org_units o left join e on e.OrgUnitId = o.org_unit_id""")
    w.q("""
        create or replace table bs_offerings as
        select *, 5000 + subject * 10 + level as template_id, 6600 + 1 + (subject % 4) as department_id,
            6605 + least(1, greatest(0, year(start_at) - year(period_start()))) as semester_id,
            case when rnd(i, 'ou_open') < 0.2 then null
                 else greatest(start_at + interval 180 day, last_enr::timestamp + to_seconds(rint(i, 'ou_run_on', 60, 200) * 86400) + interval 16 hour) end as end_at
        from bs_offerings""")
    w.table_sql("bs_org_unit_details", f"""
        select 6600 as OrgUnitId, 'Example Corp' as Organization, 'Organization' as Type, 'Example Corp' as Name,
            'EXAMPLE' as Code, null::timestamp as StartDate, null::timestamp as EndDate, true as IsActive,
            timestamp '2019-01-07 09:00:00' as CreatedDate, false as IsDeleted, null::timestamp as DeletedDate,
            null::timestamp as RecycledDate, 1::bigint as Version, 1 as OrgUnitTypeId, 0 as i
        union all
        select 6600 + d, 'Example Corp', 'Department', ['Sales', 'Operations', 'Finance', 'People'][d],
            'DEP-' || d::varchar, null, null, true, timestamp '2019-01-07 09:00:00' + to_seconds(d * 3600),
            false, null, null, 1, 205, 0
        from range(1, 5) t(d)
        union all
        select 6604 + s, 'Example Corp', 'Semester', 'Semester ' || (year(period_start()) + s - 1)::varchar,
            'SEM-' || (year(period_start()) + s - 1)::varchar,
            make_timestamp(year(period_start()) + s - 1, 1, 1, 0, 0, 0),
            make_timestamp(year(period_start()) + s - 1, 12, 31, 23, 59, 59), true,
            make_timestamp(year(period_start()) + s - 2, 12, 1, 9, 0, 0), false, null, null, 1, 5, 0
        from range(1, 3) t(s)
        union all
        select 6590 + f, 'Example Corp', 'Faculty', ['School of Business', 'School of Operations and People'][f],
            'FAC-' || f::varchar, null, null, true, timestamp '2019-01-07 08:00:00' + to_seconds(f * 600),
            false, null, null, 1, 206, 0
        from range(1, 3) t(f)
        union all
        select template_id, 'Example Corp', 'Course Template',
            {sql_list(COURSE_SUBJECTS)}[subject] || ' ' || {sql_list(COURSE_LEVELS)}[level],
            'TPL-' || lpad(subject::varchar, 2, '0') || '-' || level::varchar, null, null, true,
            min(start_at) - interval 60 day, false, null, null, 1, 2, 0
        from bs_offerings group by template_id, subject, level
        union all
        select org_unit_id, 'Example Corp', 'Course Offering',
            {sql_list(COURSE_SUBJECTS)}[subject] || ' ' || {sql_list(COURSE_LEVELS)}[level],
            'CRS-' || lpad(i::varchar, 4, '0'),
            start_at, end_at,
            rnd(i, 'ou_active') < 0.9, start_at - interval 30 day,
            deleted, case when deleted then start_at + to_seconds(rint(i, 'ou_del', 86400, 300 * 86400)) end,
            null, 1 + rint(i, 'ou_version', 0, 3), 3, i
        from (select *, rnd(i, 'ou_deleted') < 0.02 as deleted from bs_offerings)""")
    # the hierarchy: each org unit's parents (a course offering has two: its template and semester)
    w.table_sql("bs_org_unit_parents", """
        select * from (values (6601, 6591), (6602, 6592), (6603, 6591), (6604, 6592),
                              (6591, 6600), (6592, 6600), (6605, 6600), (6606, 6600)) t(OrgUnitId, ParentOrgUnitId)
        union all select distinct template_id, department_id from bs_offerings
        union all select org_unit_id, template_id from bs_offerings
        union all select org_unit_id, semester_id from bs_offerings""")
    w.table_sql("bs_role_details", """
        select * from (values
            (103, 'Student', 'A learner enrolled by a school', true, true, 'Student', null, 'STU', 1),
            (109, 'Instructor', 'Teaches and grades', true, true, 'Instructor', 'Teacher', 'INS', 2),
            (110, 'Learner', 'Takes courses', true, true, 'Learner', null, 'LRN', 3),
            (111, 'Teaching Assistant', 'Helps an instructor', true, true, 'TA', null, 'TA', 4),
            (112, 'Auditor', 'Follows other users'' progress', false, false, null, null, 'AUD', 5),
            (115, 'Administrator', 'Manages the organisation', false, false, null, 'Admin', 'ADM', 6)
        ) as r(RoleId, RoleName, Description, IsCascading, InClassList, ClassListRoleName, RoleAlias, RoleCode, k)""")
    w.q("""
        create or replace table bs_role_details as
        select RoleId, RoleName, Description, IsCascading, InClassList, ClassListRoleName, RoleAlias, RoleCode,
            timestamp '2020-06-01 09:00:00' + to_seconds(k * 86400) as LastModifiedDate, null::integer as DeletedBy
        from bs_role_details""")


def users_at(at_sql: str) -> str:
    """The Users data set as of a point in time (state at that moment)."""
    return f"""
        with l as (
            select UserId, count(*) as logins, min(AttemptDate) as first_at, max(AttemptDate) as last_at
            from bs_user_logins where StatusType = 'Success' and AttemptDate <= {at_sql} group by 1)
        select u.UserId, u.UserName, u.OrgDefinedId, u.FirstName, u.MiddleName, u.LastName,
            u.leave_date is null or u.leave_date > ({at_sql})::date as IsActive,
            u.Organization, u.ExternalEmail, u.SignupDate,
            l.first_at as FirstLoginDate,
            1 + coalesce(l.logins, 0) // 25 as Version,
            u.OrgRoleId,
            coalesce(l.last_at, u.SignupDate) as LastAccessed
        from bs_users_truth u left join l on l.UserId = u.UserId
        where u.SignupDate <= {at_sql}"""


def extracts(days: range = range(1, DIFFERENTIAL_DAYS + 1)) -> dict[str, dict]:
    """Per data set: SQL of the full extract and of the rows of each differential in `days`
    (differential d covers (F + (d-1) days, F + d days]); the learning data sets' come from
    brightspace_learning, which on day REFULL_DAY writes a newer full extract instead ("kinds")."""
    F = "full_at()"
    log_sources = {
        "auditor_relationships_log": "bs_auditor_log",
        "course_access": "bs_course_access",
        "course_access_log": "bs_course_access_log",
        "enrollments_and_withdrawals": "bs_enrollments_and_withdrawals",
        "user_logins": "bs_user_logins",
    }
    out: dict[str, dict] = {}
    for name, src in log_sources.items():
        diffs = []
        for d in days:
            lo = f"{F} + interval {d - 1} day"
            hi = f"{F} + interval {d} day"
            # overlapping windows: each differential repeats ~2% of the previous day's rows
            diffs.append(f"""select * from {src} where (event_at > {lo} and event_at <= {hi})
                or (event_at > {lo} - interval 1 day and event_at <= {lo} and rnd(hash(event_at, {d}), 'overlap') < 0.02)""")
        out[name] = {"full": f"select * from {src} where event_at <= {F}", "diffs": diffs}
    # state data sets
    users_diffs = []
    ue_diffs = []
    uav_diffs = []
    uad_diffs = []
    for d in days:
        lo = f"({F} + interval {d - 1} day)"
        hi = f"({F} + interval {d} day)"
        users_diffs.append(f"""
            with s as ({users_at(hi)})
            select * from s where UserId in (
                select UserId from bs_user_logins where StatusType = 'Success' and AttemptDate > {lo} and AttemptDate <= {hi}
                union select UserId from bs_users_truth where SignupDate > {lo} and SignupDate <= {hi}
                union select UserId from bs_users_truth where leave_date > ({lo})::date and leave_date <= ({hi})::date)""")
        ue_diffs.append(f"""select * from bs_enrolled where (EnrollmentDate > {lo} and EnrollmentDate <= {hi})
            or (EnrollmentDate > {lo} - interval 1 day and EnrollmentDate <= {lo} and rnd(ek, 'ue_overlap') < 0.05)""")
        uav_diffs.append(f"""select * from bs_attribute_values where rnd(hash(UserId, AttributeId), 'uav_d{d}') < 0.004""")
        uad_diffs.append("select * from bs_attribute_definitions where AttributeId = 'cost_centre'" if d == 3 else
                         "select * from bs_attribute_definitions where false")
    out["users"] = {"full": f"{users_at(F)} union all select 0, 'system', null, 'System', null, 'User', true, null, null, "
                            f"null, null, null, null, timestamp '2020-06-01 00:00:00'",
                    "diffs": users_diffs}
    out["user_enrollments"] = {"full": f"select * from bs_enrolled where EnrollmentDate <= {F} and (WithdrawnDate is null or WithdrawnDate > {F})",
                               "diffs": ue_diffs}
    out["user_attribute_values"] = {
        "full": f"select * from bs_attribute_values where LastModified <= {F}",
        "diffs": [s.replace("where", f"where LastModified <= {F} and", 1) for s in uav_diffs]}
    out["user_attribute_definitions"] = {"full": "select * from bs_attribute_definitions", "diffs": uad_diffs}
    # the naming data sets: a course renamed now and then (a new Version), a role renamed once
    out["organizational_units"] = {
        "full": "select * from bs_org_unit_details",
        "diffs": [f"""select * replace (Version + 1 as Version,
                        Name || case when rnd(i, 'ou_rename{d}') < 0.5 then ' (updated)' else '' end as Name)
                    from bs_org_unit_details where Type = 'Course Offering' and rnd(i, 'ou_d{d}') < 0.03"""
                  for d in days]}
    out["role_details"] = {
        "full": "select * from bs_role_details",
        "diffs": ["select * replace ('Course Auditor' as RoleName) from bs_role_details where RoleId = 112"
                  if d == 2 else "select * from bs_role_details where false" for d in days]}
    out.update(brightspace_learning.extracts(days))
    return out


def write_brightspace(w: World, written: list[Written], progress: Progress, tmp: Path, pool: ThreadPoolExecutor,
                      pending: list[Future], day_after: int = 0) -> None:
    """The full extracts and DIFFERENTIAL_DAYS differentials (day_after = 0), or only the
    differentials of day `day_after` after the end date. The ZIPs are packed in `pool` (the
    futures go to `pending`); each file is appended to `written`."""
    # booleans as D2L writes them: True/False in most data sets, 1/0 in some, TRUE/FALSE in
    # Content User Progress, and mixed within Content Objects (IsDeleted 1/0, IsHidden True/False)
    bool_styles = {"users": "TrueFalse", "user_attribute_definitions": "10", "user_attribute_values": "10",
                   "content_objects": {"IsDeleted": "10", "*": "TrueFalse"}, "content_user_progress": "TRUEFALSE",
                   "grade_objects": "10", "quiz_attempts": "10", "assignment_submissions": "10"}
    tables = spec.tables("brightspace")
    days = range(DIFFERENTIAL_DAYS + day_after, DIFFERENTIAL_DAYS + day_after + 1) if day_after \
        else range(1, DIFFERENTIAL_DAYS + 1)
    data_sets = extracts(days)
    if set(data_sets) != set(tables):
        raise RuntimeError(f"generator and spec disagree on Brightspace data sets: {set(data_sets) ^ set(tables)}")
    for name, table in tables.items():
        plan = [] if day_after else [("full", w.full_at, data_sets[name]["full"])]
        kinds = data_sets[name].get("kinds") or ["differential"] * len(days)
        plan += [(kind, w.full_at + dt.timedelta(days=d), sql)
                 for d, sql, kind in zip(days, data_sets[name]["diffs"], kinds, strict=True)]
        for kind, at, sql in plan:
            check_columns(w, table, sql)
            csv_tmp = tmp / f"{name}.csv"
            presorted = name == "user_logins"      # in AttemptDate order, as D2L writes it
            rows = copy_csv(w, render(table, sql, bool_styles.get(name, "TrueFalse"),
                                      "%Y-%m-%dT%H:%M:%S.%gZ", presorted), csv_tmp)
            stamp = at.strftime("%Y%m%dT%H%M%SZ")
            base = table.csv_name.removesuffix(".csv")
            zip_name = f"{base}_{stamp}.zip" if kind == "full" else f"{base}_Differential_{stamp}.zip"
            path = w.out / "brightspace" / zip_name
            csv_tmp = csv_tmp.rename(tmp / f"{zip_name}.csv")
            pending.append(pool.submit(zip_with_bom, csv_tmp, path, table.csv_name, at))
            written.append(Written("brightspace", name, str(path.relative_to(w.out)), rows, kind,
                                   at.strftime("%Y-%m-%dT%H:%M:%SZ")))
            progress.step(f"brightspace/{zip_name}", rows)
