"""Guards against a Qt binding that crashes the app: PySide6 6.12.0 frees Python's None on every
void call, and on Python 3.11 the process aborts after a few thousand of them."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = "from PySide6.QtCore import QObject\no = QObject()\nfor _ in range(50000):\n    o.setObjectName('x')\nprint('ok')"


def test_many_void_qt_calls_do_not_abort_the_process() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-500:]
