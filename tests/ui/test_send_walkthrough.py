"""The verification steps worked out for one send: statuses and the words beside them."""

from __future__ import annotations

import json

from composer.services.profiles import LOCAL_SANDBOX, Profile
from composer.services.sandbox_check import OutputLineage, SandboxReport
from composer.services.send.result import Attempt, Explanation, SendResult
from composer.ui.send.backend import Delivery
from composer.ui.send.result_view import describe_attempt, render_delivery
from composer.ui.send.walkthrough import TMP_MEANING, build_walkthrough, catalog_search_url

SOURCE = ("postgres://prod-db.example.com:5432", "sales_db.public.transactions")
TARGET = ("postgres://prod-db.example.com:5432", "sales_db.public.daily")
EVENT: dict[str, object] = {
    "eventType": "COMPLETE",
    "eventTime": "2024-02-20T10:30:00.000Z",
    "run": {"runId": "d3c5c3e0-8c8a-4b0a-9c1a-3e5e5e5e5e5e"},
    "job": {"namespace": "etl", "name": "daily"},
    "inputs": [{"namespace": SOURCE[0], "name": SOURCE[1]}],
    "outputs": [{"namespace": TARGET[0], "name": TARGET[1]}],
}
TENANT = Profile(name="prod", base_url="https://acme.alationcloud.com")


def delivery(
    status: int = 200, profile: Profile = LOCAL_SANDBOX, event: dict[str, object] = EVENT
) -> Delivery:
    result = SendResult(
        url="http://127.0.0.1:1/open_lineage_event/",
        status=status,
        ok=status == 200,
        attempts=(Attempt(1, status, "", "", 0.01),),
        total_seconds=0.01,
        request_bytes=10,
        explanation=Explanation(f"headline {status}"),
    )
    base = "http://127.0.0.1:1" if profile.is_local_sandbox else profile.base_url
    return Delivery(profile, json.dumps(event), result, base, history_id=1)


def stored(event: dict[str, object] = EVENT) -> dict[str, object]:
    return {
        "id": 3,
        "event": json.dumps(event),
        "eventTime": EVENT["eventTime"],
        "runId": "d3c5c3e0-8c8a-4b0a-9c1a-3e5e5e5e5e5e",
        "job": {"namespace": "etl", "name": "daily"},
    }


def test_every_step_passes_when_the_sandbox_stored_it_and_made_resolved_lineage() -> None:
    report = SandboxReport(True, stored(), (OutputLineage(TARGET, found=True, resolved=True),))
    walk = build_walkthrough(delivery(), report)
    assert [s.status for s in walk.steps] == ["pass"] * 4
    assert walk.passed and walk.catalog_url == "http://127.0.0.1:1/"


def test_an_unresolved_dataset_fails_the_lineage_step_and_names_the_tmp_badge() -> None:
    report = SandboxReport(
        True, stored(), (OutputLineage(TARGET, found=True, resolved=False),), unresolved=frozenset({TARGET})
    )
    walk = build_walkthrough(delivery(), report)
    lineage = walk.steps[2]
    assert lineage.status == "fail"
    assert any(line.startswith("TMP: sales_db.public.daily") for line in lineage.lines)
    assert TMP_MEANING in lineage.lines
    assert walk.unresolved == {TARGET}


def test_a_missing_input_or_a_different_stored_event_fails() -> None:
    report = SandboxReport(
        False, stored(), (OutputLineage(TARGET, found=True, resolved=True, missing_inputs=(SOURCE,)),)
    )
    steps = build_walkthrough(delivery(), report).steps
    assert steps[1].status == "fail" and steps[2].status == "fail"
    assert "not upstream" in " ".join(steps[2].lines)


def test_a_rejected_send_skips_the_later_steps() -> None:
    steps = build_walkthrough(delivery(400)).steps
    assert [s.status for s in steps] == ["fail", "skip", "skip", "skip"]


def test_against_a_tenant_the_later_steps_are_for_a_person_with_the_search_link() -> None:
    walk = build_walkthrough(delivery(profile=TENANT))
    assert [s.status for s in walk.steps] == ["pass", "todo", "todo", "todo"]
    assert walk.catalog_url == "https://acme.alationcloud.com/search?q=sales_db.public.daily"
    assert "etl/daily" in walk.steps[2].lines[0]
    assert "runId: d3c5c3e0-8c8a-4b0a-9c1a-3e5e5e5e5e5e" in walk.steps[3].lines
    assert catalog_search_url("https://x.example/", "a b") == "https://x.example/search?q=a%20b"


def test_a_start_event_expects_no_lineage() -> None:
    start = {**EVENT, "eventType": "START"}
    walk = build_walkthrough(delivery(event=start), SandboxReport(True, stored(start)))
    assert walk.steps[2].status == "skip" and "only COMPLETE" in walk.steps[2].lines[0]


def test_attempts_say_how_long_and_why_they_waited() -> None:
    asked = Attempt(1, 503, "", "", 0.002, wait_after=1.0, retry_after=1.0)
    backoff = Attempt(2, None, "reset", "connection reset", 0.003, wait_after=0.25)
    assert describe_attempt(asked) == (
        "Attempt 1: HTTP 503 in 2 ms — retried after 1.00 s: the server asked to wait 1 s (Retry-After)"
    )
    assert "reset: connection reset" in describe_attempt(backoff) and "backing off" in describe_attempt(
        backoff
    )


def test_the_response_body_is_capped() -> None:
    sent = delivery()
    long_body = SendResult(**{**sent.result.__dict__, "response_body": b"x" * 10_000})
    html = render_delivery(Delivery(sent.profile, sent.body, long_body, sent.base_url, 1))
    assert "x" * 4000 in html and "x" * 4001 not in html and "first part only" in html
