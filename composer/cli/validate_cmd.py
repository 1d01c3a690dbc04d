"""`lineage-composer validate`: check event files the way the window's problems list does."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from composer.cli.inputs import InputError, read_input
from composer.core.eventlog import EventEntry, read_events
from composer.core.problems import Problem, by_severity, count_summary
from composer.core.validation import TARGET_RULE_SETS, validate_document

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
# What --format json shows of a problem; the tenant rules add the one-click fix (fixPath, fixValue).
_JSON_KEYS = ("severity", "path", "message", "hint", "fixPath", "fixValue")


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "validate",
        help="check events against Alation's rules or the OpenLineage spec",
        description="Validate OpenLineage events. A FILE holds one event, a JSON array of events, "
        "or NDJSON (one event per line); '-' reads standard input. Exit 0: no event has errors "
        "(with --strict: no warnings either); 1: some event has; 2: unreadable file or bad usage.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE|-")
    parser.add_argument("--target", choices=sorted(TARGET_RULE_SETS), default="alation")
    parser.add_argument("--strict", action="store_true", help="warnings fail too")
    parser.add_argument("--format", choices=("text", "json"), default="text", dest="output_format")
    parser.add_argument(
        "--check-schema-urls",
        action="store_true",
        help="also fetch the schema each custom facet's _schemaURL names and check the facet against it "
        "(https only except loopback; sends no token; a saved copy is used when the address cannot be reached)",
    )
    parser.add_argument(
        "--schema-timeout",
        type=seconds,
        default=5.0,
        metavar="SECONDS",
        help="time limit per schema fetch (default 5)",
    )
    tenant = parser.add_argument_group("tenant pre-flight (Alation profiles with catalog access)")
    tenant.add_argument(
        "--tenant",
        action="store_true",
        help="also check each dataset against the tenant's catalog: its namespace matches a data "
        "source's host:port, and its table is cataloged",
    )
    tenant.add_argument(
        "--profile", metavar="NAME", help="with --tenant: whose tenant (default: the default profile)"
    )
    parser.set_defaults(handler=run)


def seconds(text: str) -> float:
    """A time limit in seconds from the command line (also `verify --timeout`)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 600:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds between 0 and 600")
    return value


@dataclass
class Verdict:
    file: str
    index: int | None
    problems: list[Problem] = field(default_factory=list)
    line: int | None = None

    def valid(self, strict: bool) -> bool:
        bad = ("error", "warning") if strict else ("error",)
        return not any(p.severity in bad for p in self.problems)

    def to_dict(self, strict: bool) -> dict[str, Any]:
        return {
            "file": self.file,
            "index": self.index,
            "valid": self.valid(strict),
            "problems": [{k: v for k, v in p.to_dict().items() if k in _JSON_KEYS} for p in self.problems],
        }


def run(args: argparse.Namespace) -> int:
    rule_sets = TARGET_RULE_SETS[args.target]
    extra = _schema_url_checker(args.schema_timeout) if args.check_schema_urls else None
    if args.tenant:
        return _with_tenant(args, extra)
    if args.profile:
        print("lineage-composer validate: error: --profile goes with --tenant", file=sys.stderr)
        return EXIT_USAGE
    return _run(args, rule_sets, extra)


def _with_tenant(args: argparse.Namespace, extra: Callable[[Any], list[Problem]] | None) -> int:
    """`_run` with the tenant rule set added; the catalog is read once for every file."""
    from composer.cli.catalog_session import TenantPreflight  # noqa: PLC0415
    from composer.cli.destinations import UsageError  # noqa: PLC0415
    from composer.services.catalog import CatalogError  # noqa: PLC0415

    try:
        with TenantPreflight(args.profile) as preflight:
            print(f"tenant: {preflight.sources.describe()}", file=sys.stderr)

            def both(event: Any) -> list[Problem]:
                return [*(extra(event) if extra is not None else []), *preflight.problems(event)]

            return _run(args, TARGET_RULE_SETS[args.target], both)
    except (UsageError, CatalogError) as exc:
        print(f"lineage-composer validate: the tenant check could not run: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _run(
    args: argparse.Namespace, rule_sets: tuple[str, ...], extra: Callable[[Any], list[Problem]] | None
) -> int:
    verdicts: list[Verdict] = []
    unreadable = False
    for name in args.files:
        text = _read(name)
        if isinstance(text, Problem):
            unreadable = True
            verdicts.append(Verdict(name, None, [text]))
            continue
        entries = read_events(text)
        if not entries:  # `[]`: nothing to call valid
            hint = "Put an event in the file, or an array or NDJSON of events."
            verdicts.append(Verdict(name, None, [Problem("error", "", f"no events in {name}", hint)]))
        verdicts.extend(_verdict(name, entry, rule_sets, extra) for entry in entries)
    if args.output_format == "json":
        json.dump([v.to_dict(args.strict) for v in verdicts], sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        _print_text(verdicts, args.strict)
    if unreadable:
        return EXIT_USAGE
    return EXIT_OK if all(v.valid(args.strict) for v in verdicts) else EXIT_PROBLEMS


def _read(name: str) -> str | Problem:
    try:
        return read_input(name)
    except InputError as exc:
        return Problem("error", "", str(exc), "Check the path and that it is a UTF-8 text file.")


def _schema_url_checker(timeout: float) -> Callable[[Any], list[Problem]]:
    """Checks custom facets against their `_schemaURL`; services are imported only when asked for."""
    from composer.services.facet_schemas import FetchLimits, SchemaFetcher  # noqa: PLC0415 (lazy)
    from composer.services.schema_url_check import check_schema_urls  # noqa: PLC0415

    fetcher = SchemaFetcher(limits=FetchLimits(timeout_s=timeout))
    fetched: dict[str, Any] = {}  # one request per URL for the whole run, however many events
    return lambda event: check_schema_urls(event, fetcher, fetched=fetched)


def _verdict(
    name: str,
    entry: EventEntry,
    rule_sets: tuple[str, ...],
    extra: Callable[[Any], list[Problem]] | None = None,
) -> Verdict:
    if entry.error is not None or entry.document is None:
        error = entry.error
        message = f"malformed JSON: {error}" if error else "malformed JSON"
        hint = error.hint if error else "Fix the JSON at that line and column."
        return Verdict(
            name, entry.index, [Problem("error", "", message, hint, "json", "json.syntax")], entry.line
        )
    document = entry.document
    problems = validate_document(document, rule_sets)
    if extra is not None:
        problems = by_severity([*problems, *extra(document.value)])
    return Verdict(name, entry.index, problems, entry.line)


def _print_text(verdicts: list[Verdict], strict: bool) -> None:
    per_file: dict[str, int] = {}
    for verdict in verdicts:
        per_file[verdict.file] = per_file.get(verdict.file, 0) + 1
    for verdict in verdicts:
        where = verdict.file
        if verdict.index is not None and per_file[verdict.file] > 1:
            where += f" [event {verdict.index + 1}" + (f", line {verdict.line}" if verdict.line else "") + "]"
        state = "valid" if verdict.valid(strict) else "INVALID"
        print(f"{where}: {state} ({count_summary(verdict.problems)})")
        for problem in verdict.problems:
            print(f"  {problem.severity:<8}{problem.message}")
            if problem.path:
                print(f"  {'':<8}at {problem.path}")
            if problem.hint:
                print(f"  {'':<8}hint: {problem.hint}")
