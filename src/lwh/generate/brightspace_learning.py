"""The Brightspace learning data sets (outside the Users module): Content Objects, Content User
Progress and Completion, Grade Objects and Results, Quiz Objects and Attempts, Assignment Summary
and Submissions, and Organizational Unit Ancestors.

They describe the same people and courses as the Users module: every content object, quiz, grade
item and assignment belongs to a course offering of `bs_offerings`; every progress, completion,
attempt, grade and submission row is of a learner (role Learner or Student) enrolled in that
offering (`bs_enrolled`), dated after the enrollment and inside the offering's dates, before a
withdrawal or the learner leaving.

The learners (`bs_learners`, one row per learner enrollment): 12% of people never log in (their
activity weight is 0) and about 12% of the others never start; 18% of the rest are behind (they
get through a tenth to a third of the course and score low); about a third of the others aim
to finish everything, the rest most of it. Each learner works through the topics in order over
their own course duration, so a recent enrollment is not far yet.

Extracts. Every data set is state: each row of a working table `bsl_*` has the time it first
shows (`_vis`, its LastModified) and optionally a later change (`_chg`: a deletion, IsDeleted
and DeletedDate set, or a revisit) and a time it is gone (`_gone`: a deleted object purged,
with its children). The full extract at F holds the state at F; differential d the rows that
appeared or changed in (F + (d-1) days, F + d days] (plus a few repeated from the day before);
on day 7 a newer weekly full extract (state at F + 7 days) replaces the differential, so a key
purged during the week is in the older full and missing from the newer one.
"""

from __future__ import annotations

from lwh.generate.world import World

# the day a newer full extract replaces the differential (the weekly full)
REFULL_DAY = 7

TOPIC_TITLES = ["Introduction", "Overview", "Key Concepts", "Case Study", "Video Lesson", "Reading",
                "Worked Example", "Practice Activity", "Checklist", "Summary", "Further Reading",
                "Discussion Prompt"]
MODULE_TITLES = ["Getting Started", "Foundations", "Core Skills", "Applying It", "Going Further", "Wrap-up"]
FEEDBACK = ["Good work, well structured.", "Clear and thorough, thank you.",
            "Please expand the second section.", "Some good points; see my comments.",
            "Excellent, a model answer.", "Missing the required examples; please resubmit."]


def build_learning(w: World) -> None:
    """The working tables `bsl_*` behind the learning data sets (after build_brightspace and build_naming)."""
    n_ext = max(3, round(w.people * 0.01))
    # the course offerings with their dates and the instructor who builds them (an external
    # instructor: a Users row since before the period)
    w.table_sql("bsl_courses", f"""
        select o.org_unit_id as OrgUnitId, o.i, o.start_at as StartDate, d.EndDate, d.IsDeleted as ou_deleted,
            101 + (o.i % {n_ext})::bigint as owner,
            rint(o.i, 'nmod', 2, 6) as n_mod,
            rint(o.i, 'nquiz', 1, 3) as n_quiz,
            rint(o.i, 'nasg', 0, 2) as n_asg,
            rnd(o.i, 'has_final') < 0.85 as has_final,
            rnd(o.i, 'has_adjusted') < 0.3 as has_adjusted
        from bs_offerings o join bs_org_unit_details d on d.OrgUnitId = o.org_unit_id""")
    w.q("create or replace table bsl_courses as "
        "select * replace (least(n_quiz, n_mod) as n_quiz, least(n_asg, n_mod) as n_asg) from bsl_courses")
    _content(w)
    _learners(w)
    _progress(w)
    _quizzes(w)
    _assignments(w)
    _grades(w)
    w.table_sql("bsl_org_unit_ancestors", """
        with recursive a(OrgUnitId, AncestorOrgUnitId) as (
            select OrgUnitId, ParentOrgUnitId from bs_org_unit_parents
            union
            select a.OrgUnitId, p.ParentOrgUnitId from a join bs_org_unit_parents p on p.OrgUnitId = a.AncestorOrgUnitId)
        select OrgUnitId, AncestorOrgUnitId, timestamp '2019-01-07 09:00:00' as _vis,
            null::timestamp as _chg, null::timestamp as _gone, hash(OrgUnitId, AncestorOrgUnitId) as _k
        from a""")


def _deletion(k: str, salt: str, created: str, rate_before: float, rate_week: float, forced: str = "false",
              forced_before: str = "false") -> str:
    """SQL of a deletion time: during the extract week (rate_week, or whenever `forced`) or before F
    (rate_before, or whenever `forced_before`); null for most rows. The forced rows make sure even
    a small run has each case."""
    return f"""case when rnd({k}, '{salt}_dw') < {rate_week} or ({forced})
                    then full_at() + to_seconds(rint({k}, '{salt}_dwt', 3600, 6 * 86400 + 20 * 3600))
                when (rnd({k}, '{salt}_db') < {rate_before} or ({forced_before})) and {created} < full_at() - interval 2 day
                    then {created} + to_seconds(floor(rnd({k}, '{salt}_dbt') * date_diff('second', {created}, full_at() -
                        interval 1 day))::bigint)
           end"""


def _purge(k: str, salt: str, chg: str, forced: str = "false") -> str:
    """SQL of the time a row is purged (gone from the newer full extract): 40% of the rows deleted
    before F (and the `forced` ones), half a day before the newer full."""
    return (f"case when {chg} < full_at() and (rnd({k}, '{salt}_purge') < 0.4 or ({forced})) "
            "then full_at() + interval 6 day + interval 12 hour end")


def _content(w: World) -> None:
    """Content Objects: per course 2-6 modules of 2-6 topics, plus quick-link topics to its quizzes
    and assignments; a few topics hidden, a few deleted (some during the week), some purged."""
    w.table_sql("bsl_content_tree", f"""
        with m as (
            select c.*, m.m from bsl_courses c, range(1, c.n_mod + 1) m(m)),
        t as (
            select m.*, 0 as t, 'Module' as ContentObjectType from m
            union all
            select m.*, t.t, 'Topic' from m, range(1, rint(hash(m.i, m.m), 'ntop', 2, 6) + 1) t(t)
            union all
            select m.*, 8, 'Topic' from m where m.m <= m.n_asg
            union all
            select m.*, 9, 'Topic' from m where m.m <= m.n_quiz)
        select 100000 + i * 100 + m * 10 + t as ContentObjectId, OrgUnitId, i, m, t, ContentObjectType, StartDate as course_start,
            EndDate as course_end, owner,
            case when t = 0 then 'Module ' || m::varchar || ': ' || {_list(MODULE_TITLES)}[m]
                 when t = 8 then 'Assignment ' || m::varchar
                 when t = 9 then 'Quiz ' || m::varchar
                 else pick(hash(i, m, t), 'ttitle', {_list(TOPIC_TITLES)}) end as Title,
            case when t = 0 then 0 else 100000 + i * 100 + m * 10 end as ParentContentObjectId,
            case when t = 0 then 1 else 2 end as Depth,
            m * 100 + t * 2 as SortOrder,
            case when t = 8 then 400000 + i * 20 + m when t = 9 then 300000 + i * 20 + m end as ObjectId1,
            case when t = 8 then 2000 when t = 9 then 3000 end as ToolId,
            case when t between 1 and 7 then '/content/enforced/' || OrgUnitId::varchar || '/topic_' || m::varchar || '_' || t::varchar
                 || pick(hash(i, m, t), 'ext', ['.html', '.pdf', '.mp4', '.docx']) end as Location,
            case when t > 0 and rnd(hash(i, m, t), 'ctnone') < 0.03 then 'None' else 'Auto' end as CompletionType,
            StartDate - to_seconds(rint(hash(i, m, t), 'cocreated', 86400, 30 * 86400)) as created,
            hash(i, m, t, 'co') as _k
        from t""")
    w.q(f"""
        create or replace table bsl_content_tree as
        select *,
            -- quick links and modules stay; plain topics may be deleted (a few in the extract week)
            case when t between 1 and 7
                 then {_deletion('_k', 'co', 'created', 0.04, 0.012, "i in (2, 7, 12) and m = 1 and t = 1")} end as del_at,
            rnd(_k, 'co_hidden') < 0.05 as hidden
        from bsl_content_tree""")
    w.table_sql("bsl_content_objects", f"""
        select ContentObjectId, OrgUnitId, Title, ContentObjectType, CompletionType, ParentContentObjectId, Location,
            case when t = 0 and rnd(_k, 'co_dated') < 0.3 then course_start end as StartDate,
            case when t = 0 and rnd(_k, 'co_dated') < 0.3 then course_end end as EndDate,
            case when t in (8, 9) then course_start + to_seconds(rint(hash(i, m), 'co_due', 14, 90) * 86400) end as DueDate,
            ObjectId1, null::integer as ObjectId2, null::integer as ObjectId3,
            lm as LastModified, case when del_at < full_at() then true else false end as IsDeleted,
            SortOrder, Depth, ToolId, hidden as IsHidden, null::integer as ResultId,
            case when del_at < full_at() then del_at end as DeletedDate,
            owner as CreatedBy, owner as LastModifiedBy, case when del_at < full_at() then owner end as DeletedBy,
            lm as _vis, case when del_at >= full_at() then del_at end as _chg,
            {_purge('_k', 'co', 'del_at')} as _gone, _k
        from (select *, coalesce(case when del_at < full_at() then del_at end,
                                 created + to_seconds(rint(_k, 'co_lm', 0, 20 * 86400))) as lm
              from bsl_content_tree)""")


def _learners(w: World) -> None:
    w.table_sql("bsl_learners", """
        with e as (
            select e.UserId, e.OrgUnitId, e.ek, c.i, c.owner, c.n_quiz, c.n_asg, c.has_final, c.has_adjusted,
                e.EnrollmentDate as ws,
                least(coalesce(c.EndDate, horizon()::timestamp), coalesce(e.WithdrawnDate, horizon()::timestamp),
                      coalesce(e.leave_date::timestamp, horizon()::timestamp), horizon()::timestamp) as we,
                e.activity_weight > 0 and rnd(e.ek, 'lr_start') < 0.88 as started,
                rnd(e.ek, 'lr_behind') < 0.18 as behind
            from bs_enrolled e join bsl_courses c on c.OrgUnitId = e.OrgUnitId
            where e.RoleName in ('Learner', 'Student'))
        select *,
            case when behind then 0.1 + 0.25 * rnd(ek, 'lr_pf')
                 when rnd(ek, 'lr_all') < 0.35 then 1.0
                 else 0.55 + 0.45 * sqrt(rnd(ek, 'lr_pf')) end as pf,
            rint(ek, 'lr_dur', 21, 150) as dur_days,
            greatest(0.05, least(1.0, 0.74 + 0.3 * (rnd(ek, 'ab1') + rnd(ek, 'ab2') + rnd(ek, 'ab3') - 1.5)
                                     - case when behind then 0.32 else 0 end)) as ability
        from e where we > ws""")


def _progress(w: World) -> None:
    """Content User Progress and Completion: each learner visits the first round(pf * n) topics in
    order, spread over their course duration; topics a learner reaches after their window, or after
    the topic's deletion, are not visited."""
    w.table_sql("bsl_visits", """
        with topics as (
            select ContentObjectId, OrgUnitId, t, m, CompletionType, del_at, _k as ck,
                row_number() over (partition by OrgUnitId order by SortOrder) as r,
                count(*) over (partition by OrgUnitId) as n
            from bsl_content_tree where t > 0),
        v as (
            select l.UserId, l.OrgUnitId, l.ek, l.we, l.ability, l.pf, tp.ContentObjectId, tp.t, tp.m, tp.r, tp.n,
                tp.CompletionType, tp.del_at, hash(l.ek, tp.ContentObjectId) as vk,
                greatest(l.ws + interval 1 minute,
                    (l.ws + to_seconds(floor(l.dur_days * 86400 * (tp.r - 1 + rnd(hash(l.ek, tp.ContentObjectId), 'vjit'))
                                             / greatest(1, round(l.pf * tp.n)))::bigint))::date::timestamp
                    + work_time(hash(l.ek, tp.ContentObjectId), 'vt')) as visited_at
            from bsl_learners l join topics tp on tp.OrgUnitId = l.OrgUnitId
            where l.started and tp.r <= round(l.pf * tp.n))
        select * from v where visited_at < we and (del_at is null or visited_at < del_at)""")
    w.table_sql("bsl_content_user_progress", """
        with p as (
            select v.*, rint(vk, 'nreal', 1, 3) + floor(ability * heavy(vk, 'nrealx'))::int - 1 as real0,
                case when rnd(vk, 'fake') < 0.2 then rint(vk, 'nfake', 1, 2) else 0 end as fake,
                rint(vk, 'tps', 20, 900) as secs,
                r = max(r) over (partition by ek) as bookmark,
                -- a revisit during the extract week (learners still in the course)
                case when rnd(vk, 'revisit') < 0.03 then full_at() + to_seconds(rint(vk, 'revt', 3600, 6 * 86400 + 20 * 3600)) end as rev_at
            from bsl_visits v)
        select ContentObjectId, UserId, null::timestamp as CompletedDate, visited_at as LastVisited,
            rnd(vk, 'unread') >= 0.04 as IsRead, greatest(real0, 1) as NumRealVisits, fake as NumFakeVisits,
            greatest(real0, 1) * secs as TotalTime, true as IsVisited, bookmark as IsCurrentBookmark,
            t = 9 and rnd(vk, 'selfassess') < 0.5 as IsSelfAssessComplete,
            visited_at + to_seconds(rint(vk, 'plm', 1, 120)) as LastModified,
            visited_at + to_seconds(rint(vk, 'plm', 1, 120)) as _vis,
            case when rev_at > visited_at + interval 1 day and rev_at < we and (del_at is null or rev_at < del_at) then rev_at end as _chg,
            greatest(real0, 1) * secs + rint(vk, 'revsecs', 30, 600) as _chg_time,
            null::timestamp as _gone, vk as _k, OrgUnitId
        from p""")
    w.table_sql("bsl_content_user_completion", """
        select ContentObjectId, OrgUnitId, UserId,
            visited_at + to_seconds(rint(vk, 'plm', 1, 120)) as DateCompleted,
            visited_at + to_seconds(rint(vk, 'plm', 1, 120)) as LastModified,
            visited_at + to_seconds(rint(vk, 'plm', 1, 120)) as _vis, null::timestamp as _chg, null::timestamp as _gone,
            vk as _k
        from bsl_visits where CompletionType = 'Auto' and rnd(vk, 'completes') < 0.9""")
    # children of a purged content object go with it
    for t in ("bsl_content_user_progress", "bsl_content_user_completion"):
        w.q(f"""create or replace table {t} as
            select x.* replace (o._gone as _gone) from {t} x join bsl_content_objects o using (ContentObjectId)""")


def _quizzes(w: World) -> None:
    """Quiz Objects and Attempts: a learner who reaches a quiz's link topic attempts it (92%);
    weaker learners retry when allowed; a few attempts are left in progress, a few deleted."""
    w.table_sql("bsl_quiz_objects", f"""
        select 300000 + c.i * 20 + q as QuizId,
            'Quiz ' || q::varchar || ': ' || {_list(MODULE_TITLES)}[q] as QuizName,
            case when rnd(hash(c.i, q), 'qdesc') < 0.6 then 'Check your understanding of module ' || q::varchar || '.' end as
                QuizDescription,
            case when rnd(hash(c.i, q), 'qcat') < 0.5 then 'Knowledge checks' end as QuizCategory,
            rnd(hash(c.i, q), 'qactive') < 0.95 as IsActive, c.OrgUnitId,
            c.StartDate, c.EndDate, c.StartDate + to_seconds(rint(hash(c.i, q), 'co_due', 14, 90) * 86400) as DueDate,
            c.StartDate - to_seconds(rint(hash(c.i, q), 'qcreated', 86400, 30 * 86400)) as CreationDate,
            c.owner as CreatedBy,
            c.StartDate - to_seconds(rint(hash(c.i, q), 'qlm', 0, 86400)) as LastModified,
            c.owner as LastModifiedBy, 200000 + c.i * 100 + 10 + q as GradeObjectId,
            'Highest attempt' as OverallScoreCalculation,
            [10, 20, 25, 50][rint(hash(c.i, q), 'qden', 1, 4)]::decimal(19, 9) as QuizScoreDenominator,
            false as HasPassword, rnd(hash(c.i, q), 'qip') < 0.02 as IPRestricted,
            [15, 20, 30, 45, 60][rint(hash(c.i, q), 'qtl', 1, 5)] as TimeLimit,
            rnd(hash(c.i, q), 'qtle') < 0.4 as TimeLimitEnforced,
            case when rnd(hash(c.i, q), 'qtle') < 0.4 then 2 end as TimeLimitExceededBehavior,
            null::integer as TimeLimitGracePeriod,
            [1, 2, 3, null][rint(hash(c.i, q), 'qatt', 1, 4)] as AttemptsAllowed,
            false as PreventMovingBackwards, rnd(hash(c.i, q), 'qhint') < 0.3 as AllowHints,
            null::varchar as NotificationEmail, false as DisablePagerAccess, true as DisplayInCalendar,
            rnd(hash(c.i, q), 'qclock') < 0.5 as ShowClock, false as IsAttemptRldb, false as IsSubviewRldb,
            q as SortOrder, null::bigint as CategoryId, null::bigint as ResultId,
            false as IsRetakeIncorrectOnly, case when rnd(hash(c.i, q), 'qpage') < 0.6 then rint(hash(c.i, q), 'qpt', 0, 4) end
                as PagingTypeId,
            c.StartDate - to_seconds(rint(hash(c.i, q), 'qlm', 0, 86400)) as _vis, null::timestamp as _chg,
            null::timestamp as _gone, hash(c.i, q, 'quiz') as _k, q
        from bsl_courses c, range(1, c.n_quiz + 1) t(q)""")
    w.table_sql("bsl_attempt_base", """
        select v.UserId, v.OrgUnitId, v.ek, v.we, v.ability, q.QuizId, q.QuizScoreDenominator as den, q.TimeLimit,
            q.TimeLimitEnforced, q.DueDate, q.AttemptsAllowed, a.a,
            hash(v.ek, q.QuizId, a.a) as ak,
            v.visited_at + to_seconds(rint(hash(v.ek, q.QuizId), 'qa_lag', 60, 2 * 86400) + (a.a - 1) * rint(hash(v.ek, q.QuizId,
                a.a), 'qa_gap', 86400, 5 * 86400)) as TimeStarted
        from bsl_visits v
        join bsl_quiz_objects q on q.QuizId = 300000 + (v.ContentObjectId - 100000) // 100 * 20 + v.m and v.t = 9,
            range(1, 1 + 1 + (v.ability < 0.6)::int + (v.ability < 0.45)::int) a(a)
        where rnd(hash(v.ek, q.QuizId), 'qa_takes') < 0.92 and (q.AttemptsAllowed is null or a.a <= q.AttemptsAllowed)""")
    w.table_sql("bsl_quiz_attempts", f"""
        with b as (
            select *, case when rnd(ak, 'qa_open') < 0.02 then null
                      else TimeStarted + to_seconds(60 * rint(ak, 'qa_mins', 4, TimeLimit)) end as done_at
            from bsl_attempt_base where TimeStarted < we),
        c as (
            select *, case when done_at < we then done_at end as TimeCompleted,
                round(den * greatest(0, least(1, ability + 0.24 * (rnd(ak, 'qa_sc') - 0.5) + 0.07 * (a - 1))))::decimal(19, 9) as sc
            from b),
        -- six attempts completed before F (by hash) are deleted whatever the scale: three in the week, three before
        f as (
            select *, case when TimeCompleted < full_at() - interval 3 day then row_number() over (
                partition by TimeCompleted < full_at() - interval 3 day order by hash(ak, 'qa_force')) end as force_rank
            from c)
        select 5000000 + row_number() over (order by TimeStarted, ak) as AttemptId, QuizId, UserId, OrgUnitId,
            a as AttemptNumber, TimeStarted, TimeCompleted,
            case when TimeCompleted is not null then sc end as Score, TimeCompleted is not null as IsGraded,
            case when a > 1 then a - 1 end as OldAttemptNumber, false as IsDeleted, den as PossibleScore,
            false as IsRetakeIncorrectOnly, DueDate, TimeLimit, TimeLimitEnforced, null::integer as GracePeriod,
            null::varchar as GracePeriodExceededBehaviour, null::integer as ExtendedDeadline,
            coalesce(TimeCompleted, TimeStarted) as _vis,
            {_deletion('ak', 'qa', 'coalesce(TimeCompleted, TimeStarted)', 0.015, 0.004,
                       "force_rank <= 3", "force_rank between 4 and 6")} as _chg,
            ak as _k, ek, den, a, force_rank
        from f""")
    w.q("""create or replace table bsl_quiz_attempts as
        select * replace (case when _chg > _vis then _chg end as _chg) from bsl_quiz_attempts""")
    w.q(f"""create or replace table bsl_quiz_attempts as
        select *, {_purge('_k', 'qa', '_chg', "force_rank between 4 and 5")} as _gone from bsl_quiz_attempts""")


def _assignments(w: World) -> None:
    """Assignment Summary and Submissions: a learner who reaches an assignment's link topic submits
    (85%) within three days; the instructor grades it one to ten days later (when inside the
    offering), with feedback the learner mostly reads."""
    w.table_sql("bsl_assignment_summary", f"""
        with a as (
            select c.*, t.a, hash(c.i, t.a, 'asg') as k,
                c.StartDate - to_seconds(rint(hash(c.i, t.a), 'acreated', 86400, 30 * 86400)) as created
            from bsl_courses c, range(1, c.n_asg + 1) t(a)),
        d as (select *, {_deletion('k', 'as', 'created', 0.05, 0.03,
                                   "i in (1, 5, 9, 13) and a = 1", "i in (3, 7, 11, 15) and a = 1")} as del_at from a)
        select 400000 + i * 20 + a as DropboxId, OrgUnitId,
            'Assignment ' || a::varchar || ': ' || pick(k, 'aname', ['Reflection', 'Case Study Write-up', 'Action Plan',
                'Project Brief', 'Practical Task']) as Name,
            case when rnd(k, 'acat') < 0.4 then 'Coursework' end as Category,
            case when rnd(k, 'agrp') < 0.05 then 'Group' else 'Individual' end as Type,
            200000 + i * 100 + 20 + a as GradeItemId, 100::decimal(19, 9) as PossibleScore,
            StartDate, EndDate, StartDate + to_seconds(rint(hash(i, a), 'co_due', 14, 90) * 86400) as DueDate,
            false as IsRestricted, coalesce(del_at < full_at(), false) as IsDeleted, rnd(k, 'tii') < 0.3 as TurnItInEnabled,
            rnd(k, 'ahid') < 0.03 as IsHidden, a as SortOrder,
            pick(k, 'asub', ['File', 'File', 'File', 'Text', 'On Paper', 'Observed']) as SubmissionType,
            pick(k, 'acomp', ['OnSubmission', 'OnSubmission', 'OnEvaluation', 'DueDate', 'ManuallyByLearner']) as CompletionType,
            null::integer as ResultId, case when rnd(k, 'acat') < 0.4 then 7000 + (i % 5)::bigint end as CategoryId,
            1 + rint(k, 'aver', 0, 2) + coalesce(del_at < full_at(), false)::int as Version,
            case when created < timestamp '2022-12-01' then 0 else rint(k, 'asdat', 0, 1) end::smallint as StartDateAvailabilityType,
            case when created < timestamp '2022-12-01' then 0 else rint(k, 'aedat', 0, 1) end::smallint as EndDateAvailabilityType,
            case when del_at < full_at() then del_at else created + to_seconds(rint(k, 'alm', 0, 86400)) end as _vis,
            case when del_at >= full_at() then del_at end as _chg,
            {_purge('k', 'as', 'del_at', "i in (3, 7, 11, 15) and a = 1")} as _gone, k as _k, del_at, owner
        from d""")
    w.table_sql("bsl_assignment_submissions", f"""
        with s as (
            select v.UserId, v.OrgUnitId, v.ek, v.we, v.ability, a.DropboxId, a.SubmissionType, a.owner, a._gone,
                hash(v.ek, a.DropboxId) as sk,
                v.visited_at + to_seconds(rint(hash(v.ek, a.DropboxId), 'sub_lag', 3600, 3 * 86400)) as sub_at,
                a.del_at
            from bsl_visits v join bsl_assignment_summary a
                on a.DropboxId = 400000 + (v.ContentObjectId - 100000) // 100 * 20 + v.m and v.t = 8
            where rnd(hash(v.ek, a.DropboxId), 'submits') < 0.85),
        g as (
            select *, sub_at + to_seconds(rint(sk, 'grade_lag', 86400, 10 * 86400)) as graded_raw
            from s where sub_at < we and (del_at is null or sub_at < del_at)),
        h as (
            select *, case when graded_raw < we and rnd(sk, 'graded') < 0.93 then graded_raw end as graded_at
            from g),
        r as (
            select *, case when graded_at is not null and rnd(sk, 'fbread') < 0.7
                            and graded_at + to_seconds(rint(sk, 'fbr', 600, 5 * 86400)) < we
                           then graded_at + to_seconds(rint(sk, 'fbr', 600, 5 * 86400)) end as read_at
            from h)
        select DropboxId, OrgUnitId, UserId as SubmitterId, 'User' as SubmitterType,
            case when SubmissionType = 'File' then rint(sk, 'nfiles', 1, 3) else 0 end as FileSubmissionCount,
            case when SubmissionType = 'File' then rint(sk, 'fsize', 20000, 8000000) else 0 end as TotalFileSize,
            case when graded_at is not null then owner end as FeedbackUserId,
            read_at is not null as FeedbackIsRead,
            case when graded_at is not null then round(100 * greatest(0, least(1, ability + 0.2 * (rnd(sk, 'asc') -
                0.5))))::decimal(19, 9) end as Score,
            graded_at is not null as IsGraded, sub_at as LastSubmissionDate,
            case when graded_at is not null and rnd(sk, 'fbtext') < 0.6 then pick(sk, 'fb', {_list(FEEDBACK)}) end as Feedback,
            graded_at as FeedbackLastModified,
            read_at as FeedbackReadDate, sub_at as CompletionDate,
            greatest(sub_at, graded_at, read_at) as _vis,
            null::timestamp as _chg, _gone, sk as _k, graded_at, ek, UserId
        from r""")


def _grades(w: World) -> None:
    """Grade Objects and Results: per course a category, a numeric item per quiz and assignment,
    a final calculated grade (85% of courses; with a final adjusted one in 30% of those); results
    for the items a learner completed, and a final grade for every learner of a course that has one."""
    w.table_sql("bsl_grade_items", """
        with g as (
            select OrgUnitId, 1 as g, 9 as type_id, 'Assessments' as Name, null::bigint as tool_item,
                null::varchar as ToolName, null::decimal(19, 9) as max_points, null::integer as parent
            from bsl_courses
            union all select OrgUnitId, 2, 7, 'Final Calculated Grade', null, null, 100, null from bsl_courses where has_final
            union all select OrgUnitId, 3, 8, 'Final Adjusted Grade', null, null, 100, null from bsl_courses where has_final and
                has_adjusted
            union all select OrgUnitId, 10 + QuizId % 20, 1, QuizName, QuizId, 'Quizzes', QuizScoreDenominator, 1 from bsl_quiz_objects
            union all select OrgUnitId, 20 + DropboxId % 20, 1, Name, DropboxId, 'Dropbox', 100, 1 from bsl_assignment_summary)
        select c.i, c.owner, c.StartDate, c.EndDate, g.*
        from g join bsl_courses c using (OrgUnitId)""")
    w.table_sql("bsl_grade_objects", f"""
        with g as (
            select *, 200000 + i * 100 + g as GradeObjectId, hash(i, g, 'go') as k,
                StartDate - to_seconds(rint(hash(i, g), 'gcreated', 3600, 20 * 86400)) as created
            from bsl_grade_items),
        d as (select *, case when type_id = 1 then {_deletion('k', 'go', 'created', 0.03, 0.03,
                                                         "i in (1, 7) and g = 11", "i in (4, 10) and g = 11")} end as del_at
              from g)
        select GradeObjectId, OrgUnitId, case when parent is not null then 200000 + i * 100 + parent end as ParentGradeObjectId,
            Name, ['Numeric', null, null, null, null, null, 'Final Calculated', 'Final Adjusted', 'Category'][type_id] as TypeName,
            null::timestamp as StartDate, null::timestamp as EndDate, type_id <> 8 as IsAutoPointed,
            false as IsFormula, false as IsBonus, max_points::decimal(19, 9) as MaxPoints, false as CanExceedMaxGrade,
            type_id in (7, 8, 9) as ExcludeFromFinalGradeCalc, null::bigint as GradeSchemeId,
            case when type_id = 1 then (100.0 / count(*) filter (where type_id = 1) over (partition by OrgUnitId))::decimal(19,
                9) end as Weight,
            0 as NumLowestGradesToDrop, 0 as NumHighestGradesToDrop,
            case when type_id = 9 then 'Auto' end as WeightDistributionType, created as CreatedDate,
            ToolName, tool_item as AssociatedToolItemId,
            case when del_at < full_at() then del_at else created + to_seconds(rint(k, 'glm', 0, 86400)) end as LastModified,
            case when type_id = 1 then 'Q' || g::varchar end as ShortName, type_id as GradeObjectTypeId, g as SortOrder,
            coalesce(del_at < full_at(), false) as IsDeleted, case when del_at < full_at() then del_at end as DeletedDate,
            case when del_at < full_at() then owner end as DeletedByUserId, null::integer as ResultId,
            case when del_at < full_at() then del_at else created + to_seconds(rint(k, 'glm', 0, 86400)) end as _vis,
            case when del_at >= full_at() then del_at end as _chg, {_purge('k', 'go', 'del_at', "i in (4, 10) and g = 11")} as _gone,
            k as _k, owner, i, g, type_id
        from d""")
    # item results: a quiz's best completed attempt; a graded assignment
    w.table_sql("bsl_item_results", """
        select 200000 + (QuizId - 300000) // 20 * 100 + 10 + QuizId % 20 as GradeObjectId, OrgUnitId, UserId, ek,
            max(Score) as points, max(den) as den, max(TimeCompleted) as at, 'quiz' as kind
        from bsl_quiz_attempts where TimeCompleted is not null group by all
        union all
        select 200000 + (DropboxId - 400000) // 20 * 100 + 20 + DropboxId % 20, OrgUnitId, UserId, ek,
            Score, 100, graded_at, 'assignment'
        from bsl_assignment_submissions where graded_at is not null""")
    # a final calculated grade: the weighted share of the items' points, an item not done counting 0
    w.table_sql("bsl_final_calc", """
        with s as (
            select l.ek, sum(coalesce(r.points / r.den, 0) * it.Weight) / nullif(sum(it.Weight), 0) as pct,
                max(r.at) as last_at, count(r.at) as n_results
            from bsl_learners l
            join bsl_grade_objects it on it.OrgUnitId = l.OrgUnitId and it.type_id = 1
            left join bsl_item_results r on r.GradeObjectId = it.GradeObjectId and r.ek = l.ek
            group by l.ek)
        select l.UserId, l.OrgUnitId, l.ek, l.ws, l.we, l.pf, go.GradeObjectId, go.owner,
            coalesce(s.pct, 0) as pct, s.last_at, coalesce(s.n_results, 0) as n_results
        from bsl_learners l join bsl_grade_objects go on go.OrgUnitId = l.OrgUnitId and go.type_id = 7
        left join s on s.ek = l.ek""")
    w.table_sql("bsl_grade_results_all", """
        select r.GradeObjectId, r.OrgUnitId, r.UserId, r.points as PointsNumerator, r.den as PointsDenominator,
            (r.points / r.den * go.Weight)::decimal(19, 9) as WeightedNumerator, go.Weight as WeightedDenominator,
            true as IsReleased, false as IsDropped, r.at + interval 5 second as LastModified,
            case when r.kind = 'assignment' then go.owner end as LastModifiedBy,
            null::varchar as Comments, null::varchar as PrivateComments, false as IsExempt, null::varchar as GradeText,
            r.at + interval 5 second as GradeReleasedDate, 1::bigint as Version, go._gone, hash(r.GradeObjectId, r.ek) as _k, r.ek
        from bsl_item_results r join bsl_grade_objects go using (GradeObjectId)
        union all
        select f.GradeObjectId, f.OrgUnitId, f.UserId,
            case when f.last_at is not null then round(100 * f.pct, 1)::decimal(19, 9) end, 100, case when f.last_at is not null
                then round(100 * f.pct, 1)::decimal(19, 9) end, 100,
            case when f.last_at is not null then f.pf >= 0.999 end, false,
            greatest(coalesce(f.last_at, f.ws), f.ws + interval 1 hour) + interval 30 second, null,
            null, null, false,
            case when f.last_at is null then null when f.pct >= 0.7 then 'Pass with merit' when f.pct >= 0.5 then 'Pass' else 'Fail' end,
            case when f.last_at is not null and f.pf >= 0.999 then greatest(coalesce(f.last_at, f.ws), f.ws + interval 1 hour) +
                interval 30 second end,
            1 + f.n_results, null::timestamp, hash(f.GradeObjectId, f.ek), f.ek
        from bsl_final_calc f
        union all
        select adj.GradeObjectId, f.OrgUnitId, f.UserId,
            round(greatest(0, least(100, 100 * f.pct + rint(f.ek, 'adj', -5, 8))))::decimal(19, 9), 100,
            round(greatest(0, least(100, 100 * f.pct + rint(f.ek, 'adj', -5, 8))))::decimal(19, 9), 100,
            true, false, f.last_at + to_seconds(rint(f.ek, 'adj_lag', 86400, 7 * 86400)), f.owner,
            case when rnd(f.ek, 'adj_c') < 0.5 then 'Adjusted after review.' end, null, false, null,
            f.last_at + to_seconds(rint(f.ek, 'adj_lag', 86400, 7 * 86400)), 1, null::timestamp, hash(adj.GradeObjectId, f.ek), f.ek
        from bsl_final_calc f join bsl_grade_objects adj on adj.OrgUnitId = f.OrgUnitId and adj.type_id = 8
        where f.last_at is not null and f.pf >= 0.999 and rnd(f.ek, 'adjusted') < 0.3""")
    w.table_sql("bsl_grade_results", """
        select r.* exclude (ek), r.LastModified as _vis, null::timestamp as _chg
        from bsl_grade_results_all r join bsl_learners l on l.ek = r.ek
        where r.LastModified < l.we""")


def _list(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


# per data set: the working table and the columns a change (`_chg`) sets
CHANGES = {
    "content_objects": ("bsl_content_objects", {
        "IsDeleted": "true", "DeletedDate": "_chg", "LastModified": "_chg", "DeletedBy": "LastModifiedBy"}),
    "content_user_progress": ("bsl_content_user_progress", {
        "NumRealVisits": "NumRealVisits + 1", "TotalTime": "_chg_time", "LastVisited": "_chg",
        "LastModified": "_chg + interval 40 second"}),
    "content_user_completion": ("bsl_content_user_completion", {}),
    "grade_objects": ("bsl_grade_objects", {
        "IsDeleted": "true", "DeletedDate": "_chg", "LastModified": "_chg", "DeletedByUserId": "owner"}),
    "grade_results": ("bsl_grade_results", {}),
    "quiz_objects": ("bsl_quiz_objects", {}),
    "quiz_attempts": ("bsl_quiz_attempts", {"IsDeleted": "true"}),
    "assignment_summary": ("bsl_assignment_summary", {"IsDeleted": "true", "Version": "Version + 1"}),
    "assignment_submissions": ("bsl_assignment_submissions", {}),
    "organizational_unit_ancestors": ("bsl_org_unit_ancestors", {}),
}


def state_at(name: str, at_sql: str) -> str:
    """A learning data set's rows as of a moment: shown from `_vis`, changed from `_chg`, gone from `_gone`."""
    table, change = CHANGES[name]
    replace = ", ".join(f"case when _chg <= {at_sql} then {expr} else {col} end as {col}" for col, expr in change.items())
    cols = f"* replace ({replace})" if replace else "*"
    return f"select {cols} from {table} where _vis <= {at_sql} and (_gone is null or _gone > {at_sql})"


def extracts(days: range) -> dict[str, dict]:
    """Per learning data set: the full extract at F, and per day of `days` the differential, or
    (day REFULL_DAY) the newer full extract: {"full": sql, "diffs": [sql], "kinds": [kind]}."""
    F = "full_at()"
    out: dict[str, dict] = {}
    for name in CHANGES:
        diffs, kinds = [], []
        for d in days:
            lo, hi = f"({F} + interval {d - 1} day)", f"({F} + interval {d} day)"
            if d == REFULL_DAY and name != "organizational_unit_ancestors":
                diffs.append(state_at(name, hi))
                kinds.append("full")
                continue
            diffs.append(f"""select * from ({state_at(name, hi)}) s
                where (_vis > {lo} and _vis <= {hi}) or (_chg > {lo} and _chg <= {hi})
                   or (_vis > {lo} - interval 1 day and _vis <= {lo} and rnd(_k, 'overlap{d}') < 0.02)""")
            kinds.append("differential")
        out[name] = {"full": state_at(name, F), "diffs": diffs, "kinds": kinds}
    return out
