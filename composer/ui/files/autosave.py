"""Drafts of unsaved work, so a crash, a kill or a power cut costs a steward seconds, not an event.

While the event has unsaved changes, a draft (the event's exact text, the file it belongs to and
when it was taken) is written every few seconds under `home/autosave/`. A clean close or a save
removes it, so a draft found at start means the session that wrote it died.

Several windows or app instances may run at once, each with its own draft. Each session holds a
`QLockFile` next to its draft; the lock dies with its process, which is how a new session tells a
crashed session's draft (offer to restore) from a live one's (leave alone).

The text is snapshotted on the GUI thread (the model is not thread-safe) and written on a
`TaskRunner` worker (the window's one), so a slow disk never freezes typing; a write starts only
when the one before it finished, so two writes never overlap.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLockFile, QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from composer.core.document import EventDocument
from composer.core.jsontext import JsonSyntaxError
from composer.services.window_files import AUTOSAVE_FOLDER_NAME
from composer.ui.editor.document_model import DocumentModel
from composer.ui.tasks import Task, TaskRunner

DRAFT_FORMAT = 1
_DRAFT_PREFIX = "draft-"
_DiskState = tuple[str, str | None] | None
_UNKNOWN: _DiskState = ("", "\x00unknown")  # equal to no state the model can be in


def write_text_atomically(path: Path, text: str, *, private: bool = False) -> None:
    """Write `text` as UTF-8 (no BOM added, no newline added) via a temp file and `os.replace`.

    A reader (or a crash) never sees half a file, and a failed write leaves the old file intact.
    A symlink is followed so the link survives; an existing file keeps its permissions. The data
    is fsynced before the rename because here (unlike a recents list) the file is someone's work.
    """
    target = Path(os.path.realpath(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        if not private:
            _copy_permissions(target, Path(temporary))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _copy_permissions(target: Path, temporary: Path) -> None:
    """`mkstemp` makes owner-only files; a saved event should get the usual permissions."""
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temporary, mode)


@dataclass(frozen=True)
class RestoreInfo:
    """A draft left by a session that did not close cleanly."""

    draft_file: Path
    text: str
    path: Path | None
    saved_at: datetime

    @property
    def name(self) -> str:
        return self.path.name if self.path is not None else "Untitled"


def _read_draft(draft_file: Path) -> RestoreInfo | None:
    """The draft in `draft_file`, or None when it is not a draft this app can restore."""
    try:
        data: Any = json.loads(draft_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != DRAFT_FORMAT:
        return None
    text, path, saved_at = data.get("text"), data.get("path"), data.get("savedAt")
    if not isinstance(text, str) or not isinstance(saved_at, str) or not isinstance(path, str | None):
        return None
    try:
        moment = datetime.fromisoformat(saved_at.replace("Z", "+00:00"))
        EventDocument.from_json(text)
    except (ValueError, JsonSyntaxError):
        return None
    return RestoreInfo(draft_file, text, Path(path) if path else None, moment)


def _write_draft(draft_file: Path, payload: str | None) -> str:
    """Write (or, with `payload` None, remove) one draft; "" on success, else what went wrong."""
    try:
        if payload is None:
            draft_file.unlink(missing_ok=True)
        else:
            write_text_atomically(draft_file, payload, private=True)
    except OSError as error:
        return error.strerror or str(error)
    except Exception as error:  # a silent worker death would end autosave for good
        return str(error)
    return ""


class Autosave(QObject):
    """Keeps a draft of the unsaved event on disk and finds drafts that crashed sessions left.

    `path` is the file the event belongs to (None when untitled); `FileController.attach_autosave`
    keeps it current. `restored(path)` fires after `restore` so the controller adopts the path.
    `failed(message)` fires when a draft could not be written (once, until a write works again).
    """

    restored = Signal(str)
    failed = Signal(str)

    def __init__(
        self,
        model: DocumentModel,
        home: Path,
        interval_ms: int = 3000,
        parent: QObject | None = None,
        *,
        tasks: TaskRunner,
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._folder = home / AUTOSAVE_FOLDER_NAME
        session = f"{_DRAFT_PREFIX}{uuid.uuid4().hex}"
        self.draft_file = self._folder / f"{session}.json"
        self._lock = QLockFile(str(self._folder / f"{session}.lock"))
        self._lock.setStaleLockTime(0)
        self.path: Path | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._write_now)
        self._tasks = tasks
        self._write: Task[str] | None = None  # the write in flight
        self._writing = False
        self._again = False
        self._on_disk: _DiskState = None  # (text, path) of the draft on disk, None when there is none
        self._failing = False
        self._started = False

    # --- the running session --------------------------------------------------------------

    def start(self) -> None:
        """Begin watching the model; call after any restore so a restored draft is kept too."""
        if self._started:
            return
        self._started = True
        self._claim()
        self._model.changed.connect(self._schedule)
        self._model.undo_stack.cleanChanged.connect(self._schedule)
        if not self._model.undo_stack.isClean():  # a restored draft: keep it under our name
            self._schedule()

    @property
    def busy(self) -> bool:
        """A write is queued or running (tests wait on this instead of sleeping)."""
        return self._writing or self._again or self._timer.isActive()

    def flush(self) -> None:
        """Write the pending draft now instead of at the next tick (e.g. before a risky action)."""
        if self._timer.isActive():
            self._timer.stop()
            self._write_now()

    def discard(self) -> None:
        """Remove this session's draft: the work is saved, or the user closed without wanting it.

        Waits for a write in flight first: finishing after the removal, it would bring the draft
        back and the next start would offer to restore work that is already safe.
        """
        self._timer.stop()
        self._again = False
        if self._write is not None:
            self._write.wait(60_000)
        try:
            self.draft_file.unlink(missing_ok=True)
        except OSError as error:
            self.failed.emit(f"The autosave draft {self.draft_file} could not be removed: {error.strerror}")
        self._on_disk = None

    def _claim(self) -> None:
        """Hold this session's lock so no other instance takes our draft for a crashed one."""
        if self._lock.isLocked():
            return
        try:
            self._folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self.failed.emit(
                f"Autosave is off: the folder {self._folder} cannot be created ({error.strerror})."
            )
            return
        self._lock.tryLock(0)

    def _schedule(self, *_args: object) -> None:
        if self._started and not self._timer.isActive():
            self._timer.start()

    def _write_now(self) -> None:
        if self._writing:  # never two writes at once: write again when this one is done
            self._again = True
            return
        wanted: _DiskState = None
        if not self._model.undo_stack.isClean():
            wanted = (self._model.to_json(), str(self.path) if self.path is not None else None)
        if wanted == self._on_disk:
            return
        payload = None
        if wanted is not None:
            text, path = wanted
            payload = json.dumps(
                {"format": DRAFT_FORMAT, "path": path, "savedAt": _now_text(), "text": text},
                indent=1,  # ASCII escapes: even an unpaired surrogate in the event survives the trip
            )
        self._writing = True
        self._on_disk = wanted
        draft_file = self.draft_file
        self._write = self._tasks.run(lambda: _write_draft(draft_file, payload), self._written)

    def _written(self, error: str) -> None:
        self._writing = False
        self._write = None
        if error:
            self._on_disk = _UNKNOWN  # whatever is on disk now, it is not what we wanted
            if not self._failing:
                self.failed.emit(f"The autosave draft could not be written: {error}. Save your work soon.")
            self._failing = True
        else:
            self._failing = False
        if self._again:
            self._again = False
            self._write_now()
        elif error:
            self._schedule()  # retry at the next tick, not in a tight loop

    # --- drafts left by crashed sessions --------------------------------------------------

    def pending_restore(self) -> RestoreInfo | None:
        """The newest draft whose session is gone, or None.

        A draft that cannot be read is left where it is (it may still hold someone's work) and
        skipped; an orphaned lock with no draft is tidied away.
        """
        found: list[RestoreInfo] = []
        for draft_file in self._orphans():
            info = _read_draft(draft_file)
            if info is not None:
                found.append(info)
        return max(found, key=lambda info: info.saved_at, default=None)

    def _orphans(self) -> list[Path]:
        if not self._folder.is_dir():
            return []
        own = {self.draft_file, self.draft_file.with_suffix(".lock")}
        orphans: list[Path] = []
        for lock_path in sorted(set(self._folder.glob(f"{_DRAFT_PREFIX}*.lock")) - own):
            if not lock_path.with_suffix(".json").exists() and _lock_is_free(lock_path):
                lock_path.unlink(missing_ok=True)
        for draft_file in sorted(set(self._folder.glob(f"{_DRAFT_PREFIX}*.json")) - own):
            if _lock_is_free(draft_file.with_suffix(".lock")):
                orphans.append(draft_file)
        return orphans

    def restore(self, info: RestoreInfo) -> None:
        """Load the draft, marked modified, and make it this session's draft.

        The text loads as is, so a loaded file that was never edited restores byte for byte.
        The draft file is moved, not copied: should this session die too, the work is still
        on disk under the name of a session that is gone.
        """
        document = EventDocument.from_json(info.text)
        self._claim()
        try:
            os.replace(info.draft_file, self.draft_file)
            self._on_disk = (info.text, str(info.path) if info.path is not None else None)
        except OSError:
            self._on_disk = None  # the next tick writes our own copy
        self.path = info.path
        self._model.load(document)
        self._model.undo_stack.resetClean()
        self.restored.emit(str(info.path) if info.path is not None else "")

    def ask_restore(self, parent: QWidget | None, info: RestoreInfo) -> bool:
        """Ask whether to restore `info`; True means restore. A draft the user explicitly
        discards is deleted here, so it is not offered again at every start."""
        if ask_restore(parent, info):
            return True
        self.forget(info)
        return False

    def forget(self, info: RestoreInfo) -> None:
        """Delete a crashed session's draft the user chose not to restore."""
        if info.draft_file != self.draft_file and _lock_is_free(info.draft_file.with_suffix(".lock")):
            info.draft_file.unlink(missing_ok=True)


def _lock_is_free(lock_path: Path) -> bool:
    """True when no live process holds `lock_path` (a crashed holder's stale lock is removed)."""
    lock = QLockFile(str(lock_path))
    lock.setStaleLockTime(0)  # judge by the holder's PID only: a long session must not look dead
    if not lock.tryLock(0):
        return False
    lock.unlock()
    return True


def _now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def restore_box(parent: QWidget | None, info: RestoreInfo | None = None) -> QMessageBox:
    """The restore question, built apart from `ask_restore` so tests can read it without a modal loop."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Restore unsaved work?")
    box.setText("Lineage Composer did not close normally last time, and an event had unsaved changes.")
    details = "Restore it to keep working on it, or discard the draft."
    if info is not None:
        where = str(info.path) if info.path is not None else "an untitled event"
        when = info.saved_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        details = f"The draft of {where} was autosaved at {when}.\n\n{details}"
    box.setInformativeText(details)
    restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Discard Draft", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(restore)
    box.setEscapeButton(restore)  # a reflex Escape must not throw a steward's work away
    return box


def ask_restore(parent: QWidget | None, info: RestoreInfo | None = None) -> bool:
    """Ask whether to restore a crashed session's draft; True means restore (also on Escape)."""
    box = restore_box(parent, info)
    box.exec()
    clicked = box.clickedButton()
    return clicked is None or box.buttonRole(clicked) != QMessageBox.ButtonRole.DestructiveRole
