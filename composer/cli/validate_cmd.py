"""`lineage-composer validate`: check event files the way the window's problems list does."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from typing import Any

from composer.core.eventlog import EventEntry, read_events
from composer.core.problems import Problem, count_by_severity
from composer.core.validation import TARGET_RULE_SETS, validate

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


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
    parser.set_defaults(handler=run)


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
            "problems": [
                {k: p.to_dict()[k] for k in ("severity", "path", "message", "hint")} for p in self.problems
            ],
        }


def run(args: argparse.Namespace) -> int:
    verdicts: list[Verdict] = []
    unreadable = False
    rule_sets = TARGET_RULE_SETS[args.target]
    for name in args.files:
        text = _read(name)
        if isinstance(text, Problem):
            unreadable = True
            verdicts.append(Verdict(name, None, [text]))
            continue
        verdicts.extend(_verdict(name, entry, rule_sets) for entry in read_events(text))
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
        if name == "-":
            return sys.stdin.read()
        with open(name, encoding="utf-8-sig") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return Problem(
            "error", "", f"cannot read {name}: {reason}", "Check the path and that it is a UTF-8 text file."
        )


def _verdict(name: str, entry: EventEntry, rule_sets: tuple[str, ...]) -> Verdict:
    if entry.error is not None or entry.document is None:
        error = entry.error
        message = f"malformed JSON: {error}" if error else "malformed JSON"
        hint = "Fix the JSON at that line and column (a missing comma or quote is the usual cause)."
        return Verdict(
            name, entry.index, [Problem("error", "", message, hint, "json", "json.syntax")], entry.line
        )
    document = entry.document
    problems = validate(document.value, rule_sets, duplicate_keys=document.duplicate_keys)
    return Verdict(name, entry.index, problems, entry.line)


def _print_text(verdicts: list[Verdict], strict: bool) -> None:
    per_file: dict[str, int] = {}
    for verdict in verdicts:
        per_file[verdict.file] = per_file.get(verdict.file, 0) + 1
    for verdict in verdicts:
        where = verdict.file
        if verdict.index is not None and per_file[verdict.file] > 1:
            where += f" [event {verdict.index + 1}" + (f", line {verdict.line}" if verdict.line else "") + "]"
        counts = count_by_severity(verdict.problems)
        state = "valid" if verdict.valid(strict) else "INVALID"
        print(
            f"{where}: {state} ({counts['error']} errors, {counts['warning']} warnings, {counts['info']} notes)"
        )
        for problem in verdict.problems:
            print(f"  {problem.severity:<8}{problem.message}")
            if problem.path:
                print(f"  {'':<8}at {problem.path}")
            if problem.hint:
                print(f"  {'':<8}hint: {problem.hint}")
