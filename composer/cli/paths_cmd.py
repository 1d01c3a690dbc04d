"""`lineage-composer paths`: where this install keeps config, data, history, drafts and tokens.

For people resetting the app, support asking "where is your history file?", and scripts
(`--json`) backing up or wiping the folders. The list is `composer.services.locations`, the same
one the About box shows. `--keyring` also asks which keyring backend would hold tokens (that may
talk to D-Bus, so it is not done unless asked).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "paths",
        help="show where config, data, history, autosaves and tokens are kept",
        description="Print every folder and file the app writes for this user (LINEAGE_COMPOSER_HOME "
        "relocates them all), and how to reset the app.",
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument(
        "--keyring", action="store_true", help="also name the keyring backend that holds tokens"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from composer.services.history_limits import HISTORY_SETTINGS_FILE_NAME, HistoryLimits  # noqa: PLC0415
    from composer.services.locations import KEYRING_SERVICE, app_locations, reset_advice  # noqa: PLC0415
    from composer.services.paths import config_dir  # noqa: PLC0415

    out = out or sys.stdout
    locations = app_locations()
    limits = HistoryLimits.load(config_dir())
    limits_file = config_dir() / HISTORY_SETTINGS_FILE_NAME
    keyring = _describe_keyring() if args.keyring else None
    if args.json:
        document: dict[str, Any] = {
            "locations": [location.to_json() for location in locations],
            "keyringService": KEYRING_SERVICE,
            "historyLimits": {**limits.to_json(), "file": str(limits_file)},
        }
        if keyring is not None:
            document["keyring"] = keyring
        print(json.dumps(document, indent=2), file=out)
        return 0
    width = max(len(location.label) for location in locations) + 1
    for location in locations:
        suffix = "/" if location.is_folder else ""
        print(f"{location.label + ':':<{width}} {location.path}{suffix}", file=out)
    tokens = f"OS keyring, service '{KEYRING_SERVICE}'"
    if keyring is not None:
        tokens += f": {keyring['description']}"
    print(f"{'Tokens:':<{width}} {tokens}", file=out)
    print(f"{'History keeps:':<{width}} {limits.describe()}; set in {limits_file}", file=out)
    print(f"\n{reset_advice()}", file=out)
    return 0


def _describe_keyring() -> dict[str, str]:
    from composer.services.secrets import TokenStore, backend_id  # noqa: PLC0415

    store = TokenStore()
    return {"backend": backend_id(store.backend), "description": store.describe_backend()}
