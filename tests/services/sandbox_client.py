"""A small keep-alive HTTP client for the sandbox tests, and sample events."""

from __future__ import annotations

import copy
import http.client
import json
import socket
import uuid
from dataclasses import dataclass
from typing import Any

from composer.services.sandbox import SandboxServer
from tests.core.test_validation_alation import GOOD

INGEST = "/open_lineage_event/"


def event(**overrides: Any) -> dict[str, Any]:
    """Alation's minimal event with a fresh runId; keyword arguments replace top-level keys."""
    found = copy.deepcopy(GOOD)
    found["run"] = {"runId": str(uuid.uuid4())}
    found.update(overrides)
    return found


def dataset(namespace: str, name: str) -> dict[str, str]:
    return {"namespace": namespace, "name": name}


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Client:
    """One keep-alive connection, as a sender holds it; `token=None` sends no Authorization."""

    def __init__(self, sandbox: SandboxServer, token: str | None = "") -> None:
        self.token = sandbox.token if token == "" else token
        self.connection = http.client.HTTPConnection("127.0.0.1", sandbox.port, timeout=10)

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> Response:
        sent = dict(headers or {})
        if self.token is not None:
            sent.setdefault("Authorization", f"Bearer {self.token}")
        self.connection.request(method, path, body=body, headers=sent)
        response = self.connection.getresponse()
        return Response(response.status, response.headers, response.read())

    def post_event(self, value: Any, content_type: str = "application/json") -> Response:
        body = value if isinstance(value, bytes) else json.dumps(value).encode("utf-8")
        return self.request("POST", INGEST, body, {"Content-Type": content_type})

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def close(self) -> None:
        self.connection.close()


class Clients:
    """Opens clients to one sandbox (`connect(token)`) and closes every one of them at the end."""

    def __init__(self, sandbox: SandboxServer) -> None:
        self.sandbox = sandbox
        self._opened: list[Client] = []

    def __call__(self, token: str | None = "") -> Client:
        client = Client(self.sandbox, token)
        self._opened.append(client)
        return client

    def __enter__(self) -> Clients:
        return self

    def __exit__(self, *_: object) -> None:
        for client in self._opened:
            client.close()


def raw_exchange(sandbox: SandboxServer, request: bytes) -> bytes:
    """Send bytes on a fresh socket and read until the server closes it (or 5 s pass)."""
    with socket.create_connection(("127.0.0.1", sandbox.port), timeout=5) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)
