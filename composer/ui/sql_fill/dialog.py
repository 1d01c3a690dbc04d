"""The "Fill inputs/outputs from SQL" dialog: read the job's SQL, choose namespaces, apply once.

The SQL is read again (by openlineage-sql, in `composer.core.sql_lineage`) when the text, the
dialect or the default schema changes: at once for a choice, after a short pause for typing.
Parsing is a native call, fast for the SQL a job holds (figures in docs/benchmarks.md), so it
stays on the GUI thread rather than paying for a worker round trip. A parse error is shown in the dialog and
nothing else changes: the SQL stays in the box and the event is untouched; closing with SQL edited
here asks first. Apply writes everything as one undo step.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from composer.core.sql_fill import FillError, apply_proposal, suggest_namespace
from composer.core.sql_lineage import DIALECTS, SqlParseError, SqlProposal, propose
from composer.services.recents import RecentValues
from composer.ui.editor.document_model import DocumentModel
from composer.ui.facets.sql_highlighter import SqlHighlighter
from composer.ui.namespaces.picker import NamespacePicker
from composer.ui.sql_fill.tables import TableRows
from composer.ui.theme import set_text_role
from composer.ui.widget_parts import named, wrapped_label

UNDO_TEXT = "Fill inputs/outputs from SQL"
# While the SQL is being typed, read it again once typing pauses: a long script takes a while.
_TYPING_PAUSE_MS = 250


class SqlFillDialog(QDialog):
    """Proposes datasets and column lineage from SQL; Apply replaces the event in one undo step."""

    def __init__(
        self,
        model: DocumentModel,
        recents: RecentValues | None,
        query: str = "",
        dialect: str = "generic",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sqlFillDialog")
        self.setWindowTitle("Fill inputs/outputs from SQL")
        self._model = model
        self._opened_with = query
        # Asked before SQL typed here is thrown away (Cancel, Esc, close); tests replace it.
        self.confirm_discard: Callable[[], bool] = self._ask_discard
        self.proposal: SqlProposal | None = None
        self._reparse = QTimer(self)
        self._reparse.setSingleShot(True)
        self._reparse.timeout.connect(self.read_sql)

        tip = "The job's SQL; edits here also become the job's SQL facet when you apply."
        self.sql = named(QPlainTextEdit(query), "sqlFillQuery", "SQL to read", tip)
        self.sql.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self._highlighter = SqlHighlighter(self.sql.document(), self.sql)
        self.dialect = _combo("sqlDialect", "SQL dialect", DIALECTS, dialect)
        self.default_database = _line(
            "sqlDefaultDatabase",
            "Default database",
            "e.g. sales_db",
            "Put in front of tables the SQL names without a database, when the platform's names need one.",
        )
        self.default_schema = _line(
            "sqlDefaultSchema", "Default schema", "e.g. public", "Used for tables the SQL names without a schema."
        )
        self.all_namespace = NamespacePicker(recents, object_name="sqlFillNamespaceAll")
        self.all_namespace.lineEdit().setAccessibleName("Namespace for all tables")
        self.tables = TableRows(recents)
        self.columns = named(QTreeWidget(), "sqlFillColumns", "Column lineage preview")
        self.columns.setHeaderLabels(["Output column", "Comes from"])
        self.columns.setColumnWidth(0, 220)
        self.error = _label("sqlFillError", "error")
        self.notes = _label("sqlFillNotes", "muted")
        self.status = _label("sqlFillStatus", None)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.addButton("Apply", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setObjectName("sqlFillApply")
        self.apply_button.setToolTip("Add the tables and column lineage to the event (one undo step).")
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        self._lay_out()

        self.sql.textChanged.connect(lambda: self._reparse.start(_TYPING_PAUSE_MS))
        self.dialect.currentTextChanged.connect(lambda _text: self._reparse.start(0))
        self.default_schema.textChanged.connect(lambda _text: self._reparse.start(0))
        self.default_database.textChanged.connect(self.tables.set_default_database)
        self.all_namespace.namespaceEdited.connect(self.tables.set_all_namespace)
        self.tables.changed.connect(self._refresh_preview)
        self.resize(980, 720)
        self.read_sql()

    def _lay_out(self) -> None:
        options = QHBoxLayout()
        form = QFormLayout()
        form.addRow("Dialect", self.dialect)
        options.addLayout(form)
        for label, field in (("Default database", self.default_database), ("Default schema", self.default_schema)):
            options.addWidget(QLabel(label))
            options.addWidget(field)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(QLabel("<b>SQL</b>"))
        top_layout.addWidget(self.sql)
        top_layout.addLayout(options)
        top_layout.addWidget(self.error)
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        all_row = QHBoxLayout()
        all_row.addWidget(QLabel("<b>Tables</b> — namespace for all:"))
        all_row.addWidget(self.all_namespace, 1)
        middle_layout.addLayout(all_row)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.addWidget(self.tables)
        holder_layout.addStretch(1)
        scroll.setWidget(holder)
        middle_layout.addWidget(scroll)
        middle_layout.addWidget(self.notes)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(QLabel("<b>Column lineage</b> (a columnLineage facet on each output)"))
        bottom_layout.addWidget(self.columns)
        splitter = QSplitter(Qt.Orientation.Vertical)
        for part in (top, middle, bottom):
            splitter.addWidget(part)
        splitter.setSizes([220, 300, 180])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    # --- reading the SQL ------------------------------------------------------------------

    def read_sql(self) -> None:
        """Parse the SQL as it stands now and show the proposal, or say plainly why it can't."""
        self._reparse.stop()
        try:
            proposal = propose(self.sql.toPlainText(), self.dialect.currentText(), self.default_schema.text())
        except (SqlParseError, RuntimeError) as error:
            self.proposal = None
            lines = error.problems if isinstance(error, SqlParseError) else (str(error),)
            self.error.setText("The SQL could not be read:\n" + "\n".join(lines))
            self.error.show()
            self.tables.show_proposal(None, {})
            self.notes.hide()
            self._refresh_preview()
            return
        self.proposal = proposal
        self.error.hide()
        document = self._model.document
        suggestions = {table: suggest_namespace(document, table) for table in proposal.tables}
        self.tables.show_proposal(proposal, {t: ns for t, ns in suggestions.items() if ns})
        self.notes.setText("\n".join(proposal.notes))
        self.notes.setVisible(bool(proposal.notes))
        self._refresh_preview()

    def _refresh_preview(self) -> None:
        self.columns.clear()
        proposal = self.proposal
        choices = self.tables.choices()
        if proposal is not None:
            for output in proposal.outputs:
                chosen = choices.get(output)
                if chosen is None:
                    continue
                top = QTreeWidgetItem([chosen.name or output.qualified, ""])
                for mapping in proposal.mappings_for(output):
                    sources = [
                        f"{found.name}.{source.column}"
                        for source in mapping.sources
                        if (found := choices.get(source.table)) is not None
                    ]
                    if sources:
                        top.addChild(QTreeWidgetItem([mapping.column, ", ".join(sources)]))
                if top.childCount():
                    self.columns.addTopLevelItem(top)
            self.columns.expandAll()
        self._refresh_status()

    def _refresh_status(self) -> None:
        proposal = self.proposal
        missing = self.tables.missing()
        if proposal is None:
            text = "Fix the SQL to see what it reads and writes."
        elif not proposal.tables:
            text = "This SQL reads and writes no table."
        elif not self.tables.choices():
            text = "Tick at least one table."
        elif missing:
            text = "Choose a namespace and a name for: " + ", ".join(missing)
        else:
            text = f"Apply adds {len(self.tables.choices())} table(s); Undo takes it all back in one step."
        self.status.setText(text)
        self.apply_button.setEnabled(proposal is not None and bool(self.tables.choices()) and not missing)

    # --- applying -------------------------------------------------------------------------

    def reject(self) -> None:
        """Close without applying; SQL typed here is only thrown away once the user agrees."""
        if self.sql.toPlainText() != self._opened_with and not self.confirm_discard():
            return
        super().reject()

    def _ask_discard(self) -> bool:
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self,
            "Fill from SQL",
            "The SQL was changed here and is not in the event yet. Close and discard the change?",
            buttons.Discard | buttons.Cancel,
            buttons.Cancel,
        )
        return answer == buttons.Discard

    def apply(self) -> None:
        """Write the chosen tables, column lineage and the SQL into the event as one undo step."""
        self.read_sql()  # what is applied is what the box says now, not a stale parse
        if self.proposal is None or not self.apply_button.isEnabled():
            return
        try:
            result = apply_proposal(
                self._model.document, self.proposal, self.tables.choices(), query=self.sql.toPlainText()
            )
        except FillError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        self.tables.remember_namespaces()
        self._model.replace(result.document, text=UNDO_TEXT)
        self.accept()


def _combo(object_name: str, accessible: str, items: tuple[str, ...], current: str) -> QComboBox:
    tip = "How openlineage-sql reads the SQL: quoting, names and syntax differ by database."
    combo = named(QComboBox(), object_name, accessible, tip)
    combo.addItems(list(items))
    combo.setCurrentText(current if current in items else items[0])
    return combo


def _line(object_name: str, accessible: str, placeholder: str, tip: str) -> QLineEdit:
    line = named(QLineEdit(), object_name, accessible, tip)
    line.setPlaceholderText(placeholder)
    return line


def _label(object_name: str, role: str | None) -> QLabel:
    label = wrapped_label(object_name)
    if role:
        set_text_role(label, role)
    label.setVisible(object_name == "sqlFillStatus")
    return label
