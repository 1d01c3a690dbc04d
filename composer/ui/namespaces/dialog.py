"""The "Build namespace" dialog: a platform's fields, or a pasted JDBC URI, become a namespace.

A wrong namespace is accepted by Alation's endpoint without complaint and only shows up later as
unresolved (TMP) datasets, so the dialog works from what Alation compares: the data source's JDBC
URI, or the same host and port typed into fields. Every form a platform offers is shown live, the
one Alation matches first, so a steward sees the consequence of the choice before making it.
All of it is pure computation over the core catalog, cheap enough to redo on every keystroke.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontDatabase, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from composer.core.namespaces import (
    Derivation,
    NamespaceError,
    NamespaceForm,
    Platform,
    build_namespace,
    from_jdbc,
    parse_namespace,
    platforms,
)
from composer.ui.editor.markers import set_problem_style
from composer.ui.widget_parts import group_box, named, scrolling, show_message, wrapped_label

if TYPE_CHECKING:
    from composer.ui.tenant.source_choices import SourceChoices
    from composer.ui.tenant.source_start import SourceStart

ALATION_RULE = (
    "Alation matches this namespace to a data source by the host:port of the data source's JDBC URI "
    "(Settings › General Settings of the data source), or by an entry in Additional Datasource Connections."
)
# What a window manager's title bar and borders take from a screen's available height.
FRAME_ALLOWANCE = 48
MIN_BODY_HEIGHT = 240  # the fields part never shrinks below this (it scrolls)


def fitted_height(needed: int, room: int) -> int:
    """The dialog's height: all it needs, but never more than the screen has room for."""
    return max(min(needed, room), 0)


_BUTTON = QDialogButtonBox.StandardButton


@dataclass
class _FormRow:
    """The widgets showing one namespace form's live result."""

    form: NamespaceForm
    choice: QRadioButton
    result: QLineEdit
    problem: QLabel


class BuildNamespaceDialog(QDialog):
    """Choose a platform and fill its fields, or paste a JDBC URI; OK gives the chosen form's result."""

    def __init__(self, initial_namespace: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Build dataset namespace")
        self.setMinimumWidth(640)
        self._catalog = platforms()
        self._platform = self._catalog[0]
        self._edits: dict[str, QLineEdit] = {}
        self._labels: dict[str, QLabel] = {}
        self._touched: set[str] = set()
        self._rows: list[_FormRow] = []
        self._rows_widget: QWidget | None = None
        self._choices = QButtonGroup(self)
        self._derivation: Derivation | None = None
        self._uri_problem = False
        self._buttons = QDialogButtonBox(_BUTTON.Ok | _BUTTON.Cancel)
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        body = QWidget()
        self._body = QVBoxLayout(body)
        self._body.setContentsMargins(0, 0, 0, 0)
        for widget in (self._uri_box(), self._fields_box(), self._result_box()):
            self._body.addWidget(widget)
        self._body.addStretch()
        self._scroll = scrolling(body, "namespaceBuilderBody")
        layout = QVBoxLayout(self)
        layout.addWidget(self._rule())  # outside the scrolling part: read first, always in view
        layout.addWidget(self._scroll, 1)
        layout.addWidget(self._buttons)
        self._choices.buttonToggled.connect(lambda _button, checked: self._refresh() if checked else None)
        self._open_on(initial_namespace)
        self.source_start: SourceStart | None = None  # see offer_sources

    # --- public API -----------------------------------------------------------------------

    def namespace(self) -> str:
        """The chosen form's namespace; "" whenever OK is disabled (nothing builds, or a bad URI)."""
        result = self._result(self._chosen_form())
        return result if isinstance(result, str) and not self._uri_problem else ""

    def name_shape(self) -> str | None:
        """The dataset-name shape (database.schema.table ...) for the platform, once a namespace builds."""
        return self._platform.name_shape if self.namespace() else None

    def database_hint(self) -> str | None:
        """The database (or catalog, service ...) the pasted URI names: the first part of dataset names."""
        if self._derivation is None or self._derivation.platform.id != self._platform.id:
            return None
        return self._derivation.database_hint

    @staticmethod
    def ask(parent: QWidget | None, initial: str = "") -> str | None:
        """Run the dialog modally; the namespace on OK, None on cancel."""
        dialog = BuildNamespaceDialog(initial, parent)
        try:
            return dialog.namespace() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._fit()

    def offer_sources(self, sources: SourceChoices | None) -> None:
        """Start from one of the tenant's data sources: a chooser under the rule (above the JDBC
        URI) that fills the URI with the chosen source's. Nothing without sources."""
        if sources is None or not sources.source_count or self.source_start is not None:
            return
        from composer.ui.tenant.source_start import SourceStart  # noqa: PLC0415 (only with a tenant)

        self.source_start = SourceStart(sources, self._uri.setText)
        layout = self.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(1, self.source_start)

    # --- layout ---------------------------------------------------------------------------

    def _fit(self) -> None:
        """Keep wrapped text whole where the screen has room: Qt sizes a window before style sheets
        and wrapping settle, and a window's minimum size ignores height-for-width. On a short
        screen (768 px) the fields scroll instead, with the rule and OK always in view."""
        layout = self.layout()
        if layout is None or not self.isVisible():
            return
        layout.activate()
        chrome = self.height() - self._scroll.viewport().height()  # the rule, buttons, margins
        body_width = self._scroll.viewport().width()
        needed = chrome + self._body.totalHeightForWidth(body_width)
        screen = self.screen()
        room = screen.availableGeometry().height() - FRAME_ALLOWANCE if screen is not None else needed
        height = fitted_height(needed, room)
        self.setMinimumHeight(min(height, chrome + MIN_BODY_HEIGHT))
        if height != self.height():
            self.resize(self.width(), height)

    def _rule(self) -> QLabel:
        """The matching rule, first thing read, because every choice below depends on it."""
        rule = named(QLabel(), "alationRule", "How Alation matches namespaces")
        rule.setTextFormat(Qt.TextFormat.RichText)
        rule.setText(f"<b>How Alation finds the data source</b><br>{html.escape(ALATION_RULE, quote=False)}")
        rule.setWordWrap(True)
        rule.setStyleSheet(
            "QLabel { background: palette(alternate-base); border: 1px solid palette(mid);"
            " border-left: 4px solid palette(highlight); border-radius: 3px; padding: 8px; }"
        )
        return rule

    def _uri_box(self) -> QGroupBox:
        tip = "Paste the JDBC URI from the Alation data source's Settings › General Settings page.\n"
        tip += "The platform, its fields and the namespace are read from it; it is not stored."
        self._uri = named(QLineEdit(), "jdbcUri", "JDBC URI", tip)
        self._uri.setPlaceholderText("jdbc:postgresql://prod-db.example.com:5432/sales_db")
        self._uri.setClearButtonEnabled(True)
        self._uri.textChanged.connect(self._on_uri_changed)
        self._uri_status = wrapped_label("uriStatus")
        return group_box("Start from the data source's JDBC URI (surest)", self._uri, self._uri_status)

    def _fields_box(self) -> QGroupBox:
        search_tip = "The kind of data source. Type to search: 'red' finds Redshift."
        self._platform_box = named(QComboBox(), "platform", "Platform", search_tip)
        self._platform_box.setEditable(True)
        self._platform_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for entry in self._catalog:
            self._platform_box.addItem(entry.label, entry.id)
        finder = QCompleter(self._platform_box.model(), self._platform_box)
        finder.setFilterMode(Qt.MatchFlag.MatchContains)
        finder.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._platform_box.setCompleter(finder)
        self._platform_box.currentIndexChanged.connect(self._on_platform_chosen)
        search = self._platform_box.lineEdit()
        assert search is not None  # an editable combo box always has one
        named(search, "platformSearch", "Platform", search_tip)
        search.editingFinished.connect(self._restore_platform_label)
        self._opened_from = wrapped_label("openedFrom", muted=True)
        self._platform_notes = wrapped_label("platformNotes", muted=True)
        self._field_problem = wrapped_label("fieldProblem")
        box = QGroupBox("Or choose the platform and fill in its fields")
        self._field_form = QFormLayout(box)
        self._field_form.addRow(self._opened_from)
        self._field_form.addRow("&Platform:", self._platform_box)
        self._field_form.addRow(self._platform_notes)
        self._field_form.addRow(self._field_problem)
        return box

    def _result_box(self) -> QGroupBox:
        self._rows_host = QVBoxLayout()
        self._shape = wrapped_label("nameShape")
        return group_box("Namespace", self._rows_host, self._shape)

    def _show_platform(self, target: Platform, values: Mapping[str, str], form_id: str | None = None) -> None:
        """Show `target` filled with `values`; the same platform is refilled in place, not rebuilt,
        so typing a URI doesn't recreate the whole form on every keystroke."""
        self._touched.clear()
        if target is self._platform and self._rows:
            for key, edit in self._edits.items():
                edit.setText(values.get(key) or target.field(key).default or "")
            chosen = target.form(form_id)
            next(row.choice for row in self._rows if row.form is chosen).setChecked(True)
            return
        self._platform = target
        self._platform_box.blockSignals(True)
        self._platform_box.setCurrentIndex(self._catalog.index(target))
        self._platform_box.blockSignals(False)
        show_message(self._platform_notes, "\n".join(f"• {note}" for note in target.notes), error=False)
        self._show_fields(target, values)
        if self._rows_widget is not None:
            self._rows_widget.setParent(None)  # out now: lookups never find stale rows
            self._rows_widget.deleteLater()  # and deleted by Qt, not whenever a collection finds it
        self._rows_widget = self._row_widgets(target, form_id)
        self._rows_host.addWidget(self._rows_widget)
        self._refresh()
        QTimer.singleShot(0, self._fit)  # once the new widgets are polished and have real sizes
        chain = [self._uri, self._platform_box, *self._edits.values(), *(r.choice for r in self._rows)]
        for before, after in itertools.pairwise([*chain, *self._buttons.buttons()]):
            QWidget.setTabOrder(before, after)

    def _show_fields(self, target: Platform, values: Mapping[str, str]) -> None:
        """Swap the field rows, which sit between the platform notes and the problem line."""
        first = 3
        for _ in self._edits:
            self._field_form.removeRow(first)  # deletes the widgets now: lookups never find stale ones
        self._edits, self._labels = {}, {}
        for row, spec in enumerate(target.fields, start=first):
            users = ", ".join(f.label for f in target.forms if spec.key in f.fields)
            tip = [spec.help, f"Expected: {spec.kind.describe}."]
            tip += [f"Left empty, it is {spec.default}."] if spec.default else []
            tip += [f"Used by: {users}."] if len(target.forms) > 1 else []
            edit = named(QLineEdit(), f"field_{spec.key}", spec.label, "\n".join(tip))
            edit.setText(values.get(spec.key) or spec.default or "")
            edit.setPlaceholderText(spec.placeholder)
            edit.textEdited.connect(lambda _text, key=spec.key: self._touched.add(key))
            edit.textChanged.connect(self._refresh)
            label = named(QLabel(spec.label), f"label_{spec.key}", tip=spec.help)
            label.setBuddy(edit)
            self._field_form.insertRow(row, label, edit)
            self._edits[spec.key], self._labels[spec.key] = edit, label

    def _row_widgets(self, target: Platform, form_id: str | None) -> QWidget:
        container = QWidget()
        layout = QVBoxLayout(container)
        layout.setContentsMargins(0, 0, 0, 0)
        for button in self._choices.buttons():
            self._choices.removeButton(button)
        self._rows = []
        chosen = target.form(form_id)
        for form in target.forms:
            tag = " — the form Alation matches" if form.alation_match and len(target.forms) > 1 else ""
            choice = named(QRadioButton(form.label + tag), f"form_{form.id}", tip=form.note)
            choice.setAccessibleDescription(form.note)
            result = named(
                QLineEdit(), f"namespace_{form.id}", f"Namespace, {form.label}", "Select to copy."
            )
            result.setReadOnly(True)
            result.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
            note = wrapped_label(f"note_{form.id}", muted=True)
            show_message(note, form.note, error=False)
            problem = wrapped_label(f"problem_{form.id}", muted=True)
            indented = QVBoxLayout()
            indented.setContentsMargins(24, 0, 0, 6)
            for widget in (result, note, problem):
                indented.addWidget(widget)
            layout.addWidget(choice)
            layout.addLayout(indented)
            self._choices.addButton(choice)
            choice.setChecked(form is chosen)
            self._rows.append(_FormRow(form, choice, result, problem))
        return container

    # --- reacting -------------------------------------------------------------------------

    def _open_on(self, initial: str) -> None:
        """Start from what the picker holds: a namespace read back into fields, or a pasted URI."""
        found = parse_namespace(initial) or parse_namespace(initial.strip())
        if found is not None:
            self._show_platform(found.platform, found.values, found.form.id)
            read = f"Read {initial.strip()} as {found.platform.label}, {found.form.label}."
            show_message(self._opened_from, read, error=False)
            next(iter(self._edits.values()), self._platform_box).setFocus()
            return
        self._show_platform(self._catalog[0], {})
        self._uri.setFocus()
        if initial.strip().lower().startswith("jdbc:") or _reads_as_uri(initial):
            self._uri.setText(initial.strip())  # a URI, readable or not: its problem shows where it is
        elif initial.strip():
            unknown = f"{initial.strip()!r} is not a namespace of any platform in the catalog. "
            unknown += "Paste the data source's JDBC URI, or choose the platform and fill in its fields."
            show_message(self._opened_from, unknown, error=False)

    def _on_uri_changed(self, text: str) -> None:
        self._derivation, self._uri_problem = None, False
        set_problem_style(self._uri, None)
        show_message(self._uri_status, "", error=False)
        if text.strip():
            try:
                self._derivation = from_jdbc(text)
            except NamespaceError as error:
                self._uri_problem = True
                set_problem_style(self._uri, "error")
                show_message(self._uri_status, str(error), error=True)
        if self._derivation is not None:
            derived = self._derivation
            self._opened_from.hide()
            self._show_platform(derived.platform, derived.values, derived.namespaces[0].form.id)
            show_message(self._uri_status, "\n".join(f"• {note}" for note in derived.notes), error=False)
        self._uri.setAccessibleDescription(self._uri_status.text())
        self._refresh()

    def _on_platform_chosen(self, index: int) -> None:
        """Switching platforms keeps what was typed (a host) but not the old platform's defaults."""
        if index < 0 or self._catalog[index] is self._platform:
            return
        old = self._platform
        kept = {
            key: edit.text()
            for key, edit in self._edits.items()
            if edit.text().strip() and edit.text() != (old.field(key).default or "")
        }
        self._opened_from.hide()
        self._show_platform(self._catalog[index], kept)

    def _restore_platform_label(self) -> None:
        """A search that matches nothing must not leave the box disagreeing with the fields."""
        if self._platform_box.currentText() != self._platform.label:
            self._platform_box.setEditText(self._platform.label)

    def _refresh(self) -> None:
        chosen = self._chosen_form()
        outcome = self._result(chosen)
        problem = outcome if isinstance(outcome, NamespaceError) else None
        for row in self._rows:
            result = self._result(row.form)
            row.result.setText(result if isinstance(result, str) else "")
            row.result.setCursorPosition(0)  # long namespaces show their scheme and host first
            row.result.setPlaceholderText("" if isinstance(result, str) else "not built yet")
            # Why another form can't be built, unless it is what the field line already says.
            other = "" if isinstance(result, str) or str(result) == str(problem or "") else str(result)
            show_message(row.problem, other, error=False)
        # An empty field nobody has touched yet is a to-do, not a mistake: say it quietly.
        at_fault_edit = self._edits.get(problem.field or "") if problem else None
        shout = problem is not None and (
            at_fault_edit is None or problem.field in self._touched or bool(at_fault_edit.text())
        )
        for key, edit in self._edits.items():
            spec = self._platform.field(key)
            used = key in chosen.fields
            required = used and spec.required and key not in chosen.template.optional_fields
            self._labels[key].setText(f"{spec.label}{' *' if required else ''}:")
            self._labels[key].setEnabled(used)
            at_fault = problem is not None and problem.field == key
            set_problem_style(edit, "error" if at_fault and shout else None)
            edit.setAccessibleDescription(str(problem) if at_fault else spec.help)
        show_message(self._field_problem, str(problem or ""), error=shout)
        show_message(self._shape, self._shape_text(), error=False)
        ok = self._buttons.button(_BUTTON.Ok)
        assert ok is not None  # created in __init__
        ok.setEnabled(bool(self.namespace()))
        reason = "Fix or clear the JDBC URI first." if self._uri_problem else str(problem or "")
        ok.setToolTip(reason or f"Use {self.namespace()}")
        QTimer.singleShot(0, self._fit)  # messages come and go, and each takes or frees lines

    # --- helpers --------------------------------------------------------------------------

    def _chosen_form(self) -> NamespaceForm:
        return next((row.form for row in self._rows if row.choice.isChecked()), self._platform.form())

    def _result(self, form: NamespaceForm) -> str | NamespaceError:
        try:
            values = {key: edit.text() for key, edit in self._edits.items()}
            return build_namespace(self._platform.id, values, form.id)
        except NamespaceError as error:
            return error

    def _shape_text(self) -> str:
        rule = self._platform.name_rule
        text = f"Dataset names on {self._platform.label}: {rule.shape}, e.g. {rule.example}"
        hint = self.database_hint()
        if hint and len(rule.parts) > 1:
            text += f"\n{rule.parts[0].capitalize()} from the URI: {hint}"
        return text


def _reads_as_uri(text: str) -> bool:
    try:
        from_jdbc(text)
    except NamespaceError:
        return False
    return True
