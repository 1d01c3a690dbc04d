"""`lineage-composer catalog-access NAME`: let a profile read the tenant's catalog REST APIs.

Either a user id and a refresh token (asked with a hidden prompt, or read from standard input
when it is not a terminal; never a flag, which would land in shell history), stored in the OS
keyring; or `--use-ingest-token`, for tenants where the OpenLineage token also serves the REST
APIs (Alation does not document whether it does). `--check` mints a token and makes one cheap
GET, and says in plain words what failed. Exit 0: done (or the check passed); 1: the check
failed; 2: bad usage.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any, TextIO

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "catalog-access",
        help="set up or check a profile's access to the tenant's catalog REST APIs",
        description="Give an Alation profile catalog access (data sources for namespaces, the tenant "
        "pre-flight, lineage verification): a user id plus a refresh token (prompted, or read from "
        "standard input; kept in the OS keyring), or the ingest token. With no option, shows the setting.",
    )
    parser.add_argument("name", metavar="NAME", help="the profile")
    how = parser.add_mutually_exclusive_group()
    how.add_argument(
        "--user-id", type=int, metavar="ID", help="your Alation user id; the refresh token is asked for"
    )
    how.add_argument(
        "--use-ingest-token", action="store_true", help="use the profile's ingest token for the REST APIs"
    )
    how.add_argument("--off", action="store_true", help="no catalog access (forgets the refresh token)")
    parser.add_argument("--check", action="store_true", help="then mint a token and read one data source")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    from composer.cli.catalog_session import open_client  # noqa: PLC0415
    from composer.cli.destinations import UsageError, choose_destination  # noqa: PLC0415
    from composer.cli.sending import open_services  # noqa: PLC0415
    from composer.services.catalog import CatalogError  # noqa: PLC0415
    from composer.services.secrets import SecretStoreError  # noqa: PLC0415

    services = open_services()
    try:
        destination = choose_destination(services.profiles, args.name, None)
        _apply(destination.profile, args, out)
        if not args.check:
            return EXIT_OK
        with open_client(services, destination) as client:
            check = client.check_access()
        print(("OK: " if check.ok else "FAILED: ") + check.message, file=out)
        return EXIT_OK if check.ok else EXIT_FAILED
    except (UsageError, SecretStoreError, ValueError) as exc:
        print(f"lineage-composer catalog-access: error: {exc}", file=err)
        return EXIT_USAGE
    except CatalogError as exc:
        print(f"FAILED: {exc}", file=out)
        return EXIT_FAILED
    finally:
        services.close()


def _apply(profile: Any, args: argparse.Namespace, out: TextIO) -> None:
    from composer.cli.destinations import UsageError  # noqa: PLC0415
    from composer.core import receivers  # noqa: PLC0415
    from composer.services.catalog import AccessStore, CatalogAccess, access_of, refresh_token_store  # noqa: PLC0415
    from composer.services.paths import config_dir  # noqa: PLC0415

    store = AccessStore.in_dir(config_dir())
    changing = args.user_id is not None or args.use_ingest_token or args.off
    if changing and (profile.is_local_sandbox or not receivers.receiver(profile.kind).catalog_access):
        reason = (
            "has catalog access built in"
            if profile.is_local_sandbox
            else "sends to a receiver with no catalog"
        )
        raise UsageError(f"profile {profile.name!r} {reason}; there is nothing to set")
    tokens = refresh_token_store()
    if args.off:
        store.set(profile.name, CatalogAccess())
        tokens.delete(profile.name)
    elif args.use_ingest_token:
        store.set(profile.name, CatalogAccess("ingest-token"))
    elif args.user_id is not None:
        if args.user_id < 1:
            raise UsageError("a user id is a whole number from 1")
        tokens.check_available()  # before asking, so nobody types a token for nothing
        prompt = f"Alation refresh token of user {args.user_id} for profile {profile.name!r} (input hidden): "
        token = getpass.getpass(prompt) if sys.stdin.isatty() else sys.stdin.read()
        tokens.set(profile.name, token)
        store.set(profile.name, CatalogAccess("refresh-token", args.user_id))
    access = access_of(profile, store)
    words = {
        "off": "no catalog access",
        "refresh-token": "a refresh token"
        + (f" of user {access.user_id}, in {tokens.describe_backend()}" if access.user_id else " (built in)"),
        "ingest-token": "the ingest token, used for the REST APIs too",
    }
    print(f"Catalog access of profile {profile.name!r}: {words[access.mode]}.", file=out)
