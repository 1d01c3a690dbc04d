"""What the sender retries, what it never retries, and how long it waits — against a real server.

Waits go through an injected clock (`FakeTime`), so the assertions are on the waits the sender
chose, not on how long a test took.
"""

from __future__ import annotations

import socket
import threading
from datetime import timedelta
from email.utils import format_datetime

import pytest

from composer.services.send.result import SendResult
from composer.services.send.retry import RetryPolicy, parse_retry_after
from composer.services.send.sender import Sender, SendTarget
from tests.services.scripted_server import ScriptedServer, Step
from tests.services.sender_helpers import TOKEN, WALL_CLOCK, FakeTime, assert_no_token, body, make_sender


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_transient_statuses_are_retried_until_success(status: int) -> None:
    sent = body()
    fake = FakeTime()
    with (
        ScriptedServer(Step(status), Step(status), Step(200)) as server,
        make_sender(server.url(), fake) as sender,
    ):
        result = sender.send(sent)
    assert result.ok and result.status == 200
    assert [a.status for a in result.attempts] == [status, status, 200]
    assert [r.body for r in server.received] == [sent, sent, sent]  # the same bytes every time
    assert len(fake.waits) == 2 and result.waits == tuple(fake.waits)
    assert_no_token(result)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 413])
def test_permanent_statuses_are_never_retried(status: int) -> None:
    fake = FakeTime()
    with ScriptedServer(default=Step(status)) as server, make_sender(server.url(), fake) as sender:
        result = sender.send(body())
    assert not result.ok and result.status == status
    assert len(result.attempts) == 1 and len(server.received) == 1
    assert fake.waits == [] and result.stopped_because == ""
    assert str(status) in result.explanation.headline


def test_retry_after_in_seconds_is_honoured() -> None:
    fake = FakeTime()
    script = (
        Step(503, headers=(("Retry-After", "7"),)),
        Step(429, headers=(("Retry-After", "3"),)),
        Step(200),
    )
    with ScriptedServer(*script) as server, make_sender(server.url(), fake, jitter=0.0) as sender:
        result = sender.send(body())
    assert result.ok
    assert fake.waits == [7.0, 3.0]
    assert [a.retry_after for a in result.attempts] == [7.0, 3.0, None]


def test_retry_after_as_an_http_date_is_honoured() -> None:
    fake = FakeTime()
    when = format_datetime(WALL_CLOCK + timedelta(seconds=12), usegmt=True)
    with (
        ScriptedServer(Step(503, headers=(("Retry-After", when),)), Step(200)) as server,
        make_sender(server.url(), fake) as sender,
    ):
        result = sender.send(body())
    assert result.ok and fake.waits == [12.0]


def test_a_retry_after_beyond_the_budget_stops_with_an_explanation() -> None:
    fake = FakeTime()
    with (
        ScriptedServer(default=Step(503, headers=(("Retry-After", "120"),))) as server,
        make_sender(server.url(), fake) as sender,
    ):
        result = sender.send(body())
    assert not result.ok and result.status == 503
    assert len(server.received) == 1 and fake.waits == []
    assert "120 s" in result.stopped_because and "retry budget" in result.stopped_because
    assert "120 s" in result.explanation.detail


def test_backoff_is_exponential_with_full_jitter_and_a_retry_limit() -> None:
    fake = FakeTime()
    policy = RetryPolicy(max_retries=5, budget_seconds=1000, base_delay=0.5, max_delay=4.0)
    with (
        ScriptedServer(default=Step(500)) as server,
        make_sender(server.url(), fake, policy=policy) as sender,
    ):
        result = sender.send(body())
    assert fake.waits == [0.5, 1.0, 2.0, 4.0, 4.0]  # jitter 1.0 = the ceiling; capped at max_delay
    assert len(result.attempts) == 6 and len(server.received) == 6
    assert "gave up after 6 attempts" in result.stopped_because

    quarter = FakeTime()
    with (
        ScriptedServer(default=Step(500)) as server,
        make_sender(server.url(), quarter, policy=policy, jitter=0.25) as sender,
    ):
        sender.send(body())
    assert quarter.waits == [0.125, 0.25, 0.5, 1.0, 1.0]


def test_the_time_budget_bounds_all_retries() -> None:
    fake = FakeTime()
    policy = RetryPolicy(max_retries=10, budget_seconds=3.0, base_delay=0.5, max_delay=8.0)
    with (
        ScriptedServer(default=Step(503)) as server,
        make_sender(server.url(), fake, policy=policy) as sender,
    ):
        result = sender.send(body())
    assert fake.waits == [0.5, 1.0]  # the next (2 s) would end after 3.5 s
    assert "3 s retry budget" in result.stopped_because


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_refused_connection_is_retried_and_explained() -> None:
    fake = FakeTime()
    port = _closed_port()
    policy = RetryPolicy(max_retries=2)
    with make_sender(f"http://127.0.0.1:{port}/open_lineage_event/", fake, policy=policy) as sender:
        result = sender.send(body())
    assert result.status is None and not result.ok
    assert [a.error_kind for a in result.attempts] == ["refused"] * 3
    assert result.explanation.headline.startswith("Connection refused")
    assert f"127.0.0.1:{port}" in result.explanation.headline
    assert_no_token(result)


def test_a_dropped_connection_is_retried() -> None:
    with ScriptedServer(Step(action="drop"), Step(200)) as server, make_sender(server.url()) as sender:
        result = sender.send(body())
    assert result.ok and result.attempts[0].error_kind == "closed"


def test_a_connection_reset_mid_response_is_retried() -> None:
    # Issue 14 changed this: a reset after a 200 began is a delivery (below); after a 500 it is
    # the 500, retried like any other.
    with ScriptedServer(Step(500, action="reset"), Step(200)) as server, make_sender(server.url()) as sender:
        result = sender.send(body())
    assert result.ok
    first = result.attempts[0]
    assert first.status == 500 and not first.maybe_delivered
    assert len(server.received) == 2


def test_a_reset_after_the_200_began_is_a_delivery_not_a_retry() -> None:
    with ScriptedServer(Step(action="reset"), Step(200)) as server, make_sender(server.url()) as sender:
        result = sender.send(body())
    assert result.ok and result.status == 200 and result.response_truncated
    assert len(result.attempts) == 1 and len(server.received) == 1


def test_a_timeout_is_retried_then_explained() -> None:
    fake = FakeTime()
    policy = RetryPolicy(max_retries=1)
    with (
        ScriptedServer(default=Step(action="hang")) as server,
        make_sender(server.url(), fake, policy=policy, timeout=0.2) as sender,
    ):
        result = sender.send(body())
    assert [a.error_kind for a in result.attempts] == ["read-timeout", "read-timeout"]
    assert result.explanation.headline.startswith("Timeout")
    assert "may still have arrived" in result.explanation.text()


def test_cancel_interrupts_a_backoff_wait_promptly() -> None:
    waiting = threading.Event()

    def waiter(seconds: float, cancel: threading.Event) -> bool:
        waiting.set()
        return cancel.wait(seconds)  # the real wait: 25 s unless cancelled

    cancel = threading.Event()
    outcome: list[SendResult] = []
    with ScriptedServer(default=Step(503, headers=(("Retry-After", "25"),))) as server:
        sender = Sender(SendTarget(url=server.url(), token=TOKEN), waiter=waiter)
        worker = threading.Thread(target=lambda: outcome.append(sender.send(body(), cancel=cancel)))
        worker.start()
        assert waiting.wait(10)
        cancel.set()
        worker.join(10)
        sender.close()
    assert not worker.is_alive()
    [result] = outcome
    assert result.cancelled is True and result.ok is False
    assert len(server.received) == 1


def test_a_cancelled_send_sends_nothing() -> None:
    cancel = threading.Event()
    cancel.set()
    with ScriptedServer() as server, make_sender(server.url()) as sender:
        result = sender.send(body(), cancel=cancel)
    assert result.cancelled and result.attempts == () and server.received == []


def test_one_client_keeps_its_connection_alive_across_sends() -> None:
    with ScriptedServer() as server, make_sender(server.url()) as sender:
        results = [sender.send(body()) for _ in range(3)]
    assert all(r.ok for r in results)
    assert len({r.client_port for r in server.received}) == 1


def test_a_result_reports_sizes_timings_and_headers() -> None:
    big = b'{"x": "' + b"a" * 200_000 + b'"}'
    sent = body()
    with (
        ScriptedServer(Step(200, headers=(("X-Request-Id", "abc"),), body=big)) as server,
        make_sender(server.url()) as sender,
    ):
        result = sender.send(sent)
    assert result.request_bytes == len(sent)
    assert result.response_truncated and len(result.response_body) == 64 * 1024
    assert result.header("x-request-id") == "abc"
    assert len(result.attempt_seconds) == 1 and result.total_seconds >= 0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", 0.0),
        ("42", 42.0),
        (" 5 ", 5.0),
        ("soon", None),
        ("-3", None),
        (None, None),
        (format_datetime(WALL_CLOCK - timedelta(seconds=30), usegmt=True), 0.0),
        ("Thu, 15 Jan 2026 12:01:00 GMT", 60.0),
    ],
)
def test_retry_after_parsing(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, WALL_CLOCK) == expected
