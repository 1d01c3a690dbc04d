"""What the window tests share: the task runner a part built alone works on.

In the app the composition root (`composer.app.build_services`) makes the one runner and hands
it to every part; a test that builds a part without a window takes this one, whose workers are
done before the next test starts.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from composer.app import WINDOW_WORKERS
from composer.ui.tasks import TaskRunner


@pytest.fixture
def tasks(qapp: QApplication) -> Iterator[TaskRunner]:
    runner = TaskRunner(max_threads=WINDOW_WORKERS)
    yield runner
    assert runner.wait_idle(30_000), "a task was still running when the test ended"
    runner.deleteLater()
