"""Sends that may have been delivered, redirects hop by hop, and words that match what happened.

The receiver is a real HTTP server that counts every copy of the event it read, so "retry
once" is checked as "two copies arrived", not as a call count.
"""

from __future__ import annotations

import socket

import pytest

from composer.services.history import HistoryQuery, HistoryStore
from composer.services.profiles import Profile, ProfileError
from composer.services.replay import record_send
from composer.services.send.target import SendTarget
from tests.services.scripted_server import ScriptedServer, Step
from tests.services.sender_helpers import TOKEN, FakeTime, body, make_sender


def test_a_read_timeout_after_the_body_is_retried_once_and_says_it_may_be_two_copies() -> None:
    with (
        ScriptedServer(default=Step(action="hang")) as server,
        make_sender(server.url(), FakeTime(), timeout=0.2) as sender,
    ):
        result = sender.send(body())
        copies = len(server.received)
    assert copies == 2  # the first attempt and one retry: the profile's default policy
    assert [a.maybe_delivered for a in result.attempts] == [True, True]
    assert result.possible_deliveries == 2
    assert "may have been delivered 2 times" in result.explanation.text()
    assert "may have been delivered 2 times" in result.outcome()
    assert "retries such a send once" in result.stopped_because


def test_the_profile_can_forbid_retrying_an_ambiguous_send() -> None:
    with (
        ScriptedServer(default=Step(action="hang")) as server,
        make_sender(server.url(), FakeTime(), timeout=0.2, ambiguous_retries=0) as sender,
    ):
        result = sender.send(body())
        copies = len(server.received)
    assert copies == 1 and len(result.attempts) == 1
    assert "may have been delivered once" in result.explanation.text()
    assert result.explanation.detail.count("Not retried:") == 1


def test_a_drop_after_the_body_then_a_200_warns_of_two_copies_in_history() -> None:
    history = HistoryStore(None)
    with ScriptedServer(Step(action="drop"), Step(200)) as server, make_sender(server.url()) as sender:
        sent = body()
        result = sender.send(sent)
    assert result.ok and len(server.received) == 2
    record_send(history, "p", sent, result, token=TOKEN)
    [record] = history.search(HistoryQuery())
    assert "may have been delivered 2 times" in record.outcome
    assert "may have been delivered 2 times" in record.explanation


def test_a_plain_failure_before_the_body_left_is_no_duplicate_warning() -> None:
    with socket.socket() as spare:
        spare.bind(("127.0.0.1", 0))
        port = spare.getsockname()[1]
    with make_sender(f"http://127.0.0.1:{port}/open_lineage_event/", FakeTime()) as sender:
        result = sender.send(body())
    assert result.error_kind == "refused" and result.possible_deliveries == 0
    assert "may have been delivered" not in result.explanation.text()
    # the library's words get their full stop before ours follow
    assert "connection refused. Stopped retrying:" in result.explanation.detail


def test_a_retry_after_beyond_the_budget_does_not_claim_a_retry() -> None:
    with (
        ScriptedServer(Step(503, headers=(("Retry-After", "120"),))) as server,
        make_sender(server.url(), FakeTime()) as sender,
    ):
        result = sender.send(body())
    assert len(result.attempts) == 1
    assert "Retried" not in result.explanation.text()
    assert result.explanation.detail.startswith("Not retried: the server asked to wait 120 s")


def test_a_cross_origin_redirect_of_the_post_is_refused_by_default() -> None:
    with ScriptedServer() as other:
        elsewhere = other.url("/landing/", host="localhost")
        with (
            ScriptedServer(Step(307, headers=(("Location", elsewhere),))) as first,
            make_sender(first.url()) as sender,
        ):
            result = sender.send(body())
        assert other.received == []
    assert not result.ok and result.error_kind == "cross-origin-redirect"
    assert elsewhere in result.explanation.text()


def test_every_hop_is_in_the_result_and_the_history() -> None:
    history = HistoryStore(None)
    with ScriptedServer() as final:
        last = final.url("/landing/", host="localhost")
        with ScriptedServer(
            Step(307, headers=(("Location", "/moved/"),)), Step(308, headers=(("Location", last),))
        ) as first:
            with make_sender(first.url(), allow_cross_origin_redirects=True) as sender:
                sent = body()
                result = sender.send(sent)
            middle = first.url("/moved/")
    assert result.ok
    assert result.hops == (first.url(), middle, last)
    hops = f"Redirected: {first.url()} -> {middle} -> {last}."
    assert hops in result.explanation.text()
    assert f"-> {middle} -> {last}" in result.attempts[0].describe()
    record_send(history, "p", sent, result, token=TOKEN)
    [record] = history.search(HistoryQuery())
    assert hops in record.explanation
    assert final.received[0].authorization is None  # the token stays with the first origin


def test_the_profile_keeps_both_policies_and_checks_them() -> None:
    profile = Profile(
        name="t", base_url="https://t.example.com", ambiguous_retries=0, allow_cross_origin_redirects=True
    )
    again = Profile.from_json(profile.to_json())
    assert again == profile
    target = SendTarget.for_profile(again, TOKEN)
    assert target.ambiguous_retries == 0 and target.allow_cross_origin_redirects
    assert Profile.from_json({"name": "old", "baseUrl": "https://t.example.com"}).ambiguous_retries == 1
    with pytest.raises(ProfileError, match="ambiguous retries"):
        Profile(name="t", base_url="https://t.example.com", ambiguous_retries=9).check()
    with pytest.raises(ProfileError, match="wrong type"):
        Profile.from_json({"name": "t", "baseUrl": "https://t.example.com", "ambiguousRetries": True})
