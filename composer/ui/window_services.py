"""What the composition root (`composer.app`) builds once for a window and hands down.

The window's parts take what they share from here instead of building it: the app's folders,
the one `TaskRunner` all background work goes through, the one writer of recent-value files, and
the send service. The send service is made on first use, so that with deferred docks its modules
(httpx, keyring, SQLite) load after the first paint, yet there is still only one recipe for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from composer.services.paths import AppPaths
from composer.services.recents import RecentsWriter
from composer.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from composer.ui.send.backend import SendBackend


@dataclass(frozen=True)
class WindowServices:
    paths: AppPaths
    tasks: TaskRunner
    recents: RecentsWriter
    send_service: Callable[[], SendBackend]  # the same service on every call, made on the first
