"""`lineage-composer pair`: a COMPLETE event's START twin, written with it as NDJSON.

For receivers that want both events of a run (Marquez shows a run's state and duration from
them): the START shares the runId, job, inputs and outputs (`composer.core.run_pair`). The two
lines can go straight to `lineage-composer send`, which sends a run's events in order.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_USAGE = 0, 2


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "pair",
        help="make the START event for a COMPLETE event's run; write both as NDJSON",
        description="Read one COMPLETE event (FILE, or '-' for standard input) and write NDJSON: its "
        "START event (same runId, job, inputs and outputs; no completion-only facets such as "
        "outputStatistics), then the COMPLETE event. The START's eventTime is --start-time (earlier than the COMPLETE's), else "
        "one second before the COMPLETE. "
        "Exit 0: written; 2: unreadable file, not one COMPLETE event, or a bad start time.",
    )
    parser.add_argument("file", metavar="FILE|-")
    parser.add_argument("-o", "--output", metavar="OUT.ndjson", help="write here (default: standard output)")
    parser.add_argument(
        "--start-time", metavar="ISO8601", help="the START's eventTime, e.g. 2024-02-20T10:00:00.000Z"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from composer.cli.inputs import InputError, read_input  # noqa: PLC0415 (fast --help)
    from composer.core.eventlog import read_events  # noqa: PLC0415
    from composer.core.run_pair import PairError, make_pair  # noqa: PLC0415

    try:
        text = read_input(args.file)
    except InputError as exc:
        return _fail(str(exc))
    entries = read_events(text)
    if len(entries) != 1:
        return _fail(f"{args.file} holds {len(entries)} events; pair takes one COMPLETE event")
    entry = entries[0]
    if entry.document is None:
        return _fail(f"{args.file}: malformed JSON: {entry.error}")
    try:
        lines = make_pair(entry.document, args.start_time).ndjson()
    except PairError as exc:
        return _fail(f"{args.file}: {exc}")
    if args.output is None:
        sys.stdout.write(lines)
        return EXIT_OK
    try:
        Path(args.output).write_text(lines, encoding="utf-8")
    except OSError as exc:
        return _fail(f"cannot write {args.output}: {exc.strerror or exc}")
    print(f"wrote START and COMPLETE for run {entry.document.run_id} to {args.output}", file=sys.stderr)
    return EXIT_OK


def _fail(message: str) -> int:
    print(f"lineage-composer pair: error: {message}", file=sys.stderr)
    return EXIT_USAGE
