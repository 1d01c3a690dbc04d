"""`lineage-composer profile`: send targets, their tokens in the OS keyring, and a connection check.

No flag takes a token (it would land in shell history and `ps`): `set-token` asks with a hidden
prompt, or reads standard input when it is not a terminal (`pass show x | ... set-token NAME`).
Every message that mentions a token says where it is stored.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from composer.core import receivers

if TYPE_CHECKING:
    from composer.services.profile_import import ImportedProfile
    from composer.services.profiles import Profile
    from composer.services.send.service import SendService

# The services (profiles, keyring, httpx, the sandbox) load in the handlers, not for `--help`.
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
_CLI_FALLBACK = " On the command line, pass the token with --token-env NAME instead."


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "profile",
        help="manage send targets (profiles) and their tokens",
        description="Profiles name where events go. Tokens are kept in the OS keyring (service "
        "'lineage-composer', one entry per profile), never in the profiles file.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    listing = actions.add_parser("list", help="show the profiles and where their tokens are stored")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=partial(run_action, _list_action))

    add = actions.add_parser(
        "add",
        help="add a profile",
        description="Add a profile from a base URL, or import the OpenLineage client's configuration "
        "(openlineage.yml http transport, or OPENLINEAGE_URL / OPENLINEAGE_ENDPOINT / OPENLINEAGE_API_KEY); "
        "an imported API key goes to the OS keyring.",
    )
    add.add_argument("name", metavar="NAME")
    source = add.add_mutually_exclusive_group(required=True)
    source.add_argument("--url", metavar="BASE_URL", help="e.g. https://<tenant>.alationcloud.com")
    source.add_argument(
        "--from-openlineage",
        nargs="?",
        const="",
        metavar="PATH",
        help="import openlineage.yml (default: "
        "$OPENLINEAGE_CONFIG, ./openlineage.yml, ~/.openlineage/openlineage.yml)",
    )
    source.add_argument("--from-env", action="store_true", help="import the OPENLINEAGE_* variables")
    _connection_options(add, editing=False)
    add.set_defaults(handler=partial(run_action, _add_action))

    edit = actions.add_parser("edit", help="change a profile (only the options given)")
    edit.add_argument("name", metavar="NAME")
    edit.add_argument(
        "--rename", metavar="NEW_NAME", help="rename it (its token and catalog access move along)"
    )
    edit.add_argument("--url", metavar="BASE_URL")
    _connection_options(edit, editing=True)
    edit.set_defaults(handler=partial(run_action, _edit_action))

    remove = actions.add_parser("remove", help="remove a profile, its token and its catalog access")
    remove.add_argument("name", metavar="NAME")
    remove.add_argument(
        "--keep-token", action="store_true", help="leave its token (and refresh token) in the keyring"
    )
    remove.set_defaults(handler=partial(run_action, _remove_action))

    set_token = actions.add_parser(
        "set-token",
        help="store a profile's API token in the OS keyring",
        description="Reads the token from a hidden prompt, or from standard input when it is not a "
        "terminal. Replaces any stored token.",
    )
    set_token.add_argument("name", metavar="NAME")
    set_token.add_argument("--delete", action="store_true", help="forget the stored token instead")
    set_token.set_defaults(handler=partial(run_action, _set_token_action))

    check = actions.add_parser(
        "check",
        help="test reach and token with a START event (creates no lineage)",
        description="Sends a START event for job `lineage-composer-connection-check`. Alation creates "
        "lineage only from COMPLETE events, so the check creates no lineage. Exit 0 on a 2xx answer.",
    )
    check.add_argument("name", nargs="?", metavar="NAME", help="default: the default profile")
    check.add_argument("--token-env", metavar="NAME", help="read the token from environment variable NAME")
    check.set_defaults(handler=partial(run_action, _check_action))
    parser.set_defaults(handler=lambda _args: _no_action(parser))


def _connection_options(parser: argparse.ArgumentParser, *, editing: bool) -> None:
    kinds = receivers.names()  # plain data: `--help` still loads no service
    parser.add_argument(
        "--kind", choices=kinds, help=f"{kinds[0]} (default), {', '.join(kinds[1:-1])} or {kinds[-1]}"
    )
    parser.add_argument("--endpoint", metavar="PATH", help="endpoint path (default: the kind's)")
    parser.add_argument("--timeout", type=float, metavar="S", help="seconds per attempt (default 30)")
    parser.add_argument("--ca-bundle", metavar="PEM", help="CA certificates to trust ('' clears)")
    parser.add_argument("--proxy", metavar="URL", help="proxy URL ('' clears)")
    verify = parser.add_mutually_exclusive_group()
    verify.add_argument("--no-verify-tls", dest="verify_tls", action="store_false", default=None)
    insecure = parser.add_mutually_exclusive_group()
    insecure.add_argument("--allow-insecure-http", dest="insecure", action="store_true", default=None)
    if editing:
        verify.add_argument("--verify-tls", dest="verify_tls", action="store_true")
        insecure.add_argument("--no-allow-insecure-http", dest="insecure", action="store_false")
    parser.add_argument("--default", action="store_true", help="make it the default profile")


def run_action(action: Any, args: argparse.Namespace) -> int:
    from composer.cli.destinations import UsageError  # noqa: PLC0415 (lazy: see the top)
    from composer.cli.sending import open_services  # noqa: PLC0415
    from composer.services.profile_import import ProfileImportError  # noqa: PLC0415
    from composer.services.profile_store import ProfileStoreError  # noqa: PLC0415
    from composer.services.profiles import ProfileError  # noqa: PLC0415
    from composer.services.secrets import KeyringUnavailableError, SecretStoreError  # noqa: PLC0415

    services = open_services()
    try:
        return int(action(services, args, sys.stdout))
    except (
        UsageError,
        ProfileError,
        ProfileStoreError,
        ProfileImportError,
        SecretStoreError,
        ValueError,
    ) as exc:
        message = exc.cli_message if isinstance(exc, KeyringUnavailableError) else str(exc)
        print(f"lineage-composer profile: error: {message}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        services.close()


def _no_action(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_USAGE


def _list_action(services: SendService, args: argparse.Namespace, out: TextIO) -> int:
    book = services.profiles.load()
    where = services.tokens.describe_backend()
    rows = [
        {
            **profile.to_json(),
            "default": profile.name == book.default_name,
            "endpointUrl": display_url_for(profile),
            "token": _token_state(services, profile),
        }
        for profile in book.profiles
    ]
    if args.json:
        json.dump({"tokensStoredIn": where, "profiles": rows}, out, indent=2)
        out.write("\n")
        return EXIT_OK
    print(f"Tokens are stored in: {where}", file=out)
    for row in rows:
        mark = "*" if row["default"] else " "
        print(f"{mark} {row['name']}  [{row['kind']}]  {row['endpointUrl']}  token: {row['token']}", file=out)
    print("(* = default)", file=out)
    return EXIT_OK


def display_url_for(profile: Profile) -> str:
    if profile.is_local_sandbox:
        return "http://127.0.0.1:<free port>/open_lineage_event/"
    return profile.endpoint_url()


def _token_state(services: SendService, profile: Profile) -> str:
    from composer.services.secrets import SecretStoreError  # noqa: PLC0415

    if profile.is_local_sandbox:
        return "built in (random for each run, never stored)"
    try:
        return "stored in the keyring" if services.tokens.get(profile.name) else "not set"
    except SecretStoreError:
        return "unknown (keyring unavailable)"


def _add_action(services: SendService, args: argparse.Namespace, out: TextIO) -> int:
    from composer.cli.destinations import UsageError  # noqa: PLC0415
    from composer.services.profile_import import (  # noqa: PLC0415
        find_openlineage_config,
        from_openlineage_env,
        from_openlineage_file,
    )
    from composer.services.profiles import Profile  # noqa: PLC0415
    from composer.services.secrets import SecretStoreError  # noqa: PLC0415

    imported: ImportedProfile | None = None
    insecure = bool(args.insecure)
    if args.from_env:
        imported = from_openlineage_env(args.name, allow_insecure_http=insecure)
    elif args.from_openlineage is not None:
        path = Path(args.from_openlineage) if args.from_openlineage else find_openlineage_config()
        if path is None:
            raise UsageError(
                "no openlineage.yml found ($OPENLINEAGE_CONFIG, ./, ~/.openlineage/); give its PATH"
            )
        imported = from_openlineage_file(path, args.name, allow_insecure_http=insecure)
    base = imported.profile if imported else Profile(name=args.name, base_url=args.url)
    profile = _apply_options(base, args)
    services.profiles.add(profile, make_default=args.default)
    origin = f" (imported from {imported.source})" if imported else ""
    print(f"Added profile {profile.name!r}: {profile.endpoint_url()}{origin}", file=out)
    if imported and imported.api_key:
        try:
            services.tokens.set(profile.name, imported.api_key)
            print(f"Its API key was stored in {services.tokens.describe_backend()}.", file=out)
        except (SecretStoreError, ValueError) as exc:
            from composer.services.secrets import KeyringUnavailableError  # noqa: PLC0415

            message = exc.cli_message if isinstance(exc, KeyringUnavailableError) else f"{exc}{_CLI_FALLBACK}"
            print(f"warning: its API key was not stored: {message}", file=sys.stderr)
    elif not profile.is_local_sandbox:
        print(f"Store its token with: lineage-composer profile set-token {_shell(profile.name)}", file=out)
    return EXIT_OK


def _edit_action(services: SendService, args: argparse.Namespace, out: TextIO) -> int:
    from composer.services.secrets import SecretStoreError  # noqa: PLC0415

    old = services.profiles.get(args.name)
    changed = replace(old, name=args.rename or old.name, base_url=args.url or old.base_url)
    profile = _apply_options(changed, args)
    services.profiles.replace(old.name, profile, make_default=args.default)
    if profile.name != old.name:
        try:
            services.tokens.move(old.name, profile.name)
        except SecretStoreError as exc:
            print(f"warning: the token was not moved to the new name: {exc}", file=sys.stderr)
        for warning in services.catalog.rename(old.name, profile.name):
            print(f"warning: {warning}", file=sys.stderr)
    print(f"Updated profile {profile.name!r}: {profile.endpoint_url()}", file=out)
    return EXIT_OK


def _apply_options(profile: Profile, args: argparse.Namespace) -> Profile:
    changes: dict[str, Any] = {}
    if args.kind is not None:
        changes["kind"] = args.kind
    if args.endpoint is not None:
        changes["endpoint_path"] = args.endpoint
    if args.timeout is not None:
        changes["timeout"] = args.timeout
    if args.ca_bundle is not None:
        changes["ca_bundle"] = args.ca_bundle
    if args.proxy is not None:
        changes["proxy"] = args.proxy
    if args.verify_tls is not None:
        changes["verify_tls"] = args.verify_tls
    if args.insecure is not None:
        changes["allow_insecure_http"] = args.insecure
    updated = replace(profile, **changes)
    updated.check()
    return updated


def _remove_action(services: SendService, args: argparse.Namespace, out: TextIO) -> int:
    from composer.services.secrets import SecretStoreError  # noqa: PLC0415

    removed = services.profiles.remove(args.name)
    print(f"Removed profile {removed.name!r}.", file=out)
    if not args.keep_token:
        try:
            if services.tokens.delete(removed.name):
                print(f"Its token was deleted from {services.tokens.describe_backend()}.", file=out)
        except SecretStoreError as exc:
            print(f"warning: its token (if any) could not be deleted: {exc}", file=sys.stderr)
    # Its catalog access goes too: the setting, the cached data sources and (unless kept) the
    # refresh token, so nothing of it lingers for a later profile of the same name.
    for warning in services.catalog.forget(removed.name, keep_refresh_token=args.keep_token):
        print(f"warning: {warning}", file=sys.stderr)
    return EXIT_OK


def _set_token_action(services: SendService, args: argparse.Namespace, out: TextIO) -> int:
    from composer.cli.destinations import UsageError  # noqa: PLC0415
    from composer.services.profiles import LOCAL_SANDBOX_NAME  # noqa: PLC0415

    profile = services.profiles.get(args.name)
    if profile.is_local_sandbox:
        raise UsageError(f"{LOCAL_SANDBOX_NAME!r} makes a random token each run; there is nothing to store")
    tokens = services.tokens
    if args.delete:
        deleted = tokens.delete(profile.name)
        state = "deleted from" if deleted else "was not stored in"
        print(f"The token of profile {profile.name!r} {state} {tokens.describe_backend()}.", file=out)
        return EXIT_OK
    tokens.check_available()  # before asking, so nobody types a token for nothing
    if sys.stdin.isatty():
        token = getpass.getpass(f"API token for profile {profile.name!r} (input hidden): ")
    else:
        token = sys.stdin.read()
    tokens.set(profile.name, token)
    print(f"The token of profile {profile.name!r} is stored in {tokens.describe_backend()}.", file=out)
    return EXIT_OK


def _check_action(services: SendService, args: argparse.Namespace, out: TextIO) -> int:
    from composer.cli.destinations import choose_destination  # noqa: PLC0415
    from composer.cli.sending import (  # noqa: PLC0415
        find_token,
        make_target,
        print_result,
        record,
    )
    from composer.services.send.connection_check import check_event, check_notice  # noqa: PLC0415

    destination = choose_destination(services.profiles, args.name, None)
    token = find_token(services, destination, args.token_env)
    target = make_target(services, destination, token)
    print(check_notice(target.url), file=out, flush=True)
    body = check_event().encode("utf-8")
    with services.sender(target) as sender:
        result = sender.send(body, event_type="START")
    record(services, destination.profile.name, body, result, token=token.value, err=sys.stderr)
    verdict = (
        f"OK: reached {target.url} and the token (from {token.source}) was accepted."
        if result.ok
        else f"FAILED: {destination.label} did not accept the check."
    )
    print(verdict, file=out)
    print_result(result, out, token)
    return EXIT_OK if result.ok else EXIT_FAILED


def _shell(name: str) -> str:
    return f'"{name}"' if any(ch.isspace() for ch in name) else name
