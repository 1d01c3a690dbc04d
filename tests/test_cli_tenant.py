"""The tenant commands as a user runs them: `sources`, `validate --tenant`, `send --verify`,
`verify FILE` and `catalog-access`, with their exit codes; and a scripted session in real
processes after which no file under the app home holds a refresh, access or ingest token."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from composer.core.templates import instantiate
from composer.services.history import HistoryStore
from composer.services.sandbox import SandboxServer
from tests.cli_driver import FAKE_TOKEN, cli, process
from tests.stand_in import TENANT_REFRESH_TOKEN as REFRESH

pytestmark = pytest.mark.usefixtures("file_keyring")

def _event_file(tmp_path: Path, name: str = "e.json", **changes: str) -> Path:
    event: dict[str, Any] = instantiate("postgres-to-snowflake").value
    for pointer, value in changes.items():
        side, index, key = pointer.split("_")
        event[side][int(index)][key] = value
    path = tmp_path / name
    path.write_text(json.dumps(event), encoding="utf-8")
    return path


def _add_tenant(tenant: SandboxServer, name: str = "Staging") -> None:
    assert cli("profile", "add", name, "--url", tenant.url).code == 0
    assert cli("profile", "set-token", name, stdin=FAKE_TOKEN + "\n").code == 0
    ran = cli("catalog-access", name, "--user-id", "1", stdin=REFRESH + "\n")
    assert ran.code == 0, ran.text
    assert "a refresh token of user 1" in ran.out


def test_sources_lists_namespaces_in_text_and_json() -> None:
    ran = cli("sources")
    assert ran.code == 0, ran.text
    assert 'Data sources of profile "Local sandbox"' in ran.out and "fetched just now" in ran.out
    assert "postgres://prod-db.example.com:5432" in ran.out
    assert "no namespace: cannot read its URI 'bigquery'" in ran.out
    listed = json.loads(cli("sources", "--format", "json").out)
    assert listed["profile"] == "Local sandbox" and listed["fromCache"] is False
    by_namespace = {source["namespace"]: source for source in listed["sources"]}
    assert by_namespace["mysql://mysql-prod.example.com:3306"]["api"] == "v1"
    assert by_namespace[None]["note"]


def test_sources_of_a_tenant_are_cached_and_used_offline(tenant: SandboxServer) -> None:
    _add_tenant(tenant)
    first = cli("sources", "--profile", "Staging")
    assert first.code == 0 and "fetched just now" in first.out
    cached = cli("sources", "--profile", "Staging")
    assert "(cached, fetched just now; refresh to fetch again)" in cached.out
    tenant.stop()
    offline = cli("sources", "--profile", "Staging", "--refresh")
    assert offline.code == 0, offline.text
    assert "offline" in offline.err and "postgres://prod-db.example.com:5432" in offline.out


def test_no_catalog_access_is_a_clear_failure(tenant: SandboxServer) -> None:
    assert cli("profile", "add", "Bare", "--url", tenant.url).code == 0
    ran = cli("sources", "--profile", "Bare")
    assert ran.code == 1 and "has no catalog access" in ran.err
    check = cli("catalog-access", "Bare", "--use-ingest-token", "--check")
    assert check.code == 2 and "no token stored" in check.err  # the ingest token is asked for, and missing


def test_catalog_access_check_says_what_failed(tenant: SandboxServer) -> None:
    _add_tenant(tenant)
    assert cli("catalog-access", "Staging", "--check").code == 0
    wrong = cli("catalog-access", "Staging", "--user-id", "1", "--check", stdin="wrong-refresh-token\n")
    assert wrong.code == 1 and "refresh token is wrong, expired" in wrong.out
    assert "wrong-refresh-token" not in wrong.text
    ingest = cli("catalog-access", "Staging", "--use-ingest-token", "--check")
    assert ingest.code == 0 and "OK: Catalog access works" in ingest.out
    assert cli("catalog-access", "Local sandbox", "--off").code == 2


def test_validate_tenant_finds_a_tmp_namespace_and_offers_the_fix(tmp_path: Path) -> None:
    good = cli("validate", "--tenant", str(_event_file(tmp_path)))
    assert good.code == 0 and "0 warnings" in good.out
    bad = _event_file(
        tmp_path, "bad.json", inputs_0_namespace="postgres://orders-db.prod.acme.example.com:5433"
    )
    ran = cli("validate", "--tenant", "--format", "json", str(bad))
    assert ran.code == 0, ran.text  # warnings only
    [problem] = [p for p in json.loads(ran.out)[0]["problems"] if p["path"] == "/inputs/0/namespace"]
    assert "will land as TMP" in problem["message"]
    assert problem["fixValue"] == "postgres://orders-db.prod.acme.example.com:5432"
    strict = cli("validate", "--tenant", "--strict", str(bad))
    assert strict.code == 1 and "closest: orders-db" in strict.out
    assert cli("validate", "--profile", "Local sandbox", str(bad)).code == 2  # --profile needs --tenant


def test_send_verify_exits_0_when_the_lineage_appears_and_1_when_it_is_tmp(
    tmp_path: Path, app_home: Path
) -> None:
    ran = cli("send", "--verify", "--verify-timeout", "30", str(_event_file(tmp_path)))
    assert ran.code == 0, ran.text
    assert "lineage appeared" in ran.out and "catalog page: http://127.0.0.1:" in ran.out
    history = HistoryStore.in_dir(app_home)
    [sent] = history.recent()
    kept = history.verification(sent.id)
    assert kept is not None and kept.ok and kept.summary == "lineage appeared (1 output)"
    tmp = _event_file(tmp_path, "tmp.json", inputs_0_namespace="postgres://crm-db.example.com:5432")
    failed = cli("send", "--verify", "--verify-timeout", "30", str(tmp))
    assert failed.code == 1, failed.text
    assert "TMP" in failed.out and "likely cause: the namespace matches no data source" in failed.out
    newest = history.recent()[0]
    tmp_kept = history.verification(newest.id)
    assert tmp_kept is not None and not tmp_kept.ok
    assert (
        tmp_kept.summary
        == "ANALYTICS.SALES.DAILY_REVENUE_BY_REGION: TMP (the namespace matches no data source's host:port)"
    )
    history.delete(newest.id)
    assert history.verification(newest.id) is None
    history.close()


def test_verify_an_event_sent_earlier(tenant: SandboxServer, tmp_path: Path) -> None:
    _add_tenant(tenant)
    event = _event_file(tmp_path)
    assert cli("send", "--profile", "Staging", str(event)).code == 0
    ran = cli("verify", str(event), "--profile", "Staging", "--timeout", "30")
    assert ran.code == 0, ran.text
    never = _event_file(tmp_path, "never.json", outputs_0_name="ANALYTICS.SALES.NEVER_SENT")
    late = cli("verify", str(never), "--profile", "Staging", "--timeout", "1")
    assert late.code == 1 and "MISSING" in late.out and "table is not cataloged" in late.out
    assert cli("verify", str(tmp_path / "absent.json")).code == 2


def test_a_session_leaves_no_token_in_any_file(tenant: SandboxServer, tmp_path: Path, app_home: Path) -> None:
    """Real processes, as a shell runs them: set up, list, pre-flight, send and verify."""
    assert process("profile", "add", "Staging", "--url", tenant.url).code == 0
    assert process("profile", "set-token", "Staging", stdin=FAKE_TOKEN).code == 0
    assert process("catalog-access", "Staging", "--user-id", "1", "--check", stdin=REFRESH).code == 0
    event = _event_file(tmp_path)
    steps = [
        process("sources", "--profile", "Staging", "--refresh"),
        process("validate", "--tenant", "--profile", "Staging", str(event)),
        process("send", "--profile", "Staging", "--verify", "--verify-timeout", "30", str(event)),
        process("verify", str(event), "--profile", "Staging"),
    ]
    assert [step.code for step in steps] == [0, 0, 0, 0], [step.text for step in steps]
    secrets = {FAKE_TOKEN, REFRESH, *tenant.rest.issued_tokens()}
    assert len(secrets) > 2  # access tokens were minted
    for step in steps:
        assert not any(secret in step.text for secret in secrets)
    files = [path for path in app_home.rglob("*") if path.is_file()]
    assert any(path.parent.name == "catalog-sources" for path in files)
    for path in files:
        data = path.read_bytes()
        assert not any(secret.encode() in data for secret in secrets), path
