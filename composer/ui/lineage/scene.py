"""Turns a `LineageLayout` into QGraphicsScene items: boxes, labels, arrows, TMP badges.

Colours are fixed rather than taken from the palette because the same scene is exported to PNG
and SVG for tickets and slides, where a dark-theme picture on a white page would be unreadable.
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

ROLE = 0  # item.data(ROLE): "dataset", "job", "arrow", "column-arrow", "field", "badge", "more", "note"
KEY = 1  # item.data(KEY) on a dataset box: "namespace\nname"

_FILL = {"inputs": QColor("#e8f1fb"), "outputs": QColor("#e9f6ec")}
_BORDER = {"inputs": QColor("#4a7ab5"), "outputs": QColor("#3f8f57")}
_JOB_FILL, _JOB_BORDER = QColor("#fff4dc"), QColor("#b7862c")
_UNRESOLVED = QColor("#c0392b")
_ARROW = QColor("#555555")
_COLUMN_ARROW = QColor(123, 94, 167, 200)
_MUTED = QColor("#666666")
_TEXT = QColor("#1b1b1b")
_ARROW_HEAD = 8.0
_TEXT_INSET = 8.0


def key_text(key: DatasetKey) -> str:
    return f"{key[0]}\n{key[1]}"


def fill_scene(scene: QGraphicsScene, layout: LineageLayout, unresolved: set[DatasetKey]) -> None:
    """Replace everything in `scene` with `layout`; datasets in `unresolved` get the TMP look."""
    scene.clear()
    fonts = _Fonts()
    for box in layout.boxes:
        _dataset_box(scene, box, box.key in unresolved, fonts)
    _job_box(scene, layout, fonts)
    for note in layout.notes:
        _note_box(scene, note, fonts)
    for arrow in layout.arrows:
        _arrow(scene, arrow, _ARROW, 1.6, "arrow")
    for arrow in layout.column_arrows:
        _arrow(scene, arrow, _COLUMN_ARROW, 1.2, "column-arrow")
    for line in layout.text_lines:
        text = _label(line.text, fonts.field, _MUTED, None, width=layout.width - line.x - 16, role="note")
        text.setPos(line.x, line.y)
        scene.addItem(text)
    scene.setSceneRect(QRectF(0, 0, layout.width, layout.height))


class _Fonts:
    def __init__(self) -> None:
        self.name = QFont()
        self.name.setBold(True)
        self.small = QFont()
        self.small.setPointSizeF(max(self.small.pointSizeF() - 1.5, 7.0))
        self.field = QFont(self.small)
        self.field.setStyleHint(QFont.StyleHint.Monospace)
        self.field.setFamily("monospace")
        self.badge = QFont(self.small)
        self.badge.setBold(True)


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


def _two_lines(parent: QGraphicsRectItem, rect: Rect, lines: tuple[str, str], fonts: _Fonts) -> None:
    """Namespace (small, muted) above the name (bold), centred in the box's header band."""
    width = rect.width - 2 * _TEXT_INSET
    height = min(rect.height, HEADER_HEIGHT) if parent.data(ROLE) == "dataset" else rect.height
    small, bold = QFontMetricsF(fonts.small).height(), QFontMetricsF(fonts.name).height()
    top = rect.y + (height - small - bold - 2) / 2
    upper = _label(lines[0], fonts.small, _MUTED, parent, width=width)
    upper.setPos(rect.x + _TEXT_INSET, top)
    lower = _label(lines[1], fonts.name, _TEXT, parent, width=width)
    lower.setPos(rect.x + _TEXT_INSET, top + small + 2)


def _dataset_box(scene: QGraphicsScene, box: DatasetBox, unresolved: bool, fonts: _Fonts) -> None:
    pen = QPen(_UNRESOLVED if unresolved else _BORDER[box.side], 2.0 if unresolved else 1.4)
    if unresolved:
        pen.setStyle(Qt.PenStyle.DashLine)
    item = _box(scene, box.rect, _FILL[box.side], pen, "dataset")
    item.setData(KEY, key_text(box.key))
    namespace, name = box.key
    tip = f"{box.side[:-1]} {box.index + 1}\n{namespace or '(no namespace)'}\n{name or '(no name)'}"
    if unresolved:
        tip += "\nUnresolved in the sandbox (TMP): no cataloged data source matches this namespace."
    item.setToolTip(tip)
    _two_lines(item, box.rect, (namespace or "(no namespace)", name or "(no name)"), fonts)
    for row in box.fields:
        line = QGraphicsRectItem(QRectF(row.rect.x, row.rect.y, row.rect.width, 0.5), item)
        line.setPen(QPen(QColor(0, 0, 0, 30), 0.5))
        label = _label(row.name, fonts.field, _TEXT, item, width=row.rect.width - 16, role="field")
        label.setPos(row.rect.x + _TEXT_INSET, row.rect.center_y - label.boundingRect().height() / 2)
    if box.hidden_fields:
        more = _label(f"+{box.hidden_fields} more fields", fonts.small, _MUTED, item, role="more")
        last = HEADER_HEIGHT + len(box.fields) * FIELD_HEIGHT
        more.setPos(
            box.rect.x + _TEXT_INSET, box.rect.y + last + (FIELD_HEIGHT - more.boundingRect().height()) / 2
        )
    if unresolved:
        _badge(item, box.rect, fonts)


def _badge(parent: QGraphicsRectItem, rect: Rect, fonts: _Fonts) -> None:
    """Alation's TMP badge: the dataset was accepted but matched no cataloged data source."""
    label = QGraphicsSimpleTextItem("TMP")
    label.setFont(fonts.badge)
    size = label.boundingRect()
    badge = QGraphicsRectItem(QRectF(0, 0, size.width() + 10, size.height() + 2), parent)
    badge.setPos(rect.right - size.width() - 18, rect.y - size.height() - 1)  # a tab on the border
    badge.setBrush(QBrush(_UNRESOLVED))
    badge.setPen(QPen(Qt.PenStyle.NoPen))
    badge.setData(ROLE, "badge")
    label.setParentItem(badge)
    label.setBrush(QBrush(QColor("white")))
    label.setPos(5, 1)


def _job_box(scene: QGraphicsScene, layout: LineageLayout, fonts: _Fonts) -> None:
    item = _box(scene, layout.job_rect, _JOB_FILL, QPen(_JOB_BORDER, 1.6), "job")
    item.setZValue(1)  # column arrows pass behind the job: their columns flow through it
    namespace, name = layout.job
    item.setToolTip(f"job\n{namespace or '(no namespace)'}\n{name or '(no name)'}")
    _two_lines(item, layout.job_rect, (namespace or "(no job namespace)", name or "(no job name)"), fonts)


def _note_box(scene: QGraphicsScene, note: NoteBox, fonts: _Fonts) -> None:
    pen = QPen(_MUTED, 1.0, Qt.PenStyle.DashLine)
    item = _box(scene, note.rect, QColor("#f6f6f6"), pen, "more")
    label = _label(note.text, fonts.small if note.count == 0 else fonts.name, _MUTED, item)
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
