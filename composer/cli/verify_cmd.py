"""`lineage-composer verify FILE`: did the lineage of an event sent earlier appear in the catalog?

Polls each output's lineage (`GET /integration/v2/lineage/`) with back-off until every output
has the event's inputs upstream (not TMP, with a dataflow between), turns out TMP, or the
timeout passes; then prints each output's verdict, its catalog page, the likely cause and what to
do. Exit 0: the lineage appeared; 1: it did not (or the catalog could not be read); 2: bad usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO

from composer.cli.inputs import InputError, read_input
from composer.cli.validate_cmd import seconds
from composer.core.eventlog import read_events

if TYPE_CHECKING:
    from composer.services.catalog import VerificationResult

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
DEFAULT_TIMEOUT = 180.0


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "verify",
        help="check that an event's lineage appeared in the catalog",
        description="Poll the catalog until each output of the event has its inputs upstream "
        "(Alation ingests asynchronously), then say per output whether the lineage landed, as TMP "
        "objects, or not at all, and why. FILE holds one event (or several: each is verified).",
    )
    parser.add_argument("file", metavar="FILE|-")
    parser.add_argument("--profile", metavar="NAME", help="the profile (default: the default one)")
    add_timeout(parser, "--timeout")
    parser.set_defaults(handler=run)


def add_timeout(parser: argparse.ArgumentParser, flag: str) -> None:
    parser.add_argument(
        flag,
        type=seconds,
        default=DEFAULT_TIMEOUT,
        metavar="S",
        dest="verify_timeout",
        help=f"stop waiting for the lineage after S seconds (default {DEFAULT_TIMEOUT:.0f})",
    )


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    from composer.cli.destinations import UsageError, choose_destination  # noqa: PLC0415
    from composer.cli.sending import open_services  # noqa: PLC0415

    try:
        events = [
            entry.document.value for entry in read_events(read_input(args.file)) if entry.document is not None
        ]
    except InputError as exc:
        print(f"lineage-composer verify: error: {exc}", file=err)
        return EXIT_USAGE
    if not events:
        print(f"lineage-composer verify: error: {args.file} holds no JSON event", file=err)
        return EXIT_USAGE
    services = open_services()
    try:
        destination = choose_destination(services.profiles, args.profile, None)
        return verify_events(services, destination, events, timeout=args.verify_timeout, out=out, err=err)
    except UsageError as exc:
        print(f"lineage-composer verify: error: {exc}", file=err)
        return EXIT_USAGE
    finally:
        services.close()


def verify_events(
    services: Any,
    destination: Any,
    events: list[object],
    *,
    timeout: float,
    out: TextIO,
    err: TextIO,
    on_verified: Callable[[int, VerificationResult], None] | None = None,
) -> int:
    """Verify each COMPLETE event in turn (also `send --verify`, whose `on_verified` gets each
    event's index and result to keep in history); exit 0 only when every lineage appeared."""
    from composer.cli.catalog_session import (  # noqa: PLC0415
        open_client,
        print_verification,
        sources_for,
        verify_event,
    )
    from composer.services.catalog import CatalogError  # noqa: PLC0415

    chosen = [
        (i, e) for i, e in enumerate(events) if isinstance(e, dict) and e.get("eventType") == "COMPLETE"
    ]
    if len(chosen) < len(events):
        skipped = len(events) - len(chosen)
        print(f"note: {skipped} event(s) are not COMPLETE; Alation makes no lineage from them", file=out)
    if not chosen:
        return EXIT_OK
    all_ok = True
    try:
        with open_client(services, destination) as client:
            sources = sources_for(client, destination, refresh=True)
            if sources.offline_reason:
                print(f"warning: {sources.describe()}", file=err)
            for index, event in chosen:
                if len(events) > 1:
                    print(f"event {index + 1}:", file=out)
                result = verify_event(client, sources, event, timeout=timeout, out=out)
                print_verification(result, client.base_url, out)
                if on_verified is not None:
                    on_verified(index, result)
                all_ok = all_ok and result.ok
    except CatalogError as exc:
        print(f"lineage-composer verify: {exc}", file=err)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("cancelled", file=err)
        return EXIT_INTERRUPTED
    return EXIT_OK if all_ok else EXIT_FAILED
