"""`_schemaURL` checks end to end against real schema hosts on loopback (http and https)."""

from __future__ import annotations

import json
import socket
import ssl
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import trustme

from composer.services.facet_schemas import FetchLimits, SchemaFetcher, refusal
from composer.services.schema_cache import SchemaCache
from composer.services.schema_url_check import check_schema_urls, describe_age
from composer.services.secrets import TokenStore
from tests.custom_facet_data import FACET_SCHEMA, FRAGMENT, custom, event_with
from tests.services.schema_server import Route, SchemaServer

GOOD = "/schemas/schedule.json"


@pytest.fixture
def server() -> Iterator[SchemaServer]:
    with SchemaServer({GOOD: Route.schema(FACET_SCHEMA, ("ETag", '"v1"'))}) as running:
        yield running


@pytest.fixture
def fetcher(tmp_path: Path) -> SchemaFetcher:
    return SchemaFetcher(SchemaCache(tmp_path / "cache"), FetchLimits(max_bytes=64 * 1024, timeout_s=0.5))


def _check(url: str, fetcher: SchemaFetcher, **fields: object) -> dict[str, str]:
    event = event_with({"schedule": custom(url, **fields)})
    return {
        problem.path: f"{problem.severity}: {problem.message}"
        for problem in check_schema_urls(event, fetcher)
    }


def test_a_good_schema_validates_the_facet_at_its_path(server: SchemaServer, fetcher: SchemaFetcher) -> None:
    assert _check(server.url(GOOD) + FRAGMENT, fetcher, owner="ops") == {}
    found = _check(server.url(GOOD) + FRAGMENT, fetcher, retries="three")
    assert set(found) == {"/run/facets/schedule/owner", "/run/facets/schedule/retries"}
    assert found["/run/facets/schedule/retries"].startswith("error: run › facet schedule › retries: must be")


def test_a_404_says_consumers_cannot_check_the_facet(server: SchemaServer, fetcher: SchemaFetcher) -> None:
    url = server.url("/gone.json") + FRAGMENT
    found = _check(url, fetcher, owner="ops")
    assert found == {
        "/run/facets/schedule/_schemaURL": f"warning: run › facet schedule: the _schemaURL {url} answers "
        "404 Not Found: consumers cannot check this facet"
    }


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        (Route(500, b"oops"), "answers 500 Internal Server Error"),
        (
            Route(body=b"<html>docs</html>", headers=(("Content-Type", "text/html"),)),
            "does not answer with JSON (text/html",
        ),
        (
            Route(body=b"[" + b"1," * 40_000 + b"1]"),
            "is too big to be a facet schema (78 KiB, more than the 64 KiB limit)",
        ),
        (Route(hang=True), "could not be reached (no answer within 0.5 s)"),
    ],
    ids=["500", "not-json", "oversized", "slow"],
)
def test_each_failure_is_named_plainly(
    server: SchemaServer, fetcher: SchemaFetcher, route: Route, expected: str
) -> None:
    server.route("/bad.json", route)
    (message,) = _check(server.url("/bad.json"), fetcher, owner="ops").values()
    assert expected in message


def test_a_bad_fragment_is_reported(server: SchemaServer, fetcher: SchemaFetcher) -> None:
    (message,) = _check(server.url(GOOD) + "#/$defs/Missing", fetcher).values()
    assert "names #/$defs/Missing, which its schema document does not hold" in message


def test_plain_http_to_another_host_is_refused_without_a_connection(fetcher: SchemaFetcher) -> None:
    assert refusal("http://schemas.example.com/s.json") is not None
    assert refusal("http://127.0.0.1:9/s.json") is None and refusal("http://[::1]:9/s.json") is None
    assert refusal("ftp://example.com/s.json") is not None
    assert refusal("https://user:pw@example.com/s.json") is not None

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("a refused URL must not be looked up or connected to")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket, "getaddrinfo", no_network)
        patch.setattr(socket, "create_connection", no_network)
        (message,) = _check("http://schemas.example.com/s.json", fetcher).values()
    assert "plain http to schemas.example.com is not allowed (https only, except loopback)" in message


def test_a_redirect_to_plain_http_elsewhere_is_refused(server: SchemaServer, fetcher: SchemaFetcher) -> None:
    server.route("/moved.json", Route(301, b"", (("Location", "http://schemas.example.com/s.json"),)))
    (message,) = _check(server.url("/moved.json"), fetcher).values()
    assert "it redirects to http://schemas.example.com/s.json: plain http" in message


def test_the_saved_copy_is_used_offline_with_its_date(tmp_path: Path) -> None:
    cache = SchemaCache(tmp_path / "cache")
    with SchemaServer({GOOD: Route.schema(FACET_SCHEMA)}) as server:
        url = server.url(GOOD) + FRAGMENT
        assert _check(url, SchemaFetcher(cache), owner="ops") == {}
    later = datetime.now(UTC) + timedelta(days=3)
    offline = SchemaFetcher(cache, FetchLimits(timeout_s=0.5), now=lambda: later)
    found = _check(url, offline, retries="x")
    assert found["/run/facets/schedule/owner"].startswith("error:")  # still checked, from the copy
    note = found["/run/facets/schedule/_schemaURL"]
    assert note.startswith("info: run › facet schedule: checked against the copy of its schema saved on ")
    assert "could not be fetched now (connection refused)" in note
    assert " UTC (3 days ago); " in note


def test_automatic_checks_ask_each_url_at_most_once_per_interval(
    server: SchemaServer, tmp_path: Path
) -> None:
    clock = [datetime(2026, 1, 1, tzinfo=UTC)]
    fetcher = SchemaFetcher(SchemaCache(tmp_path), FetchLimits(reuse_s=600), now=lambda: clock[0])
    event = event_with({"a": custom(server.url(GOOD) + FRAGMENT), "b": custom(server.url("/gone.json"))})
    for _ in range(3):
        check_schema_urls(event, fetcher, throttle=True)
    assert sorted(seen.path for seen in server.seen) == ["/gone.json", GOOD]
    clock[0] += timedelta(minutes=11)
    problems = check_schema_urls(event, fetcher, throttle=True)
    assert any(
        "404 Not Found" in problem.message for problem in problems
    )  # a remembered failure still says so
    assert [seen.path for seen in server.seen[2:]] == [GOOD, "/gone.json"]
    assert server.seen[2].headers["if-none-match"] == '"v1"'  # asked conditionally: the copy's ETag


def test_no_token_cookie_or_profile_header_reaches_the_schema_host(
    server: SchemaServer, fetcher: SchemaFetcher, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    TokenStore().set("Production", "secret-token-123")  # a profile token exists in this session
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login someone password hunter2\n")
    monkeypatch.setenv("NETRC", str(netrc))  # httpx's trust_env would turn this into Basic auth
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # and route through a dead proxy
    server.route("/hop.json", Route(302, b"", (("Location", GOOD), ("Set-Cookie", "session=abc"))))
    assert _check(server.url("/hop.json") + FRAGMENT, fetcher, owner="ops") == {}
    assert [seen.path for seen in server.seen] == ["/hop.json", GOOD]
    for seen in server.seen:
        assert set(seen.headers) <= {"host", "user-agent", "accept", "accept-encoding", "connection"}
        assert "secret-token-123" not in repr(seen.headers) and "hunter2" not in repr(seen.headers)
        assert seen.headers["user-agent"].startswith("lineage-composer/")


@pytest.fixture(scope="module")
def authority() -> trustme.CA:
    return trustme.CA()


def test_https_with_a_verified_certificate(authority: trustme.CA, tmp_path: Path) -> None:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("localhost").configure_cert(context)
    with SchemaServer({GOOD: Route.schema(FACET_SCHEMA)}, tls=context) as server:
        url = server.url(GOOD, host="localhost") + FRAGMENT
        client_context = ssl.create_default_context()
        authority.configure_trust(client_context)
        trusted = SchemaFetcher(SchemaCache(tmp_path / "a"), verify=client_context)
        assert _check(url, trusted, owner=3) == {
            "/run/facets/schedule/owner": "error: run › facet schedule › owner: must be text, not a whole number "
            "(by the schema its _schemaURL names)"
        }
        (untrusted,) = _check(url, SchemaFetcher(SchemaCache(tmp_path / "b"))).values()
        assert "certificate verify failed" in untrusted


def test_ages_are_told_in_words() -> None:
    saved = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    assert describe_age(saved, saved + timedelta(days=3)) == "on 2026-12-01 10:00 UTC (3 days ago)"
    assert describe_age(saved, saved + timedelta(minutes=30)).endswith("(30 minutes ago)")


def test_an_unchanged_schema_answers_304_and_the_saved_copy_is_used(
    server: SchemaServer, fetcher: SchemaFetcher
) -> None:
    url = server.url(GOOD) + FRAGMENT
    assert _check(url, fetcher, owner="ops") == {}
    server.route(GOOD, Route(304, b"", ()))
    assert set(_check(url, fetcher, retries="x")) == {"/run/facets/schedule/owner", "/run/facets/schedule/retries"}
    assert server.seen[-1].headers["if-none-match"] == '"v1"'


def test_a_cached_attempt_without_a_time_counts_as_long_ago(tmp_path: Path) -> None:
    """A damaged cache entry is treated as old, never as an error (its time is aware, comparable)."""
    cache = SchemaCache(tmp_path)
    url = "https://schemas.example/facet.json"
    cache.path_for(url).write_text(
        json.dumps({"url": url, "document": None, "attempt": {"at": None, "failure": "not_found"}}),
        encoding="utf-8",
    )
    found = cache.get(url)
    assert found is not None and found.attempt is not None
    assert datetime.now(UTC) - found.attempt.at > timedelta(days=365)
