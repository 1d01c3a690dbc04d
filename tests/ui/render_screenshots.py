"""Render the README's screenshots from the real window (offscreen).

Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python tests/ui/render_screenshots.py`; writes
docs/screenshots/*.png. A throw-away app home keeps the user's files out of it.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LINEAGE_COMPOSER_HOME"] = tempfile.mkdtemp(prefix="lc-shots-")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402

from composer.app import application, build_main_window  # noqa: E402
from composer.core.templates import instantiate  # noqa: E402
from composer.ui.main_window import MainWindow  # noqa: E402

OUT = ROOT / "docs" / "screenshots"


def _settle(window: MainWindow) -> None:
    """Let debounced views (preview slices, lineage picture, dataset cards) catch up."""
    window.live.refresh()
    loop = QEventLoop()
    QTimer.singleShot(400, loop.quit)
    loop.exec()
    application().processEvents()


def shoot(window: MainWindow, name: str) -> Path:
    _settle(window)
    path = OUT / name
    window.grab().save(str(path))
    return path


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    window = build_main_window()
    window.resize(1600, 1000)
    window.show()
    print(shoot(window, "new-event.png"))
    window.model.load(instantiate("alation-complete", fresh_run=False))
    print(shoot(window, "complete-example.png"))
    # Send it to the Local sandbox and wait for the verification walk-through to finish.
    loop = QEventLoop()
    window.send_ui.unresolved.connect(lambda _pairs: loop.quit())
    QTimer.singleShot(60_000, loop.quit)
    window.send_ui.send_action.trigger()
    loop.exec()
    print(shoot(window, "send-verify-window.png"))
    window.model.load(instantiate("alation-test", fresh_run=False))
    window.model.set("/outputs", [])
    window.focus_path("/outputs")
    print(shoot(window, "problems.png"))
    window.files.current_path = None
    window.model.undo_stack.setClean()
    window.close()


if __name__ == "__main__":
    main()
