"""The one place that builds the services and the main window and wires them together."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from composer.core.document import EventDocument
from composer.services.paths import AppPaths
from composer.services.recents import RecentsWriter
from composer.ui.app_icon import APP_ID, app_icon
from composer.ui.editor.document_model import DocumentModel
from composer.ui.gc_policy import install_gc_policy
from composer.ui.main_window import MainWindow
from composer.ui.tasks import TaskRunner
from composer.ui.theme_follow import follow_colour_scheme
from composer.ui.window_services import WindowServices

if TYPE_CHECKING:
    from composer.ui.send.backend import SendBackend

# Enough workers that a slow send, a log load and a schema fetch never hold up a draft write.
WINDOW_WORKERS = 8


def application() -> QApplication:
    """The running QApplication, created on first use (tests bring their own)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        install_gc_policy(existing)
        follow_colour_scheme(existing)
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Lineage Composer")
    app.setOrganizationName("lineage-composer")
    app.setDesktopFileName(APP_ID)
    install_gc_policy(app)
    follow_colour_scheme(app)  # dark mode with the OS, also where the platform's palette does not
    return app


def build_services(paths: AppPaths | None = None) -> WindowServices:
    """The services one window shares: folders, task runner, recents writer, send service."""
    found = paths or AppPaths.from_environment()

    @cache
    def send_service() -> SendBackend:
        # Imported on first use: with deferred docks, httpx, keyring and SQLite load after the first paint.
        from composer.services.history import HistoryStore  # noqa: PLC0415
        from composer.services.history_limits import HistoryLimits  # noqa: PLC0415
        from composer.services.local_sandbox import LocalSandbox  # noqa: PLC0415
        from composer.services.profile_store import ProfileStore  # noqa: PLC0415
        from composer.services.secrets import SessionTokens, TokenStore  # noqa: PLC0415
        from composer.ui.send.backend import SendBackend  # noqa: PLC0415

        return SendBackend(
            ProfileStore.in_dir(found.config),
            HistoryStore.in_dir(found.data, limits=HistoryLimits.load(found.config)),
            LocalSandbox(found.data),
            tokens=TokenStore(),
            session=SessionTokens(),
        )

    return WindowServices(found, TaskRunner(max_threads=WINDOW_WORKERS), RecentsWriter(), send_service)


def build_main_window(
    path: str | Path | None = None, *, defer_docks: bool = False, wait_for_file: bool = True
) -> MainWindow:
    """The wired, ready window, with the event file at `path` loaded (for tests and for `main()`).

    `defer_docks` (the `gui` command) builds the send, history and lineage docks right after the
    first paint; see `MainWindow`. `wait_for_file=False` (the `gui` command too) returns while
    the file is still being read, as File › Open does: the window paints at once and the event
    appears when it is read.
    """
    app = application()
    app.setWindowIcon(app_icon())
    services = build_services()
    services.paths.home.mkdir(parents=True, exist_ok=True)
    window = MainWindow(DocumentModel(EventDocument.new()), services, defer_docks=defer_docks)
    # A crashed session's draft is offered at every start, FILE or not (else it stays out of
    # sight until a plain start); asked first, so a restore never races the file's reading.
    info = window.autosave.pending_restore()
    if info is not None and window.autosave.ask_restore(window, info):
        window.autosave.restore(info)
    elif path is not None and window.files.open_path(Path(path)) and wait_for_file:
        window.files.wait_idle()  # the contract: the window comes back with the file loaded
    window.autosave.start()
    return window
