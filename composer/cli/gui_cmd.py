"""`lineage-composer [FILE]` / `lineage-composer gui [FILE] [--smoke]`: open the window.

Qt is imported only here, inside the handler, so the other commands start without it.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

_STARTED = time.perf_counter()


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "gui",
        help="open the composer window (the default command)",
        description="Open the composer window, optionally with an event file.",
    )
    parser.add_argument("file", nargs="?", metavar="FILE", help="an event file to open")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="open the window, wait for its first paint, print the time to first paint and exit 0",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: PLC0415 (Qt loads only for the window)

    from composer.app import application, build_main_window  # noqa: PLC0415

    app = application()
    window = build_main_window(args.file, defer_docks=True, wait_for_file=False)

    if args.smoke:

        class _FirstPaint(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
                if event.type() == QEvent.Type.Paint:
                    elapsed = (time.perf_counter() - _STARTED) * 1000
                    print(
                        f"first paint after {elapsed:.0f} ms (from command start;"
                        f" at unix time {time.time():.3f})"
                    )
                    watched.removeEventFilter(self)
                    QTimer.singleShot(0, window.close)
                    QTimer.singleShot(0, app.quit)
                return False

        painter = _FirstPaint(window)
        window.installEventFilter(painter)
        window.autosave.discard()
    window.show()
    code = app.exec()
    if args.smoke:
        sys.stdout.flush()
    return int(code)
