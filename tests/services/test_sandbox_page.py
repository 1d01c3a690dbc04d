"""The read-only page at `/`: it shows events and lineage, escapes everything, runs no script."""

from __future__ import annotations

import base64

from composer.services.sandbox import SandboxConfig, SandboxServer
from tests.services.sandbox_client import Clients, dataset, event

HOSTILE = '<script>alert("x")</script>'


def test_an_empty_sandbox_page_says_so(sandbox: SandboxServer, connect: Clients) -> None:
    response = connect(None).get("/")
    assert response.status == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    page = response.body.decode()
    assert "No events received yet" in page and "No lineage yet" in page
    assert "postgres://your-cataloged-db:5432" in page


def test_the_page_shows_lineage_with_resolved_and_tmp_badges(
    sandbox: SandboxServer, connect: Clients
) -> None:
    client = connect()
    outputs = [dataset("postgres://localhost:5432", "scratch.public.out")]
    client.post_event(event(job={"namespace": "my-etl-system", "name": "nightly-load"}, outputs=outputs))
    client.post_event(event(eventType="START"))
    page = connect(None).get("/").body.decode()
    assert "Events (2)" in page and "nightly-load" in page
    assert "sales_db.public.transactions" in page and "scratch.public.out" in page
    assert 'class="badge resolved"' in page and 'class="badge tmp"' in page
    assert "no lineage" in page  # the START event
    assert sandbox.token not in page and sandbox.read_only_token not in page


def test_everything_received_is_escaped_and_no_script_may_run(
    sandbox: SandboxServer, connect: Clients
) -> None:
    client = connect()
    hostile = event(
        job={"namespace": HOSTILE, "name": HOSTILE},
        inputs=[dataset("postgres://prod-db.example.com:5432", HOSTILE)],
        outputs=[dataset(f"postgres://x{HOSTILE}", "o")],
        run={"runId": HOSTILE},
    )
    assert client.post_event(hostile).status == 200
    response = connect(None).get("/")
    page = response.body.decode()
    assert "<script" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_head_gives_headers_only(sandbox: SandboxServer, connect: Clients) -> None:
    response = connect(None).request("HEAD", "/")
    assert response.status == 200 and response.body == b""
    assert int(response.headers["Content-Length"]) > 0
    assert connect().request("POST", "/", b"{}").status == 405


def test_off_loopback_the_page_asks_for_a_token_as_a_password() -> None:
    remote = SandboxConfig(host="0.0.0.0", allow_remote=True)
    with SandboxServer(remote) as sandbox, Clients(sandbox) as connect:
        anonymous = connect(None)
        response = anonymous.get("/")
        assert response.status == 401
        assert response.headers["WWW-Authenticate"].startswith('Basic realm="Lineage Composer sandbox"')
        for token in (sandbox.token, sandbox.read_only_token):
            basic = base64.b64encode(f"anyone:{token}".encode()).decode()
            assert anonymous.request("GET", "/", headers={"Authorization": f"Basic {basic}"}).status == 200
        wrong = base64.b64encode(b"anyone:guess").decode()
        assert anonymous.request("GET", "/", headers={"Authorization": f"Basic {wrong}"}).status == 401
        # Off loopback any Host is fine: the token is the protection there.
        assert connect().request("GET", "/sandbox/api/events", headers={"Host": "lab.example"}).status == 200
