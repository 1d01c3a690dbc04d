"""`lineage-composer sandbox`: run the local Alation-compatible receiver in the foreground.

For rehearsals, support reproductions and demos with no tenant: the banner gives the URL and
the tokens to paste into a sender, each request is logged as one line (never with a token or
the Authorization header), and Ctrl-C stops it cleanly with exit 0.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from composer.services.sandbox import RequestRecord, SandboxConfig, SandboxServer

# The sandbox (http.server, SQLite) loads in the handler, not for `--help` or `--version`.
EXIT_OK, EXIT_USAGE = 0, 2
TOKEN_VARIABLE = "LINEAGE_COMPOSER_SANDBOX_TOKEN"
DB_FILE_NAME = "sandbox.sqlite3"


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "sandbox",
        help="run a local receiver that answers like Alation's OpenLineage endpoint",
        description="Run the local sandbox: POST /open_lineage_event/ answers like Alation's endpoint, "
        "and / shows the events received and the lineage they made. Prints the URL and the tokens; "
        "Ctrl-C stops it.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port (default 0: a free one)")
    parser.add_argument(
        "--token",
        default=os.environ.get(TOKEN_VARIABLE, ""),
        help=f"the write token (default ${TOKEN_VARIABLE}, else a random one)",
    )
    parser.add_argument("--read-only-token", default="", help="may read, not send (default random)")
    storage = parser.add_mutually_exclusive_group()
    storage.add_argument("--db", type=Path, help=f"SQLite file (default <app home>/{DB_FILE_NAME})")
    storage.add_argument("--memory", action="store_true", help="keep nothing: store events in memory only")
    parser.add_argument("--allow-remote", action="store_true", help="allow a non-loopback --host")
    parser.add_argument(
        "--max-body-bytes",
        type=int,
        default=None,  # the sandbox's DEFAULT_MAX_BODY_BYTES, filled in by `_config`
        metavar="N",
        help="larger bodies get 413",
    )
    parser.add_argument(
        "--source", action="append", default=[], metavar="SOURCE", help="catalog this source too (repeatable)"
    )
    rest = parser.add_argument_group("catalog REST APIs (data sources, tables, lineage)")
    rest.add_argument(
        "--ingest-delay",
        type=float,
        default=0.0,
        metavar="S",
        help="an accepted event shows in the catalog APIs S seconds after its 200 (default 0)",
    )
    rest.add_argument(
        "--table",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAMESPACE", "NAME"),
        help="catalog this table from the start, e.g. postgres://prod-db.example.com:5432 "
        "sales_db.public.orders (repeatable)",
    )
    rest.add_argument(
        "--refresh-token",
        default="",
        help="the refresh token that mints access tokens for user 1 (default random)",
    )
    faults = parser.add_argument_group("fault injection (for the next ingestion requests)")
    faults.add_argument("--fail-503", type=int, default=0, metavar="N", help="answer 503 with Retry-After")
    faults.add_argument("--fail-429", type=int, default=0, metavar="N", help="answer 429 with Retry-After")
    faults.add_argument("--fail-500", type=int, default=0, metavar="N", help="answer 500")
    faults.add_argument("--drop", type=int, default=0, metavar="N", help="close the connection, no answer")
    faults.add_argument("--delay", type=int, default=0, metavar="MS", help="answer after MS milliseconds")
    faults.add_argument("--delay-count", type=int, default=1, metavar="N", help="requests --delay hits")
    faults.add_argument("--retry-after", type=int, default=1, metavar="S", help="Retry-After seconds")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from composer.services.sandbox import (  # noqa: PLC0415
        SandboxConfigError,
        SandboxServer,
        SandboxStartError,
        SandboxStoreError,
    )

    try:
        config = _config(args)
        server = SandboxServer(config, on_request=_RequestPrinter())
        server.start()
    except (SandboxConfigError, SandboxStartError, SandboxStoreError, ValueError) as exc:
        print(f"lineage-composer sandbox: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    stop = threading.Event()
    # SIGINT too, explicitly: a script's `cmd &` starts it with SIGINT ignored, and Python then
    # never raises KeyboardInterrupt, so Ctrl-C (or `kill -INT`) would not stop the sandbox.
    previous = {
        number: signal.signal(number, _stop_on_signal(stop)) for number in (signal.SIGTERM, signal.SIGINT)
    }
    try:
        _print_banner(server)
        while not stop.wait(1.0):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        server.stop()
    print("sandbox stopped", file=sys.stderr, flush=True)
    return EXIT_OK


def _config(args: argparse.Namespace) -> SandboxConfig:
    from composer.services.paths import app_home  # noqa: PLC0415
    from composer.services.sandbox import (  # noqa: PLC0415
        DEFAULT_MAX_BODY_BYTES,
        Fault,
        FaultKind,
        SandboxConfig,
    )

    faults: list[Fault] = []
    counted: tuple[tuple[FaultKind, int], ...] = (
        ("503", args.fail_503),
        ("429", args.fail_429),
        ("500", args.fail_500),
        ("drop", args.drop),
    )
    for kind, count in counted:
        if count:
            faults.append(Fault(kind, count=count, retry_after=args.retry_after))
    if args.delay:
        faults.append(Fault("delay", count=args.delay_count, delay_ms=args.delay))
    db_path = None if args.memory else (args.db or app_home() / DB_FILE_NAME)
    defaults = SandboxConfig()
    return SandboxConfig(
        host=args.host,
        port=args.port,
        token=args.token,
        read_only_token=args.read_only_token,
        db_path=db_path,
        max_body_bytes=DEFAULT_MAX_BODY_BYTES if args.max_body_bytes is None else args.max_body_bytes,
        sources=defaults.sources + tuple(args.source),
        faults=tuple(faults),
        allow_remote=args.allow_remote,
        ingest_delay=args.ingest_delay,
        tables=tuple((namespace, name) for namespace, name in args.table),
        refresh_token=args.refresh_token,
    )


def _print_banner(server: SandboxServer) -> None:
    config = server.config
    database = str(config.db_path) if config.db_path else "in memory (nothing kept)"
    lines = [
        f"Lineage Composer sandbox listening on {server.url}",
        f"  endpoint:        POST {server.endpoint_url}",
        f"  token:           {server.token}",
        f"  read-only token: {server.read_only_token}",
        f"  page:            {server.url}/",
        f"  catalog APIs:    {server.url}/integration/v2/... (TOKEN header; mint with user id "
        f"{server.catalog_user_id} and refresh token {server.refresh_token})",
        f"  database:        {database}",
    ]
    lines += [f"  fault armed:     {json.dumps(fault.to_json())}" for fault in server.faults.pending()]
    lines.append("Press Ctrl-C to stop.")
    print("\n".join(lines), flush=True)


class _RequestPrinter:
    """One line per request on stderr; the record it gets never holds a token."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def __call__(self, record: RequestRecord) -> None:
        stamp = datetime.now().astimezone().isoformat(timespec="seconds")
        with self._lock:
            print(f"{stamp} {record.line()}", file=sys.stderr, flush=True)


def _stop_on_signal(stop: threading.Event) -> Any:
    def handler(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    return handler
