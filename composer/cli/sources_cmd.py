"""`lineage-composer sources`: the tenant's data sources and the namespace each one matches.

The namespaces are derived from each source's JDBC URI exactly as the window's picker derives
them, so what is printed is what an event should carry. A source whose URI cannot be read is
listed with "no namespace" and the reason. Exit 0: listed; 1: the catalog could not be read
(no access set up, refused, unreachable with nothing cached); 2: bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "sources",
        help="list the tenant's data sources and the namespace each one matches",
        description="List the data sources of the profile's Alation tenant (both REST APIs, all pages) "
        "with the namespace that lands on each. The list is cached per profile (no token in it); "
        "--refresh fetches it again, and a tenant out of reach falls back on the cache.",
    )
    parser.add_argument("--profile", metavar="NAME", help="the profile (default: the default one)")
    parser.add_argument("--format", choices=("text", "json"), default="text", dest="output_format")
    parser.add_argument(
        "--refresh", action="store_true", help="fetch the list again instead of the cached one"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    from composer.cli.catalog_session import open_client, sources_for  # noqa: PLC0415
    from composer.cli.destinations import UsageError, choose_destination  # noqa: PLC0415
    from composer.cli.sending import open_services  # noqa: PLC0415
    from composer.services.catalog import CatalogError  # noqa: PLC0415

    services = open_services()
    try:
        destination = choose_destination(services.profiles, args.profile, None)
        with open_client(services, destination) as client:
            listing = sources_for(client, destination, refresh=args.refresh)
            base_url = client.base_url
    except UsageError as exc:
        print(f"lineage-composer sources: error: {exc}", file=err)
        return EXIT_USAGE
    except CatalogError as exc:
        print(f"lineage-composer sources: {exc}", file=err)
        return EXIT_FAILED
    finally:
        services.close()
    for note in listing.notes:
        print(f"note: {note}", file=err)
    if listing.offline_reason:
        print(f"warning: offline, showing the cached list ({listing.describe()})", file=err)
    if args.output_format == "json":
        value = {
            "profile": destination.profile.name,
            "baseUrl": base_url,
            "fetchedAt": listing.fetched_at.isoformat(),
            "fromCache": listing.from_cache,
            "offline": listing.offline_reason or None,
            "notes": list(listing.notes),
            "sources": [
                {
                    "id": s.id,
                    "title": s.title,
                    "uri": s.uri,
                    "namespace": s.namespace,
                    "address": s.address,
                    "api": s.api,
                    "url": s.url,
                    "note": s.note,
                }
                for s in listing.sources
            ],
        }
        json.dump(value, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    print(f"Data sources of {destination.label} ({base_url}): {listing.describe()}", file=out)
    width = max((len(source.label) for source in listing.sources), default=0)
    for source in sorted(listing.sources, key=lambda s: s.id):
        namespace = source.namespace or f"no namespace: cannot read its URI {source.uri!r}"
        print(f"  {source.label:<{width}}  {source.api}  {namespace}", file=out)
    return EXIT_OK
