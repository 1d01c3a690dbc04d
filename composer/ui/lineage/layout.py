"""Where the lineage picture puts things: boxes, arrows and notes, computed without Qt.

The picture is redrawn on every edit, so the geometry lives here as plain data: it is cheap,
testable without a display, and the view only turns it into scene items. Very large events
(hundreds of datasets) are capped per side with a "+N more" box, and column lineage that cannot
be drawn as an arrow (a source that is not an input of this event, a field past the cap) is kept
as text lines under the boxes, so nothing the facet says is silently dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Side = Literal["inputs", "outputs"]
DatasetKey = tuple[str, str]  # (namespace, name): how Alation and the sandbox identify a dataset
SIDES: tuple[Side, ...] = ("inputs", "outputs")

MAX_BOXES_PER_SIDE = 12
MAX_FIELDS_PER_BOX = 8
MAX_NOTES = 12

MARGIN = 16.0
DATASET_WIDTH = 300.0
JOB_WIDTH = 220.0
JOB_HEIGHT = 64.0
HEADER_HEIGHT = 46.0
FIELD_HEIGHT = 20.0
BOX_PADDING = 6.0
VERTICAL_GAP = 18.0
COLUMN_GAP = 80.0
NOTE_HEIGHT = 18.0
NOTE_GAP = 14.0


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def center_y(self) -> float:
        return self.y + self.height / 2


@dataclass(frozen=True)
class ColumnEdge:
    """One `output field <- input field` pair from a columnLineage facet."""

    output: DatasetKey
    output_field: str
    source: DatasetKey
    source_field: str
    transformation: str = ""

    def describe(self) -> str:
        how = f" ({self.transformation})" if self.transformation else ""
        return f"{self.output[1]}.{self.output_field} ← {self.source[1]}.{self.source_field}{how}"


@dataclass(frozen=True)
class DatasetFacts:
    side: Side
    index: int
    key: DatasetKey


@dataclass(frozen=True)
class LineageFacts:
    """What the picture shows, read from the event's JSON value."""

    job: DatasetKey
    inputs: tuple[DatasetFacts, ...]
    outputs: tuple[DatasetFacts, ...]
    edges: tuple[ColumnEdge, ...] = ()


@dataclass(frozen=True)
class FieldRow:
    name: str
    rect: Rect


@dataclass(frozen=True)
class DatasetBox:
    side: Side
    index: int
    key: DatasetKey
    rect: Rect
    fields: tuple[FieldRow, ...] = ()
    hidden_fields: int = 0

    def field_row(self, name: str) -> FieldRow | None:
        return next((row for row in self.fields if row.name == name), None)


@dataclass(frozen=True)
class NoteBox:
    """A "+N more" box (count > 0) or an empty side's placeholder (count == 0)."""

    side: Side
    count: int
    text: str
    rect: Rect


@dataclass(frozen=True)
class Arrow:
    start: tuple[float, float]
    end: tuple[float, float]
    tooltip: str = ""


@dataclass(frozen=True)
class TextLine:
    text: str
    x: float
    y: float


@dataclass(frozen=True)
class LineageLayout:
    job: DatasetKey
    job_rect: Rect
    inputs: tuple[DatasetBox, ...]
    outputs: tuple[DatasetBox, ...]
    notes: tuple[NoteBox, ...]
    arrows: tuple[Arrow, ...]
    column_arrows: tuple[Arrow, ...]
    text_lines: tuple[TextLine, ...]
    width: float
    height: float
    undrawn_edges: tuple[ColumnEdge, ...] = field(default=())

    @property
    def boxes(self) -> tuple[DatasetBox, ...]:
        return self.inputs + self.outputs


# --- reading the event ------------------------------------------------------------------------


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _get(value: Any, *keys: str) -> Any:
    for key in keys:
        value = value.get(key) if isinstance(value, Mapping) else None
    return value


def lineage_facts(event: Any) -> LineageFacts:
    """The job, the datasets and the column lineage of an event; odd shapes just yield less."""
    sides: dict[Side, list[DatasetFacts]] = {"inputs": [], "outputs": []}
    edges: list[ColumnEdge] = []
    for side in SIDES:
        items = _get(event, side)
        for index, item in enumerate(items if isinstance(items, list) else []):
            key = (_text(_get(item, "namespace")), _text(_get(item, "name")))
            sides[side].append(DatasetFacts(side, index, key))
            if side == "outputs":
                edges.extend(_column_edges(key, _get(item, "facets", "columnLineage", "fields")))
    job = (_text(_get(event, "job", "namespace")), _text(_get(event, "job", "name")))
    return LineageFacts(job, tuple(sides["inputs"]), tuple(sides["outputs"]), tuple(edges))


def _column_edges(output: DatasetKey, fields: Any) -> list[ColumnEdge]:
    if not isinstance(fields, Mapping):
        return []
    edges = []
    for output_field, mapping in fields.items():
        sources = _get(mapping, "inputFields")
        legacy = _text(_get(mapping, "transformationType"))  # facet 1-0-x spelled it here
        for source in sources if isinstance(sources, list) else []:
            steps = _get(source, "transformations")
            first = steps[0] if isinstance(steps, list) and steps else None
            how = _text(_get(first, "subtype")) or _text(_get(first, "type")) or legacy
            key = (_text(_get(source, "namespace")), _text(_get(source, "name")))
            edges.append(
                ColumnEdge(output, str(output_field), key, _text(_get(source, "field")), how.lower())
            )
    return edges


# --- placing things ---------------------------------------------------------------------------


def layout_lineage(
    facts: LineageFacts,
    *,
    max_boxes: int = MAX_BOXES_PER_SIDE,
    max_fields: int = MAX_FIELDS_PER_BOX,
    max_notes: int = MAX_NOTES,
) -> LineageLayout:
    """Three columns (inputs, job, outputs), each centred on the tallest; arrows into and out of
    the job; column arrows from input field rows to output field rows where both are drawn."""
    every = {"inputs": facts.inputs, "outputs": facts.outputs}
    shown = {side: every[side][:max_boxes] for side in SIDES}
    wanted = _fields_per_dataset(facts.edges, {d.key for d in shown["inputs"]})
    heights = {
        side: _column_height([_rows(len(wanted.get(d.key, [])), max_fields) for d in shown[side]])
        + (_note_height() if len(every[side]) != len(shown[side]) or not shown[side] else 0)
        for side in SIDES
    }
    tallest = max(heights["inputs"], heights["outputs"], JOB_HEIGHT)
    columns_x = {
        "inputs": MARGIN,
        "outputs": MARGIN + DATASET_WIDTH + 2 * COLUMN_GAP + JOB_WIDTH,
    }
    boxes: dict[str, list[DatasetBox]] = {"inputs": [], "outputs": []}
    notes: list[NoteBox] = []
    for side in SIDES:
        y = MARGIN + (tallest - heights[side]) / 2
        for dataset in shown[side]:
            names = wanted.get(dataset.key, [])
            box = _dataset_box(dataset, columns_x[side], y, names[:max_fields], len(names) - max_fields)
            boxes[side].append(box)
            y = box.rect.bottom + VERTICAL_GAP
        total = len(every[side])
        if total > len(shown[side]) or total == 0:
            rect = Rect(columns_x[side], y, DATASET_WIDTH, HEADER_HEIGHT - 10)
            hidden = total - len(shown[side])
            text = f"+{hidden} more {side}" if hidden else f"no {side}"
            notes.append(NoteBox(side, hidden, text, rect))
    job_rect = Rect(
        MARGIN + DATASET_WIDTH + COLUMN_GAP, MARGIN + (tallest - JOB_HEIGHT) / 2, JOB_WIDTH, JOB_HEIGHT
    )
    arrows = [
        Arrow((box.rect.right, box.rect.y + HEADER_HEIGHT / 2), (job_rect.x, job_rect.center_y))
        for box in boxes["inputs"]
    ] + [
        Arrow((job_rect.right, job_rect.center_y), (box.rect.x, box.rect.y + HEADER_HEIGHT / 2))
        for box in boxes["outputs"]
    ]
    column_arrows, undrawn = _column_arrows(facts.edges, boxes["inputs"], boxes["outputs"])
    bottom = MARGIN + tallest
    lines, bottom = _text_lines(undrawn, bottom, max_notes)
    width = columns_x["outputs"] + DATASET_WIDTH + MARGIN
    return LineageLayout(
        job=facts.job,
        job_rect=job_rect,
        inputs=tuple(boxes["inputs"]),
        outputs=tuple(boxes["outputs"]),
        notes=tuple(notes),
        arrows=tuple(arrows),
        column_arrows=tuple(column_arrows),
        text_lines=tuple(lines),
        width=width,
        height=bottom + MARGIN,
        undrawn_edges=tuple(undrawn),
    )


def _fields_per_dataset(
    edges: tuple[ColumnEdge, ...], inputs: set[DatasetKey]
) -> dict[DatasetKey, list[str]]:
    """Field rows each box needs: outputs list their mapped fields in facet order, inputs the
    fields something reads from them, in the order first read (so arrows cross little)."""
    found: dict[DatasetKey, list[str]] = {}
    for edge in edges:
        rows = found.setdefault(edge.output, [])
        if edge.output_field not in rows:
            rows.append(edge.output_field)
    for edge in edges:
        if edge.source in inputs:
            rows = found.setdefault(edge.source, [])
            if edge.source_field not in rows:
                rows.append(edge.source_field)
    return found


def _rows(field_count: int, limit: int) -> int:
    """Field rows a box takes: its shown fields, plus one for "+N more fields" past the cap."""
    return min(field_count, limit) + (1 if field_count > limit else 0)


def _box_height(field_count: int) -> float:
    return HEADER_HEIGHT + (field_count * FIELD_HEIGHT + BOX_PADDING if field_count else 0)


def _note_height() -> float:
    return HEADER_HEIGHT - 10 + VERTICAL_GAP


def _column_height(field_counts: list[int]) -> float:
    if not field_counts:
        return 0.0
    return sum(_box_height(count) for count in field_counts) + VERTICAL_GAP * (len(field_counts) - 1)


def _dataset_box(dataset: DatasetFacts, x: float, y: float, names: list[str], hidden: int) -> DatasetBox:
    rows = tuple(
        FieldRow(name, Rect(x, y + HEADER_HEIGHT + i * FIELD_HEIGHT, DATASET_WIDTH, FIELD_HEIGHT))
        for i, name in enumerate(names)
    )
    rect = Rect(x, y, DATASET_WIDTH, _box_height(len(rows) + (1 if hidden > 0 else 0)))
    return DatasetBox(dataset.side, dataset.index, dataset.key, rect, rows, max(hidden, 0))


def _column_arrows(
    edges: tuple[ColumnEdge, ...], inputs: list[DatasetBox], outputs: list[DatasetBox]
) -> tuple[list[Arrow], list[ColumnEdge]]:
    by_key_in = {box.key: box for box in reversed(inputs)}  # a duplicate dataset: the first box
    by_key_out = {box.key: box for box in reversed(outputs)}
    arrows: list[Arrow] = []
    undrawn: list[ColumnEdge] = []
    for edge in edges:
        source_box, target_box = by_key_in.get(edge.source), by_key_out.get(edge.output)
        source = source_box.field_row(edge.source_field) if source_box else None
        target = target_box.field_row(edge.output_field) if target_box else None
        if source is None or target is None:
            undrawn.append(edge)
            continue
        arrows.append(
            Arrow(
                (source.rect.right, source.rect.center_y),
                (target.rect.x, target.rect.center_y),
                edge.describe(),
            )
        )
    return arrows, undrawn


def _text_lines(undrawn: list[ColumnEdge], bottom: float, limit: int) -> tuple[list[TextLine], float]:
    if not undrawn:
        return [], bottom
    y = bottom + NOTE_GAP
    texts = ["Column lineage not drawn above:"]
    texts += [edge.describe() for edge in undrawn[:limit]]
    if len(undrawn) > limit:
        texts.append(f"+{len(undrawn) - limit} more")
    lines = [
        TextLine(text, MARGIN + (0 if i == 0 else 12), y + i * NOTE_HEIGHT) for i, text in enumerate(texts)
    ]
    return lines, y + len(texts) * NOTE_HEIGHT
