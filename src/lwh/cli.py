"""`lwh`: the command-line tool around the learning-warehouse dbt project."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from lwh import __version__, project


def _utc_datetime(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _raw_dir(arg: str | None) -> Path:
    return project.path("raw_dir", arg)


def _warehouse(arg: str | None) -> Path:
    return project.path("warehouse_path", arg)


def cmd_generate(args: argparse.Namespace) -> int:
    from lwh.generate import Generator

    gen = Generator(Path(args.out), scale=args.scale, seed=args.seed, end=args.end,
                    both_share=args.both_share, threads=args.threads,
                    progress=False if args.quiet else None)
    files = gen.run(day_after=args.days_after)
    s = gen.stats
    print(f"wrote {len(files)} files, {s['rows']:,} rows, {s['bytes'] / 1e6:,.1f} MB to {args.out} "
          f"in {s['seconds']:.1f} s: {s['rows_per_second']:,.0f} rows/s "
          f"(scale {args.scale}, seed {args.seed}, {gen.people:,} people)")
    return 0


def _land_progress():
    """A progress line on stderr for large landings (over 100 MB or 50 files), at most every 2 s."""
    import time

    started = time.monotonic()
    last = [0.0]

    def report(done: int, total: int, done_bytes: int, total_bytes: int) -> None:
        now = time.monotonic() - started
        if (total_bytes < 100e6 and total < 50) or (now - last[0] < 2 and done):
            return
        last[0] = now
        print(f"lwh land [{now:6.1f}s] reading {done + 1}/{total} files ({done_bytes / 1e6:,.0f} of "
              f"{total_bytes / 1e6:,.0f} MB)", file=sys.stderr, flush=True)
    return report


def report_released(command: str, released) -> None:
    """Say what release_held did: each held file moved into the landing area, or why it stays held."""
    for r in released:
        print(f"{command}: {r.message()}", file=sys.stdout if r.moved else sys.stderr)


def cmd_land(args: argparse.Namespace) -> int:
    from lwh.landing.land import land, release_held

    raw = _raw_dir(args.raw_dir)
    if not args.paths and not args.release_held:
        build_parser().error("lwh land: give the files or folders to land (or --release-held)")
    # held deliveries of data sets the project models now land first (also done by lwh build)
    released = release_held(raw)
    report_released("lwh land", released)
    if not args.paths:
        from lwh.landing.land import held_deliveries

        print(f"lwh land --release-held: {sum(r.moved for r in released)} released; "
              f"{len(held_deliveries(raw))} held deliveries remain in {raw / 'held'}")
        return 0
    extracted_at = _utc_datetime(args.extracted_at) if args.extracted_at else None
    planned, refusals = land(args.paths, raw, kind=args.kind, extracted_at=extracted_at, replace=args.replace,
                             progress=None if args.quiet else _land_progress())
    if refusals:
        for source, reason in refusals:
            print(f"refused: {source}: {reason}", file=sys.stderr)
        print(f"nothing landed: {len(refusals)} of {len(planned) + len(refusals)} inputs refused "
              f"(fix or remove them and run again)", file=sys.stderr)
        return 1
    if not planned:
        print("nothing to land: no .csv or .zip file among the inputs", file=sys.stderr)
        return 1
    counts: dict[str, int] = {}
    for p in planned:
        status = "held" if p.held and p.status == "new" else p.status
        counts[status] = counts.get(status, 0) + 1
        if p.status == "replace":
            print(f"{p.status:9} {p.source} -> {p.target} (the file it replaces is kept as {raw / p.kept_as})")
        elif status == "held":
            print(f"held      {p.source} -> {p.target} [Brightspace data set {p.data_set}, {p.kind}, "
                  f"{p.extracted_at:%Y-%m-%dT%H:%M:%SZ}, {p.rows:,} rows]: held, not refused: the project does "
                  f"not model {p.data_set} yet; kept outside what dbt reads, it lands when a later version "
                  f"models it (lwh land --release-held, or the next lwh land or lwh build)")
        elif args.verbose or p.status == "new":
            what = f"{p.system}.{p.table}" + (f" {p.kind}" if p.kind else "")
            note = f" ({p.note})" if p.note else ""
            if args.verbose or len(planned) <= 60:
                print(f"{p.status:9} {p.source} -> {p.target} [{what}, {p.extracted_at:%Y-%m-%dT%H:%M:%SZ}]{note}")
    print(f"landed into {raw}: " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
    return 0


def cmd_unland(args: argparse.Namespace) -> int:
    from lwh.landing.land import unland

    raw = _raw_dir(args.raw_dir)
    records, refusals = unland(args.extracts, raw)
    if refusals:
        for name, reason in refusals:
            print(f"refused: {name}: {reason}", file=sys.stderr)
        print(f"nothing unlanded: {len(refusals)} of {len(args.extracts)} names refused", file=sys.stderr)
        return 1
    for rec in records:
        kept = f"kept as {raw / rec['kept_as']}" if rec["kept_as"] else "it was already gone from disk"
        print(f"unlanded  {rec['target']} ({kept})")
    print(f"unlanded from {raw}: {len(records)} file(s); the next `lwh build` rebuilds what they fed")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from lwh.warehouse.build import build, store_for, target_of

    warehouse = store_for(target_of(args.dbt_args), _warehouse(args.warehouse))
    try:
        return build(warehouse, args.dbt_args, fresh=args.fresh, changed=args.changed, raw_dir=_raw_dir(None))
    except RuntimeError as e:           # an operation on the engine (stores.SparkStore) failed
        print(f"lwh build: {e}", file=sys.stderr)
        return 1


def cmd_bench(args: argparse.Namespace) -> int:
    from lwh.devtools.bench import main as bench

    return bench(args.dbt_args)


def cmd_codegen(args: argparse.Namespace) -> int:
    from lwh.devtools.codegen import main as codegen

    return codegen(["--check"] if args.check else [])


def cmd_info(args: argparse.Namespace) -> int:
    from lwh.serving.info import describe

    print(describe(_warehouse(args.warehouse)))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from lwh.serving.export import export

    warehouse = _warehouse(args.warehouse)
    out = project.path("export_dir", args.out)
    m = export(warehouse, out, args.format)
    rows = sum(e["rows"] for e in m["marts"])
    print(f"exported {len(m['marts'])} marts ({rows:,} rows) of the build of {m['built_at']} "
          f"as {m['format']} to {out} in {m['seconds']:.1f} s (list: {out / 'manifest.json'})")
    return 0


def cmd_dashboard(args: argparse.Namespace) -> int:
    from lwh.serving.dashboard import main as dashboard

    return dashboard(_warehouse(args.warehouse), port=args.port, venv=args.venv, home=args.home,
                     install_only=args.install_only, host=args.host)


def cmd_dashboard_user(args: argparse.Namespace) -> int:
    from lwh.serving.dashboard import add_user_main

    return add_user_main(args.username, args.role, teams=args.team, email=args.email, venv=args.venv,
                         home=args.home, password_stdin=args.password_stdin)


def cmd_docs(args: argparse.Namespace) -> int:
    from lwh.serving.docs import main as docs

    return docs(_warehouse(args.warehouse), port=args.port, serve=not args.no_serve,
                target=Path(args.target_path).resolve() if args.target_path else None,
                raw_dir=_raw_dir(args.raw_dir))


def _brightspace_options(args: argparse.Namespace) -> dict:
    from lwh.pull import brightspace

    base_url = args.base_url or os.environ.get("LWH_D2L_BASE_URL")
    if not base_url:
        raise ValueError("give --base-url (the organisation's Brightspace host) or set LWH_D2L_BASE_URL")
    return dict(base_url=base_url, auth_url=args.auth_url or brightspace.DEFAULT_AUTH_URL,
                api_version=args.api_version, data_sets=args.data_sets, scope=args.scope)


def _learnamp_options(args: argparse.Namespace) -> dict:
    return dict(dsn=args.dsn, schema=args.schema, allow_insecure=args.allow_insecure)


def cmd_pull_brightspace(args: argparse.Namespace) -> int:
    from lwh.pull import brightspace

    return brightspace.pull(_raw_dir(args.raw_dir), dry_run=args.dry_run, **_brightspace_options(args))


def cmd_pull_learnamp(args: argparse.Namespace) -> int:
    from lwh.pull import learnamp

    return learnamp.pull(_raw_dir(args.raw_dir), tables=args.tables, **_learnamp_options(args))


def cmd_sync(args: argparse.Namespace) -> int:
    from lwh.warehouse.sync import enabled, sync

    use_bs = enabled(args.brightspace, bool(args.base_url or os.environ.get("LWH_D2L_BASE_URL")),
                     "brightspace", "--base-url or LWH_D2L_BASE_URL")
    use_la = enabled(args.learnamp, bool(args.dsn or os.environ.get("LWH_LEARNAMP_DSN")),
                     "learnamp", "--dsn or LWH_LEARNAMP_DSN")
    return sync(_warehouse(args.warehouse), _raw_dir(args.raw_dir),
                _brightspace_options(args) if use_bs else None, _learnamp_options(args) if use_la else None,
                args.dbt_args)


def _add_brightspace_arguments(p: argparse.ArgumentParser) -> None:
    from lwh.pull.brightspace import DEFAULT_API_VERSION, DEFAULT_AUTH_URL, DEFAULT_SCOPE

    p.add_argument("--base-url", help="the organisation's Brightspace host, e.g. https://school.brightspace.com "
                                      "(default: $LWH_D2L_BASE_URL)")
    p.add_argument("--auth-url", help=f"OAuth 2.0 auth service (default {DEFAULT_AUTH_URL})")
    p.add_argument("--api-version", default=DEFAULT_API_VERSION, help=f"LP API version (default {DEFAULT_API_VERSION})")
    p.add_argument("--data-sets", nargs="+", metavar="NAME",
                   help="data sets by name (default: every data set of the column spec: the nine Users-module "
                        "ones and the optional org units, roles, content, grades, quizzes and assignments)")
    p.add_argument("--scope", default=DEFAULT_SCOPE, help=f"OAuth scope (default {DEFAULT_SCOPE})")


def _add_learnamp_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dsn", help="libpq connection string or postgresql:// URL of the Data Lake "
                                 "(default: $LWH_LEARNAMP_DSN)")
    p.add_argument("--schema", default="public", help="schema of the Learn Amp tables (default public)")
    p.add_argument("--allow-insecure", action="store_true",
                   help="allow a connection without TLS (a local server); by default sslmode=require "
                        "unless the DSN sets sslmode")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lwh", description=__doc__)
    parser.add_argument("--version", action="version", version=f"lwh {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    g = sub.add_parser("generate", help="write realistic Learn Amp and Brightspace exports")
    g.add_argument("--scale", type=float, default=1.0,
                   help="1 = a 10,000-employee company over two years (default 1)")
    g.add_argument("--seed", type=int, default=42, help="random seed; the same seed gives the same bytes")
    g.add_argument("--out", required=True, help="folder to write learnamp/*.csv and brightspace/*.zip into")
    g.add_argument("--end", type=dt.date.fromisoformat, default=None,
                   help="last day of the data (exclusive), default 2026-11-16")
    g.add_argument("--both-share", type=float, default=0.6,
                   help="share of people with an account on both platforms (default 0.6)")
    g.add_argument("--threads", type=int, default=None, help="DuckDB threads (default: all cores)")
    g.add_argument("--days-after", type=int, default=0, metavar="K",
                   help="write only what day K (1-7) after --end adds: Learn Amp delta parts of the "
                        "event tables and each Brightspace data set's differential (for incremental runs)")
    g.add_argument("--quiet", action="store_true", help="no progress display")
    g.set_defaults(func=cmd_generate)

    land = sub.add_parser("land", help="place downloaded exports into the landing area")
    land.add_argument("paths", nargs="*", help="BDS ZIPs, their CSVs, Learn Amp CSVs, or folders of them")
    land.add_argument("--raw-dir", help=f"landing area (default: {project.path_help('raw_dir')})")
    land.add_argument("--kind", choices=["full", "differential"],
                      help="Brightspace extract kind, when the file name does not tell")
    land.add_argument("--extracted-at", help="extract time (ISO 8601, UTC), when the file name does not tell")
    land.add_argument("--replace", action="store_true",
                      help="land a corrected file over a different one already landed for the same extract "
                           "(the old one is kept under <raw>/replaced/)")
    land.add_argument("--release-held", action="store_true",
                      help="only move held deliveries (Brightspace data sets the project did not model when "
                           "they were landed, under <raw>/held/) whose data set is modelled now into the landing "
                           "area; every lwh land and lwh build does this first anyway")
    land.add_argument("-v", "--verbose", action="store_true", help="list unchanged files too")
    land.add_argument("-q", "--quiet", action="store_true", help="no progress lines on large landings")
    land.set_defaults(func=cmd_land)

    unl = sub.add_parser("unland", help="take landed files out of the landing area (kept under <raw>/unlanded/)")
    unl.add_argument("extracts", nargs="+", metavar="EXTRACT",
                     help="landed file: <system>/<table>/<file>.csv, its path, or its file name")
    unl.add_argument("--raw-dir", help=f"landing area (default: {project.path_help('raw_dir')})")
    unl.set_defaults(func=cmd_unland)

    b = sub.add_parser("build", help="dbt build into a separate file, then publish it atomically",
                       description="Runs `dbt build` (extra arguments are passed on) against "
                                   "<warehouse>.building (a new file, or for a daily build the published "
                                   "file itself with every checkpoint held back) and, when it succeeds, "
                                   "publishes it atomically, so readers never see a half-built warehouse "
                                   "(LWH_PUBLISH=auto|in-place|copy).")
    b.add_argument("--warehouse", help=f"published DuckDB file (default: {project.path_help('warehouse_path')}); "
                                       "with `--target spark` the Spark warehouse is "
                                       f"{project.path_help('spark_warehouse_dir')}, built in place (docs/engines.md)")
    b.add_argument("--fresh", action="store_true", help="start from an empty file (full rebuild)")
    b.add_argument("--changed", action="store_true",
                   help="daily run: build only what the files landed since the last build affect "
                        "(their source tables, everything downstream, their tests)")
    b.set_defaults(func=cmd_build)

    bench = sub.add_parser("bench", add_help=False,
                           help="build benchmark: floor, full build, one more day, memory (lwh bench --help)")
    bench.set_defaults(func=cmd_bench)

    codegen = sub.add_parser("codegen", help="write the dbt files that follow from the column spec")
    codegen.add_argument("--check", action="store_true", help="fail if a generated file is out of date")
    codegen.set_defaults(func=cmd_codegen)

    info = sub.add_parser("info", help="where the warehouse is and how to query it")
    info.add_argument("--warehouse", help=f"DuckDB file (default: {project.path_help('warehouse_path')})")
    info.set_defaults(func=cmd_info)

    exp = sub.add_parser("export", help="every mart as a Parquet or CSV file, for Power BI, Tableau, Excel",
                         description="Writes every table of the schema marts of the published warehouse "
                                     "(opened read-only) to one file per mart, with manifest.json, into "
                                     "a new folder that then replaces --out atomically.")
    exp.add_argument("--warehouse", help=f"DuckDB file (default: {project.path_help('warehouse_path')})")
    exp.add_argument("--out", help=f"export folder (default: {project.path_help('export_dir')})")
    exp.add_argument("--format", choices=["parquet", "csv"], default="parquet",
                     help="parquet (Power BI, Tableau; default) or csv with a header (Excel)")
    exp.set_defaults(func=cmd_export)

    dash = sub.add_parser("dashboard", help="Apache Superset with the warehouse's dashboards, on 127.0.0.1",
                          description="Installs Apache Superset into its own venv (once), imports the "
                                      "dashboards kept in dashboard/superset/bundle/, connects them to the "
                                      "warehouse read-only and serves them on 127.0.0.1 until Ctrl-C.")
    dash.add_argument("--warehouse", help=f"DuckDB file (default: {project.path_help('warehouse_path')})")
    dash.add_argument("--port", type=int, default=8088, help="port (default 8088)")
    dash.add_argument("--host", default="127.0.0.1",
                      help="address to listen on (default 127.0.0.1, this machine only; another address "
                           "is warned about: put HTTPS in front of it)")
    dash.add_argument("--venv", help="Superset's virtual environment (default: $LWH_SUPERSET_VENV or .venv-superset)")
    dash.add_argument("--home", help="Superset's metadata folder (default: $LWH_SUPERSET_HOME or .superset)")
    dash.add_argument("--install-only", action="store_true", help="install and import, do not start the server")
    dash.set_defaults(func=cmd_dashboard)

    duser = sub.add_parser("dashboard-user", help="add a dashboard user with a role (analyst, team-manager, admin)",
                           description="Adds a user to the dashboard (or resets an existing one's password and "
                                       "role). analyst: every dashboard and chart, no SQL Lab, no databases; "
                                       "team-manager: the team dashboards, rows limited to the people of the "
                                       "--team teams and every team below them; admin: everything. The password "
                                       "is generated and printed once, or read from standard input.")
    duser.add_argument("username")
    duser.add_argument("--role", required=True, choices=["analyst", "team-manager", "admin"])
    duser.add_argument("--team", action="append", metavar="TEAM_ID",
                       help="team-manager: a Learn Amp team id (marts.dim_team.team_id); repeat for several")
    duser.add_argument("--email", help="the user's email (default <username>@localhost)")
    duser.add_argument("--password-stdin", action="store_true",
                       help="read the password from the first line of standard input instead of generating one")
    duser.add_argument("--venv", help="Superset's virtual environment (default: $LWH_SUPERSET_VENV or .venv-superset)")
    duser.add_argument("--home", help="Superset's metadata folder (default: $LWH_SUPERSET_HOME or .superset)")
    duser.set_defaults(func=cmd_dashboard_user)

    docs = sub.add_parser("docs", help="generate the dbt docs site and serve it on 127.0.0.1",
                          description="Runs `dbt docs generate` against the warehouse (which must exist) "
                                      "and serves the site on 127.0.0.1 until Ctrl-C.")
    docs.add_argument("--warehouse", help=f"DuckDB file (default: {project.path_help('warehouse_path')})")
    docs.add_argument("--port", type=int, default=8080, help="port on 127.0.0.1 (default 8080)")
    docs.add_argument("--target-path", help="dbt target folder for the site (default: target)")
    docs.add_argument("--raw-dir", help="landing area, for compiled SQL in the site (default: "
                                        f"{project.path_help('raw_dir')}; without landed files the site has no "
                                        "compiled SQL)")
    docs.add_argument("--no-serve", action="store_true", help="generate only")
    docs.set_defaults(func=cmd_docs)
    pull = sub.add_parser("pull", help="fetch exports from the vendors and land them")
    pull_sub = pull.add_subparsers(dest="system", required=True)
    pb = pull_sub.add_parser("brightspace", help="Brightspace Data Sets from the Data Hub API",
                             description="Trades the refresh token in $LWH_D2L_REFRESH_TOKEN_FILE (default "
                                         "~/.config/lwh/d2l-refresh-token) for an access token with the client "
                                         "credentials $LWH_D2L_CLIENT_ID and $LWH_D2L_CLIENT_SECRET, saves the "
                                         "rotated refresh token, downloads each data set's extracts not landed "
                                         "yet and lands them.")
    _add_brightspace_arguments(pb)
    pb.add_argument("--raw-dir", help=f"landing area (default: {project.path_help('raw_dir')})")
    pb.add_argument("--dry-run", action="store_true", help="list what would be downloaded; download nothing")
    pb.set_defaults(func=cmd_pull_brightspace)
    pl = pull_sub.add_parser("learnamp", help="every Learn Amp table from the Data Lake (Redshift)",
                             description="Streams every documented table to CSV through a server-side cursor "
                                         "(event tables: only rows with ids above those landed) and lands them.")
    _add_learnamp_arguments(pl)
    pl.add_argument("--tables", nargs="+", metavar="TABLE", help="only these tables (default: every documented one)")
    pl.add_argument("--raw-dir", help=f"landing area (default: {project.path_help('raw_dir')})")
    pl.set_defaults(func=cmd_pull_learnamp)

    sy = sub.add_parser("sync", help="pull both systems, land, build --changed: the daily run, safe from cron",
                        description="Under a lock (<warehouse>.sync.lock; a second run exits 75 at once): "
                                    "pull Brightspace when a base URL is configured, Learn Amp when a DSN is, "
                                    "then `lwh build --changed`. Exit 0 only when every step succeeded and "
                                    "the warehouse is published. Extra arguments go to dbt.")
    _add_brightspace_arguments(sy)
    _add_learnamp_arguments(sy)
    sy.add_argument("--warehouse", help=f"published DuckDB file (default: {project.path_help('warehouse_path')})")
    sy.add_argument("--raw-dir", help=f"landing area (default: {project.path_help('raw_dir')})")
    for system in ("brightspace", "learnamp"):
        sy.add_argument(f"--{system}", dest=system, action=argparse.BooleanOptionalAction, default=None,
                        help=f"pull {system} (default: when configured)")
    sy.set_defaults(func=cmd_sync)
    return parser


def main(argv: list[str] | None = None) -> int:
    args, extra = build_parser().parse_known_args(argv)
    if args.command in ("build", "bench", "sync"):
        args.dbt_args = extra
    elif extra:
        build_parser().error(f"unrecognized arguments: {' '.join(extra)}")
    if getattr(args, "end", "absent") is None:
        from lwh.generate import DEFAULT_END
        args.end = DEFAULT_END
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except (ValueError, FileNotFoundError) as e:
        print(f"lwh {args.command}: {e}", file=sys.stderr)
        return 2
    except OSError as e:          # a full disk, a permission: the landing journal keeps the area consistent
        print(f"lwh {args.command}: {e.strerror or e} ({e.filename or 'no file named'}); the next run of "
              f"lwh land, unland or build finishes or rolls back any change this one left", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
