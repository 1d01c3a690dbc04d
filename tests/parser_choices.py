"""What the command line offers for an option, read from the real parser (no help text scraping)."""

from __future__ import annotations

import argparse

from composer.cli import build_parser


def option_choices(*path: str) -> list[str]:
    """The choices of option `path[-1]` of subcommand `path[:-1]`, e.g. ("profile", "add", "--kind")."""
    parser, _names = build_parser()
    *commands, option = path
    for command in commands:
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = sub.choices[command]
    action = next(a for a in parser._actions if option in a.option_strings)
    assert action.choices is not None, f"{option} offers no fixed choices"
    return list(action.choices)
