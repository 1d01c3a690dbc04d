"""`lineage-composer sql`: propose an event's datasets and column lineage from a SQL file.

The same core as the window's "Fill inputs/outputs from SQL…": openlineage-sql reads the SQL, each
table becomes a dataset in the chosen namespace with its platform's name shape, and the outputs get
a columnLineage facet. The filled event is printed; nothing is written to disk, so scripts decide.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from composer.cli.inputs import InputError, read_input
from composer.core.document import EventDocument
from composer.core.jsontext import JsonSyntaxError
from composer.core.sql_fill import FillError, TableChoice, apply_proposal, dataset_name
from composer.core.sql_lineage import DIALECTS, SqlParseError, propose, sql_unavailable

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "sql",
        help="propose inputs, outputs and column lineage from SQL (needs openlineage-sql)",
        description="Read SQL with openlineage-sql and print an event whose inputs and outputs are the "
        "tables it reads and writes, with a columnLineage facet on each output and the SQL as the job's "
        "SQL facet. With --into, the event in that file is filled (datasets already there are kept). "
        "Exit 0: printed; 1: the SQL does not parse or the event cannot take the datasets; "
        "2: unreadable file, bad usage, or openlineage-sql is not installed.",
    )
    parser.add_argument("file", metavar="FILE.sql|-", help="the SQL ('-' reads standard input)")
    parser.add_argument("--namespace", required=True, help="the namespace of every table (its data source)")
    parser.add_argument(
        "--table-namespace",
        action="append",
        default=[],
        metavar="TABLE=NS",
        help="a different namespace for one table, named as the SQL names it (repeatable)",
    )
    parser.add_argument("--dialect", choices=DIALECTS, default="generic")
    parser.add_argument("--default-database", default="", help="for names whose platform needs a database")
    parser.add_argument("--default-schema", default="", help="for tables named without a schema")
    parser.add_argument("--into", metavar="EVENT.json", help="fill this event instead of a new one")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    missing = sql_unavailable()
    if missing is not None:
        return _fail(missing.reason, EXIT_USAGE)
    overrides: dict[str, str] = {}
    for item in args.table_namespace:
        table, sep, namespace = item.partition("=")
        if not sep or not table.strip() or not namespace.strip():
            return _fail(f"--table-namespace wants TABLE=NAMESPACE, not {item!r}", EXIT_USAGE)
        overrides[table.strip()] = namespace.strip()
    sql = _read(args.file)
    if sql is None:
        return EXIT_USAGE
    document = EventDocument.new()
    if args.into:
        text = _read(args.into)
        if text is None:
            return EXIT_USAGE
        try:
            document = EventDocument.from_json(text)
        except JsonSyntaxError as error:
            return _fail(f"{args.into}: malformed JSON: {error}", EXIT_USAGE)
    try:
        proposal = propose(sql, args.dialect, args.default_schema)
    except SqlParseError as error:
        return _fail("the SQL could not be read:\n" + "\n".join(error.problems), EXIT_PROBLEMS)
    unknown = sorted(set(overrides) - {table.qualified for table in proposal.tables})
    if unknown:
        return _fail(f"--table-namespace names tables the SQL does not use: {', '.join(unknown)}", EXIT_USAGE)
    choices = {}
    for table in proposal.tables:
        namespace = overrides.get(table.qualified, args.namespace)
        choices[table] = TableChoice(namespace, dataset_name(table, namespace, args.default_database))
    try:
        result = apply_proposal(document, proposal, choices, query=sql.strip())
    except FillError as error:
        return _fail(str(error), EXIT_PROBLEMS)
    for note in proposal.notes:
        print(f"note: {note}", file=sys.stderr)
    text = result.document.to_json()
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK


def _read(name: str) -> str | None:
    try:
        return read_input(name)
    except InputError as error:
        _fail(str(error), EXIT_USAGE)
        return None


def _fail(message: str, code: int) -> int:
    print(f"lineage-composer sql: {message}", file=sys.stderr)
    return code
