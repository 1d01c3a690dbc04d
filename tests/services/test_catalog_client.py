"""The catalog REST client against the real sandbox on loopback: TOKEN auth, minting and one
re-mint on 401, paging over both data-source APIs, 403 on a private source, bad answers, and a
tenant that is not there. No message may ever carry a token."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from composer.core.tenant import TableQuery
from composer.services import catalog_paths
from composer.services.catalog import CatalogClient, CatalogCredentials, CatalogError
from composer.services.sandbox import SandboxConfig, SandboxServer
from composer.services.sandbox.rest_sources import PRIVATE_SOURCE_TITLE


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer(SandboxConfig()) as server:
        yield server


def minting(sandbox: SandboxServer) -> CatalogClient:
    credentials = CatalogCredentials.from_refresh_token(sandbox.catalog_user_id, sandbox.refresh_token)
    return CatalogClient(sandbox.url, credentials)


class Counting(httpx.HTTPTransport):
    """The real transport, counting requests per path (what the client asked, not what it got)."""

    def __init__(self) -> None:
        super().__init__()
        self.paths: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        return super().handle_request(request)


def test_check_access_mints_and_reads(sandbox: SandboxServer) -> None:
    with minting(sandbox) as client:
        check = client.check_access()
    assert check.ok, check.message
    assert "minted an API access token" in check.message


def test_the_token_is_minted_once_and_sent_in_the_token_header(sandbox: SandboxServer) -> None:
    seen: list[httpx.Request] = []
    transport = Counting()
    original = transport.handle_request

    def spy(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return original(request)

    transport.handle_request = spy  # type: ignore[method-assign]
    credentials = CatalogCredentials.from_refresh_token(sandbox.catalog_user_id, sandbox.refresh_token)
    with CatalogClient(sandbox.url, credentials, transport=transport) as client:
        client.list_data_sources()
        client.list_data_sources()
    mints = [r for r in seen if r.url.path == catalog_paths.MINT]
    assert len(mints) == 1
    assert json.loads(mints[0].content) == {"user_id": 1, "refresh_token": sandbox.refresh_token}
    reads = [r for r in seen if r.url.path != catalog_paths.MINT]
    assert reads and all(r.headers.get("TOKEN") for r in reads)
    assert all("authorization" not in r.headers for r in reads)


def test_an_expired_access_token_is_minted_again_once(sandbox: SandboxServer) -> None:
    transport = Counting()
    credentials = CatalogCredentials.from_refresh_token(sandbox.catalog_user_id, sandbox.refresh_token)
    with CatalogClient(sandbox.url, credentials, transport=transport) as client:
        first = client.list_data_sources()
        sandbox.rest.expire_access_tokens()  # as 24 hours would
        again = client.list_data_sources()
    assert again.sources == first.sources
    assert transport.paths.count(catalog_paths.MINT) == 2


def test_a_refresh_token_that_is_wrong_or_expired_says_so_without_showing_it(sandbox: SandboxServer) -> None:
    wrong = CatalogCredentials.from_refresh_token(1, "not-the-refresh-token-123")
    with CatalogClient(sandbox.url, wrong) as client:
        check = client.check_access()
    assert not check.ok and check.kind == "refresh-expired"
    assert "refresh token is wrong, expired" in check.message
    assert "not-the-refresh-token-123" not in check.message
    sandbox.rest.refresh_token_expired = True
    with minting(sandbox) as client, pytest.raises(CatalogError) as raised:
        client.list_data_sources()
    assert raised.value.kind == "refresh-expired" and "has expired" in str(raised.value)
    assert sandbox.refresh_token not in str(raised.value)


def test_the_ingest_token_can_serve_as_the_access_token(sandbox: SandboxServer) -> None:
    with CatalogClient(sandbox.url, CatalogCredentials.from_ingest_token(sandbox.token)) as client:
        assert client.check_access().ok
    with CatalogClient(sandbox.url, CatalogCredentials.from_ingest_token("wrong-ingest-token")) as client:
        check = client.check_access()
    assert (check.ok, check.kind) == (False, "unauthorized")
    assert "the ingest token" in check.message and "401" in check.message
    assert "wrong-ingest-token" not in check.message


def test_every_page_of_both_apis_is_read(sandbox: SandboxServer) -> None:
    for index in range(30):
        sandbox.catalog.add(f"postgres://extra-{index}.example.com:5432")
    transport = Counting()
    credentials = CatalogCredentials.from_refresh_token(sandbox.catalog_user_id, sandbox.refresh_token)
    with CatalogClient(sandbox.url, credentials, page_size=7, transport=transport) as client:
        listing = client.list_data_sources()
    expected = len(sandbox.catalog.sources()) + 1  # and the private one
    assert len(listing.sources) == expected
    assert len({source.id for source in listing.sources}) == expected
    assert {source.api for source in listing.sources} == {"v1", "v2"}
    assert transport.paths.count(catalog_paths.DATASOURCES_V1) > 1
    namespaces = {source.namespace for source in listing.sources}
    assert "postgres://extra-29.example.com:5432" in namespaces
    assert "mysql://mysql-prod.example.com:3306" in namespaces
    unreadable = [source for source in listing.sources if source.namespace is None]
    assert [source.uri for source in unreadable] == ["bigquery"]  # listed, marked "no namespace"


def test_tables_are_found_by_source_schema_and_name_and_private_sources_answer_403(
    sandbox: SandboxServer,
) -> None:
    with minting(sandbox) as client:
        sources = client.list_data_sources().sources
        orders_db = next(
            s for s in sources if s.namespace == "postgres://orders-db.prod.acme.example.com:5432"
        )
        table = client.find_table(orders_db.id, "sales_db.public", "orders")  # a template's table
        assert table is not None and table.key == f"{orders_db.id}.sales_db.public.orders"
        assert table.url and table.ds_id == orders_db.id and table.schema_name == "sales_db.public"
        assert client.find_table(orders_db.id, "sales_db.public", "nope") is None
        query = TableQuery(orders_db.id, "orders", ("sales_db.public", "public"))
        assert client.lookup(query).state == "found"
        private = next(s for s in sources if s.title == PRIVATE_SOURCE_TITLE)
        with pytest.raises(CatalogError) as raised:
            client.find_table(private.id, "finance.public", "ledger")
        lookup = client.lookup(TableQuery(private.id, "ledger", ("finance.public",)))
    assert raised.value.kind == "forbidden" and raised.value.status == 403
    assert lookup.state == "forbidden" and "403" in lookup.detail


@pytest.mark.parametrize(("kind", "words"), [("html", "HTML"), ("garbage", "not JSON")])
def test_html_or_garbage_is_a_clear_bad_answer(sandbox: SandboxServer, kind: str, words: str) -> None:
    with minting(sandbox) as client:
        client.check_access()
        sandbox.rest.break_next(kind)
        with pytest.raises(CatalogError) as raised:
            client.find_table(1, "sales_db.public", "orders")
        assert raised.value.kind == "bad-answer" and words in str(raised.value)
        assert catalog_paths.TABLES in str(raised.value)
        assert client.list_data_sources().sources  # the next answer is fine again


def test_one_api_failing_while_the_other_answers_is_a_note(sandbox: SandboxServer) -> None:
    with minting(sandbox) as client:
        client.check_access()
        sandbox.rest.break_next("html")  # the v2 list's first page
        listing = client.list_data_sources()
    assert {source.api for source in listing.sources} == {"v1"}
    assert len(listing.notes) == 1 and "HTML" in listing.notes[0]


def test_a_tenant_that_is_not_there_is_unreachable() -> None:
    with SandboxServer(SandboxConfig()) as gone:
        url, refresh = gone.url, gone.refresh_token
    with CatalogClient(url, CatalogCredentials.from_refresh_token(1, refresh), timeout=5) as client:
        check = client.check_access()
    assert (check.ok, check.kind) == (False, "unreachable")
    assert url in check.message and refresh not in check.message


def test_lineage_answers_with_the_nearest_objects(sandbox: SandboxServer) -> None:
    with minting(sandbox) as client:
        lineage = client.lineage("no.such.table")
        assert lineage.upstream == () and lineage.downstream == ()


def test_an_unsafe_base_url_is_refused_before_any_request() -> None:
    with pytest.raises(CatalogError) as raised:
        CatalogClient("http://tenant.example.com", CatalogCredentials.from_ingest_token("t"))
    assert "plain http://" in str(raised.value)
