"""The token goes only where the user sent it, over TLS that is really verified, and is never echoed."""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import trustme

from composer.services.send.retry import RetryPolicy
from composer.services.send.sender import Sender, SendSetupError, SendTarget
from tests.services.scripted_server import ScriptedServer, Step
from tests.services.sender_helpers import TOKEN, FakeTime, assert_no_token, body, make_sender


@pytest.fixture(scope="module")
def authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_server(authority: trustme.CA) -> Iterator[ScriptedServer]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    with ScriptedServer(tls=context) as server:
        yield server


def test_a_self_signed_server_fails_with_a_clear_certificate_error(tls_server: ScriptedServer) -> None:
    with make_sender(tls_server.url()) as sender:
        result = sender.send(body())
    assert result.error_kind == "tls-verify" and result.status is None
    assert len(result.attempts) == 1  # a certificate does not fix itself: no retry
    text = result.explanation.text()
    assert "certificate verify failed" in text and "CA bundle" in text and "--ca-bundle" in text
    assert tls_server.received == []  # nothing, token included, left before verification
    assert_no_token(result)


def test_the_ca_bundle_option_makes_it_work(
    tls_server: ScriptedServer, authority: trustme.CA, tmp_path: Path
) -> None:
    bundle = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(bundle))
    with make_sender(tls_server.url(), ca_bundle=str(bundle)) as sender:
        result = sender.send(body())
    assert result.ok
    assert tls_server.received[0].authorization == f"Bearer {TOKEN}"


def test_verification_can_be_switched_off_per_profile(tls_server: ScriptedServer) -> None:
    with make_sender(tls_server.url(), verify_tls=False) as sender:
        assert sender.send(body()).ok


def test_a_missing_or_broken_ca_bundle_is_a_setup_error(tmp_path: Path) -> None:
    with pytest.raises(SendSetupError, match="does not exist"):
        Sender(
            SendTarget(url="https://tenant.example.com/x", token=TOKEN, ca_bundle=str(tmp_path / "no.pem"))
        )
    broken = tmp_path / "broken.pem"
    broken.write_text("not a certificate")
    with pytest.raises(SendSetupError, match="not a PEM"):
        Sender(SendTarget(url="https://tenant.example.com/x", token=TOKEN, ca_bundle=str(broken)))


def test_a_redirect_to_another_host_does_not_carry_the_token() -> None:
    # Issue 14: a cross-origin redirect of the POST is followed only when the profile allows it.
    with ScriptedServer() as other:
        elsewhere = other.url("/landing/", host="localhost")
        with (
            ScriptedServer(Step(307, headers=(("Location", elsewhere),))) as first,
            make_sender(first.url(), allow_cross_origin_redirects=True) as sender,
        ):
            result = sender.send(body())
    assert result.ok and result.attempts[0].redirects == (elsewhere,)
    assert first.received[0].authorization == f"Bearer {TOKEN}"
    [arrived] = other.received
    assert arrived.authorization is None
    assert TOKEN not in str(arrived.headers) and arrived.body == first.received[0].body


def test_a_redirect_to_another_port_does_not_carry_the_token() -> None:
    with (
        ScriptedServer() as other,
        ScriptedServer(Step(308, headers=(("Location", other.url()),))) as first,
        make_sender(first.url(), allow_cross_origin_redirects=True) as sender,
    ):
        assert sender.send(body()).ok
    assert other.received[0].authorization is None


def test_a_same_origin_redirect_keeps_method_body_and_token() -> None:
    with (
        ScriptedServer(Step(308, headers=(("Location", "/moved/"),))) as server,
        make_sender(server.url()) as sender,
    ):
        result = sender.send(body())
    assert result.ok
    first, second = server.received
    assert (second.method, second.path) == ("POST", "/moved/")
    assert second.authorization == f"Bearer {TOKEN}" and second.body == first.body


@pytest.mark.parametrize("status", [301, 302, 303])
def test_redirects_that_would_drop_the_body_are_not_followed(status: int) -> None:
    location = "/open_lineage_event/"
    with (
        ScriptedServer(Step(status, headers=(("Location", location),))) as server,
        make_sender(server.url("/open_lineage_event")) as sender,
    ):
        result = sender.send(body())
    assert not result.ok and result.status == status and len(server.received) == 1
    assert "not delivered" in result.explanation.headline
    assert "trailing slash" in result.explanation.text()


def test_a_redirect_loop_ends() -> None:
    with (
        ScriptedServer(default=Step(307, headers=(("Location", "/again/"),))) as server,
        make_sender(server.url()) as sender,
    ):
        result = sender.send(body())
    assert result.error_kind == "too-many-redirects" and len(server.received) == 6


def test_a_redirect_to_plain_http_elsewhere_is_refused_and_scrubbed() -> None:
    location = f"http://collector.example.com/steal?key={TOKEN}"
    with (
        ScriptedServer(Step(307, headers=(("Location", location),))) as server,
        make_sender(server.url()) as sender,
    ):
        result = sender.send(body())
    assert result.error_kind == "insecure-redirect" and not result.ok
    assert "[token]" in result.attempts[0].error
    assert_no_token(result)


def test_plain_http_to_another_machine_is_refused_unless_allowed() -> None:
    with pytest.raises(SendSetupError, match="unencrypted") as raised:
        Sender(SendTarget(url="http://tenant.example.com/open_lineage_event/", token=TOKEN))
    assert TOKEN not in str(raised.value)
    Sender(
        SendTarget(url="http://tenant.example.com/open_lineage_event/", token=TOKEN, allow_insecure_http=True)
    ).close()
    Sender(SendTarget(url="http://localhost:9/open_lineage_event/", token=TOKEN)).close()  # loopback is fine


def test_a_server_echoing_the_token_cannot_put_it_in_the_result() -> None:
    with (
        ScriptedServer(default=Step(401, echo_authorization=True)) as server,
        make_sender(server.url()) as sender,
    ):
        result = sender.send(body())
    assert result.status == 401
    assert b"[token]" in result.response_body and result.header("X-Echo-Authorization") == "Bearer [token]"
    assert_no_token(result)


def test_the_target_and_result_reprs_hide_the_token() -> None:
    target = SendTarget(url="https://tenant.example.com/open_lineage_event/", token=TOKEN)
    assert TOKEN not in repr(target) and TOKEN not in str(target)


def _failing_transport(error: OSError) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        try:
            raise error
        except OSError as cause:
            raise httpx.ConnectError(
                f"{cause} for {request.headers.get('authorization')}", request=request
            ) from cause

    return httpx.MockTransport(handler)


@pytest.mark.parametrize(
    ("errno", "kind", "attempts"),
    [(socket.EAI_NONAME, "dns", 1), (socket.EAI_AGAIN, "dns-temporary", 3)],
)
def test_dns_failures_are_explained_and_only_temporary_ones_retried(
    errno: int, kind: str, attempts: int
) -> None:
    error = socket.gaierror(errno, "Name or service not known")
    sender = Sender(
        SendTarget(url="https://no-such-tenant.alationcloud.com/open_lineage_event/", token=TOKEN),
        policy=RetryPolicy(max_retries=2),
        waiter=FakeTime().wait,
        transport=_failing_transport(error),
    )
    with sender:
        result = sender.send(body())
    assert result.error_kind == kind and len(result.attempts) == attempts
    assert "DNS failure" in result.explanation.headline and "no-such-tenant" in result.explanation.headline
    assert "<tenant>.alationcloud.com" in result.explanation.text()
    assert_no_token(result)  # even though the transport's own message quoted the header
