"""New from Sheet: read a mapping sheet, say which column is what, see the rows as they will be read.

The sheet is read on a worker (a progress bar for big ones); its header names give a first
guess of the mapping, or a saved preset gives the whole mapping back. The preview shows the
first rows exactly as Make Events will read them, problems included, and updates as the
mapping changes. Make Events groups and checks on a worker too, then hands the outcome on
(`eventsMade`); the dialog stays open behind the review for another try.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from composer.core.problems import Problem
from composer.core.sheet import (
    GROUPINGS,
    ColumnMapping,
    EventOptions,
    Grouping,
    RowReader,
    SheetResult,
    guess_mapping,
    system_values,
)
from composer.core.targets import TARGET_RULE_SETS
from composer.services.recents import RecentValues
from composer.services.sheet.presets import PresetError, PresetStore
from composer.services.sheet.reader import ReadSheet
from composer.services.sheet.text import DELIMITERS, ENCODINGS
from composer.ui.sheet.models import PreviewModel
from composer.ui.sheet.prompter import SheetPrompter
from composer.ui.sheet.role_form import RoleForm
from composer.ui.sheet.systems import SystemsPanel
from composer.ui.sheet.work import SheetOutcome, SheetRequest, SheetWork
from composer.ui.table_models import rows_view
from composer.ui.theme import set_text_role
from composer.ui.widget_parts import named, show_message, wrapped_label

PREVIEW_ROWS = 20
GUESS = "(guessed from the header names)"


class SheetMappingDialog(QDialog):
    loaded = Signal()  # the sheet was read (or could not be): the controls show it
    eventsMade = Signal(object)  # SheetOutcome
    failed = Signal(str)

    def __init__(
        self,
        path: Path,
        work: SheetWork,
        presets: PresetStore,
        *,
        recents: RecentValues | None,
        target: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sheetMappingDialog")
        self.setWindowTitle(f"New from Sheet — {path.name}")
        self.path = path
        self.prompter = SheetPrompter(self)
        self._work = work
        self._presets = presets
        self._target = target
        self.read: ReadSheet | None = None
        self._mapping = ColumnMapping()
        self._preset_headers: list[str] = []  # the chosen preset's columns, to say which are missing
        self._build(recents)
        work.progress.connect(self._progress)
        self.reload()

    # --- building -------------------------------------------------------------------------

    def _build(self, recents: RecentValues | None) -> None:
        self.sheet = named(QComboBox(), "sheetName", "Sheet of the workbook")
        self.encoding = named(QComboBox(), "sheetEncoding", "Encoding of a CSV file")
        for codec, label in ENCODINGS.items():
            self.encoding.addItem(label, codec)
        self.delimiter = named(QComboBox(), "sheetDelimiter", "Separator of a CSV file")
        self.delimiter.addItem("Detect", None)
        for char, label in DELIMITERS.items():
            self.delimiter.addItem(label.capitalize(), char)
        for combo in (self.sheet, self.encoding, self.delimiter):
            combo.activated.connect(lambda _i: self.reload())
        self.read_status = wrapped_label("sheetReadStatus")
        self.preset = named(QComboBox(), "sheetPreset", "Mapping preset")
        self.preset.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.preset.activated.connect(lambda _i: self._apply_preset())
        self.save_preset = self._button("Save Preset…", "sheetSavePreset", self.save_as_preset)
        self.delete_preset = self._button("Delete Preset", "sheetDeletePreset", self._delete_preset)
        self.roles = RoleForm()
        self.roles.changed.connect(self._mapping_changed)
        self.systems = SystemsPanel(recents)
        self.systems.changed.connect(self._mapping_changed)
        self.grouping = named(QComboBox(), "sheetGrouping", "How rows become events")
        for key, label in GROUPINGS.items():
            self.grouping.addItem(label.capitalize(), key)
        self.grouping.currentIndexChanged.connect(lambda _i: self._mapping_changed())
        self.preview_model = PreviewModel(self)
        self.preview = rows_view(self.preview_model, "sheetPreview", "The first rows as they will be read")
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.preview_note = wrapped_label("sheetPreviewNote", muted=True)
        self.missing = wrapped_label("sheetMissing")
        self.progress_bar = named(QProgressBar(), "sheetProgress", "Progress")
        self.progress_bar.hide()
        self.make_button = self._button("Make Events", "sheetMakeEvents", self.make_events)
        self.make_button.setDefault(True)
        self.cancel_button = self._button("Stop", "sheetStop", self.stop)
        self.close_button = self._button("Close", "sheetClose", self.close)
        self._layout()

    def _layout(self) -> None:
        source = QFormLayout()
        source.addRow("File", QLabel(str(self.path)))
        where = QHBoxLayout()
        for label, widget in (
            ("Sheet", self.sheet),
            ("Encoding", self.encoding),
            ("Separator", self.delimiter),
        ):
            where.addWidget(QLabel(label))
            where.addWidget(widget)
        where.addStretch(1)
        source.addRow(where)
        presets = QHBoxLayout()
        presets.addWidget(QLabel("Mapping preset"))
        for part in (self.preset, self.save_preset, self.delete_preset):
            presets.addWidget(part)
        presets.addStretch(1)
        presets.addWidget(QLabel("Events"))
        presets.addWidget(self.grouping)
        top = QWidget()
        mapping_row = QHBoxLayout(top)
        mapping_row.setContentsMargins(0, 0, 0, 0)
        mapping_row.addWidget(self.roles, 4)
        systems_box = QWidget()
        systems_column = QVBoxLayout(systems_box)
        systems_column.setContentsMargins(0, 0, 0, 0)
        systems_column.addWidget(QLabel("<b>Systems → namespaces</b>"))
        systems_column.addWidget(self.systems, 1)
        mapping_row.addWidget(systems_box, 4)
        bottom = QWidget()
        preview_column = QVBoxLayout(bottom)
        preview_column.setContentsMargins(0, 0, 0, 0)
        preview_column.addWidget(QLabel("<b>Preview</b>: the first rows as they will be read"))
        preview_column.addWidget(self.preview, 1)
        preview_column.addWidget(self.preview_note)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress_bar, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(0)
        buttons.addWidget(self.make_button)
        buttons.addWidget(self.close_button)
        column = QVBoxLayout(self)
        column.addLayout(source)
        column.addWidget(self.read_status)
        column.addLayout(presets)
        column.addWidget(split, 1)
        column.addWidget(self.missing)
        column.addLayout(buttons)
        self.resize(1500, 800)
        self._busy(False)

    def _button(self, text: str, name: str, slot: object) -> QPushButton:
        button = named(QPushButton(text), name)
        button.clicked.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return button

    # --- reading --------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the file (again) with the chosen sheet, encoding and separator, on a worker."""
        request = SheetRequest(
            self.path,
            self.sheet.currentText() or None,
            self.encoding.currentData() or "auto",
            self.delimiter.currentData(),
        )
        self._busy(True)
        show_message(self.read_status, f"Reading {self.path.name}…", error=False)
        self._work.read(request, self._read_done, self._read_failed)

    def _read_done(self, read: ReadSheet) -> None:
        self.read = read
        self._busy(False)
        self.sheet.setEnabled(bool(read.sheet_names))
        if read.sheet_names and [self.sheet.itemText(i) for i in range(self.sheet.count())] != list(
            read.sheet_names
        ):
            self.sheet.clear()
            self.sheet.addItems(list(read.sheet_names))
        self.sheet.setCurrentText(read.sheet)
        self.encoding.setEnabled(not read.sheet_names)
        self.delimiter.setEnabled(not read.sheet_names)
        table = read.table
        blank = f", {table.blank_rows} blank row(s) skipped" if table.blank_rows else ""
        how = (
            f" ({ENCODINGS.get(read.encoding, read.encoding)}, {DELIMITERS.get(read.delimiter, read.delimiter)}-separated)"
            if read.encoding
            else ""
        )
        status = f"{len(table.rows)} row(s) and {len(table.headers)} column(s){blank}{how}."
        show_message(self.read_status, " ".join([status, *read.notes]), error=False)
        if read.notes:
            set_text_role(self.read_status, "warning")
        self._fill_presets()
        self.roles.set_headers(table.headers, self._mapping_for(table.headers))
        self.loaded.emit()

    def _read_failed(self, error: Exception) -> None:
        self.read = None
        self._busy(False)
        show_message(self.read_status, str(error), error=True)
        self.preview_model.set_rows([])
        self.make_button.setEnabled(False)
        self.loaded.emit()
        self.failed.emit(str(error))

    def _mapping_for(self, headers: tuple[str, ...]) -> ColumnMapping:
        self._preset_headers = []
        if self.preset.currentIndex() > 0:
            try:
                preset = self._presets.get(self.preset.currentText())
            except PresetError as error:
                show_message(self.missing, str(error), error=True)
            else:
                self._preset_headers = list(preset.columns.values())
                return preset
        return guess_mapping(headers, self._mapping)

    # --- presets --------------------------------------------------------------------------

    def _fill_presets(self) -> None:
        current = self.preset.currentText()
        try:
            names = self._presets.names()
        except PresetError as error:
            names = []
            show_message(self.missing, str(error), error=True)
        self.preset.clear()
        self.preset.addItems([GUESS, *names])
        self.preset.setCurrentText(current if current in names else GUESS)
        self.delete_preset.setEnabled(self.preset.currentIndex() > 0)

    def _apply_preset(self) -> None:
        self.delete_preset.setEnabled(self.preset.currentIndex() > 0)
        if self.read is not None:
            mapping = self._mapping_for(self.read.table.headers)
            self._mapping = mapping
            self.roles.set_headers(self.read.table.headers, mapping)
            self.systems.set_values(self.systems_in_sheet(), mapping.system_namespaces)
            self._mapping_changed()

    def save_as_preset(self) -> bool:
        name = self.prompter.preset_name(self.preset.currentText() if self.preset.currentIndex() > 0 else "")
        if not name:
            return False
        try:
            self._presets.save(name, self.mapping())
        except PresetError as error:
            self.prompter.show_error("Cannot save the preset", str(error))
            return False
        self._fill_presets()
        self.preset.setCurrentText(name)
        self.delete_preset.setEnabled(True)
        return True

    def _delete_preset(self) -> None:
        if self.preset.currentIndex() > 0:
            try:
                self._presets.delete(self.preset.currentText())
            except PresetError as error:
                self.prompter.show_error("Cannot delete the preset", str(error))
            self._fill_presets()

    # --- the mapping and its preview -----------------------------------------------------

    @property
    def chosen_grouping(self) -> Grouping:
        return self.grouping.currentData() or "job"

    def mapping(self) -> ColumnMapping:
        shown = self.systems.pickers  # a value with a picker has what the picker says, even nothing
        known = {k: v for k, v in self._mapping.system_namespaces.items() if k not in shown}
        known.update(self.systems.namespaces())
        return self.roles.mapping(known)

    def systems_in_sheet(self) -> list[str]:
        return system_values(self.read.table, self.roles.mapping({})) if self.read is not None else []

    def _mapping_changed(self) -> None:
        if self.read is None:
            return
        values = self.systems_in_sheet()
        if values != list(self.systems.pickers):
            self.systems.set_values(values, self._mapping.system_namespaces)
        mapping = self.mapping()
        self._mapping = mapping
        table = self.read.table
        reader = RowReader(table, mapping, need_job=self.chosen_grouping == "job")
        shown = table.rows[:PREVIEW_ROWS]
        self.preview_model.set_rows([(row.number, reader.read(row)) for row in shown])
        bad = sum(1 for _n, read in self.preview_model.rows if isinstance(read, list))
        note = f"The first {len(shown)} of {len(table.rows)} row(s)" + (
            f"; {bad} of them cannot be read yet." if bad else "."
        )
        when = (
            "the latest time of its rows (a time without a zone is UTC)"
            if mapping.header("event_time")
            else "the moment Make Events is pressed (map an Event time column to use the sheet's)"
        )
        show_message(self.preview_note, f"{note} Each event's eventTime: {when}.", error=False)
        missing = mapping.missing(self.chosen_grouping)
        lost = [header for header in self._preset_headers if header not in table.headers]
        if lost:
            missing.append(f"the preset's column(s) {', '.join(lost)}, which this sheet does not have")
        show_message(
            self.missing, ("Still needed: " + "; ".join(missing) + ".") if missing else "", error=True
        )
        self.make_button.setEnabled(not missing and bool(table.rows))

    # --- making events --------------------------------------------------------------------

    def make_events(self) -> bool:
        if self.read is None or not self.make_button.isEnabled():
            return False
        read, mapping, target = self.read, self.mapping(), self._target
        options = EventOptions(grouping=self.chosen_grouping)
        label = self.path.name + (f" [{read.sheet}]" if read.sheet else "")
        self._busy(True)

        def made(result: SheetResult, problems: list[list[Problem]]) -> None:
            self._busy(False)
            self.eventsMade.emit(SheetOutcome(label, result, problems, target))

        def failed(error: Exception) -> None:
            self._busy(False)
            show_message(self.missing, f"The events could not be made: {error}", error=True)

        self._work.make(read, mapping, options, rule_sets=TARGET_RULE_SETS[target], done=made, failed=failed)
        return True

    def stop(self) -> None:
        self._work.cancel()
        self._busy(False)
        show_message(self.read_status, "Stopped.", error=False)

    def _progress(self, phase: str, done: int, total: int) -> None:
        if self.progress_bar.isVisible():
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(done if total else 0)
            self.progress_bar.setFormat(f"{phase}: %v of %m" if total else f"{phase}: {done}")

    def _busy(self, busy: bool) -> None:
        self.progress_bar.setVisible(busy)
        if busy:
            self.progress_bar.setRange(0, 0)
        self.cancel_button.setEnabled(busy)
        self.make_button.setEnabled(not busy and self.read is not None and not self.missing.text())
        for widget in (self.sheet, self.preset, self.roles, self.systems, self.grouping):
            widget.setEnabled(not busy)

    def reject(self) -> None:
        self._work.cancel()
        super().reject()
