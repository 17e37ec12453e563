"""Users, roles and row-level security of the dashboard, run inside Superset's own environment by
`lwh dashboard` (src/lwh/serving/dashboard.py) with SUPERSET_CONFIG_PATH set.

Reads one JSON request on standard input (passwords never travel on a command line, where `ps`
shows them) and prints one JSON answer on standard output:

    {"action": "admin", "security": "<security.yaml>", "admin": {"username": ..., "password": ...}}
        the admin user exists with exactly this password (before the bundle is imported: the
        import names an owner)
    {"action": "roles", "security": ...}
        the roles of security.yaml are (re)built from Gamma minus the views under `never`, plus
        their datasets; every team manager's row-level-security filters are rebuilt from the
        file's clauses
    {"action": "add_user", "security": ..., "username": ..., "password": ..., "role": ...,
     "teams": [...], "email": ..., "first_name": ..., "last_name": ...}
        a new user (or an existing one, password and roles reset) with the role Admin, Analyst
        or a team manager's own role over those teams
"""

from __future__ import annotations

import json
import sys

import yaml

MANAGER_ROLE_PREFIX = "Team manager: "
RLS_PREFIX = "team scope: "


def _sql_text(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _datasets(names):
    from superset import db
    from superset.connectors.sqla.models import SqlaTable

    tables = db.session.query(SqlaTable).all()
    if names == "all":
        return tables
    by_name = {t.table_name: t for t in tables}
    missing = [n for n in names if n not in by_name]
    if missing:
        raise SystemExit(f"security.yaml names datasets the dashboard bundle does not have: {missing}")
    return [by_name[n] for n in names]


def _role_permissions(sm, never: set[str], datasets) -> list:
    """Gamma's permissions without any on the `never` views, plus read access to `datasets`."""
    gamma = sm.find_role("Gamma")
    if gamma is None:
        raise SystemExit("Superset has no Gamma role: run `superset init` first")
    perms = [p for p in gamma.permissions if p.view_menu.name not in never]
    for table in datasets:
        pvm = sm.add_permission_view_menu("datasource_access", table.perm)
        perms.append(pvm)
    return perms


def _set_role(sm, name: str, perms: list):
    from superset import db

    role = sm.find_role(name) or sm.add_role(name)
    role.permissions = list({p.id: p for p in perms}.values())
    db.session.merge(role)
    return role


def _manager_filters(sm, role, teams: list[str], clauses: dict, username: str) -> None:
    """One row-level-security filter per dataset of `clauses`, for this manager's role only."""
    from superset import db
    from superset.connectors.sqla.models import RowLevelSecurityFilter

    team_ids = ", ".join(_sql_text(t) for t in teams)
    for dataset_name, clause in clauses.items():
        (table,) = _datasets([dataset_name])
        name = f"{RLS_PREFIX}{username}: {dataset_name}"
        rls = db.session.query(RowLevelSecurityFilter).filter_by(name=name).one_or_none()
        if rls is None:
            rls = RowLevelSecurityFilter(name=name)
            db.session.add(rls)
        rls.description = f"{username} sees the people of teams {teams} and every team below them"
        rls.filter_type = "Regular"
        rls.group_key = "team_scope"
        rls.clause = clause.format(team_ids=team_ids)
        rls.tables = [table]
        rls.roles = [role]


def _roles(sm, security: dict) -> dict:
    never = set(security.get("never", []))
    built = {}
    for name, spec in security["roles"].items():
        built[name] = _set_role(sm, name, _role_permissions(sm, never, _datasets(spec["datasets"])))
    return built


def _manager_role(sm, security: dict, username: str, teams: list[str]):
    base = sm.find_role("Team manager")
    role = _set_role(sm, MANAGER_ROLE_PREFIX + username, list(base.permissions))
    _manager_filters(sm, role, teams, security["row_level_security"], username)
    return role


def _managers(sm, security: dict) -> None:
    """Rebuild every manager's role and filters from security.yaml and the teams recorded for
    them by `add-user` (team_managers.json under Superset's home), so edits to the file apply."""
    from superset import db
    from superset.connectors.sqla.models import RowLevelSecurityFilter

    for role in list(sm.get_all_roles()):
        if not role.name.startswith(MANAGER_ROLE_PREFIX):
            continue
        username = role.name[len(MANAGER_ROLE_PREFIX):]
        teams = _recorded_teams(username)
        if teams is None:
            continue
        # filters of datasets no longer in the file go
        for rls in db.session.query(RowLevelSecurityFilter).filter(
                RowLevelSecurityFilter.name.like(f"{RLS_PREFIX}{username}: %")).all():
            if rls.name.split(": ", 2)[-1] not in security["row_level_security"]:
                db.session.delete(rls)
        _manager_role(sm, security, username, teams)


def _teams_file():
    import os
    from pathlib import Path

    return Path(os.environ["SUPERSET_HOME"]) / "team_managers.json"


def _recorded_teams(username: str) -> list[str] | None:
    path = _teams_file()
    if not path.exists():
        return None
    return json.loads(path.read_text()).get(username)


def _record_teams(username: str, teams: list[str] | None) -> None:
    path = _teams_file()
    known = json.loads(path.read_text()) if path.exists() else {}
    if teams is None:
        known.pop(username, None)
    else:
        known[username] = teams
    import os

    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(json.dumps(known, indent=2) + "\n")
    os.chmod(path, 0o600)


def _ensure_user(sm, username: str, password: str, roles: list, email: str | None = None,
                 first_name: str = "Learning", last_name: str = "Analyst") -> str:
    from superset import db

    user = sm.find_user(username=username)
    if user is None:
        created = sm.add_user(username, first_name, last_name, email or f"{username}@localhost", roles,
                              password=password)
        if not created:
            raise SystemExit(f"Superset refused to create the user {username!r} (is the email taken?)")
        return "created"
    from werkzeug.security import check_password_hash

    changed = "unchanged"
    if not user.password or not check_password_hash(user.password, password):
        sm.reset_password(user.id, password)
        changed = "password reset"
    user = sm.find_user(username=username)
    if {r.name for r in user.roles} != {r.name for r in roles}:
        user.roles = roles
        db.session.merge(user)
        changed = "roles set" if changed == "unchanged" else changed + ", roles set"
    user.active = True
    return changed


def main() -> int:
    request = json.loads(sys.stdin.read())
    with open(request["security"], encoding="utf-8") as f:
        security = yaml.safe_load(f)

    from superset.app import create_app

    app = create_app()
    with app.app_context():
        from superset import db
        from superset.extensions import security_manager as sm

        answer = {}
        if request["action"] == "admin":
            admin = request["admin"]
            answer["admin"] = _ensure_user(sm, admin["username"], admin["password"], [sm.find_role("Admin")])
        elif request["action"] == "roles":
            _roles(sm, security)
            _managers(sm, security)
        elif request["action"] == "add_user":
            _roles(sm, security)
            role = request["role"]
            teams = [str(t) for t in request.get("teams") or []]
            if role == "team-manager":
                if not teams:
                    raise SystemExit("a team manager needs at least one --team")
                roles = [_manager_role(sm, security, request["username"], teams)]
                _record_teams(request["username"], teams)
            else:
                roles = [sm.find_role({"admin": "Admin", "analyst": "Analyst"}[role])]
                _record_teams(request["username"], None)
            answer["user"] = _ensure_user(sm, request["username"], request["password"], roles,
                                          request.get("email"), request.get("first_name") or request["username"],
                                          request.get("last_name") or "")
            answer["roles"] = [r.name for r in roles]
        else:
            raise SystemExit(f"unknown action {request['action']!r}")
        db.session.commit()
    print(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main())
