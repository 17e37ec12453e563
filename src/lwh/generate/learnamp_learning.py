"""Learn Amp's learning side: content, engagement (activities, tasks, session tracks),
quizzes, surveys and events.

Build steps (see `learnamp.BUILD_STEPS` for their order): each creates working tables `la_*`
in the world's DuckDB connection from the tables made before it; the Learn Amp export tables
are selected from them (`learnamp.TABLES`).
"""

from __future__ import annotations

from lwh.generate.world import SKILL_CATEGORIES, TOPICS, World, sql_list


def build_content(w: World) -> None:
    """Items, channels, learnlists, events, quizzes, surveys; `la_content`, `la_learnable`; skills."""
    n = {
        "items": w.sized(2500, 0.5, 40), "channels": w.sized(40, 0.5, 4),
        "learnlists": w.sized(180, 0.5, 6), "events": w.sized(100, 0.5, 5),
        "quizzes": w.sized(250, 0.5, 8), "surveys": w.sized(30, 0.5, 3),
    }
    w.n_content = n
    item_types = ["video", "article", "book", "scorm", "document", "podcast", "course", "link"]
    for tbl, noun in [("items", "Item"), ("channels", "Channel"), ("learnlists", "Learnlist"),
                      ("events", "Event"), ("quizzes", "Quiz"), ("surveys", "Survey")]:
        extra = ""
        if tbl == "items":
            extra = f""",
                guid(i, 'item_guid') as guid,
                case when rnd(i, 'src') < 0.3 then 'EXT-' || rint(i, 'srcid', 10000, 99999)::varchar end as source_id,
                case when rnd(i, 'src') < 0.3 then pick(i, 'srct', ['LinkedIn Learning', 'Go1', 'Udemy Business', 'SCORM import']) end as source_type,
                pick(i, 'ctype', {sql_list(item_types)}) as content_type"""
        elif tbl == "surveys":
            extra = """, pick(i, 'stype', ['engagement', 'feedback', 'observation', 'pulse']) as survey_type"""
        w.table_sql(f"la_{tbl}", f"""
            select i as id,
                period_start() - rint(i, '{tbl}_age', -600, 1500)::int + work_time(i, '{tbl}_t') as created_at,
                pick(i, '{tbl}_topic', {sql_list(TOPICS)}) || ' ' ||
                pick(i, '{tbl}_noun', ['Essentials', 'Fundamentals', 'Masterclass', 'in Practice',
                     'for Managers', 'Refresher', 'Deep Dive', 'Basics', 'Toolkit', 'Annual Update'])
                || case when rnd(i, '{tbl}_n') < 0.5 then '' else ' ' || (1 + i % 9)::varchar end as name,
                '{noun}' as type{extra}
            from range(1, {n[tbl]} + 1) t(i)""")
    w.table_sql("la_content", """
        select created_at, content_type, name, 'item-' || id as type_with_id, type, id from la_items
        union all select created_at, 'channel', name, 'channel-' || id, type, id from la_channels
        union all select created_at, 'learnlist', name, 'learnlist-' || id, type, id from la_learnlists
        union all select created_at, 'event', name, 'event-' || id, type, id from la_events
        union all select created_at, 'quiz', name, 'quiz-' || id, type, id from la_quizzes
        union all select created_at, 'survey', name, 'survey-' || id, type, id from la_surveys""")
    # learnable content with a popularity rank (Zipf-like choice by rank)
    w.table_sql("la_learnable", """
        select type, id as content_id, created_at, content_type,
               row_number() over (order by hash(type, id, 'pop')) as rank
        from la_content where type in ('Item', 'Learnlist', 'Quiz', 'Event')""")
    w.n_learnable = w.count("la_learnable")
    w.table_sql("la_skills", f"""select i as id, {sql_list(TOPICS)}[i] as name from range(1, {len(TOPICS)} + 1) t(i)""")
    w.table_sql("la_skill_categories", f"""select i as id, {sql_list(SKILL_CATEGORIES)}[i] as name from range(1, {len(SKILL_CATEGORIES)} + 1) t(i)""")
    w.table_sql("la_skill_category_skills", f"""
        select row_number() over (order by s.id, k) as id, s.id as skill_id,
               1 + ((s.id + k * 3) % {len(SKILL_CATEGORIES)}) as skill_category_id
        from la_skills s, range(1 + (rnd(s.id, 'ncat') < 0.3)::int) c(k)""")
    w.table_sql("la_content_skills", f"""
        select distinct i.id as content_id, 1 + floor(rnd(i.id * 5 + k, 'cskill') * {len(TOPICS)})::bigint as skill_id
        from la_items i, range(rint(i.id, 'ncskill', 1, 3)) c(k)""")


def build_activity(w: World) -> None:
    """Engagements (view -> start -> completion) and tasks, heavy-tailed per user."""
    L = w.n_learnable
    # engagements per user over two years: mean about 350 at weight 1
    w.table_sql("la_engagements", """
        with u as (
            select id as user_id, p, activity_weight,
                greatest(created_at::date, period_start()) as d0,
                coalesce(least(deactivated_at::date, horizon()), horizon()) as d1
            from la_users where p is not null and activity_weight > 0
        )
        select
            u.user_id, e.k,
            hash(u.user_id, e.k, 'eng') as ek,
            work_ts(hash(u.user_id, e.k), 'ets', u.d0, u.d1) as viewed_at
        from u, range(floor(u.activity_weight * rint(u.p, 'eng_n', 150, 210))::bigint) e(k)
        where u.d1 > u.d0""")
    w.table_sql("la_engagements", f"""
        select e.user_id, e.ek, e.viewed_at, c.type, c.content_id, c.content_type,
            rnd(e.ek, 'start') < 0.62 as is_started,
            rnd(e.ek, 'done') < 0.58 as is_done_if_started,
            to_seconds(rint(e.ek, 'start_gap', 5, 900)) as start_gap,
            to_seconds(floor(120 + pow(rnd(e.ek, 'dur'), 2.2) * 6 * 3600)::bigint) as duration
        from la_engagements e
        join la_learnable c on c.rank = 1 + floor(pow(rnd(e.ek, 'which'), 2.4) * {L})::bigint""")
    # tasks: assigned content with deadlines after assignment, completion or not
    w.table_sql("la_tasks", """
        with u as (
            select id as user_id, p, greatest(created_at::date, period_start()) as d0,
                coalesce(least(deactivated_at::date, period_end()), period_end()) as d1, activity_weight
            from la_users where p is not null)
        select
            row_number() over (order by assigned_at, user_id, k) as id, *
        from (
            select u.user_id, t.k, hash(u.user_id, t.k, 'task') as tk,
                work_ts(hash(u.user_id, t.k, 'task'), 'assigned', u.d0, u.d1) as assigned_at,
                u.d1 as user_end, u.activity_weight
            from u, range(rint(u.p, 'ntasks', 3, 16)) t(k)
            where u.d1 > u.d0
        ) x""")
    w.table_sql("la_tasks", f"""
        select t.*, c.type, c.content_id,
            rnd(t.tk, 'mand') < 0.45 as mandatory,
            t.assigned_at::date + rint(t.tk, 'due', 7, 60)::int as deadline,
            case when rnd(t.tk, 'completes') < least(0.92, 0.55 + 0.12 * t.activity_weight)
                 then t.assigned_at + to_seconds(floor(pow(rnd(t.tk, 'lag'), 1.8) * 80 * 86400)::bigint + 600)
            end as completed_raw
        from la_tasks t
        join la_learnable c on c.rank = 1 + floor(rnd(t.tk, 'tcontent') * {L})::bigint""")
    w.q("""
        create or replace table la_tasks as
        select * exclude (completed_raw),
            case when completed_raw < least(period_end()::timestamp, user_end::timestamp) then completed_raw end as completed_at,
            rnd(tk, 'archived') < 0.03 as archived
        from la_tasks""")
    # recurring tasks: the earlier task of a series is expired when the next one is issued
    w.q("""
        create or replace table la_tasks as
        select *,
            lead(assigned_at) over (partition by user_id, type, content_id order by assigned_at, id) as next_assigned_at
        from la_tasks""")
    # every completed task has a completion engagement at completed_at
    w.q("""
        insert into la_engagements by name
        select user_id, hash(id, 'task_eng') as ek,
            completed_at - to_seconds(rint(id, 'task_view', 900, 3 * 86400)) as viewed_at,
            type, content_id, null as content_type, true as is_started, true as is_done_if_started,
            to_seconds(rint(id, 'task_gap', 5, 600)) as start_gap,
            completed_at - (completed_at - to_seconds(rint(id, 'task_view', 900, 3 * 86400))) - to_seconds(rint(id, 'task_gap', 5, 600)) as duration
        from la_tasks where completed_at is not null""")
    # activities: one row per verb event
    w.table_sql("la_activities", """
        with events as (
        select user_id, ek, type, content_id, content_type, 'viewed' as verb, viewed_at as happened_at, 0 as seq
        from la_engagements
        union all
        select user_id, ek, type, content_id, content_type, 'started', viewed_at + start_gap, 1
        from la_engagements where is_started
        union all
        select user_id, ek, type, content_id, content_type,
            case when content_type = 'scorm' and rnd(ek, 'fail') < 0.15 then 'failed' else 'completed' end,
            viewed_at + start_gap + duration, 2
        from la_engagements where is_started and is_done_if_started
        union all
        select user_id, ek, type, content_id, content_type,
            pick(ek, 'social', ['liked', 'commented', 'bookmarked', 'shared', 'rated']),
            viewed_at + to_seconds(rint(ek, 'social_gap', 30, 3600)), 3
        from la_engagements where rnd(ek, 'social_p') < 0.06),
        a as (
            select *, least(happened_at, horizon()::timestamp - to_seconds(1 + seq)) as happened_at_c
            from events),
        b as (
            select
                row_number() over (order by happened_at_c, user_id, ek, seq) as id,
                user_id, happened_at_c as happened_at,
                verb = 'completed' as completed,
                case when verb in ('completed', 'failed') and content_type = 'scorm'
                     then case when verb = 'failed' then pick(ek, 'fres', ['FAIL', 'FAILED'])
                               when rnd(ek, 'res') < 0.03 then 'COMPELETED'
                               when rnd(ek, 'res') < 0.06 then 'UNKNOWN' else 'PASS' end end as result,
                case when verb in ('completed', 'failed') and content_type = 'scorm'
                     then case when verb = 'failed' then rint(ek, 'fscore', 10, 69) else rint(ek, 'score', 70, 100) end end as score,
                case when verb in ('completed', 'failed') and content_type = 'scorm'
                     then rint(ek, 'ttime', 120, 5400) end as total_time,
                type, content_id, verb,
                rnd(ek, 'expire') < 0.04 and happened_at_c < period_end()::timestamp - interval 365 day as expired
            from a),
        -- ids grow with time, so the latest event of a verb on a content is its max(id):
        -- a hash aggregate and join instead of a second sort
        latest as (
            select max(id) as id from b group by user_id, verb, type, content_id)
        select b.*,
            case when b.expired then b.happened_at + interval 365 day + work_time(b.id, 'exp_t') end as expired_at,
            latest.id is not null as single
        from b left join latest on latest.id = b.id
        order by b.id""")
    w.table_sql("la_session_tracks", """
        with u as (
            select id as user_id, p, activity_weight, greatest(created_at::date, period_start()) as d0,
                coalesce(least(deactivated_at::date, horizon()), horizon()) as d1
            from la_users where p is not null and activity_weight > 0)
        select row_number() over (order by starts_at, user_id, k) as id, user_id,
            floor(30 + pow(rnd(hash(user_id, k), 'sdur'), 2.0) * 7200)::bigint as duration, starts_at
        from (
            select u.user_id, s.k,
                work_ts(hash(u.user_id, s.k), 'sess', u.d0, u.d1) as starts_at
            from u, range(floor(u.activity_weight * rint(u.p, 'nsess', 100, 150))::bigint) s(k)
            where u.d1 > u.d0)
        order by id""")


def build_assessments(w: World) -> None:
    """Quiz attempts and answers; survey occurrences, attempts and answers."""
    nq = w.n_content["quizzes"]
    w.table_sql("la_quiz_attempts", f"""
        with a as (
            select u.id as user_id, k, hash(u.id, k, 'qa') as qk,
                1 + floor(pow(rnd(hash(u.id, k), 'quiz'), 1.7) * {nq})::bigint as quiz_id,
                work_ts(hash(u.id, k), 'qsub', greatest(u.created_at::date, period_start()),
                        coalesce(least(u.deactivated_at::date, period_end()), period_end())) as submitted_at,
                rint(hash(u.id, k), 'nq', 5, 10) as questions
            from la_users u, range(floor(u.activity_weight * rint(u.p, 'nqa', 1, 4))::bigint) q(k)
            where u.p is not null and coalesce(least(u.deactivated_at::date, period_end()), period_end()) > greatest(u.created_at::date, period_start()))
        select row_number() over (order by submitted_at, user_id, k) as id, quiz_id, user_id,
            least(questions, floor(questions * (0.35 + 0.65 * sqrt(rnd(qk, 'correct'))))::bigint) as correct_answer_count,
            questions, submitted_at, qk
        from a""")
    w.q("""
        create or replace table la_quiz_attempts as
        select * exclude (questions),
            questions - correct_answer_count as incorrect_answer_count,
            round(100.0 * correct_answer_count / questions)::int as score,
            round(100.0 * correct_answer_count / questions) >= 70 as passed,
            rnd(qk, 'qexp') < 0.05 and submitted_at < period_end()::timestamp - interval 365 day as expired,
            row_number() over (partition by user_id, quiz_id order by submitted_at desc, id desc) = 1 as most_recent,
            questions
        from la_quiz_attempts""")
    w.q("""
        create or replace table la_quiz_attempts as
        select *, case when expired then submitted_at + interval 365 day end as expired_at from la_quiz_attempts""")
    w.table_sql("la_quiz_attempt_answers", """
        select a.quiz_id * 100 + q.k + 1 as question_id,
            q.k < a.correct_answer_count as correct,
            a.submitted_at - to_seconds((a.questions - q.k) * rint(a.qk, 'qgap', 10, 90)) as submitted_at,
            a.id as quiz_attempt_id, a.quiz_id, a.user_id, a.most_recent,
            'Question ' || (q.k + 1)::varchar || ' of quiz ' || a.quiz_id::varchar || ': ' ||
                pick(a.quiz_id * 100 + q.k, 'qtext', ['Which of these is correct?', 'What should you do first?',
                     'Select all that apply', 'True or false: the policy applies to contractors', 'Pick the best answer']) as question,
            pick(a.quiz_id * 100 + q.k, 'qtype', ['multiple_choice', 'multiple_choice', 'true_false', 'multi_select']) as question_type,
            case when q.k < a.correct_answer_count then 'Option ' || (1 + (a.quiz_id + q.k) % 4)::varchar
                 else 'Option ' || (1 + (a.quiz_id + q.k + 1 + a.id % 3) % 4)::varchar end as answer
        from la_quiz_attempts a, range(a.questions) q(k)""")
    n_la = w.n_la
    w.table_sql("la_survey_occurrences", f"""
        select row_number() over (order by issued_at, survey_id, k) as id, *
        from (
            select s.id as survey_id, o.k,
                work_ts(hash(s.id, k), 'issued', period_start(), period_end() - 3) as issued_at,
                greatest(5, floor({n_la} * (0.02 + 0.1 * rnd(hash(s.id, k), 'reach'))))::bigint as reach,
                s.survey_type
            from la_surveys s, range(rint(s.id, 'nocc', 2, 6)) o(k))""")
    w.q("create or replace table la_survey_occurrences as select *, issued_at::date + rint(id, 'sdl', 7, 21)::int as deadline from la_survey_occurrences")
    w.table_sql("la_survey_attempts", f"""
        with target as (
            select o.id as occ_id, o.survey_id, o.survey_type, o.issued_at, o.deadline, r.j as k,
                1 + floor(rnd(hash(o.id, r.j), 'who') * {n_la})::bigint as rn
            from la_survey_occurrences o, range(o.reach) r(j))
        select row_number() over (order by t.issued_at, t.occ_id, u.id, t.k) as id,
            u.id as user_id, t.survey_id, t.deadline, t.survey_type, t.occ_id as survey_occurrence_id,
            t.issued_at + to_seconds(rint(hash(t.occ_id, u.id), 'sstart', 600, 10 * 86400)) as started_at,
            rnd(hash(t.occ_id, u.id), 'ssub') < 0.7 as will_submit,
            rint(hash(t.occ_id, u.id), 'staken', 60, 1800) as time_taken_s,
            case when t.survey_type = 'observation'
                 then (select id from la_people o where o.rn = 1 + floor(rnd(hash(t.occ_id, u.id), 'obs') * {n_la})::bigint) end
                 as observation_subject_id
        from target t join la_people u on u.rn = t.rn
        qualify row_number() over (partition by t.occ_id, u.id order by t.k) = 1""")
    w.q("""
        create or replace table la_survey_attempts as
        select * exclude (will_submit, time_taken_s),
            case when will_submit and started_at + to_seconds(time_taken_s) < period_end()::timestamp
                 then started_at + to_seconds(time_taken_s) end as submitted_at,
            case when will_submit and started_at + to_seconds(time_taken_s) < period_end()::timestamp
                 then time_taken_s end as time_taken
        from la_survey_attempts""")
    w.q("""
        create or replace table la_survey_attempts as
        select *, submitted_at is not null as completed,
            submitted_at is null and deadline < period_end() as currently_overdue,
            coalesce(submitted_at::date > deadline, false) as overdue_when_submitted
        from la_survey_attempts""")
    w.q("""
        create or replace table la_survey_occurrences as
        select o.*, count(a.id) as attempts_issued, count(a.submitted_at) as attempts_completed,
            case when count(a.id) > 0 then round(100.0 * count(a.submitted_at) / count(a.id))::int end as response_rate
        from la_survey_occurrences o left join la_survey_attempts a on a.survey_occurrence_id = o.id
        group by all""")
    w.table_sql("la_survey_attempt_answers", """
        select row_number() over (order by a.id, q.k) as id, a.user_id, a.id as survey_attempt_id, a.survey_id,
            case when q.k = 4 then 'How likely are you to recommend this? - ' || pick(a.survey_id, 'poll', ['Colleagues', 'Friends'])
                 else 'Question ' || (q.k + 1)::varchar || ' about ' || pick(a.survey_id * 10 + q.k, 'stopic', ['your manager', 'workload', 'tools', 'training', 'wellbeing']) end as question,
            case when q.k = 3 then 'free_text' when q.k = 4 then 'poll' else 'sliding_scale' end as question_type,
            case when q.k = 3 then pick(hash(a.id, q.k), 'txt', ['More time for learning, please.', 'All good', 'Too many meetings, "focus time" would help',
                      'The new course was great, especially module 2', 'Can we have this in French?'])
                 else rint(hash(a.id, q.k), 'sv', 1, 10)::varchar end as answer,
            case when q.k = 3 then null else rint(hash(a.id, q.k), 'sv', 1, 10) end as value,
            a.deadline, a.submitted_at, a.survey_occurrence_id
        from la_survey_attempts a, range(5) q(k)
        where a.submitted_at is not null""")


def build_events(w: World) -> None:
    """Event sessions and their enrollments."""
    n_la = w.n_la
    w.table_sql("la_event_sessions", f"""
        select row_number() over (order by starts_at, event_id, k) as id, *
        from (
            select e.id as event_id, e.name, k,
                work_ts(hash(e.id, k), 'es', period_start(), period_end() + 60) as starts_at,
                pick(hash(e.id, k), 'lt', ['Website URL', 'Map location', 'MS Teams', 'Zoom']) as location_type,
                pick(hash(e.id, k), 'at', ['Marked automatically', 'Marked by attendee', 'Marked by admin', 'Marked by host']) as attendance_type,
                h.id as host_id, h.first_name || ' ' || h.last_name as host_name, e.id as content_id,
                rint(hash(e.id, k), 'cap', 6, 30) as capacity
            from la_events e, range(rint(e.id, 'nsess', 1, 4)) s(k)
            join la_people h on h.rn = 1 + floor(rnd(hash(e.id, k), 'host') * {n_la})::bigint)""")
    w.q("create or replace table la_event_sessions as select *, starts_at + to_seconds(rint(id, 'len', 2, 12) * 1800) as ends_at from la_event_sessions")
    w.table_sql("la_enrollments", f"""
        with e as (
            select s.id as event_session_id, s.starts_at, s.host_id as user_id, true as host, 'approved' as status, -1 as k
            from la_event_sessions s
            union all
            select s.id, s.starts_at, u.id, false,
                case when rnd(hash(s.id, c.j), 'st') < 0.82 then 'approved' when rnd(hash(s.id, c.j), 'st') < 0.9 then 'pending'
                     when rnd(hash(s.id, c.j), 'st') < 0.95 then 'unenrolled' else 'rejected' end, c.j
            from la_event_sessions s, range(s.capacity) c(j)
            join la_people u on u.rn = 1 + floor(rnd(hash(s.id, c.j), 'enr') * {n_la})::bigint)
        select row_number() over (order by event_session_id, k, user_id) as id, user_id, event_session_id, status,
            case when status <> 'approved' or starts_at > period_end()::timestamp then 'not yet recorded'
                 when rnd(hash(event_session_id, user_id), 'att') < 0.85 then 'attended' else 'did not attend' end as attendance,
            host,
            starts_at::date - rint(hash(event_session_id, user_id), 'lead', 1, 40)::int as enrolled_at
        from e
        qualify row_number() over (partition by event_session_id, user_id order by k) = 1""")
