"""`lineage-composer export`: the event as a cURL, Python or Java program that sends it.

The snippet sends the bytes `send` would send (for a one-event file: the file's text, exactly),
to the profile's real endpoint URL, with the token read from an environment variable when the
snippet runs: no token is looked up, printed or written here.

With no --profile or --url the default profile is used, as `send` does. The built-in Local
sandbox has no fixed address (it listens only while the app, or the command using it, runs), so
its snippet posts to `lineage-composer sandbox` on SANDBOX_PORT, and a note on stderr gives the
command that starts it there with the snippet's token: followed, the snippet runs as written.

Exit codes: 0 the snippet was written; 2 usage or input errors (unreadable file, not a JSON
event, unknown profile, a bad URL or variable name).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from composer.cli.inputs import InputError, read_input
from composer.cli.sandbox_cmd import TOKEN_VARIABLE  # the sandbox command's token variable
from composer.core.document import EventDocument
from composer.core.eventlog import EventEntry, read_events
from composer.core.problems import errors_only
from composer.core.snippets import (
    DEFAULT_TOKEN_ENV,
    LANGUAGE_LABELS,
    LANGUAGES,
    SnippetError,
    SnippetRequest,
    connection_caveat,
    make_snippet,
)
from composer.core.validation import TARGET_RULE_SETS, validate_document

if TYPE_CHECKING:
    from composer.services.profiles import Profile

EXIT_OK, EXIT_USAGE = 0, 2
# Where a Local sandbox snippet posts: `lineage-composer sandbox --port SANDBOX_PORT` (the note says so).
SANDBOX_PORT = 8642
SANDBOX_BASE_URL = f"http://127.0.0.1:{SANDBOX_PORT}"
PROG = "lineage-composer export"


class ExportError(Exception):
    """Bad input the user can fix; printed as one line, exit 2."""


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "export",
        help="write the event as a cURL, Python or Java program that sends it",
        description="Write a program that POSTs the event exactly as it is in FILE (one event, or "
        "pick one with --event; '-' reads standard input) to a profile's endpoint, as the app would. "
        "Languages: "
        + "; ".join(f"{name}: {label}" for name, label in LANGUAGE_LABELS.items())
        + ". The token is never written into the snippet: it reads the environment variable "
        f"--token-env (default {DEFAULT_TOKEN_ENV}) when it runs.",
        epilog="Exit 0: written. 2: usage or input error (unreadable file, not a JSON event, unknown "
        "profile, bad URL or variable name). With neither --profile nor --url: the default profile. The "
        "Local sandbox has no fixed address: its snippet posts to `lineage-composer sandbox --port 8642`, "
        "and a note says how to start that with the snippet's token.",
    )
    parser.add_argument("file", metavar="FILE|-")
    parser.add_argument("--as", dest="language", required=True, choices=LANGUAGES, help="the language")
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--profile", metavar="NAME", help="send to this profile's endpoint (default: the default one)"
    )
    where.add_argument("--url", metavar="FULL_ENDPOINT_URL", help="send to this URL")
    parser.add_argument(
        "--token-env",
        default=DEFAULT_TOKEN_ENV,
        metavar="NAME",
        help=f"environment variable the snippet reads the token from (default {DEFAULT_TOKEN_ENV})",
    )
    parser.add_argument("--event", type=int, metavar="N", help="with several events in FILE: export the Nth")
    parser.add_argument(
        "--allow-insecure-http", action="store_true", help="with --url: allow http:// to another machine"
    )
    parser.add_argument(
        "-o", "--output", type=Path, metavar="OUT", help="write here instead of standard output"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        document = _event(args.file, args.event)
        profile = _profile(args.profile, args.url, args.allow_insecure_http)
        url = profile.endpoint_url(SANDBOX_BASE_URL if profile.is_local_sandbox else None)
        request = SnippetRequest.of(document.to_json(), url, args.token_env)
        snippet = make_snippet(args.language, request)
        _write(snippet, args.output)
    except (ExportError, SnippetError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    _warn(document, profile)
    if profile.is_local_sandbox:
        variable = args.token_env or DEFAULT_TOKEN_ENV
        print(
            f"{PROG}: note: profile {profile.name!r} listens only while it runs: start it for this snippet "
            f'with  {TOKEN_VARIABLE}="${variable}" lineage-composer sandbox --port {SANDBOX_PORT}  '
            "(or export for a running one with --url)",
            file=sys.stderr,
        )
    return EXIT_OK


def _warn(document: EventDocument, profile: Profile) -> None:
    """Notes on stderr, so a piped snippet stays clean: rule errors (a snippet of a broken event
    is legitimate, to reproduce it) and the profile settings a snippet cannot carry."""
    rules = TARGET_RULE_SETS[profile.validation_target]
    errors = errors_only(validate_document(document, rules))
    if errors:
        first = errors[0]
        print(
            f"{PROG}: warning: the event breaks {len(errors)} of the {profile.validation_target} rules "
            f"(first: {first.message}{f' at {first.path}' if first.path else ''}); the receiver will "
            "most likely answer 400",
            file=sys.stderr,
        )
    caveat = connection_caveat(
        verify_tls=profile.verify_tls, ca_bundle=profile.ca_bundle, proxy=profile.proxy
    )
    if caveat:
        print(f"{PROG}: note: {caveat}", file=sys.stderr)


def _event(name: str, number: int | None) -> EventDocument:
    """The chosen event of the file; its `to_json()` is what `send` would send."""
    try:
        text = read_input(name, exact=True)  # CRLF stays CRLF
    except InputError as exc:
        raise ExportError(str(exc)) from None
    entries = read_events(text)
    if not entries:
        raise ExportError(f"no events in {name}")
    entry = _choose(name, entries, number)
    if entry.document is None:
        where = f"event {entry.index + 1} of {name}" if len(entries) > 1 else name
        raise ExportError(f"{where} is not a JSON event: {entry.error}")
    return entry.document


def _choose(name: str, entries: list[EventEntry], number: int | None) -> EventEntry:
    if number is None:
        if len(entries) > 1:
            raise ExportError(f"{name} holds {len(entries)} events: choose one with --event N")
        return entries[0]
    if not 1 <= number <= len(entries):
        raise ExportError(f"--event {number}: {name} holds {len(entries)} event(s)")
    return entries[number - 1]


def _profile(profile_name: str | None, url: str | None, allow_insecure_http: bool) -> Profile:
    # Imported here: `composer.cli` loads no services for `--help`.
    from composer.cli.destinations import UsageError, choose_destination  # noqa: PLC0415
    from composer.services.paths import config_dir  # noqa: PLC0415
    from composer.services.profile_store import ProfileStore  # noqa: PLC0415

    try:
        destination = choose_destination(
            ProfileStore.in_dir(config_dir()), profile_name, url, allow_insecure_http=allow_insecure_http
        )
    except UsageError as exc:
        raise ExportError(str(exc)) from None
    return destination.profile


def _write(snippet: str, path: Path | None) -> None:
    data = snippet.encode("utf-8")
    if path is None:
        # The bytes, whatever the terminal's encoding; a redirected text stream gets text.
        stream: BinaryIO | None = getattr(sys.stdout, "buffer", None)
        if stream is None:
            sys.stdout.write(snippet)
        else:
            sys.stdout.flush()
            stream.write(data)
            stream.flush()
        return
    try:
        # Bytes, not text mode: no newline translation may touch what the snippet sends.
        path.write_bytes(data)
        if path.suffix == ".sh":
            mode = path.stat().st_mode
            os.chmod(path, mode | ((mode & 0o444) >> 2))  # executable by whoever may read it
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
