"""What a 2xx means for each receiver other than Alation, and where each one listens.

Every 2xx is a success for every kind; the words differ because the receivers do: Marquez stores
the event and answers 201 Created; DataHub queues it for asynchronous ingestion and answers 202
Accepted; OpenMetadata creates lineage only from COMPLETE events whose datasets resolve to its
catalog. The sources are named in the matching rule sets (`composer.core.validation.marquez`,
`.datahub`, `.openmetadata`). Alation's wording stays in `composer.services.explain`.
"""

from __future__ import annotations

from composer.services.profiles import DEFAULT_ENDPOINTS, TARGET_NAMES, ProfileKind
from composer.services.send_result import Explanation

_BASE_URL_EXAMPLES: dict[ProfileKind, str] = {
    "alation": "https://<tenant>.alationcloud.com",
    "marquez": "http://<marquez-host>:5000 (the API port, not the web UI's 3000)",
    "datahub": "https://<datahub-gms-host>:8080 (the GMS server)",
    "openmetadata": "https://<your-company>.open-metadata.org",
    "openlineage": "the receiver's address",
}


def accepted(status: int, kind: ProfileKind, event_type: str) -> Explanation:
    """A 2xx from a receiver that is not Alation."""
    if kind == "marquez":
        return Explanation(
            f"Marquez stored the event ({status}).",
            "Marquez answers 201 Created once the event is stored; it records every event type and "
            "sets the run's state from eventType.",
            (
                "Open Marquez's web UI and find the job: its latest run shows this event's state.",
                "Open an output dataset's lineage graph to see the job between its inputs and outputs.",
            ),
        )
    if kind == "datahub":
        return Explanation(
            f"DataHub accepted the event for ingestion ({status}).",
            "DataHub answers 202 Accepted when the event is queued: ingestion is asynchronous, so the "
            "job and datasets appear once they are indexed, and a 202 does not prove they were written.",
            (
                "Search DataHub for the job (a DataJob, inside the DataFlow named by the part of the job "
                "name before the first dot).",
                "Open an output dataset's Lineage tab to see the job between its inputs and outputs.",
            ),
        )
    if kind == "openmetadata":
        steps: tuple[str, ...] = (
            "Open an output table in OpenMetadata and check its Lineage tab.",
            "No edge? Each dataset's namespace must map to a database service, and the table must exist "
            "in OpenMetadata (or the server must be set up to create it).",
        )
        if event_type and event_type != "COMPLETE":
            steps = (f"This was a {event_type} event: by default OpenMetadata processes only COMPLETE.",)
        return Explanation(
            f"OpenMetadata took the event ({status}).",
            "It creates lineage only from COMPLETE events whose inputs and outputs resolve to tables "
            "in its catalog; the response body below says what it did.",
            steps,
        )
    return Explanation(f"Accepted ({status}): the receiver took the event.")


def endpoint_tip(kind: ProfileKind) -> str:
    """Where this kind of receiver listens, for a 404 or a redirect."""
    if kind == "openlineage":
        return f"OpenLineage receivers usually listen on {DEFAULT_ENDPOINTS['openlineage']}."
    return f"{TARGET_NAMES[kind]}'s endpoint is {DEFAULT_ENDPOINTS[kind]}."


def base_url_tip(kind: ProfileKind) -> str:
    return f"Check the base URL: {_BASE_URL_EXAMPLES[kind]}."
