"""Marquez: stores every event type and answers 201 Created (sources in its rule module)."""

from __future__ import annotations

from composer.core.receivers.descriptor import Accepted, Receiver

ENDPOINT = "/api/v1/lineage"

RECEIVER = Receiver(
    name="marquez",
    label="Marquez",
    check_label="Marquez",
    profile_label=f"Marquez ({ENDPOINT}, Marquez's rules)",
    endpoint=ENDPOINT,
    base_url_hint="http://<marquez-host>:5000 (the API port, not the web UI's 3000)",
    base_url_placeholder="http://<marquez-host>:5000 (the API, not the web UI)",
    rule_sets=("marquez", "lint-portable"),
    rules="composer.core.validation.marquez:marquez_rules",
    accepted=Accepted(
        headline="Marquez stored the event ({status}).",
        detail="Marquez answers 201 Created once the event is stored; it records every event type and "
        "sets the run's state from eventType.",
        steps=(
            "Open Marquez's web UI and find the job: its latest run shows this event's state.",
            "Open an output dataset's lineage graph to see the job between its inputs and outputs.",
        ),
    ),
)
