"""Personal data: with pii_mode hashed or removed, no name, email, user name or IP address from
the input appears anywhere in the marts schema; configuration cannot inject SQL."""

from __future__ import annotations

import duckdb
import pytest

from dbt_helpers import query, run_dbt

pytestmark = pytest.mark.dbt


def _pii_values(gen_db) -> dict[str, set[str]]:
    def values(sql):
        return {r[0] for r in gen_db.execute(sql).fetchall() if r[0] and r[0].strip()}
    # the generator's two test accounts (ids 2, 3) are called "Test Learner" and "Sandbox Admin":
    # role words that marts rightly carry as role names, so they are left out of the names
    names = values("select first_name from la_users where id not in ('2', '3') "
                   "union select last_name from la_users where id not in ('2', '3') "
                   "union select FirstName from bs_users union select LastName from bs_users "
                   "union select first_name || ' ' || last_name from la_users")
    emails = values("select value from la_custom_fields where name = 'Work Email' "
                    "union select ExternalEmail from bs_users")
    user_names = values("select UserName from bs_users union select UserName from bs_user_logins")
    ips = values("select IP from bs_user_logins")
    return {"names": names, "emails": emails, "user_names": user_names, "ips": ips}


def _mart_text_values(warehouse) -> set[str]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        cols = con.execute("""select table_name, column_name from information_schema.columns
                              where table_schema = 'marts' and data_type = 'VARCHAR'""").fetchall()
        out: set[str] = set()
        for table, column in cols:
            out |= {r[0] for r in con.execute(f'select distinct "{column}" from marts."{table}"').fetchall() if r[0]}
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def raw(land_exports):
    _, raw = land_exports("pii")
    return raw


@pytest.mark.parametrize("mode", ["hashed", "removed"])
def test_no_raw_personal_data_in_the_marts(raw, gen_db, mode, tmp_path, monkeypatch):
    monkeypatch.setenv("LWH_PII_SALT", "a-test-salt-not-a-secret")
    warehouse = tmp_path / "learning.duckdb"
    run_dbt(["build", "--vars", f"{{pii_mode: {mode}}}", "--exclude", "test_name:relationships"], raw, warehouse)
    found = _mart_text_values(warehouse)
    pii = _pii_values(gen_db)
    assert all(len(v) > 10 for v in pii.values())
    for kind, values in pii.items():
        assert not (found & values), (kind, sorted(found & values)[:5])
    # emails, user names and IPs do not appear even inside a longer text; all of them contain
    # '@', '.' or ':', which hex hashes never do, so only such texts need searching
    candidates = [text for text in found if any(ch in text for ch in "@.:")]
    for value in pii["emails"] | pii["user_names"] | pii["ips"]:
        assert not any(value in text for text in candidates), value
    if mode == "hashed":
        hashed = query(warehouse, "select full_name from marts.dim_person where person_key not in ('-1', '-2') limit 1")[0][0]
        assert len(hashed) == 64
    else:
        assert query(warehouse, "select count(full_name) from marts.dim_person where person_key not in ('-1', '-2')") == [(0,)]


def test_plain_mode_keeps_the_names(raw, tmp_path):
    warehouse = tmp_path / "learning.duckdb"
    run_dbt(["build", "--select", "+dim_person", "--exclude", "test_name:relationships"], raw, warehouse)
    assert query(warehouse, "select count(*) from marts.dim_person where full_name like '% %'")[0][0] > 10


@pytest.mark.parametrize("vars_, message", [
    ("{pii_mode: sometimes}", "pii_mode must be plain, hashed or removed"),
    ("{organisation_time_zone: \"UTC'); drop table x; --\"}", "organisation_time_zone must be an IANA"),
    ("{identity_rules: [{rule: x, learnamp_custom_field: a, brightspace_field: \"user_id; drop\"}]}",
     "brightspace_field of rule x must be one of"),
    ("{plausible_date_min: \"2020-01-01' or 1=1 --\"}", "plausible_date_min/max must be YYYY-MM-DD"),
])
def test_configuration_cannot_inject_sql(raw, tmp_path, vars_, message):
    proc = run_dbt(["compile", "--vars", vars_], raw, tmp_path / "w.duckdb", check=False)
    assert proc.returncode != 0 and message in proc.stdout, proc.stdout[-2000:]


def test_hashed_mode_without_a_salt_stops(raw, tmp_path, monkeypatch):
    monkeypatch.delenv("LWH_PII_SALT", raising=False)
    proc = run_dbt(["compile", "--select", "dim_person", "--vars", "{pii_mode: hashed}"], raw,
                   tmp_path / "w.duckdb", check=False)
    assert proc.returncode != 0 and "LWH_PII_SALT" in proc.stdout
