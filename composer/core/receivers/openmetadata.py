"""OpenMetadata's server: lineage only from COMPLETE events whose datasets resolve to its catalog.

The endpoint is from docs.open-metadata.org (API reference: OpenLineage Events); the rule module
names its other sources.
"""

from __future__ import annotations

from composer.core.receivers.descriptor import Accepted, Receiver

ENDPOINT = "/api/v1/openlineage/lineage"

RECEIVER = Receiver(
    name="openmetadata",
    label="OpenMetadata",
    check_label="OpenMetadata",
    profile_label=f"OpenMetadata ({ENDPOINT}, OpenMetadata's rules)",
    endpoint=ENDPOINT,
    base_url_hint="https://<your-company>.open-metadata.org",
    base_url_placeholder="https://<your-company>.open-metadata.org",
    rule_sets=("openmetadata", "lint-portable"),
    rules="composer.core.validation.openmetadata:openmetadata_rules",
    complete_only=True,
    url_paths=(ENDPOINT,),
    accepted=Accepted(
        headline="OpenMetadata took the event ({status}).",
        detail="It creates lineage only from COMPLETE events whose inputs and outputs resolve to tables "
        "in its catalog; the response body below says what it did.",
        steps=(
            "Open an output table in OpenMetadata and check its Lineage tab.",
            "No edge? Each dataset's namespace must map to a database service, and the table must exist "
            "in OpenMetadata (or the server must be set up to create it).",
        ),
        not_complete_steps=("This was a {event_type} event: by default OpenMetadata processes only COMPLETE.",),
    ),
)
