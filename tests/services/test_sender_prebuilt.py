"""The sender builds its URL, headers and timeout once per `Sender`; what goes out must not change.

These pin what a send puts on the wire across sends, retries and redirects, and that cookies a
server sets are never sent back (the sender keeps no session state between requests or hops).
"""

from __future__ import annotations

from composer.services.send.retry import RetryPolicy
from tests.services.scripted_server import ScriptedServer, Step
from tests.services.sender_helpers import TOKEN, FakeTime, body, make_sender

_PER_REQUEST = {"host", "content-length"}


def _fixed_headers(headers: dict[str, str]) -> dict[str, str]:
    return {key: value for key, value in headers.items() if key not in _PER_REQUEST}


def test_every_send_and_every_retry_carries_the_same_headers_and_exact_bytes() -> None:
    first, second = body(), body().replace(b"{", b"{ ", 1)
    with (
        ScriptedServer(Step(503), Step(200), Step(200)) as server,
        make_sender(server.url(), FakeTime(), policy=RetryPolicy(max_retries=1)) as sender,
    ):
        assert sender.send(first).ok
        assert sender.send(second.decode("utf-8")).ok
    retried, after_retry, other = server.received
    assert [r.body for r in server.received] == [first, first, second]
    assert (
        _fixed_headers(retried.headers)
        == _fixed_headers(after_retry.headers)
        == _fixed_headers(other.headers)
    )
    assert retried.headers["content-type"] == "application/json"
    assert retried.authorization == f"Bearer {TOKEN}"
    assert retried.headers["user-agent"].startswith("lineage-composer/")
    assert other.headers["content-length"] == str(len(second))


def test_cookies_a_server_sets_are_never_sent_back() -> None:
    cookie = (("Set-Cookie", "session=abc; Path=/"),)
    with (
        ScriptedServer(
            Step(308, headers=(("Location", "/moved/"), *cookie)), Step(200, headers=cookie)
        ) as server,
        make_sender(server.url()) as sender,
    ):
        assert sender.send(body()).ok
        assert sender.send(body()).ok
    assert len(server.received) == 3
    assert all("cookie" not in r.headers for r in server.received)
