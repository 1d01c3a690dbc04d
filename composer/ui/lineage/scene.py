"""Turns a `LineageLayout` into QGraphicsScene items: boxes, labels, arrows, TMP badges.

Colours are theme.py's `lineage.*` roles in the scheme asked for: the window's own on screen,
always the light one for the PNG and SVG exports, which land on white pages (tickets, slides).
Every item carries its role (and a dataset's key) in `data()`, so tests and tools can find what
was drawn without depending on paint details.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QGraphicsScene, QGraphicsSimpleTextItem

from composer.ui.lineage.layout import (
    FIELD_HEIGHT,
    HEADER_HEIGHT,
    Arrow,
    DatasetBox,
    DatasetKey,
    LineageLayout,
    NoteBox,
    Rect,
)
from composer.ui.theme import Scheme, colour

ROLE = 0  # item.data(ROLE): "dataset", "job", "arrow", "column-arrow", "field", "badge", "more", "note"
KEY = 1  # item.data(KEY) on a dataset box: "namespace\nname"

_SIDE = {"inputs": "lineage.input", "outputs": "lineage.output"}
_ARROW_HEAD = 8.0
_TEXT_INSET = 8.0


def key_text(key: DatasetKey) -> str:
    return f"{key[0]}\n{key[1]}"


def fill_scene(
    scene: QGraphicsScene, layout: LineageLayout, unresolved: set[DatasetKey], scheme: Scheme = "light"
) -> None:
    """Replace everything in `scene` with `layout`; datasets in `unresolved` get the TMP look."""
    scene.clear()
    look = _Look(scheme)
    for box in layout.boxes:
        _dataset_box(scene, box, box.key in unresolved, look)
    _job_box(scene, layout, look)
    for note in layout.notes:
        _note_box(scene, note, look)
    for arrow in layout.arrows:
        _arrow(scene, arrow, look.ink("lineage.arrow"), 1.6, "arrow")
    for arrow in layout.column_arrows:
        _arrow(scene, arrow, look.ink("lineage.column", alpha=200), 1.2, "column-arrow")
    for line in layout.text_lines:
        text = _label(line.text, look.field, look.ink("lineage.muted"), None, width=layout.width - line.x - 16, role="note")
        text.setPos(line.x, line.y)
        scene.addItem(text)
    scene.setSceneRect(QRectF(0, 0, layout.width, layout.height))


class _Look:
    """The fonts and the scheme one picture is drawn in."""

    def __init__(self, scheme: Scheme) -> None:
        self.scheme = scheme
        self.name = QFont()
        self.name.setBold(True)
        self.small = QFont()
        self.small.setPointSizeF(max(self.small.pointSizeF() - 1.5, 7.0))
        self.field = QFont(self.small)
        self.field.setStyleHint(QFont.StyleHint.Monospace)
        self.field.setFamily("monospace")
        self.badge = QFont(self.small)
        self.badge.setBold(True)

    def ink(self, role: str, *, alpha: int = 255) -> QColor:
        found = colour(role, self.scheme)
        found.setAlpha(alpha)
        return found


def _rect(rect: Rect) -> QRectF:
    return QRectF(rect.x, rect.y, rect.width, rect.height)


def _box(scene: QGraphicsScene, rect: Rect, fill: QColor, pen: QPen, role: str) -> QGraphicsRectItem:
    item = QGraphicsRectItem(_rect(rect))
    item.setBrush(QBrush(fill))
    item.setPen(pen)
    item.setData(ROLE, role)
    scene.addItem(item)
    return item


def _label(
    text: str,
    font: QFont,
    colour: QColor,
    parent: QGraphicsItem | None,
    *,
    width: float = 0.0,
    role: str = "label",
) -> QGraphicsSimpleTextItem:
    """A text item, middle-elided to `width` (the full text then becomes its tooltip)."""
    shown = QFontMetricsF(font).elidedText(text, Qt.TextElideMode.ElideMiddle, width) if width else text
    item = QGraphicsSimpleTextItem(shown, parent)
    item.setFont(font)
    item.setBrush(QBrush(colour))
    item.setData(ROLE, role)
    if shown != text:
        item.setToolTip(text)
    return item


def _two_lines(parent: QGraphicsRectItem, rect: Rect, lines: tuple[str, str], look: _Look) -> None:
    """Namespace (small, muted) above the name (bold), centred in the box's header band."""
    width = rect.width - 2 * _TEXT_INSET
    height = min(rect.height, HEADER_HEIGHT) if parent.data(ROLE) == "dataset" else rect.height
    small, bold = QFontMetricsF(look.small).height(), QFontMetricsF(look.name).height()
    top = rect.y + (height - small - bold - 2) / 2
    upper = _label(lines[0], look.small, look.ink("lineage.muted"), parent, width=width)
    upper.setPos(rect.x + _TEXT_INSET, top)
    lower = _label(lines[1], look.name, look.ink("lineage.text"), parent, width=width)
    lower.setPos(rect.x + _TEXT_INSET, top + small + 2)


def _dataset_box(scene: QGraphicsScene, box: DatasetBox, unresolved: bool, look: _Look) -> None:
    border = "lineage.unresolved" if unresolved else f"{_SIDE[box.side]}.border"
    pen = QPen(look.ink(border), 2.0 if unresolved else 1.4)
    if unresolved:
        pen.setStyle(Qt.PenStyle.DashLine)
    item = _box(scene, box.rect, look.ink(_SIDE[box.side]), pen, "dataset")
    item.setData(KEY, key_text(box.key))
    namespace, name = box.key
    tip = f"{box.side[:-1]} {box.index + 1}\n{namespace or '(no namespace)'}\n{name or '(no name)'}"
    if unresolved:
        tip += "\nUnresolved in the sandbox (TMP): no cataloged data source matches this namespace."
    item.setToolTip(tip)
    _two_lines(item, box.rect, (namespace or "(no namespace)", name or "(no name)"), look)
    for row in box.fields:
        line = QGraphicsRectItem(QRectF(row.rect.x, row.rect.y, row.rect.width, 0.5), item)
        line.setPen(QPen(look.ink("lineage.grid"), 0.5))
        label = _label(row.name, look.field, look.ink("lineage.text"), item, width=row.rect.width - 16, role="field")
        label.setPos(row.rect.x + _TEXT_INSET, row.rect.center_y - label.boundingRect().height() / 2)
    if box.hidden_fields:
        more = _label(f"+{box.hidden_fields} more fields", look.small, look.ink("lineage.muted"), item, role="more")
        last = HEADER_HEIGHT + len(box.fields) * FIELD_HEIGHT
        more.setPos(
            box.rect.x + _TEXT_INSET, box.rect.y + last + (FIELD_HEIGHT - more.boundingRect().height()) / 2
        )
    if unresolved:
        _badge(item, box.rect, look)


def _badge(parent: QGraphicsRectItem, rect: Rect, look: _Look) -> None:
    """Alation's TMP badge: the dataset was accepted but matched no cataloged data source."""
    label = QGraphicsSimpleTextItem("TMP")
    label.setFont(look.badge)
    size = label.boundingRect()
    badge = QGraphicsRectItem(QRectF(0, 0, size.width() + 10, size.height() + 2), parent)
    badge.setPos(rect.right - size.width() - 18, rect.y - size.height() - 1)  # a tab on the border
    badge.setBrush(QBrush(look.ink("lineage.unresolved")))
    badge.setPen(QPen(Qt.PenStyle.NoPen))
    badge.setData(ROLE, "badge")
    label.setParentItem(badge)
    label.setBrush(QBrush(look.ink("lineage.badge.text")))
    label.setPos(5, 1)


def _job_box(scene: QGraphicsScene, layout: LineageLayout, look: _Look) -> None:
    item = _box(scene, layout.job_rect, look.ink("lineage.job"), QPen(look.ink("lineage.job.border"), 1.6), "job")
    item.setZValue(1)  # column arrows pass behind the job: their columns flow through it
    namespace, name = layout.job
    item.setToolTip(f"job\n{namespace or '(no namespace)'}\n{name or '(no name)'}")
    _two_lines(item, layout.job_rect, (namespace or "(no job namespace)", name or "(no job name)"), look)


def _note_box(scene: QGraphicsScene, note: NoteBox, look: _Look) -> None:
    pen = QPen(look.ink("lineage.muted"), 1.0, Qt.PenStyle.DashLine)
    item = _box(scene, note.rect, look.ink("lineage.more"), pen, "more")
    label = _label(note.text, look.small if note.count == 0 else look.name, look.ink("lineage.muted"), item)
    bounds = label.boundingRect()
    label.setPos(
        note.rect.x + (note.rect.width - bounds.width()) / 2, note.rect.center_y - bounds.height() / 2
    )


def _arrow(scene: QGraphicsScene, arrow: Arrow, colour: QColor, width: float, role: str) -> None:
    """A horizontal S-curve ending in a filled head, so crossing arrows stay tellable apart."""
    (x1, y1), (x2, y2) = arrow.start, arrow.end
    path = QPainterPath(QPointF(x1, y1))
    bend = max((x2 - x1) / 2, 30.0)
    end = QPointF(x2 - _ARROW_HEAD, y2)
    path.cubicTo(QPointF(x1 + bend, y1), QPointF(end.x() - bend, y2), end)
    line = scene.addPath(path, QPen(colour, width))
    line.setData(ROLE, role)
    line.setZValue(-1 if role == "column-arrow" else 0.5)
    if arrow.tooltip:
        line.setToolTip(arrow.tooltip)
    angle = 0.0 if x2 >= x1 else math.pi
    tip = QPointF(x2, y2)
    back = QPointF(x2 - _ARROW_HEAD * math.cos(angle), y2)
    spread = _ARROW_HEAD / 2
    head = scene.addPolygon(
        QPolygonF([tip, QPointF(back.x(), back.y() - spread), QPointF(back.x(), back.y() + spread)]),
        QPen(Qt.PenStyle.NoPen),
        QBrush(colour),
    )
    head.setZValue(line.zValue())
    head.setData(ROLE, f"{role}-head")
