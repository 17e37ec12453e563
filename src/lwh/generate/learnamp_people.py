"""Learn Amp's people side: users, teams, groups, custom fields, skills, one-to-ones and
objectives.

Build steps (see `learnamp.BUILD_STEPS` for their order): each creates working tables `la_*`
in the world's DuckDB connection from `people` and the tables made before it; the Learn Amp
export tables are selected from them (`learnamp.TABLES`).
"""

from __future__ import annotations

from lwh.generate.world import DEPARTMENTS, LOCATIONS, TIME_ZONES, TOPICS, World, sql_list


def build_org(w: World) -> None:
    """Users (with two test accounts), locations, teams and memberships, groups."""
    P = w.people
    T = max(6, round(P / 12))
    G = max(5, round(P / 200))
    w.n_teams = T
    w.table_sql("la_locations", f"""
        select i as id, {sql_list(LOCATIONS)}[i] as name from range(1, {len(LOCATIONS)} + 1) t(i)""")
    # Learn Amp users: people with an account, plus two test accounts (ids 2 and 3).
    w.table_sql("la_people", """
        select *, 1000 + p as id, row_number() over (order by p) as rn
        from people where is_la""")
    n_la = w.count("la_people")
    w.n_la = n_la
    w.table_sql("la_teams_base", f"""
        select
            i as id,
            case when i = 1 then 'Company'
                 when i <= 1 + {len(DEPARTMENTS)} then {sql_list(DEPARTMENTS)}[i - 1]
                 else pick(i, 'tname', {sql_list(DEPARTMENTS)}) || ' ' ||
                      pick(i, 'tsuffix', ['Team', 'Squad', 'Unit', 'Pod', 'Group']) || ' ' || i::varchar
            end as name,
            case when i = 1 then null
                 when i <= 1 + {len(DEPARTMENTS)} then 1
                 else 2 + floor(rnd(i, 'parent') * (least(i - 1, 40) - 1))::bigint end as parent_team_id,
            1 + floor(rnd(i, 'mgr') * {n_la})::bigint as manager_rn,
            period_start() - rint(i, 'team_age', 30, 5 * 365)::int
                + to_seconds(rint(i, 'team_sec', 0, 86399)) as created_at
        from range(1, {T} + 1) t(i)""")
    # primary team per user; 15% have a secondary team
    w.table_sql("la_membership", f"""
        select id as user_id, 2 + floor(rnd(p, 'team') * ({T} - 1))::bigint as team_id, true as primary_flag,
               greatest(account_date, period_start() - 400)::timestamp + work_time(p, 'tu') as created_at
        from la_people
        union all
        select id, 2 + floor(rnd(p, 'team2') * ({T} - 1))::bigint, false,
               greatest(account_date, period_start() - 200)::timestamp + work_time(p, 'tu2')
        from la_people where rnd(p, 'has_team2') < 0.15
            and 2 + floor(rnd(p, 'team2') * ({T} - 1))::bigint <> 2 + floor(rnd(p, 'team') * ({T} - 1))::bigint""")
    w.table_sql("la_teams", """
        select t.*, m.id as manager_id, m.first_name || ' ' || m.last_name as manager_name
        from la_teams_base t join la_people m on m.rn = t.manager_rn""")
    # override managers and coaches
    w.table_sql("la_users_base", f"""
        select u.*,
            tm.team_id as primary_team_id,
            case when rnd(u.p, 'override') < 0.02
                 then (select id from la_people o where o.rn = 1 + floor(rnd(u.p, 'override_who') * {n_la})::bigint)
            end as override_manager_id,
            rnd(u.p, 'coach') < 0.04 as is_coach
        from la_people u
        join la_membership tm on tm.user_id = u.id and tm.primary_flag""")
    w.table_sql("la_coaches_list", """
        select id, row_number() over (order by id) as crn from la_users_base where is_coach""")
    n_coaches = max(1, w.count("la_coaches_list"))
    w.table_sql("la_users_rel", f"""
        select u.*,
            coalesce(nullif(u.override_manager_id, u.id),
                     case when t.manager_id <> u.id then t.manager_id else pt.manager_id end) as manager_id,
            case when rnd(u.p, 'has_coach') < 0.2
                 then (select id from la_coaches_list c where c.crn = 1 + floor(rnd(u.p, 'coach_who') * {n_coaches})::bigint)
            end as coach_id
        from la_users_base u
        join la_teams t on t.id = u.primary_team_id
        left join la_teams pt on pt.id = t.parent_team_id""")
    w.table_sql("la_users", f"""
        with mgr as (select distinct manager_id as id from la_users_rel where manager_id is not null
                     union select manager_id from la_teams),
             ovr as (select distinct override_manager_id as id from la_users_rel where override_manager_id is not null),
             sec as (select distinct manager_id as id from la_teams where rnd(id, 'sec') < 0.2)
        select
            u.id,
            u.p,
            case when u.activity_weight > 0 then 1 + floor(u.activity_weight * rint(u.p, 'signins', 20, 120))::bigint else 0 end as sign_in_count,
            u.account_date::timestamp + work_time(u.p, 'created') as created_at,
            u.first_name, u.last_name,
            case when rnd(u.p, 'no_title') < 0.05 then null else u.job_title end as job_title,
            pick(u.p, 'lang', ['en', 'en', 'en', 'en', 'en', 'fr', 'de', 'es', 'nl', 'pl']) as language,
            mgr.id is not null or ovr.id is not null as manager,
            case when rnd(u.p, 'tz') < 0.3 then null else pick(u.p, 'tzv', {sql_list(TIME_ZONES)}) end as time_zone,
            u.coach_id, u.is_coach, u.manager_id,
            sec.id is not null as secondary_manager,
            case when rnd(u.p, 'hris') < 0.85 then u.hire_date end as hire_date,
            ovr.id is not null as is_override_manager,
            case when u.leave_date is not null then u.leave_date::timestamp + work_time(u.p, 'deact') end as deactivated_at,
            u.leave_date is not null as deactivated,
            case when rnd(u.p, 'role') < 0.01 then 'account_owner'
                 when rnd(u.p, 'role') < 0.04 then 'admin'
                 when mgr.id is not null then 'manager' else 'learner' end as system_role,
            u.location_id,
            case when rnd(u.p, 'hris') < 0.85 then u.leave_date end as leave_date,
            u.activity_weight,
            u.employee_number, u.handle, u.department, u.primary_team_id
        from la_users_rel u
        left join mgr on mgr.id = u.id
        left join ovr on ovr.id = u.id
        left join sec on sec.id = u.id""")
    # test accounts (ids 2 and 3): real rows in a real export, never people
    w.q("""
        insert into la_users by name
        select 2 as id, null as p, 3 as sign_in_count, timestamp '2022-03-01 09:00:00' as created_at,
               'Test' as first_name, 'Learner' as last_name, null as job_title, 'en' as language,
               false as manager, null as time_zone, null as coach_id, false as is_coach, null as manager_id,
               false as secondary_manager, null as hire_date, false as is_override_manager,
               null as deactivated_at, false as deactivated, 'learner' as system_role, null as location_id,
               null as leave_date, 0.0 as activity_weight, null as employee_number, 'test.learner' as handle,
               null as department, null as primary_team_id
        union all
        select 3, null, 41, timestamp '2022-03-01 09:05:00', 'Sandbox', 'Admin', 'L&D Administrator', 'en',
               false, 'Europe/London', null, false, null, false, null, false, null, false, 'admin', 1,
               null, 0.0, null, 'sandbox.admin', null, null""")
    w.table_sql("la_groups", f"""
        select i as id,
            period_start() - rint(i, 'gage', 10, 900)::int + work_time(i, 'gt') as created_at,
            case when i <= {len(DEPARTMENTS)} then 'All ' || {sql_list(DEPARTMENTS)}[i]
                 else pick(i, 'gname', ['New Starters', 'Managers', 'Graduates', 'Sales Academy',
                      'Leadership Programme', 'Compliance Cohort', 'Mentors', 'Remote Workers'])
                      || ' ' || (2020 + i % 7)::varchar end as name
        from range(1, {G} + 1) t(i)""")
    w.table_sql("la_group_users", f"""
        select row_number() over (order by u.id, g.k) as id, u.id as user_id,
               1 + floor(rnd(u.id * 7 + g.k, 'grp') * {G})::bigint as group_id,
               greatest(u.created_at, period_start()::timestamp) + to_seconds(rint(u.id, 'gu' || g.k, 0, 200 * 86400)) as created_at
        from la_users u, range(rint(u.id, 'ngroups', 0, 4)) g(k)
        where u.p is not null
        qualify row_number() over (partition by u.id, 1 + floor(rnd(u.id * 7 + g.k, 'grp') * {G})::bigint order by g.k) = 1""")


def build_people_extras(w: World) -> None:
    """Managers, coaches, custom fields, user skills, one-to-ones, objectives and key results."""
    w.table_sql("la_managers", """
        select u.id, u.first_name, u.last_name, u.first_name || ' ' || u.last_name as full_name
        from la_users u where u.manager""")
    w.table_sql("la_coaches", """
        select u.id, u.first_name, u.last_name, u.first_name || ' ' || u.last_name as full_name
        from la_users u where u.is_coach""")
    # custom fields: Employee Number (with noise), Work Email, Department
    w.table_sql("la_custom_fields", """
        with v as (
            select id as user_id, 11 as custom_field_id, 'Employee Number' as name,
                case when rnd(p, 'la_emp_missing') < 0.03 then null
                     when rnd(p, 'la_emp_noise') < 0.06 then lower(employee_number)
                     when rnd(p, 'la_emp_noise') < 0.10 then ' ' || employee_number || ' '
                     else employee_number end as value
            from la_users where p is not null
            union all
            select id, 12, 'Work Email',
                case when rnd(p, 'la_mail_missing') < 0.04 then null
                     when rnd(p, 'la_mail_case') < 0.05 then upper(substr(handle, 1, 1)) || substr(handle, 2) || '@Example-Corp.com'
                     else handle || '@example-corp.com' end
            from la_users where p is not null
            union all
            select id, 13, 'Department', department from la_users where p is not null)
        select row_number() over (order by user_id, custom_field_id) as id, user_id, custom_field_id, name, value
        from v where value is not null""")
    nsk = len(TOPICS)
    w.table_sql("la_user_skills", f"""
        select row_number() over (order by u.id, k) as id, u.id as user_id, skill_id,
            case when rnd(hash(u.id, k), 'own') < 0.6 then rint(hash(u.id, k), 'ownr', 1, 5) end as own_rating,
            case when rnd(hash(u.id, k), 'tgt') < 0.4 then rint(hash(u.id, k), 'tgtr', 3, 5) end as target_rating,
            case when rnd(hash(u.id, k), 'mgr') < 0.35 then rint(hash(u.id, k), 'mgrr', 1, 5) end as manager_rating
        from (select u.*, k, 1 + floor(rnd(hash(u.id, k), 'usk') * {nsk})::bigint as skill_id
              from la_users u, range(rint(u.id, 'nusk', 0, 4)) s(k) where u.p is not null) u
        qualify row_number() over (partition by u.id, skill_id order by k) = 1""")
    w.q("create or replace table la_user_skills as select *, coalesce(manager_rating, own_rating) as preferred_rating from la_user_skills")
    # one-to-ones: quarterly cycles between each manager and report
    w.table_sql("la_one_to_ones", """
        with pairs as (
            select r.id as reviewee_id, r.manager_id as reviewer_id, r.first_name || ' ' || r.last_name as reviewee_name,
                m.first_name || ' ' || m.last_name as reviewer_name, r.created_at, r.deactivated_at, r.p
            from la_users r join la_users m on m.id = r.manager_id
            where r.p is not null and rnd(r.p, 'o2o') < 0.6),
        cycles as (select c, period_start() + (c * 91)::int as cycle_start from range(8) t(c))
        select row_number() over (order by c.cycle_start, p.reviewee_id) as id, p.*, c.c, c.cycle_start,
            'Q' || (1 + (month(c.cycle_start) - 1) // 3)::varchar || ' ' || year(c.cycle_start)::varchar || ' check-in' as cycle_name
        from pairs p join cycles c on c.cycle_start >= p.created_at::date and c.cycle_start < coalesce(p.deactivated_at::date, period_end())""")
    w.q("""
        create or replace table la_one_to_ones as
        select *,
            cycle_start::timestamp + work_time(id, 'o2oc') as created_at,
            cycle_start + 30 as deadline,
            'Check-in: ' || reviewee_name as name,
            case when rnd(id, 'desc') < 0.5 then 'Quarterly conversation about goals, wellbeing and development.'
                 else 'Review of objectives, feedback and next steps; bring notes, questions, and "wins".' end as description,
            rint(id, 'rtt', 300, 3600) as reviewee_total_time,
            rint(id, 'rvt', 300, 5400) as reviewer_total_time,
            rnd(id, 'fin') < 0.78 and cycle_start + 30 < period_end() as is_final
        from la_one_to_ones""")
    w.q("""
        create or replace table la_one_to_ones as
        select *,
            case when is_final then created_at + to_seconds(rint(id, 'ttf', 3600, 25 * 86400)) end as finalized_at,
            case when is_final then 'finalized' when created_at < period_end()::timestamp - interval 20 day then 'in_progress' else 'not_started' end as status
        from la_one_to_ones""")
    w.q("""
        create or replace table la_one_to_ones as
        select *, coalesce(finalized_at, created_at + to_seconds(rint(id, 'upd', 60, 86400))) as updated_at,
            case when finalized_at is not null then (epoch(finalized_at) - epoch(created_at))::bigint end as time_to_finalize
        from la_one_to_ones""")
    w.table_sql("la_one_to_one_attempts", """
        select row_number() over (order by o.id, r.k) as id, o.id as one_to_one_id,
            case when r.k = 0 then o.reviewee_id else o.reviewer_id end as user_id, r.k = 0 as user_is_reviewee
        from la_one_to_ones o, range(2) r(k)""")
    w.table_sql("la_one_to_one_attempt_answers", """
        select a.user_id, a.one_to_one_id, a.id as one_to_one_attempt_id,
            ['How are you feeling about your workload?', 'What went well this quarter?',
             'What could have gone better?', 'Rate your progress on objectives (1-5)'][q.k + 1] as question,
            case when q.k = 3 then rint(hash(a.id, q.k), 'ov', 1, 5) end as value,
            case when q.k = 3 then rint(hash(a.id, q.k), 'ov', 1, 5)::varchar
                 else pick(hash(a.id, q.k), 'oans', ['Manageable, busy in the run-up to year end.', 'Shipped the new onboarding flow',
                      'Fewer context switches, please', 'Good, though the team is stretched', 'Line one\nline two of a longer answer']) end as answer,
            case when q.k = 3 then 'Rating' else 'Free text' end as question_type_label
        from la_one_to_one_attempts a join la_one_to_ones o on o.id = a.one_to_one_id, range(4) q(k)
        where o.status <> 'not_started'""")
    # objectives and key results
    w.table_sql("la_objectives", """
        select row_number() over (order by created_at, assigned_to_id, k) as id, *
        from (
            select u.id as assigned_to_id, k,
                period_start() + rint(hash(u.id, k), 'ostart', 0, 640)::int as start_date,
                pick(hash(u.id, k), 'olevel', ['Self-development', 'Individual', 'Individual', 'Team', 'Company']) as level,
                u.primary_team_id, u.manager_id,
                work_ts(hash(u.id, k), 'ocreated', period_start(), period_end()) as created_at
            from la_users u, range(rint(u.id, 'nobj', 0, 4)) o(k) where u.p is not null)""")
    w.q(f"""
        create or replace table la_objectives as
        select id, assigned_to_id,
            pick(hash(id), 'oname', {sql_list(['Grow ' + t.lower() + ' capability' for t in TOPICS[:12]] + ['Improve customer NPS', 'Ship the data platform', 'Reduce onboarding time'])}) as name,
            level,
            case when level in ('Team', 'Company') then primary_team_id end as team_id,
            case when level = 'Self-development' then assigned_to_id else coalesce(manager_id, assigned_to_id) end as assigned_by_id,
            start_date, start_date + rint(id, 'olen', 60, 365)::int as end_date,
            rint(id, 'oprog', 0, 100) as current_progress,
            rnd(id, 'oarch') < 0.07 as archived, rnd(id, 'opriv') < 0.1 as private,
            case when id > 20 and rnd(id, 'oparent') < 0.15 then 1 + floor(rnd(id, 'opid') * (id - 1))::bigint end as parent_objective_id
        from la_objectives""")
    w.q("""
        create or replace table la_objectives as
        select *, case when current_progress = 0 then 'Not started' when current_progress = 100 then 'Completed' else 'In Progress' end as completion_status
        from la_objectives""")
    w.table_sql("la_key_results", """
        select row_number() over (order by o.id, k) as id, o.id as objective_id,
            'Key result ' || (k + 1)::varchar || ' for "' || o.name || '"' as name,
            pick(hash(o.id, k), 'kct', ['self_certify', 'pass_score', 'maintain']) as completion_type,
            rint(hash(o.id, k), 'kprog', 0, 100) as progress,
            pick(hash(o.id, k), 'kst', ['not_started', 'on_track', 'on_track', 'behind', 'at_risk']) as status,
            o.assigned_to_id as owner_id,
            rnd(hash(o.id, k), 'kcontrib') < 0.85 as contribution_to_objective_progress,
            round(rnd(hash(o.id, k), 'kfrom') * 100, 2)::decimal(14, 2) as target_from_value,
            round(100 + rnd(hash(o.id, k), 'kto') * 900, 2)::decimal(14, 2) as target_to_value,
            pick(hash(o.id, k), 'kunit', ['%', 'GBP', 'deals', 'courses', 'NPS points']) as unit,
            case when rnd(hash(o.id, k), 'kres_p') < 0.7 then round(rnd(hash(o.id, k), 'kres') * 1000, 2)::decimal(14, 2) end as result
        from la_objectives o, range(rint(o.id, 'nkr', 1, 4)) r(k)""")
