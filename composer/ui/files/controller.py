"""New, Open, Save, recent files, paste and drop: how events get into and out of the window.

Two promises shape this module. A support engineer who opens a customer's file and saves it
gets the same bytes back (the document keeps its source text; saving writes it unchanged, with
no BOM or newline added). And nothing the user has not saved is ever thrown away by a bad file,
a bad paste or a failed write: every problem is a plain message, and the current event stays.

Reading, parsing and writing run on a worker (`file_io.FileJobs`), so `open_path`, `save` and
`save_as` return at once: True when the work started, False when it was refused (another read or
write is in flight; the actions are disabled meanwhile) or cancelled. The outcome arrives as
`opened(Path)`, `saved(Path)` or `failed(str)`; `wait_idle` blocks until it was handled. A save
writes a snapshot of the text taken when it started, and the document becomes clean only if it
is still that revision when the write succeeded: an edit made meanwhile stays unsaved (and in
the autosave draft). The event picker and the unsaved-changes prompt are dialogs, so they run on
the GUI thread once the read has finished.

`maybe_save` (closing the window, New, Open over unsaved changes) blocks on a save in flight
and on the save it starts: the user just asked for that save and the event is about to go, so
waiting is the only way to keep the promise that nothing unsaved is lost.

All questions and dialogs go through one `Prompter`, which tests replace to answer without a
modal loop.
"""

from __future__ import annotations

import os
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QWidget

from composer.core.document import EventDocument
from composer.core.eventlog import EventEntry
from composer.core.templates import instantiate
from composer.services.recents import RecentsWriter, RecentValues
from composer.services.window_files import RECENT_FILES_FILE_NAME
from composer.ui.editor.document_model import DocumentModel
from composer.ui.files.autosave import Autosave
from composer.ui.files.drops import DropTarget
from composer.ui.files.event_picker import Choice, OpenError, choose_event, picked_choice
from composer.ui.files.file_io import FileJobs, VanishedError, read_and_parse, save_problem, write_event
from composer.ui.files.menu import EMPTY_TEMPLATE, add_new_button, add_template_actions, file_action
from composer.ui.files.recent_menu import fill_recent_menu, suggested_name
from composer.ui.prompter import APP_NAME, FilePrompts, Prompter, SaveChoice, error_box
from composer.ui.tasks import TaskRunner
from composer.ui.window_state import WindowState

__all__ = ["FileController", "Prompter", "SaveChoice", "error_box"]

RECENT_LIMIT = 10


class FileController(QObject):
    """Owns the File menu's document life cycle for one window: which file, saved or not."""

    titleChanged = Signal(str)
    documentOpened = Signal(str)
    opened = Signal(Path)  # a file read by `open_path` became the event
    saved = Signal(Path)  # a save finished writing this file
    failed = Signal(str)  # an open or save did not happen: the message the user was shown

    def __init__(
        self,
        window: QMainWindow,
        model: DocumentModel,
        home: Path,
        parent: QObject | None = None,
        *,
        recents: RecentsWriter | None = None,
        tasks: TaskRunner,
        state: WindowState | None = None,
    ) -> None:
        """`state`: the window's own saved state (its last folder), else one opened here."""
        super().__init__(parent if parent is not None else window)
        self._window = window
        self._model = model
        self.prompter: FilePrompts = Prompter(window)
        self.recent = RecentValues(home / RECENT_FILES_FILE_NAME, RECENT_LIMIT, writer=recents or RecentsWriter())
        self._state = state if state is not None else WindowState(home, parent=self)
        self._path: Path | None = None
        self._picked_from: tuple[str, int] | None = None  # (file name, event number) of one of several
        self._origin = ""  # where an untitled event came from ("from history, 14:02:11")
        self._autosave: Autosave | None = None
        self.recent_menu: QMenu | None = None
        self._shown_title = ""
        self._revision = 0  # every change to the document counts: a save compares it
        self._io_actions: list[QAction] = []
        self._jobs = FileJobs(tasks, self)
        self._jobs.busyChanged.connect(self._follow_busy)
        model.undo_stack.cleanChanged.connect(self._emit_title)
        model.changed.connect(self._count_change)

    # --- state ----------------------------------------------------------------------------

    @property
    def current_path(self) -> Path | None:
        return self._path

    @current_path.setter
    def current_path(self, path: Path | None) -> None:
        self._path = Path(os.path.abspath(path)) if path is not None else None
        self._picked_from = None
        self._origin = ""
        if self._autosave is not None:
            self._autosave.path = self._path
        self._emit_title()

    @property
    def busy(self) -> bool:
        """A read or write is in flight: Open, Save and New wait for it."""
        return self._jobs.busy

    def wait_idle(self, timeout_ms: int = 60_000) -> bool:
        """Block until the read or write in flight has been handled; False on timeout."""
        return self._jobs.wait_idle(timeout_ms)

    def _count_change(self, _pointer: str) -> None:
        self._revision += 1

    def _follow_busy(self, busy: bool) -> None:
        for action in self._io_actions:
            action.setEnabled(not busy)

    def _refuse(self) -> bool:
        self._status("Wait for the file being opened or saved to finish first.")
        return False

    def _status(self, text: str) -> None:
        self._window.statusBar().showMessage(text, 5000)

    @property
    def modified(self) -> bool:
        return not self._model.undo_stack.isClean()

    @property
    def display_name(self) -> str:
        if self._path is not None:
            return self._path.name
        if self._picked_from is not None:
            return f"{self._picked_from[0]}, event {self._picked_from[1]}"
        return self._origin or "Untitled"

    @property
    def title(self) -> str:
        return f"{self.display_name}{'*' if self.modified else ''} — {APP_NAME}"

    def _emit_title(self, *_args: object) -> None:
        if not shiboken6.isValid(self._model.undo_stack):  # the stack says "clean" as it is destroyed
            return
        if self.title != self._shown_title:
            self._shown_title = self.title
            self.titleChanged.emit(self.title)

    def attach_autosave(self, autosave: Autosave) -> None:
        """Keep the draft's path in step, drop the draft after a save, adopt a restored path."""
        self._autosave = autosave
        autosave.path = self._path
        autosave.restored.connect(self._adopt_restored)

    def _adopt_restored(self, path: str) -> None:
        self.current_path = Path(path) if path else None
        self.documentOpened.emit(str(self._path) if self._path is not None else "")

    # --- menus ----------------------------------------------------------------------------

    def install(self, file_menu: QMenu, toolbar: QToolBar) -> None:
        """Add the file actions; also adopt an `Autosave` that is a child of the window, so a
        restored draft brings its path back without the window wiring the two together."""
        self.new_menu = file_menu.addMenu("&New")
        empty = add_template_actions(self.new_menu, self.new_document)
        if empty is not None:
            self.new_action = empty
        self.open_action = file_action(
            self, "&Open…", self.open_file, QKeySequence.StandardKey.Open, icon="document-open"
        )
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.setToolTipsVisible(True)
        self._fill_recent_menu()
        file_menu.addSeparator()
        self.save_action = file_action(
            self, "&Save", self.save, QKeySequence.StandardKey.Save, icon="document-save"
        )
        self.save_as_action = file_action(
            self,
            "Save &As…",
            self.save_as,
            QKeySequence.StandardKey.SaveAs,
            icon="document-save-as",
            fallback="Ctrl+Shift+S",
        )
        file_menu.addActions([self.save_action, self.save_as_action])
        file_menu.addSeparator()
        self.paste_action = file_action(self, "&Paste Event from Clipboard", self.paste_from_clipboard)
        self.paste_action.setStatusTip("Replace the event with the JSON on the clipboard (undoable)")
        file_menu.addAction(self.paste_action)

        toolbar_new = add_new_button(self, toolbar, self.new_menu, self.new_document)
        toolbar.addActions([self.open_action, self.save_action])
        self._io_actions = [
            self.new_menu.menuAction(),
            toolbar_new,
            self.open_action,
            self.recent_menu.menuAction(),
            self.save_action,
            self.save_as_action,
        ]
        self._follow_busy(self.busy)
        if self._autosave is None:  # the window's own Autosave, unless one was attached already
            found = self._window.findChild(Autosave)
            if isinstance(found, Autosave):
                self.attach_autosave(found)
        self._shown_title = ""  # the window connects before install: tell it the first title
        self._emit_title()

    def _fill_recent_menu(self) -> None:
        if self.recent_menu is not None:
            fill_recent_menu(self.recent_menu, self.recent.values(), self.open_recent, self.clear_recent)

    def clear_recent(self) -> None:
        for value in self.recent.values():
            self.recent.remove(value)
        self._fill_recent_menu()

    def _remember(self, path: Path) -> None:
        self.recent.add(str(path))
        self._state.last_directory = str(path.parent)
        self._fill_recent_menu()

    # --- new and open ---------------------------------------------------------------------

    def new_document(self, template_id: str = EMPTY_TEMPLATE) -> bool:
        if self.busy:  # an open finishing later would replace the new event
            return self._refuse()
        if not self.maybe_save():
            return False
        try:
            document = instantiate(template_id)
        except (OSError, KeyError, ValueError) as error:
            self.prompter.show_error("Cannot create the event", f"The template could not be read: {error}.")
            return False
        self._load(document, None, None)
        return True

    def open_file(self) -> bool:
        path = self.prompter.choose_open_path(self._start_directory())
        return self.open_path(path) if path is not None else False

    def open_recent(self, path: Path) -> bool:
        """Like `open_path`; a file that is gone is explained and dropped from the list."""
        return self._start_open(path, recent=True)

    def open_path(self, path: Path) -> bool:
        """Start reading `path`; True when the read started (the outcome: `opened` or `failed`)."""
        return self._start_open(path, recent=False)

    def _start_open(self, path: Path, *, recent: bool) -> bool:
        if self.busy:
            return self._refuse()
        path = Path(os.path.abspath(path))
        label = f"“{path.name}”"
        self._status(f"Opening {label}…")
        return self._jobs.start(
            lambda: read_and_parse(path, label, recent=recent),
            lambda found: self._finish_open(path, label, found),
            lambda error: self._open_failed(path, error),
        )

    def _finish_open(self, path: Path, label: str, found: Choice | list[EventEntry]) -> None:
        self._status("")
        choice = found if isinstance(found, Choice) else picked_choice(found, label, self.prompter.pick_event)
        if choice is None or not self.maybe_save():
            return
        if choice.whole_text:
            self._load(choice.document, path, None)
        else:  # saving one event over the whole log would destroy the other events: save as new
            self._load(choice.document, None, (path.name, choice.index + 1))
        self._remember(path)
        self.opened.emit(path)

    def _open_failed(self, path: Path, error: Exception) -> None:
        self._status("")
        if isinstance(error, VanishedError):
            self.recent.remove(str(path))
            self._fill_recent_menu()
            self.prompter.show_error("Cannot open the file", error.text, error.details)
            self.failed.emit(error.text)
            return
        problem = error if isinstance(error, OpenError) else OpenError(f"“{path.name}” cannot be opened: {error}.")
        self._tell("Cannot open the file", problem, "Nothing was opened; your current event is unchanged.")
        self.failed.emit(problem.text)

    def _load(self, document: EventDocument, path: Path | None, picked_from: tuple[str, int] | None) -> None:
        self._model.load(document)
        self.current_path = path
        self._picked_from = picked_from
        self._emit_title()
        self.documentOpened.emit(str(self._path) if self._path is not None else "")

    def adopt_as_new(self, origin: str) -> None:
        """The event just put in the window (an undoable replace) came from the history or a log:
        it is a new, unsaved document named by its origin, so Save asks where instead of writing
        it over the file that was open."""
        self.current_path = None
        self._origin = origin
        self._emit_title()
        self.documentOpened.emit("")

    # --- paste and drop -------------------------------------------------------------------

    def paste_from_clipboard(self) -> bool:
        return self.replace_from_text(QGuiApplication.clipboard().text(), "The clipboard text", "Paste event")

    def replace_from_text(self, text: str, label: str, undo_text: str) -> bool:
        """Make `text` the event as one undo step: nothing is lost, so no save prompt is needed."""
        try:
            choice = choose_event(text, label, self.prompter.pick_event)
        except OpenError as problem:
            self._tell("Cannot use this text", problem, "Your current event is unchanged.")
            return False
        if choice is None:
            return False
        self._model.replace(choice.document, text=undo_text)
        return True

    def install_drop_target(self, widget: QWidget) -> None:
        DropTarget(widget, self.open_dropped, self)

    def open_dropped(self, payload: Path | str) -> bool:
        """What a drop does: a file opens (asking to save first); dropped text is an undoable replace."""
        if isinstance(payload, Path):
            return self.open_path(payload)
        return self.replace_from_text(payload, "The dropped text", "Drop event")

    # --- save -----------------------------------------------------------------------------

    def save(self) -> bool:
        """Start saving to the current file (Save As when there is none); True when it started."""
        if self.busy:
            return self._refuse()
        if self._path is None:
            return self.save_as()
        return self._write(self._path)

    def save_as(self) -> bool:
        if self.busy:
            return self._refuse()
        path = self.prompter.choose_save_path(self._start_directory(), self._suggested_name())
        return self._write(Path(os.path.abspath(path))) if path is not None else False

    def maybe_save(self) -> bool:
        """True when the current event may be replaced or closed: it is saved, or the user said so.

        Blocks on a save in flight, and on the save the user asks for here (see the module's
        docstring); a save that fails or does not finish in time keeps the event (False).
        """
        if self.busy and not self.wait_idle():
            self._status("The file is still being written; try again when it has finished.")
            return False
        if not self.modified:
            return True
        choice = self.prompter.ask_save_changes(self.display_name)
        if choice is SaveChoice.SAVE:
            return self.save() and self.wait_idle() and not self.modified
        return choice is SaveChoice.DISCARD

    def _write(self, path: Path) -> bool:
        text, revision = self._model.to_json(), self._revision  # the snapshot the worker writes
        self._status(f"Saving “{path.name}”…")
        return self._jobs.start(
            lambda: write_event(path, text),
            lambda _none: self._finish_save(path, revision),
            lambda error: self._save_failed(path, error),
        )

    def _finish_save(self, path: Path, revision: int) -> None:
        self._status("")
        unchanged = revision == self._revision
        if unchanged:  # an edit made during the write is not on disk: it stays unsaved
            self._model.undo_stack.setClean()
        self.current_path = path
        self._remember(path)
        if unchanged and self._autosave is not None:
            self._autosave.discard()
        self.saved.emit(path)

    def _save_failed(self, path: Path, error: Exception) -> None:
        self._status("")
        problem = save_problem(path, error)
        self._tell(
            "Cannot save the event",
            problem,
            "Your event is still open and unchanged. Try Save As to put it somewhere else.",
        )
        self.failed.emit(problem.text)

    # --- helpers --------------------------------------------------------------------------

    def _start_directory(self) -> str:
        for candidate in (self._state.last_directory, str(self._path.parent) if self._path else ""):
            if candidate and Path(candidate).is_dir():
                return candidate
        return str(Path.home())

    def _suggested_name(self) -> str:
        return suggested_name(self._path, self._picked_from, self._model.document.job_name)

    def _tell(self, title: str, problem: OpenError, consequence: str) -> None:
        self.prompter.show_error(title, f"{problem.text}\n\n{consequence}", problem.details)
