"""Closing a CatalogClient while another thread's request is in flight (the window retires a
profile's client when its settings change) must neither break nor stall that request.

Closing the connection pool under a request closed its socket; the descriptor number went to the
next connection opened, and the request then read a socket nobody had written to until its
timeout: the ~30 s stall seen against the sandbox, with every handler thread idle."""

from __future__ import annotations

import threading

import httpx
import pytest

from composer.services.catalog import CatalogClient, CatalogCredentials, CatalogError
from composer.services.sandbox import SandboxConfig, SandboxServer

# Far under the profile default of 30 s: a request stuck on a recycled socket fails instead.
_TIMEOUT = 5.0


class Held(httpx.HTTPTransport):
    """The real transport, holding the first request until `release` so a close can come first."""

    def __init__(self) -> None:
        super().__init__()
        self.reached = threading.Event()
        self.release = threading.Event()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not self.reached.is_set():
            self.reached.set()
            assert self.release.wait(_TIMEOUT)
        return super().handle_request(request)


def test_a_request_in_flight_finishes_when_its_client_is_closed() -> None:
    with SandboxServer(SandboxConfig()) as sandbox:
        credentials = CatalogCredentials.from_ingest_token(sandbox.token)  # one request: no minting
        transport = Held()
        client = CatalogClient(sandbox.url, credentials, timeout=_TIMEOUT, transport=transport)
        outcome: list[object] = []

        def look_up() -> None:
            try:
                outcome.append(client.find_table(1, "public", "orders"))
            except Exception as exc:
                outcome.append(exc)

        worker = threading.Thread(target=look_up)
        worker.start()
        assert transport.reached.wait(_TIMEOUT)
        client.close()  # from another thread, as TenantBackend retires a client
        transport.release.set()
        worker.join(_TIMEOUT * 3)
        assert not worker.is_alive()
        assert outcome and not isinstance(outcome[0], Exception), outcome  # answered, not broken
        with pytest.raises(CatalogError) as refused:  # closed for good once the last one is out
            client.list_data_sources()
        assert refused.value.kind == "closed"


def test_many_clients_closed_under_their_requests_never_stall() -> None:
    """Several workers, each client closed by another thread while it is busy, for a while."""
    with SandboxServer(SandboxConfig()) as sandbox:
        credentials = CatalogCredentials.from_refresh_token(sandbox.catalog_user_id, sandbox.refresh_token)
        failures: list[str] = []

        def work(client: CatalogClient) -> None:
            for _ in range(20):
                try:
                    client.list_data_sources()
                except CatalogError as exc:
                    if exc.kind != "closed":
                        failures.append(str(exc))
                    return
                except Exception as exc:
                    failures.append(repr(exc))
                    return

        for _round in range(15):
            clients = [CatalogClient(sandbox.url, credentials, timeout=_TIMEOUT) for _ in range(3)]
            workers = [threading.Thread(target=work, args=(client,)) for client in clients]
            for worker in workers:
                worker.start()
            for client in clients:
                client.close()
            for worker in workers:
                worker.join(_TIMEOUT * 3)
            assert not any(worker.is_alive() for worker in workers)
        assert failures == []
