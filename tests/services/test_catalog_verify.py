"""Verification after a 200, against the real sandbox: a slow ingest that lands, a TMP edge,
a table that never gets cataloged, a tenant that goes away mid-poll, and a cancel."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from composer.core.document import DatasetRef
from composer.core.templates import instantiate
from composer.core.tenant import OutputVerdict
from composer.services.catalog import (
    CatalogClient,
    CatalogCredentials,
    LineageVerifier,
    PollSettings,
    TenantChecker,
    VerificationResult,
)
from composer.services.sandbox import SandboxConfig, SandboxServer
from composer.services.send.sender import Sender, SendTarget

QUICK = PollSettings(deadline=20.0, first_wait=0.05, max_wait=0.3)


@pytest.fixture
def slow_sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig(ingest_delay=0.8)) as server:
        yield server


def _event(**changes: str) -> dict[str, Any]:
    event: dict[str, Any] = instantiate("postgres-to-snowflake").value
    for pointer, value in changes.items():
        side, index, key = pointer.split("_")
        event[side][int(index)][key] = value
    return event


def _send(sandbox: SandboxServer, event: dict[str, Any]) -> None:
    with Sender(SendTarget(sandbox.endpoint_url, sandbox.token)) as sender:
        assert sender.send(json.dumps(event).encode("utf-8")).status == 200


def _verifier(sandbox: SandboxServer, settings: PollSettings = QUICK) -> LineageVerifier:
    credentials = CatalogCredentials.from_refresh_token(sandbox.catalog_user_id, sandbox.refresh_token)
    client = CatalogClient(sandbox.url, credentials, timeout=2)
    return LineageVerifier(TenantChecker(client, client.list_data_sources().sources), settings)


def test_a_slow_ingest_is_waited_for_until_the_lineage_appears(slow_sandbox: SandboxServer) -> None:
    event = _event(outputs_0_name="ANALYTICS.SALES.BRAND_NEW_TABLE")  # cataloged only by ingestion
    verifier = _verifier(slow_sandbox)
    _send(slow_sandbox, event)
    seen: list[tuple[OutputVerdict, ...]] = []
    result = verifier.verify(event, on_progress=seen.append)
    assert result.ok, result.verdicts
    assert seen[0][0].state == "pending"  # asked before the ingest finished
    [verdict] = result.verdicts
    assert verdict.table is not None and verdict.table.name == "BRAND_NEW_TABLE"
    assert verdict.table.url.startswith("/table/")


def test_an_input_on_no_data_source_is_a_tmp_edge_with_its_cause(slow_sandbox: SandboxServer) -> None:
    event = _event(inputs_1_namespace="postgres://crm-db.example.com:5432")
    verifier = _verifier(slow_sandbox)
    _send(slow_sandbox, event)
    result = verifier.verify(event)
    [verdict] = result.verdicts
    assert not result.ok
    assert (verdict.state, verdict.cause) == ("tmp", "namespace-not-matched")
    assert "crm-db.example.com" in verdict.culprit
    assert "Additional Datasource Connections" in verdict.advice


def test_an_event_never_sent_ends_missing_at_the_deadline(slow_sandbox: SandboxServer) -> None:
    event = _event(outputs_0_name="ANALYTICS.SALES.NEVER_SENT")
    result = _verifier(slow_sandbox, PollSettings(deadline=1.0, first_wait=0.1, max_wait=0.3)).verify(event)
    [verdict] = result.verdicts
    assert (verdict.state, verdict.cause) == ("missing", "table-not-cataloged")
    assert 1.0 <= result.elapsed < 10


def test_a_tenant_that_goes_away_mid_poll_is_reported_unreachable() -> None:
    server = SandboxServer(SandboxConfig(ingest_delay=600))
    server.start()
    try:
        event = _event(outputs_0_name="ANALYTICS.SALES.NEVER_LANDS")
        verifier = _verifier(server, PollSettings(deadline=2.0, first_wait=0.1, max_wait=0.2))
        _send(server, event)
        progress: list[tuple[OutputVerdict, ...]] = []

        def stop_after_first(verdicts: tuple[OutputVerdict, ...]) -> None:
            progress.append(verdicts)
            if len(progress) == 1:
                server.stop()

        result = verifier.verify(event, on_progress=stop_after_first)
    finally:
        server.stop()
    [verdict] = result.verdicts
    assert progress[0][0].state == "pending"
    assert (verdict.state, verdict.cause) == ("unreachable", "tenant-unreachable")
    assert "cannot reach" in verdict.message


def test_cancel_stops_the_wait_at_once(slow_sandbox: SandboxServer) -> None:
    event = _event(outputs_0_name="ANALYTICS.SALES.NEVER_SENT")
    verifier = _verifier(slow_sandbox, PollSettings(deadline=600, first_wait=30, max_wait=30))
    cancel = threading.Event()
    result = verifier.verify(event, cancel=cancel, on_progress=lambda _verdicts: cancel.set())
    assert result.cancelled and result.elapsed < 10
    assert [v.state for v in result.verdicts] == ["pending"]


def test_the_state_history_shows_is_the_worst_outcome_told_apart_by_cause() -> None:
    def verdict(index: int, state: Any, cause: Any = "") -> OutputVerdict:
        return OutputVerdict(DatasetRef("outputs", index, "postgres://db:5432", f"s.t{index}"), state, cause)

    ok, tmp = verdict(0, "ok"), verdict(1, "tmp", "namespace-not-matched")
    late = verdict(2, "missing", "still-ingesting")
    uncataloged = verdict(3, "missing", "table-not-cataloged")
    gone = verdict(4, "unreachable", "tenant-unreachable")
    assert VerificationResult((ok,)).state == "verified"
    assert VerificationResult((ok, late, tmp)).state == "tmp"  # re-sending will not change a TMP
    assert VerificationResult((ok, late, uncataloged)).state == "missing"
    assert VerificationResult((ok, late)).state == "timed-out"
    assert VerificationResult((gone,)).state == "unreachable"
    assert VerificationResult((verdict(5, "pending"),), cancelled=True).state == "cancelled"
    assert VerificationResult(()).state == "missing"
