"""`lineage-composer log`: list and filter the events of a log, as the window's Log browser does.

Exit codes: 0 some event matched; 1 no event matched (a script can test for "is this run in the
log?"); 2 usage or input errors (a missing or unreadable file). Lines that are not valid JSON are
listed with their line number (on stderr, so `--json` output stays clean) and do not change the
exit code when other events matched.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

EXIT_OK, EXIT_NO_MATCH, EXIT_USAGE = 0, 1, 2


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "log",
        help="list and filter the events of a log (NDJSON, array, history export, file transport output)",
        description="List the events of FILE: one event, a JSON array, NDJSON, this app's history export, "
        "or the openlineage-python file transport's output (a file, a folder of its files, or its "
        "log_file_path prefix). Filters combine with AND and ignore case.",
        epilog="Exit 0: some event matched. 1: no event matched. 2: the file cannot be read or the "
        "command line is wrong.",
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--job", metavar="J", default="", help="job namespace or name contains J")
    parser.add_argument("--run", metavar="R", default="", help="runId contains R")
    parser.add_argument("--type", metavar="T", default="", help="eventType is T (START, COMPLETE, ...)")
    parser.add_argument("--dataset", metavar="D", default="", help="an input or output contains D")
    parser.add_argument("--json", action="store_true", help="print each matching event's JSON, one per line")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    from composer.core.log_index import LogFilter  # noqa: PLC0415
    from composer.services.logfiles import LogReadError, iter_log_records  # noqa: PLC0415

    wanted = LogFilter(job=args.job, run=args.run, event_type=args.type, dataset=args.dataset)
    matched = total = 0
    try:
        for record in iter_log_records(Path(args.file)):
            total += 1
            if record.error:
                print(f"{record.where}: {record.error}", file=err)
                continue
            if not wanted.matches(record):
                continue
            matched += 1
            if args.json:
                out.write(_one_line(record.text) + "\n")
            else:
                datasets = ", ".join(record.datasets)
                print(
                    f"{record.where}\t{record.event_time}\t{record.event_type or '-'}\t"
                    f"{record.job or '-'}\t{record.run_id or '-'}\t{datasets}",
                    file=out,
                )
    except LogReadError as exc:
        print(f"lineage-composer log: error: {exc}", file=err)
        return EXIT_USAGE
    if not args.json:
        print(f"{matched} of {total} event(s) matched", file=err)
    return EXIT_OK if matched else EXIT_NO_MATCH


def _one_line(text: str) -> str:
    """The event's exact text when it is one line already (number spelling kept), else compacted."""
    stripped = text.strip()
    return stripped if "\n" not in stripped else json.dumps(json.loads(stripped), ensure_ascii=False)
