"""The event's own fields: eventType (with Alation's COMPLETE rule), eventTime, producer, schemaURL."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from composer.core.document import EVENT_TYPES, utc_now_text
from composer.core.formats import has_utc_offset, parse_timestamp
from composer.ui.editor.bindings import ComboBinding, LineBinding, affects
from composer.ui.editor.document_model import DocumentModel
from composer.ui.forms.section import FormSection, named_line, value_row
from composer.ui.theme import set_text_role


class EventForm(FormSection):
    def __init__(self, model: DocumentModel, parent: QWidget | None = None) -> None:
        super().__init__("Event", parent)
        self._model = model
        form = QFormLayout(self)

        self.event_type = QComboBox()
        self.event_type.setObjectName("eventType")
        self.event_type.setEditable(True)  # support engineers reproduce events with odd types too
        self.event_type.addItems(EVENT_TYPES)
        self.event_type.setAccessibleName("Event type")
        self.event_type.setToolTip("The run's state transition this event reports.")
        self.type_note = QLabel()
        self.type_note.setWordWrap(True)
        type_row = QHBoxLayout()
        type_row.addWidget(self.event_type)
        type_row.addWidget(self.type_note, 1)
        form.addRow("Event type", type_row)
        ComboBinding(model, self.event_type, "/eventType")
        self.own("/eventType", self.event_type)

        self.event_time = named_line(
            "eventTime", "Event time", "When the event happened, ISO 8601, e.g. 2024-02-20T10:30:00.000Z"
        )
        now = QPushButton("Now")
        now.setAccessibleName("Set event time to now")
        now.clicked.connect(lambda: model.set("/eventTime", utc_now_text(), text="Event time: now"))
        self.time_zone = QLabel()
        form.addRow("Event time", value_row(self.event_time, now, self.time_zone))
        LineBinding(model, self.event_time, "/eventTime")
        self.own("/eventTime", self.event_time)

        self.producer = named_line(
            "producer", "Producer", "A URI naming the tool or script that wrote this event"
        )
        form.addRow("Producer", self.producer)
        LineBinding(model, self.producer, "/producer", remove_when_empty=True)
        self.own("/producer", self.producer)

        self.schema_url = named_line(
            "schemaURL", "Schema URL", "The OpenLineage schema version this event follows"
        )
        form.addRow("Schema URL", self.schema_url)
        LineBinding(model, self.schema_url, "/schemaURL", remove_when_empty=True)
        self.own("/schemaURL", self.schema_url)

        model.changed.connect(self._refresh_notes)
        self._refresh_notes("")

    def _refresh_notes(self, changed: str) -> None:
        if affects(changed, "/eventType"):
            kind = self._model.get("/eventType", "")
            if kind == "COMPLETE":
                self.type_note.setText("Alation creates lineage from COMPLETE events.")
                set_text_role(self.type_note, None)
            else:
                self.type_note.setText(
                    "Alation creates lineage only from COMPLETE events; this one will make none."
                )
                set_text_role(self.type_note, "warning")
        if affects(changed, "/eventTime"):
            value = self._model.get("/eventTime", "")
            moment = parse_timestamp(value) if isinstance(value, str) else None
            if moment is None:
                self.time_zone.setText("not a timestamp")
            elif not has_utc_offset(value) or moment.tzinfo is None:
                self.time_zone.setText("no time zone")
            else:
                offset = moment.utcoffset()
                self.time_zone.setText(
                    "UTC" if offset is not None and not offset else moment.strftime("UTC%z")
                )
