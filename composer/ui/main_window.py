"""The composer window: forms on the left, the live JSON and its problems on the right."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from composer.core.document import EventDocument
from composer.core.problems import Problem
from composer.core.targets import TARGET_RULE_SETS
from composer.services.recents import RecentValues
from composer.services.window_files import RECENT_JOB_NAMESPACES_FILE_NAME, RECENT_NAMESPACES_FILE_NAME
from composer.ui.checks.live import LiveController
from composer.ui.checks.problems_panel import ProblemsPanel
from composer.ui.checks.schema_url_checks import SchemaUrlChecks, merged
from composer.ui.checks.targets import targets
from composer.ui.editor.document_model import DocumentModel
from composer.ui.editor.undo_routing import UndoRouter, fixed_undo_actions
from composer.ui.files.autosave import Autosave
from composer.ui.files.controller import FileController
from composer.ui.files.template_gallery import install_gallery
from composer.ui.forms.datasets import DatasetList
from composer.ui.forms.event_form import EventForm
from composer.ui.forms.job_run_forms import JobForm, RunForm
from composer.ui.gc_policy import freeze_long_lived
from composer.ui.icons import action_icon
from composer.ui.preview.panel import PreviewPanel, parse_problem
from composer.ui.sheet import install_sheet_tools, preflight_of
from composer.ui.sql_fill import install_sql_fill
from composer.ui.tab_order import ReadingOrder
from composer.ui.window_lifetime import AfterFirstPaint, adopt
from composer.ui.window_services import WindowServices
from composer.ui.window_state import WindowState, place_first_time

if TYPE_CHECKING:
    from composer.ui.export.dialog import ExportUi
    from composer.ui.export.run_pair_action import RunPairAction
    from composer.ui.history.dock import HistoryDock
    from composer.ui.lineage.view import LineageView
    from composer.ui.logs import LogTools
    from composer.ui.send import SendUi
    from composer.ui.tenant.install import TenantUi


FORMS_MIN_WIDTH = 460
PREVIEW_MIN_WIDTH = 380


class MainWindow(QMainWindow):
    """The composer window.

    With `defer_docks` the send panel, history and lineage picture (and the modules behind them:
    httpx, keyring, SQLite) are built right after the first paint instead of before it, so the
    forms and preview appear sooner; `docksReady` fires once they exist. Without it (tests,
    scripts) the window is complete when the constructor returns.
    """

    docksReady = Signal()
    history: HistoryDock  # these exist once the docks are built (see docks_ready)
    lineage: LineageView
    export_ui: ExportUi  # Export as code follows the send toolbar's profile
    run_pair: RunPairAction  # START + COMPLETE sends through the send UI
    logs: LogTools  # the log browser replays through the send UI and the history
    tenant: TenantUi  # data sources, pre-flight and verification against the profile's catalog

    def __init__(
        self,
        model: DocumentModel,
        services: WindowServices,
        parent: QWidget | None = None,
        *,
        defer_docks: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self.setWindowTitle("Lineage Composer")
        self.model = model
        self.services = services
        self.tasks = services.tasks
        adopt(self, model, self.tasks)
        home = self.home = services.paths.home
        self.state = WindowState(home, parent=self)
        self._build_panes(model, home)
        self.reading_order = ReadingOrder(self, self._tab_regions)

        self.schema_urls = SchemaUrlChecks(model, self.state.path, parent=self, tasks=self.tasks)
        self._problem_sources: list[Callable[[], list[Problem]]] = []  # see add_problem_source
        self.live = LiveController(model, self.rule_sets, self)
        self.schema_urls.problemsChanged.connect(lambda: self._show_problems(self.live.problems))
        self.live.textChanged.connect(self.preview.show_text)
        self.live.problemsChanged.connect(self._show_problems)
        self.preview.parseErrorChanged.connect(lambda _error: self._show_problems(self.live.problems))
        self.target.currentTextChanged.connect(lambda _t: self.live.schedule())
        self.problems.problemActivated.connect(self.focus_path)

        self.files = FileController(
            self, model, home, self, recents=services.recents, tasks=self.tasks, state=self.state
        )
        self.files.titleChanged.connect(self.setWindowTitle)
        self.autosave = Autosave(model, home, parent=self, tasks=self.tasks)
        self._build_menus()
        self.files.install_drop_target(self)
        self.setAcceptDrops(True)
        self._undo_router = UndoRouter(self, exempt=(self.preview.editor,))
        application = QApplication.instance()
        if isinstance(application, QApplication):
            self._undo_router.watch(application)
        self.schema_urls.install(self)
        self._keep_help_last()
        self.send_ui: SendUi | None = None
        if defer_docks:
            self._after_first_paint = AfterFirstPaint(self, self._finish_after_first_paint)
        else:
            self._install_send_and_history()
        if not self.state.restore(self, [self.main_splitter, self.right_splitter]):
            place_first_time(self)  # a first run: a good share of the screen, not Qt's size hint
        self.live.refresh(problems_later=defer_docks)

    def _build_panes(self, model: DocumentModel, home: Path) -> None:
        """Forms on the left; the preview above the problems on the right."""
        scroll = self.forms_scroll = self._build_forms(model, home)
        problems_box = self._build_problems()
        self.preview = PreviewPanel(model)
        self.right_splitter = QSplitter(Qt.Orientation.Vertical)
        self.right_splitter.setObjectName("previewSplitter")
        self.right_splitter.addWidget(self.preview)
        self.right_splitter.addWidget(problems_box)
        self.right_splitter.setSizes([520, 260])
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.setObjectName("mainSplitter")
        self.main_splitter.addWidget(scroll)
        self.main_splitter.addWidget(self.right_splitter)
        self.main_splitter.setSizes([550, 450])  # shares: the forms' facet cards need the room
        self._hold_pane_widths()
        self.setCentralWidget(self.main_splitter)

    def _hold_pane_widths(self) -> None:
        """Below these widths the form labels ("Produ…"), the problems column and the preview cut."""
        self.forms_scroll.setMinimumWidth(FORMS_MIN_WIDTH)
        self.right_splitter.setMinimumWidth(PREVIEW_MIN_WIDTH)
        self.main_splitter.setChildrenCollapsible(False)

    @property
    def docks_ready(self) -> bool:
        return self.send_ui is not None

    def _finish_after_first_paint(self) -> None:
        if self.isVisible():  # not when the window closed right after its first paint
            self.live.schedule()  # the first problems, now that the rules may load
            self._install_send_and_history()
            freeze_long_lived()  # the window is complete: see gc_policy

    def _install_send_and_history(self) -> None:
        """Send, verification, history and the lineage picture: docks around the editor."""
        # Imported here: with deferred docks their modules load after the first paint.
        from composer.ui.checks.targets import follow_profile  # noqa: PLC0415
        from composer.ui.export.dialog import install_export_ui  # noqa: PLC0415
        from composer.ui.export.run_pair_action import install_run_pair  # noqa: PLC0415
        from composer.ui.history.dock import HistoryDock  # noqa: PLC0415
        from composer.ui.lineage.view import LineageView  # noqa: PLC0415
        from composer.ui.logs import install_log_tools  # noqa: PLC0415
        from composer.ui.send import install_send_ui  # noqa: PLC0415
        from composer.ui.tenant.install import install_tenant_ui  # noqa: PLC0415

        restoring_later = self.send_ui is None and self.isVisible()
        send_service = self.services.send_service()
        self.send_ui = install_send_ui(
            self,
            self.model,
            send_service,
            self.tasks,
            last_profile=self.state.last_profile,
            remember_profile=lambda name: setattr(self.state, "last_profile", name),
        )
        self.export_ui = install_export_ui(self, self.model, self.send_ui, self.file_menu, self.main_toolbar)
        self.export_ui.action.setIcon(action_icon("text-x-script"))
        follow_profile(self.send_ui, self.target)
        self.send_ui.controller.editor_text = self.preview.unparsed  # Send sends what is on screen
        self.run_pair = install_run_pair(self, self.model, self.send_ui, self.edit_menu)
        self.history = HistoryDock(self.model, self.services.paths.data, tasks=self.tasks)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.history)
        self.logs = install_log_tools(self, self.model, self.send_ui, self.history, self.file_menu)
        self.lineage = LineageView(self.model)
        lineage_dock = QDockWidget("Lineage picture", self)
        lineage_dock.setObjectName("lineageDock")
        lineage_dock.setWidget(self.lineage)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, lineage_dock)
        self.tabifyDockWidget(self.history, lineage_dock)
        lineage_dock.raise_()
        self.send_ui.sent.connect(self.history.show_sent)
        self.tenant = install_tenant_ui(self, self, self.send_ui)
        self.send_ui.unresolved.connect(self.lineage.set_unresolved)
        self.history.resendRequested.connect(self._resend)
        self.history.openedAsNew.connect(self.files.adopt_as_new)
        self.logs.openedAsNew.connect(self.files.adopt_as_new)
        self.files.documentOpened.connect(self.send_ui.start_afresh)  # its last result was another event's
        self.resizeDocks([self.history], [max(200, self.height() // 5)], Qt.Orientation.Vertical)
        self.resizeDocks([self.send_ui.dock], [max(330, self.width() // 4)], Qt.Orientation.Horizontal)
        for dock in (self.send_ui.dock, self.history, lineage_dock):
            self.view_menu.addAction(dock.toggleViewAction())
        self._keep_help_last()
        if restoring_later:  # the saved layout names these docks: apply it now that they exist
            self.state.restore_layout(self)
        self.docksReady.emit()

    def _tab_regions(self) -> list[QWidget | None]:
        """Tab's reading order: forms, preview and problems, the send bar and pane, the docks."""
        if self.send_ui is None:
            return [self.forms_scroll, self.right_splitter]
        docks = [self.send_ui.toolbar, self.send_ui.dock, self.history, self.lineage.parentWidget()]
        return [self.forms_scroll, self.right_splitter, *docks]

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802 (Qt's name: Tab and Shift+Tab)
        return self.reading_order.step(next) or super().focusNextPrevChild(next)

    def _keep_help_last(self) -> None:
        """Menus added by features (Tools, Send) go before Help, which ends the bar by convention."""
        bar = self.menuBar()
        bar.removeAction(self.help_menu.menuAction())
        bar.addAction(self.help_menu.menuAction())

    def _resend(self, text: str) -> None:
        """Resend from history: load the exact text (undoable), then send it like any event."""
        assert self.send_ui is not None  # the history dock exists only beside the send UI
        self.model.replace(EventDocument.from_json(text), text="Resend from history")
        self.send_ui.send_action.trigger()

    def _build_forms(self, model: DocumentModel, home: Path) -> QScrollArea:
        self.event_form = EventForm(model)
        writer = self.services.recents
        self.job_form = JobForm(model, RecentValues(home / RECENT_JOB_NAMESPACES_FILE_NAME, writer=writer))
        self.run_form = RunForm(model)
        dataset_recents = RecentValues(home / RECENT_NAMESPACES_FILE_NAME, writer=writer)
        self.dataset_recents = dataset_recents
        self.inputs = DatasetList(model, "inputs", dataset_recents)
        self.outputs = DatasetList(model, "outputs", dataset_recents, after=self.inputs)
        forms = QWidget()
        column = QVBoxLayout(forms)
        for section in (self.event_form, self.job_form, self.run_form):
            column.addWidget(section)
        for title, widget in (
            ("Inputs (sources the job reads)", self.inputs),
            ("Outputs (targets it writes)", self.outputs),
        ):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(widget)
            column.addWidget(box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("forms")
        scroll.setWidgetResizable(True)
        scroll.setWidget(forms)
        return scroll

    def _build_problems(self) -> QWidget:
        self.problems = ProblemsPanel()
        self.target = QComboBox()
        self.target.setObjectName("target")
        self.target.setAccessibleName("Rules to check against")
        self.target.addItems(list(targets()))
        self.target.setToolTip("Which rules the problems list speaks for")
        problems_box = QWidget()
        problems_layout = QVBoxLayout(problems_box)
        problems_layout.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        header.addWidget(QLabel("<b>Problems</b>"))
        header.addStretch(1)
        header.addWidget(QLabel("Check for"))
        header.addWidget(self.target)
        problems_layout.addLayout(header)
        problems_layout.addWidget(self.problems)
        return problems_box

    # --- wiring ---------------------------------------------------------------------------

    def _build_menus(self) -> None:
        toolbar = self.main_toolbar = QToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(toolbar)
        file_menu = self.file_menu = self.menuBar().addMenu("&File")
        self.files.install(file_menu, toolbar)
        self.gallery = install_gallery(self.files, self)
        self.sheets = install_sheet_tools(
            self,
            self.model,
            self.dataset_recents,
            file_menu,
            self.files.new_menu.menuAction(),
            tasks=self.tasks,
            config=self.services.paths.config,
            target_of=lambda: targets().get(self.target.currentText(), "alation"),
            replay_of=lambda: self.logs.replay_entries if self.docks_ready else None,
            tenant_of=lambda: preflight_of(self.tenant) if self.docks_ready else None,
        )
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        edit_menu = self.edit_menu = self.menuBar().addMenu("&Edit")
        undo = self.model.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.model.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit_menu.addActions([undo, redo])
        toolbar.addSeparator()
        toolbar.addActions(fixed_undo_actions(self.model.undo_stack, self))
        edit_menu.addSeparator()
        edit_json = QAction("Edit &JSON", self)
        edit_json.setCheckable(True)
        edit_json.toggled.connect(self.preview.edit_button.setChecked)
        self.preview.editModeChanged.connect(edit_json.setChecked)
        edit_menu.addAction(edit_json)
        self.sql_fill = install_sql_fill(self, self.model, self.dataset_recents, edit_menu, self.docksReady)
        self.view_menu = self.menuBar().addMenu("&View")
        help_menu = self.help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About Lineage Composer", self)
        about.setObjectName("aboutAction")
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def rule_sets(self) -> tuple[str, ...]:
        return TARGET_RULE_SETS[targets().get(self.target.currentText(), "alation")]

    def _show_problems(self, problems: list[Problem]) -> None:
        for source in self._problem_sources:  # (see add_problem_source)
            problems = merged(problems, source())
        problems = merged(problems, self.schema_urls.problems)
        error = self.preview.parse_error
        self.problems.set_problems([parse_problem(error)] if error is not None else problems)
        by_path: dict[str, Problem] = {}
        for problem in problems:  # most severe first: keep the first per path
            by_path.setdefault(problem.path, problem)
        for section in (self.event_form, self.job_form, self.run_form):
            section.show_problems(by_path)
        self.inputs.show_problems(by_path)
        self.outputs.show_problems(by_path)

    def focus_path(self, pointer: str) -> bool:
        """Focus the field that owns a problem's JSON pointer (or its nearest parent)."""
        if pointer == "" and self.preview.parse_error is not None:
            self.preview.show_error_position()
            return True
        for section in (self.event_form, self.job_form, self.run_form, self.inputs, self.outputs):
            if section.focus_path(pointer):
                return True
        self.preview.editor.setFocus()
        return False

    def _about(self) -> None:
        from composer.ui.about import show_about  # noqa: PLC0415 (its path lookups load services)

        show_about(self)

    def add_problem_source(self, problems: Callable[[], list[Problem]], changed: SignalInstance) -> None:
        """Another check's findings (the tenant pre-flight) in the problems list beside the live
        ones: `problems()` is read again each time `changed` fires."""
        self._problem_sources.append(problems)
        changed.connect(lambda *_args: self._show_problems(self.live.problems))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if not self.sheets.may_close() or not self.files.maybe_save():
            event.ignore()
            return
        self.state.save(self, [self.main_splitter, self.right_splitter])
        self.autosave.discard()
        self.live.shutdown()
        self.sheets.shutdown()
        if self.send_ui is not None:
            self.logs.shutdown()
            self.tenant.shutdown()  # before the send UI: it asks the Local sandbox too
            self.send_ui.shutdown()
            self.history.shutdown()
        self.tasks.wait_idle(30_000)  # the shared workers: nothing may report to a closed window
        application = QApplication.instance()
        if isinstance(application, QApplication):
            self._undo_router.unwatch(application)
        event.accept()
