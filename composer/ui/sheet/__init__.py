"""Lineage from a mapping sheet in the window: File › New from Sheet… and dropped .csv/.tsv/.xlsx.

`install_sheet_tools` is the one call the main window makes, while it builds its menus. The
dialogs and the modules behind them load on first use, so the action costs the window's first
paint nothing; their slow parts run on the window's one `TaskRunner`. Send All goes through the window's Replay (`replay_of` gives it once the send UI
exists), so sheet events are sent, paused, cancelled and recorded like any replayed log.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from composer.core.eventlog import EventEntry
from composer.services.recents import RecentValues
from composer.ui.editor.document_model import DocumentModel
from composer.ui.files.drops import DropTarget
from composer.ui.sheet.prompter import SheetPrompter, dropped_sheet
from composer.ui.sheet.tenant_link import TenantOf, no_tenant, preflight_of
from composer.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from composer.ui.sheet.mapping_dialog import SheetMappingDialog
    from composer.ui.sheet.review import SheetReview
    from composer.ui.sheet.work import SheetOutcome, SheetWork

Replay = Callable[[list[EventEntry]], object]

__all__ = ["SheetTools", "install_sheet_tools", "preflight_of"]


class SheetTools(QObject):
    """The action, the drop target, and the mapping and review dialogs it opens."""

    def __init__(
        self,
        window: QWidget,
        model: DocumentModel,
        recents: RecentValues | None,
        *,
        tasks: TaskRunner,
        config: Path,
        target_of: Callable[[], str],
        replay_of: Callable[[], Replay | None],
        tenant_of: TenantOf = no_tenant,
    ) -> None:
        super().__init__(window)
        self.tasks = tasks  # the window's one runner
        self._config = config  # where the mapping presets live
        self.window = window
        self.model = model
        self.prompter = SheetPrompter(window)
        self._recents = recents
        self._target_of = target_of
        self._replay_of = replay_of
        self._tenant_of = tenant_of  # the chosen profile's pre-flight, asked when a review opens
        self._work: SheetWork | None = None
        self.mapping_dialog: SheetMappingDialog | None = None  # the newest
        self.review: SheetReview | None = None  # the newest
        self.action = QAction("New from &Sheet…", window)
        self.action.setObjectName("newFromSheetAction")
        self.action.setStatusTip("Make lineage events from a mapping sheet (CSV, TSV or .xlsx)")
        self.action.triggered.connect(lambda _checked=False: self.choose_sheet())
        DropTarget(window, self.open_path, self, payload=dropped_sheet)

    def install_menu(self, file_menu: QMenu, after: QAction | None) -> None:
        actions = file_menu.actions()
        position = actions.index(after) + 1 if after in actions else len(actions)
        before = actions[position] if position < len(actions) else None
        if before is None:
            file_menu.addAction(self.action)
        else:
            file_menu.insertAction(before, self.action)

    def _background(self) -> tuple[TaskRunner, SheetWork]:
        if self._work is None:
            from composer.ui.sheet.work import SheetWork  # noqa: PLC0415 (first use)

            self._work = SheetWork(self.tasks, self)
        return self.tasks, self._work

    def choose_sheet(self) -> SheetMappingDialog | None:
        path = self.prompter.choose_sheet_file(str(Path.home()))
        return self.open_path(path) if path is not None else None

    def open_path(self, path: Path) -> SheetMappingDialog:
        """The mapping dialog on `path` (read at once, on a worker)."""
        from composer.services.sheet.presets import PresetStore  # noqa: PLC0415
        from composer.ui.sheet.mapping_dialog import SheetMappingDialog  # noqa: PLC0415

        _runner, work = self._background()
        dialog = SheetMappingDialog(
            path,
            work,
            PresetStore.in_dir(self._config),
            recents=self._recents,
            target=self._target_of(),
            parent=self.window,
        )
        dialog.eventsMade.connect(self.show_review)
        dialog.finished.connect(
            lambda _code: dialog.deleteLater() if dialog is not self.mapping_dialog else None
        )
        self.mapping_dialog = dialog
        dialog.show()
        return dialog

    def show_review(self, outcome: SheetOutcome) -> SheetReview:
        from composer.ui.sheet.review import SheetReview  # noqa: PLC0415

        runner, work = self._background()
        if self.review is not None:  # Make Events again: the new events replace the old review's
            self.review.link.keep()
            self.review.handed_on = True
            self.review.close()
            self.review.deleteLater()
        self.review = SheetReview(
            outcome,
            self.model,
            work,
            runner=runner,
            replay=self._replay_of(),
            tenant_of=self._tenant_of,
            parent=self.window,
        )
        self.review.show()
        self.review.raise_()
        return self.review

    def may_close(self) -> bool:
        """The window may close: no review holds events that were neither sent nor saved, or the
        person said to close anyway."""
        review = self.review
        return review is None or not review.isVisible() or review.may_close()

    def shutdown(self) -> None:
        """Stop reading or checking (the window is closing; it waits for its runner itself)."""
        if self._work is not None:
            self._work.cancel()
            self._work.cancel_tenant()


def install_sheet_tools(
    window: QWidget,
    model: DocumentModel,
    recents: RecentValues | None,
    file_menu: QMenu,
    after: QAction | None,
    *,
    tasks: TaskRunner,
    config: Path,
    target_of: Callable[[], str],
    replay_of: Callable[[], Replay | None],
    tenant_of: TenantOf = no_tenant,
) -> SheetTools:
    """Add File › New from Sheet… (after `after`) and accept dropped sheets on `window`."""
    tools = SheetTools(
        window,
        model,
        recents,
        tasks=tasks,
        config=config,
        target_of=target_of,
        replay_of=replay_of,
        tenant_of=tenant_of,
    )
    tools.install_menu(file_menu, after)
    return tools
