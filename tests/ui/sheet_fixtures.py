"""The sheet UI tests' helpers: a scripted prompter, and `SheetDriver`, which drives File › New
from Sheet… the way a person does and waits on the window's signals. The fixtures that hand
them out (the window, `sheets`) are tests/ui/sheet/conftest.py's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pytestqt.qtbot import QtBot

from composer.ui.main_window import MainWindow
from composer.ui.sheet.mapping_dialog import SheetMappingDialog
from composer.ui.sheet.review import SheetReview
from tests.services.sheet_files import PG, SF, csv_text


@dataclass
class FakeSheetPrompter:
    open_path: Path | None = None
    save_path: Path | None = None
    preset: str | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)
    close_answers: list[bool] = field(default_factory=list)

    def choose_sheet_file(self, directory: str = "") -> Path | None:
        return self.open_path

    def choose_ndjson_path(self, suggested: str) -> Path | None:
        return self.save_path

    def preset_name(self, current: str) -> str | None:
        return self.preset

    def confirm_close(self, events: int) -> bool:
        return self.close_answers.pop(0) if self.close_answers else True

    def show_error(self, title: str, text: str) -> None:
        self.errors.append((title, text))


@dataclass
class SheetDriver:
    qtbot: QtBot
    window: MainWindow

    def open(self, path: Path) -> SheetMappingDialog:
        """File › New from Sheet… on `path`, until it is read (or says why not)."""
        tools = self.window.sheets
        tools.prompter = FakeSheetPrompter(open_path=path)  # type: ignore[assignment]
        action = self.window.findChild(type(tools.action), "newFromSheetAction")
        assert action is tools.action and action in self.window.file_menu.actions()
        action.trigger()
        dialog = tools.mapping_dialog
        assert dialog is not None and dialog.objectName() == "sheetMappingDialog"
        self.qtbot.waitUntil(
            lambda: dialog.read is not None or dialog.read_status.styleSheet() != "", timeout=20_000
        )
        return dialog

    def choose_sheet(self, dialog: SheetMappingDialog, name: str) -> None:
        with self.qtbot.waitSignal(dialog.loaded, timeout=20_000):
            dialog.sheet.setCurrentText(name)
            dialog.reload()

    @staticmethod
    def set_systems(dialog: SheetMappingDialog, namespaces: dict[str, str]) -> None:
        for value, namespace in namespaces.items():
            dialog.systems.pickers[value].lineEdit().setText(namespace)  # as typed: namespaceEdited fires

    def csv(self, path: Path, text: str, systems: dict[str, str]) -> SheetMappingDialog:
        """`text` written to `path` as UTF-8, opened, its systems given their namespaces."""
        path.write_text(text, encoding="utf-8")
        dialog = self.open(path)
        self.set_systems(dialog, systems)
        return dialog

    def mapped_csv(self, path: Path, extra_rows: int = 0) -> SheetMappingDialog:
        """The test sheet as CSV (with `extra_rows` copies of a row), opened, its systems given."""
        row = csv_text().splitlines()[1]
        text = csv_text() + "".join(row + "\n" for _ in range(extra_rows))
        return self.csv(path, text, {"prod-postgres": PG, "snow": SF})

    def make_events(self, dialog: SheetMappingDialog) -> SheetReview:
        """Make Events, until the review shows every count (the tenant's too, where there is one)."""
        assert dialog.make_button.isEnabled(), dialog.missing.text()
        with self.qtbot.waitSignal(dialog.eventsMade, timeout=30_000):
            dialog.make_button.click()
        review = self.window.sheets.review
        assert review is not None and review.objectName() == "sheetReview" and review.isVisible()
        review.prompter = FakeSheetPrompter()  # type: ignore[assignment]
        self.qtbot.waitUntil(lambda: not review.events_model.tenant_running, timeout=30_000)
        return review
