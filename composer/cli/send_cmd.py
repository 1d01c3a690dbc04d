"""`lineage-composer send`: validate, then POST events to a profile's endpoint, and say what happened.

Exit codes: 0 every event got a 2xx answer; 1 some event did not, or was refused: by validation,
or because it is malformed JSON (a single event or a line of NDJSON alike, as `validate` counts it);
2 usage or input errors: an unreadable or empty file, an unknown profile, a missing token, an
unsafe URL. 130 after Ctrl-C.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from composer.cli.inputs import STDIN, InputError, cannot_read, read_input
from composer.cli.verify_cmd import add_timeout, verify_events
from composer.core.eventlog import EventEntry, read_events
from composer.core.send_plan import DEFAULT_CONCURRENCY, Prepared, prepare
from composer.services.send.retry import RetryPolicy

if TYPE_CHECKING:
    from composer.cli.destinations import Destination
    from composer.services.catalog import VerificationResult
    from composer.services.secrets import ResolvedToken
    from composer.services.send.result import SendResult
    from composer.services.send.sender import Sender
    from composer.services.send.service import SendService

# The services (profiles, keyring, httpx, history, the sandbox) load in the handler, not for
# `--help` or `--version`: each function imports what it uses.
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130
# --retries and --retry-budget (seconds) default to the send engine's own policy.
DEFAULT_RETRIES, DEFAULT_RETRY_BUDGET = RetryPolicy.max_retries, RetryPolicy.budget_seconds
MASKED_TOKEN = "Bearer ******** (token hidden)"


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "send",
        help="validate and send events to Alation (or another OpenLineage receiver)",
        description="Validate events with the target's rules, then POST each one exactly as written "
        "with the profile's token. FILE holds one event, a JSON array or NDJSON, or is any log that "
        "`log` reads (a history export, the OpenLineage client's file output or its folder); '-' reads "
        "standard input. Events of one run go in order; different runs go in parallel with --concurrency.",
        epilog="Exit 0: every event got a 2xx answer. 1: some did not, or were refused (validation "
        "errors, malformed JSON). 2: usage or input error (unreadable or empty file, unknown profile, "
        "no token). The token is read from the keyring or --token-env, never from a flag.",
    )
    parser.add_argument("file", metavar="FILE|-")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--profile", metavar="NAME", help="send with this profile (default: the default one)")
    where.add_argument("--url", metavar="FULL_ENDPOINT_URL", help="send to this URL (needs --token-env)")
    parser.add_argument("--token-env", metavar="NAME", help="read the token from environment variable NAME")
    parser.add_argument("--dry-run", action="store_true", help="validate and show the request; send nothing")
    parser.add_argument("--force", action="store_true", help="send events even if validation finds errors")
    parser.add_argument(
        "--concurrency",
        type=_positive_int,
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"runs sent at once (default {DEFAULT_CONCURRENCY}; a run's events always go in order; "
        "1 keeps the file's exact order)",
    )
    parser.add_argument("--rate", type=_positive_float, metavar="N", help="at most N events per second")
    parser.add_argument(
        "--retries", type=_non_negative_int, default=DEFAULT_RETRIES, metavar="N", help=f"default {DEFAULT_RETRIES}"
    )
    parser.add_argument(
        "--retry-budget",
        type=_positive_float,
        default=DEFAULT_RETRY_BUDGET,
        metavar="S",
        help=f"seconds for all retries ({DEFAULT_RETRY_BUDGET:g})",
    )
    parser.add_argument(
        "--allow-insecure-http", action="store_true", help="with --url: allow http:// to another machine"
    )
    verifying = parser.add_argument_group("verification (Alation profiles with catalog access)")
    verifying.add_argument(
        "--verify",
        action="store_true",
        help="after a 2xx, wait until the lineage appears in the catalog (exit 1 if it does not)",
    )
    add_timeout(verifying, "--verify-timeout")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    from composer.cli.destinations import UsageError, choose_destination  # noqa: PLC0415
    from composer.cli.sending import open_services  # noqa: PLC0415

    services: SendService | None = None
    try:
        entries = _entries(args.file)
        services = open_services()
        destination = choose_destination(
            services.profiles, args.profile, args.url, allow_insecure_http=args.allow_insecure_http
        )
        prepared = [prepare(entry, destination.profile.validation_target, args.force) for entry in entries]
        many = len(prepared) > 1
        for item in prepared:
            if item.refusal:
                _print_refusal(item, _source_name(args.file), many, out)
        if args.dry_run:
            return _dry_run(services, destination, prepared, args.token_env, out)
        return send_prepared(
            services,
            destination,
            prepared,
            out=out,
            err=err,
            token_env=args.token_env,
            retries=args.retries,
            retry_budget=args.retry_budget,
            concurrency=args.concurrency,
            rate=args.rate,
            verify_timeout=args.verify_timeout if args.verify else None,
        )
    except UsageError as exc:
        print(f"lineage-composer send: error: {exc}", file=err)
        return EXIT_USAGE
    finally:
        if services is not None:
            services.close()


def _entries(name: str) -> Iterator[EventEntry]:
    """The file's events, read as they are prepared (NDJSON streams: one parsed event at a time,
    not a 24,679-event tree at once); read errors are `UsageError`s whenever they happen."""
    from composer.cli.destinations import UsageError  # noqa: PLC0415

    entries = _read_entries(name)
    first = list(islice(entries, 2))
    if not first:
        raise UsageError(f"no events in {name}")
    return chain(first, entries)


def _read_entries(name: str) -> Iterator[EventEntry]:
    from composer.cli.destinations import UsageError  # noqa: PLC0415
    from composer.services.logfiles import LogReadError, iter_log  # noqa: PLC0415

    try:
        # '-' is standard input; else a file, a folder of event files or a file transport's prefix.
        yield from read_events(read_input(name, exact=True)) if name == STDIN else iter_log(Path(name))
    except (InputError, LogReadError) as exc:
        raise UsageError(str(exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(cannot_read(name, exc)) from None


def _source_name(name: str) -> str:
    return "standard input" if name == STDIN else name


def _print_refusal(item: Prepared, source: str, many: bool, out: TextIO) -> None:
    """`FILE: refused: ...` (`FILE: event 5 (line 5): refused: ...` for one of several)."""
    where = f"{source}: {item.where(many)}" if many else source
    print(f"{where}: refused: {item.refusal}", file=out)
    if not many:
        for problem in item.errors[1:]:
            print(
                f"  error   {problem.message}" + (f" (at {problem.path})" if problem.path else ""), file=out
            )


def _dry_run(
    services: SendService,
    destination: Destination,
    prepared: list[Prepared],
    token_env: str | None,
    out: TextIO,
) -> int:
    from composer.cli.destinations import UsageError, display_url  # noqa: PLC0415
    from composer.cli.sending import find_token  # noqa: PLC0415

    try:
        source = (
            "the local sandbox's random token"
            if destination.profile.is_local_sandbox and not token_env
            else find_token(services, destination, token_env).source
        )
        authorization = f"{MASKED_TOKEN}, from {source}"
    except UsageError as exc:
        authorization = f"(none: {exc})"
    sendable = [item for item in prepared if not item.refusal]
    print(f"Dry run: {len(sendable)} of {len(prepared)} event(s) would be sent; nothing is sent.", file=out)
    for item in sendable:
        print(f"\nPOST {display_url(destination)}", file=out)
        print("Content-Type: application/json", file=out)
        print(f"Authorization: {authorization}", file=out)
        print(f"Content-Length: {len(item.body)}\n", file=out)
        print(item.body.decode("utf-8"), file=out)
    return EXIT_OK if len(sendable) == len(prepared) else EXIT_FAILED


@dataclass(frozen=True)
class _Session:
    """One command's sending context, so helpers do not take a dozen arguments."""

    services: SendService
    destination: Destination
    token: ResolvedToken
    sender: Sender
    out: TextIO
    err: TextIO
    verify_timeout: float | None = None  # seconds, with --verify

    def record(self, item: Prepared, result: SendResult) -> int:
        from composer.cli.sending import record  # noqa: PLC0415

        return record(
            self.services,
            self.destination.profile.name,
            item.body,
            result,
            token=self.token.value,
            err=self.err,
        )


def send_prepared(
    services: SendService,
    destination: Destination,
    prepared: list[Prepared],
    *,
    out: TextIO,
    err: TextIO,
    token_env: str | None = None,
    retries: int = DEFAULT_RETRIES,
    retry_budget: float = DEFAULT_RETRY_BUDGET,
    concurrency: int = DEFAULT_CONCURRENCY,
    rate: float | None = None,
    verify_timeout: float | None = None,
) -> int:
    """Send the events `prepare` let through, as `send` does: progress, history, summary, exit code.

    The one way in for every command that sends (`send`, `sheet --send`), so a new send option
    is a keyword with a default here rather than a field callers must know to fill in.
    `verify_timeout` (seconds) turns on `--verify`. Raises `UsageError` (no token, a bad target).
    """
    from composer.cli.sending import find_token, make_target  # noqa: PLC0415
    from composer.services.send.retry import RetryPolicy  # noqa: PLC0415

    sendable = [item for item in prepared if not item.refusal]
    refused = len(prepared) - len(sendable)
    if not sendable:
        if len(prepared) > 1:
            print(f"sent 0 event(s): {refused} refused", file=out)
        return EXIT_FAILED
    token = find_token(services, destination, token_env)
    target = make_target(services, destination, token)
    policy = RetryPolicy(max_retries=retries, budget_seconds=retry_budget)
    print(
        f"Sending {len(sendable)} event(s) to {target.url} ({destination.label}; token from {token.source})",
        file=out,
    )
    with services.sender(target, policy=policy, concurrency=concurrency) as sender:
        session = _Session(services, destination, token, sender, out, err, verify_timeout)
        if len(prepared) == 1:
            return _send_one(session, sendable[0])
        return _send_many(session, sendable, refused, concurrency=concurrency, rate=rate)


def _send_one(session: _Session, item: Prepared) -> int:
    from composer.cli.sending import print_result  # noqa: PLC0415

    try:
        result = session.sender.send(item.body, event_type=item.event_type)
    except KeyboardInterrupt:
        print("cancelled", file=session.err)
        return EXIT_INTERRUPTED
    record_id = session.record(item, result)
    print_result(result, session.out, session.token)
    if result.ok and session.verify_timeout is not None:
        return _verify(session, [(item, record_id)])
    return EXIT_OK if result.ok else EXIT_FAILED


def _verify(session: _Session, sent: list[tuple[Prepared, int]]) -> int:
    """`--verify`: poll the catalog for the lineage of the events that were accepted, and keep
    each outcome with the send's history record."""
    import json  # noqa: PLC0415

    events = [json.loads(item.body) for item, _record_id in sent]

    def keep(index: int, result: VerificationResult) -> None:
        session.services.history.set_verification(sent[index][1], result.summary(), state=result.state)

    print("Verifying that the lineage appeared in the catalog…", file=session.out, flush=True)
    assert session.verify_timeout is not None
    return verify_events(
        session.services,
        session.destination,
        events,
        timeout=session.verify_timeout,
        out=session.out,
        err=session.err,
        on_verified=keep,
    )


def _send_many(
    session: _Session, items: list[Prepared], refused: int, *, concurrency: int, rate: float | None
) -> int:
    from composer.services.replay import ReplaySummary, replay  # noqa: PLC0415

    progress = _Progress(len(items), session.err)
    cancel = threading.Event()

    accepted: list[tuple[Prepared, int]] = []

    def finished(item: Prepared, result: SendResult) -> None:
        record_id = session.record(item, result)
        if result.ok:
            accepted.append((item, record_id))
        line = "" if result.ok else f"{item.where(True)}: {result.outcome()}: {result.explanation.headline}"
        progress.advance(result.ok, line, session.out)

    started = time.monotonic()
    interrupted = False
    try:
        replay(
            session.sender,
            items,
            concurrency=concurrency,
            rate=rate,
            cancel=cancel,
            on_result=finished,
        )
    except KeyboardInterrupt:
        cancel.set()
        interrupted = True
    progress.finish()
    summary = ReplaySummary(len(items), progress.done, progress.failed, refused, time.monotonic() - started)
    print(summary.text(cancelled=interrupted), file=session.out)
    if interrupted:
        return EXIT_INTERRUPTED
    if session.verify_timeout is not None and accepted:
        verified = _verify(session, accepted)
        return verified if summary.all_ok else EXIT_FAILED
    return EXIT_OK if summary.all_ok else EXIT_FAILED


class _Progress:
    """A one-line bar on stderr while a terminal watches; failure lines print above it."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.done = 0
        self.failed = 0
        self._stream = stream
        self._enabled = stream.isatty()
        self._lock = threading.Lock()
        self._last_drawn = 0.0

    def advance(self, ok: bool, failure_line: str, out: TextIO) -> None:
        with self._lock:
            self.done += 1
            self.failed += 0 if ok else 1
            if failure_line:
                self._clear()
                print(failure_line, file=out, flush=True)
            now = time.monotonic()
            if self._enabled and (now - self._last_drawn >= 0.1 or self.done == self.total):
                self._last_drawn = now
                width = 30
                filled = int(width * self.done / self.total) if self.total else width
                bar = "#" * filled + "-" * (width - filled)
                self._stream.write(f"\r[{bar}] {self.done}/{self.total} sent, {self.failed} failed")
                self._stream.flush()

    def finish(self) -> None:
        with self._lock:
            self._clear()

    def _clear(self) -> None:
        if self._enabled:
            self._stream.write("\r\033[K")
            self._stream.flush()


def _positive_int(text: str) -> int:
    value = _non_negative_int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("cannot be negative")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError("must be a number above 0")
    return value
