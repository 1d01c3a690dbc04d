"""The `lineage-composer` command line: the same core the window uses, for scripts and CI."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Any

from composer import __version__

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
# The commands in help order; each lives in `composer.cli.<name>_cmd`, imported only when the
# parser needs it, so opening the window does not load the core the other commands use.
# The tenant commands (catalog REST APIs), listed last; `catalog-access` is catalog_access_cmd.
TENANT_COMMANDS = ("sources", "verify", "catalog-access")
_OTHER_COMMANDS = ("gui", "validate", "sandbox", "send", "profile", "export", "sql", "paths", "pair", "log")
COMMANDS = (*_OTHER_COMMANDS, *TENANT_COMMANDS)


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors exit 2 with a one-line message, never a traceback; and every
    command and subcommand answers `--version` (subparsers are built with this class)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_argument("--version", action="version", version=f"lineage-composer {__version__}")

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser(only: Sequence[str] | None = None) -> tuple[argparse.ArgumentParser, set[str]]:
    """The parser and the names of its commands (`only`: just those, for a faster start)."""
    parser = _Parser(
        prog="lineage-composer",
        description="Compose, validate, send and verify OpenLineage events for Alation.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS if only is None else only:
        importlib.import_module(f"composer.cli.{name.replace('-', '_')}_cmd").register(commands)
    return parser, set(commands.choices)


def _default_to_gui(argv: list[str], commands: set[str]) -> list[str]:
    """`lineage-composer` and `lineage-composer FILE` open the window."""
    if not argv or (argv[0] not in commands and not argv[0].startswith("-")):
        return ["gui", *argv]
    return argv


def main(argv: Sequence[str] | None = None) -> int:
    routed = _default_to_gui(list(sys.argv[1:] if argv is None else argv), set(COMMANDS))
    parser, _names = build_parser(only=("gui",) if routed[0] == "gui" else None)
    args = parser.parse_args(routed)
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


def gui_main() -> int:
    return main(sys.argv[1:])
