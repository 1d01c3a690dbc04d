"""The lineage picture: inputs → job → outputs of the current event, redrawn as it is edited.

A steward sees at a glance whether the event says what they meant (which tables feed which, and
column by column where a columnLineage facet exists), and after a sandbox send which datasets
would land in Alation as TMP (unresolved) — the "200 but no lineage" trap, made visible.

Redrawing is debounced and skipped while the picture is hidden; the geometry comes from the
Qt-free `lineage_layout`, capped for very large events, so a 500-dataset event costs no more
than a 12-dataset one. Exports render the scene on the GUI thread (a scene may only be painted
there); the picture is small and bounded by the same caps, so that takes milliseconds.
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QImage,
    QImageWriter,
    QPainter,
    QPalette,
    QResizeEvent,
    QShowEvent,
    QTransform,
)
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QFileDialog,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from composer.core.pointer import PointerError, parse_pointer
from composer.ui.editor.document_model import DocumentModel
from composer.ui.files.autosave import write_text_atomically
from composer.ui.lineage.layout import (
    DatasetKey,
    LineageFacts,
    LineageLayout,
    layout_lineage,
    lineage_facts,
)
from composer.ui.lineage.scene import fill_scene
from composer.ui.prompter import error_box
from composer.ui.theme import colour, current_scheme, on_scheme_change

EXPORT_FILTER = "PNG image (*.png);;SVG drawing (*.svg)"
DEBOUNCE_MS = 60
MIN_FIT_SCALE = 0.4  # below this labels are unreadable: scroll instead of shrinking further


class LineagePrompter:
    """The picture's one dialog and its error message, in one object tests replace."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def choose_export_path(self, suggested: str) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self.parent, "Export Lineage Picture", suggested, EXPORT_FILTER
        )
        return Path(chosen) if chosen else None

    def show_error(self, title: str, text: str, details: str = "") -> None:
        error_box(self.parent, title, text, details).exec()


class LineageView(QWidget):
    """Draws the current document's lineage; `set_unresolved` marks datasets Alation would TMP."""

    # After every refresh: the picture is current (rebuilt, or unchanged because nothing drawn changed).
    redrawn = Signal()

    def __init__(self, model: DocumentModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lineage")
        self.prompter = LineagePrompter(self)
        self._model = model
        self._unresolved: set[DatasetKey] = set()
        self._keys_at: dict[tuple[str, int], DatasetKey] = {}
        self._dirty = True
        self._picture: LineageLayout | None = None
        # What the scene was drawn from: an edit that leaves it equal (eventTime, a description,
        # a schema type) needs no new layout or scene.
        self._drawn: tuple[LineageFacts, frozenset[DatasetKey]] | None = None
        self._scene = QGraphicsScene(self)
        self._view = _Canvas(self._scene)
        self._view.setObjectName("lineageCanvas")
        self._view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._view.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self._view.setBackgroundBrush(colour("lineage.canvas"))
        self._view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.summary = QLabel()
        self.summary.setObjectName("lineageSummary")
        self.export_button = QToolButton()
        self.export_button.setText("Export…")
        self.export_button.setToolTip("Save the picture as PNG or SVG (for a ticket or a slide)")
        self.export_button.clicked.connect(self.export_interactively)
        header = QHBoxLayout()
        header.setContentsMargins(6, 2, 2, 2)
        header.addWidget(self.summary, 1)
        header.addWidget(self.export_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(header)
        self.empty = QLabel(EMPTY_PICTURE)
        self.empty.setObjectName("lineageEmpty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._view)
        self.pages.addWidget(self.empty)
        column.addWidget(self.pages, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._redraw_if_visible)
        model.changed.connect(self._on_changed)
        on_scheme_change(self, self._recolour)

    def _recolour(self) -> None:
        self._view.setBackgroundBrush(colour("lineage.canvas"))
        if self._picture is not None:  # same facts and geometry, new colours: refill the scene only
            fill_scene(self._scene, self._picture, self._unresolved, current_scheme())
            self._fit()

    # --- state ----------------------------------------------------------------------------

    @property
    def picture(self) -> LineageLayout:
        """The geometry drawn now (computed on demand if the picture has not been shown yet)."""
        if self._picture is None or self._dirty:
            self.refresh()
        assert self._picture is not None
        return self._picture

    @property
    def scene(self) -> QGraphicsScene:
        return self._scene

    @property
    def unresolved(self) -> frozenset[DatasetKey]:
        return frozenset(self._unresolved)

    def set_unresolved(self, pairs: set[tuple[str, str]]) -> None:
        """Mark datasets a sandbox send left unresolved; `set()` clears every mark."""
        self._unresolved = set(pairs)
        self.refresh()

    # --- drawing --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Draw now, skipping the debounce (tests, exports, the first show)."""
        self._timer.stop()
        facts = lineage_facts(self._model.document.value)
        present = {d.key for d in facts.inputs + facts.outputs}
        self._unresolved &= present  # a mark on a dataset no longer in the event means nothing
        self._keys_at = {(d.side, d.index): d.key for d in facts.inputs + facts.outputs}
        drawn = (facts, frozenset(self._unresolved))
        if drawn != self._drawn or self._picture is None:
            self._picture = layout_lineage(facts)
            fill_scene(self._scene, self._picture, self._unresolved, current_scheme())
            self.summary.setText(_summary(self._picture, len(facts.inputs), len(facts.outputs)))
            self.pages.setCurrentWidget(self._view if facts.inputs or facts.outputs else self.empty)
            self._drawn = drawn
        self._dirty = False
        self._fit()
        self.redrawn.emit()

    def _on_changed(self, pointer: str) -> None:
        self._forget_touched(pointer)
        self._dirty = True
        self._timer.start(DEBOUNCE_MS)

    def _forget_touched(self, pointer: str) -> None:
        """An edit inside one dataset clears its mark: the sandbox's verdict was about the old one."""
        try:
            parts = parse_pointer(pointer)
        except PointerError:
            return
        if len(parts) >= 2 and parts[0] in ("inputs", "outputs") and parts[1].isdigit():
            touched = self._keys_at.get((parts[0], int(parts[1])))
            if touched is not None:
                self._unresolved.discard(touched)

    def _redraw_if_visible(self) -> None:
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._dirty:
            self.refresh()

    def _fit(self) -> None:
        self._view.fit()

    # --- export ---------------------------------------------------------------------------

    def export_png(self, path: Path, *, scale: float = 2.0) -> None:
        """Write the picture as PNG at `scale` (2: sharp on a high-DPI screen and in print)."""
        bounds, scene = self._export_scene()
        size = QSize(math.ceil(bounds.width() * scale), math.ceil(bounds.height() * scale))
        image = QImage(size, QImage.Format.Format_ARGB32)
        image.fill(colour("lineage.canvas", "light"))
        painter = QPainter(image)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        scene.render(painter, QRectF(image.rect()), bounds)
        painter.end()
        writer = QImageWriter(str(path), QByteArray(b"png"))
        if not writer.write(image):
            raise OSError(writer.errorString())

    def export_svg(self, path: Path) -> None:
        """Write the picture as SVG (text stays text: searchable, scalable, editable)."""
        bounds, scene = self._export_scene()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(QSize(math.ceil(bounds.width()), math.ceil(bounds.height())))
        generator.setViewBox(QRectF(0, 0, bounds.width(), bounds.height()))
        generator.setTitle("Lineage")
        generator.setDescription(self.summary.text())
        painter = QPainter()
        if not painter.begin(generator):
            raise OSError("could not start the SVG drawing")
        painter.fillRect(QRectF(0, 0, bounds.width(), bounds.height()), colour("lineage.canvas", "light"))
        scene.render(painter, QRectF(0, 0, bounds.width(), bounds.height()), bounds)
        painter.end()
        buffer.close()
        write_text_atomically(path, bytes(data.data()).decode("utf-8"))

    def export_interactively(self) -> bool:
        """The Export… button: ask for a path, pick the format by its suffix (PNG by default)."""
        job = self._model.document.job_name or "lineage"
        safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in job).strip("-.") or "lineage"
        path = self.prompter.choose_export_path(f"{safe}-lineage.png")
        if path is None:
            return False
        try:
            if path.suffix.lower() == ".svg":
                self.export_svg(path)
            else:
                self.export_png(path if path.suffix else path.with_suffix(".png"))
        except OSError as error:
            reason = error.strerror or str(error)
            self.prompter.show_error(
                "Cannot export the picture", f"“{path.name}” could not be written: {reason}."
            )
            return False
        return True

    def _current_bounds(self) -> QRectF:
        if self._dirty or self._picture is None:
            self.refresh()
        return self._scene.sceneRect()

    def _export_scene(self) -> tuple[QRectF, QGraphicsScene]:
        """The picture in the light scheme (exports land on white pages), and its bounds."""
        bounds = self._current_bounds()
        if current_scheme() == "light" or self._picture is None:
            return bounds, self._scene
        light = QGraphicsScene(self)
        fill_scene(light, self._picture, self._unresolved, "light")
        light.deleteLater()  # after the export that asked for it
        return bounds, light


class _Canvas(QGraphicsView):
    """Refits on its own resize: the viewport's size is only final once the view has one."""

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        """Shrink a large picture to fit, but never enlarge a small one or shrink past legibility."""
        scene = self.scene()
        bounds = scene.sceneRect() if scene is not None else QRectF()
        viewport = self.viewport().size()
        if bounds.isEmpty() or viewport.isEmpty():
            return
        scale = min(1.0, (viewport.width() - 4) / bounds.width(), (viewport.height() - 4) / bounds.height())
        scale = max(scale, MIN_FIT_SCALE)
        self.setTransform(QTransform.fromScale(scale, scale))


EMPTY_PICTURE = (
    "No datasets yet. Add an input and an output: the picture draws them as inputs → job → outputs "
    "as you type, with column arrows from a columnLineage facet, and after a sandbox send marks "
    "the datasets that did not resolve (TMP)."
)


def _summary(picture: LineageLayout, inputs: int, outputs: int) -> str:
    def count(number: int, word: str) -> str:
        return f"{number} {word}{'' if number == 1 else 's'}"

    text = f"{count(inputs, 'input')} → job → {count(outputs, 'output')}"
    mapped = len(picture.column_arrows) + len(picture.undrawn_edges)
    return f"{text}; {count(mapped, 'column mapping')}" if mapped else text
