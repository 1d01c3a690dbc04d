"""`lineage-composer sheet`: a mapping sheet (CSV, TSV, .xlsx) as COMPLETE events, written or sent.

The same reader, mapping and grouping as the window's File › New from Sheet…: the mapping is a
saved preset (`--map`) or guessed from the header names, systems get their namespaces from the
preset or `--system VALUE=NAMESPACE`. The events go to `-o` (or standard output) as NDJSON,
and with `--send` through the engine `send` uses. The report goes to standard error: every
row that could not be read (row, column, value, reason) and each event's problems, with
`--tenant` the tenant pre-flight's too (`validate --tenant`'s session: one data-source list and
one table-lookup memory for the whole sheet).

Exit codes, like `validate`'s: 0 every row was read and no event has errors (`--strict`: no
warnings either); 1 some row could not be read or some event has errors (with `--send`: or some
event did not get a 2xx); 2 unreadable file, unknown sheet or preset, a mapping that misses a
column it needs, a tenant whose catalog cannot be read (`--tenant`), or bad usage.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from composer.cli.inputs import cannot_read

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "sheet",
        help="make lineage events from a mapping sheet (CSV, TSV, .xlsx)",
        description="Read a source -> target mapping sheet and make one COMPLETE event per job (or per "
        "target table), with column lineage from column pairs and the description and SQL as facets. "
        "The events are written as NDJSON (to -o, else standard output); --send sends them too.",
        epilog="Exit 0: every row read, no event with errors. 1: unreadable rows or events with errors "
        "(with --send: or a send without a 2xx). 2: unreadable file, unknown sheet or preset, "
        "incomplete mapping, a catalog that cannot be read (--tenant), usage.",
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument("--sheet", metavar="NAME", help="the workbook's sheet (default: the first)")
    parser.add_argument("--map", metavar="PRESET", dest="preset", help="a mapping preset saved in the window")
    parser.add_argument(
        "--group",
        choices=("job", "target"),
        default="job",
        help="one event per job (default) or target table",
    )
    parser.add_argument("-o", "--output", metavar="OUT.ndjson", help="write the events here")
    parser.add_argument("--system", action="append", default=[], metavar="VALUE=NAMESPACE", type=_system,
                        help="the namespace of a system column's value (repeatable; beats the preset)")  # fmt: skip
    parser.add_argument("--job-namespace", metavar="NS", help="the job namespace when no column holds one")
    parser.add_argument(
        "--encoding", metavar="NAME", default="auto", help="a CSV's encoding (default: detect)"
    )
    parser.add_argument("--delimiter", metavar="CHAR", help="a CSV's separator (default: detect)")
    parser.add_argument(
        "--target", default="alation", help="the rules the events are checked with (default alation)"
    )
    parser.add_argument("--strict", action="store_true", help="warnings count as problems too")
    parser.add_argument(
        "--tenant",
        action="store_true",
        help="also check each dataset against the profile's catalog, as `validate --tenant` does "
        "(with --profile, or the default profile; exit 2 if the catalog cannot be read)",
    )
    parser.add_argument(
        "--send", action="store_true", help="send the events (with --profile, or the default profile)"
    )
    parser.add_argument(
        "--profile",
        metavar="NAME",
        help="with --send or --tenant: the profile to send with, whose tenant to ask",
    )
    parser.add_argument("--token-env", metavar="NAME", help="with --send: read the token from this variable")
    parser.add_argument("--force", action="store_true", help="with --send: send events with errors too")
    parser.set_defaults(handler=run)


def _system(text: str) -> tuple[str, str]:
    value, equals, namespace = text.partition("=")
    if not equals or not value.strip() or not namespace.strip():
        raise argparse.ArgumentTypeError(f"{text!r} is not VALUE=NAMESPACE")
    return value.strip(), namespace.strip()


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    from composer.core.run_pair import one_line  # noqa: PLC0415 (the handler loads what it uses)
    from composer.core.sheet import build_events  # noqa: PLC0415
    from composer.core.sheet.checks import check_events  # noqa: PLC0415
    from composer.core.sheet.events import EventOptions  # noqa: PLC0415
    from composer.core.validation import TARGET_RULE_SETS  # noqa: PLC0415

    if args.target not in TARGET_RULE_SETS:
        return _usage(f"unknown --target {args.target!r}; choose from {', '.join(TARGET_RULE_SETS)}", err)
    if ((args.token_env or args.force) and not args.send) or (
        args.profile and not (args.send or args.tenant)
    ):
        return _usage("--profile, --token-env and --force go with --send (--profile also with --tenant)", err)
    loaded = _load(args, err)
    if isinstance(loaded, int):
        return loaded
    read, mapping, label = loaded
    result = build_events(read.table, mapping, EventOptions(grouping=args.group))
    problems = check_events(result.events, TARGET_RULE_SETS[args.target])
    if args.tenant:
        with_tenant = _with_tenant(args.profile, result.events, problems, err)
        if isinstance(with_tenant, int):
            return with_tenant
        problems = with_tenant
    _report(label, read, result, problems, err)
    lines = [one_line(event.document) + "\n" for event in result.events]
    if args.output:
        try:
            Path(args.output).write_text("".join(lines), encoding="utf-8")
        except OSError as error:
            return _usage(cannot_read(args.output, error).replace("cannot read", "cannot write"), err)
    elif not args.send:
        out.writelines(lines)
    bad = ("error", "warning") if args.strict else ("error",)
    clean = not result.problems and not any(p.severity in bad for found in problems for p in found)
    if args.send:
        sent = _send(args, result.events, out, err)
        return sent if sent != EXIT_OK else (EXIT_OK if not result.problems else EXIT_PROBLEMS)
    return EXIT_OK if clean else EXIT_PROBLEMS


def _with_tenant(
    profile: str | None, events: list[Any], problems: list[list[Any]], err: TextIO
) -> list[list[Any]] | int:
    """Each event's problems with the tenant pre-flight's added (`validate --tenant`'s session:
    one data-source list and one table-lookup memory for the whole sheet), or exit 2 and why."""
    from composer.cli.catalog_session import TenantPreflight  # noqa: PLC0415
    from composer.cli.destinations import UsageError  # noqa: PLC0415
    from composer.core.problems import by_severity  # noqa: PLC0415
    from composer.core.sheet.checks import tenant_findings  # noqa: PLC0415
    from composer.services.catalog import CatalogError  # noqa: PLC0415

    try:
        with TenantPreflight(profile) as preflight:
            print(f"tenant: {preflight.sources.describe()}", file=err)
            findings = tenant_findings(events, lambda event: preflight.problems(event.document.value))
    except (UsageError, CatalogError) as exc:
        return _usage(f"the tenant check could not run: {exc}", err)
    if not findings.complete:  # the tenant stopped answering part way
        return _usage(f"the tenant check could not run: {findings.reason}", err)
    return [
        by_severity([*own, *(tenant or [])]) for own, tenant in zip(problems, findings.found, strict=True)
    ]


def _usage(message: str, err: TextIO) -> int:
    print(f"lineage-composer sheet: error: {message}", file=err)
    return EXIT_USAGE


def _load(args: argparse.Namespace, err: TextIO) -> tuple[Any, Any, str] | int:
    """The sheet read and the mapping to read it with, or the exit code of why not."""
    from composer.core.sheet import guess_mapping, system_values  # noqa: PLC0415
    from composer.services.paths import config_dir  # noqa: PLC0415
    from composer.services.sheet.presets import PresetError, PresetStore  # noqa: PLC0415
    from composer.services.sheet.reader import SheetReadError, read_sheet  # noqa: PLC0415

    path = Path(args.file)
    try:
        read = read_sheet(path, sheet=args.sheet, encoding=args.encoding, delimiter=args.delimiter)
        mapping = (
            PresetStore.in_dir(config_dir()).get(args.preset)
            if args.preset
            else guess_mapping(read.table.headers)
        )
    except (SheetReadError, PresetError) as error:
        return _usage(str(error), err)
    for note in read.notes:
        print(f"note: {note}", file=err)
    for value, namespace in args.system:
        mapping = mapping.with_system(value, namespace)
    if args.job_namespace:
        mapping = type(mapping)(mapping.columns, mapping.system_namespaces, args.job_namespace)
    columns = ", ".join(f"“{h}”" for h in read.table.headers) or "none"
    absent = [header for header in mapping.columns.values() if read.table.column(header) is None]
    if absent:
        return _usage(
            f"the mapping names columns the sheet does not have: {', '.join(absent)} (its columns: {columns})",
            err,
        )
    missing = mapping.missing(args.group)
    if missing:
        how = f"preset “{args.preset}”" if args.preset else "the guess from the header names"
        return _usage(
            f"{how} lacks {'; '.join(missing)}. The sheet's columns: {columns}. "
            "Map them in the window (File › New from Sheet…) and save a preset for --map.",
            err,
        )
    unmapped = [
        v for v in system_values(read.table, mapping) if v not in mapping.system_namespaces and "://" not in v
    ]
    if unmapped:
        print(
            f"note: system value(s) without a namespace: {', '.join(unmapped)}; give each with "
            "--system VALUE=NAMESPACE (or in a preset), or their rows cannot be read",
            file=err,
        )
    label = path.name + (f" [{read.sheet}]" if read.sheet else "")
    return read, mapping, label


def _report(label: str, read: Any, result: Any, problems: list[list[Any]], err: TextIO) -> None:
    from composer.core.problems import count_summary  # noqa: PLC0415

    blank = f" ({result.blank_rows} blank skipped)" if result.blank_rows else ""
    print(
        f"{label}: {result.rows_read} row(s) read{blank}, {len(result.events)} event(s), "
        f"{result.unreadable_rows} row(s) could not be read",
        file=err,
    )
    for problem in result.problems:
        print(f"  unreadable {problem.text()}", file=err)
    for number, (event, found) in enumerate(zip(result.events, problems, strict=True), start=1):
        state = "INVALID" if any(p.severity == "error" for p in found) else "valid"
        rows = ", ".join(str(row) for row in event.rows[:8]) + (" …" if len(event.rows) > 8 else "")
        print(f"event {number} “{event.key}” (rows {rows}): {state} ({count_summary(found)})", file=err)
        for problem in found:
            print(
                f"  {problem.severity:<8}{problem.message}"
                + (f" (at {problem.path})" if problem.path else ""),
                file=err,
            )


def _send(args: argparse.Namespace, events: list[Any], out: TextIO, err: TextIO) -> int:
    """Through `send`'s own path: its rules check, refusals, progress, history and summary."""
    from composer.cli.destinations import UsageError, choose_destination  # noqa: PLC0415
    from composer.cli.send_cmd import send_prepared  # noqa: PLC0415
    from composer.cli.sending import open_services  # noqa: PLC0415
    from composer.core.eventlog import EventEntry  # noqa: PLC0415
    from composer.core.send_plan import prepare  # noqa: PLC0415

    if not events:
        print("nothing to send: no row became an event", file=err)
        return EXIT_PROBLEMS
    services = None
    try:
        services = open_services()
        destination = choose_destination(services.profiles, args.profile, None)
        target = destination.profile.validation_target
        prepared = [
            prepare(EventEntry(i, None, e.document), target, args.force) for i, e in enumerate(events)
        ]
        for item in prepared:
            if item.refusal:
                print(f"{item.where(True)}: refused: {item.refusal}", file=out)
        return send_prepared(services, destination, prepared, out=out, err=err, token_env=args.token_env)
    except UsageError as error:
        return _usage(str(error), err)
    finally:
        if services is not None:
            services.close()
