"""DataHub's GMS: queues the event for asynchronous ingestion and answers 202 Accepted.

The endpoint is named in docs/lineage/openlineage.md of datahub-project/datahub; the rule
module names its other sources.
"""

from __future__ import annotations

from composer.core.receivers.descriptor import Accepted, Receiver

ENDPOINT = "/openapi/openlineage/api/v1/lineage"

RECEIVER = Receiver(
    name="datahub",
    label="DataHub",
    check_label="DataHub",
    profile_label=f"DataHub ({ENDPOINT}, DataHub's rules)",
    endpoint=ENDPOINT,
    base_url_hint="https://<datahub-gms-host>:8080 (the GMS server)",
    base_url_placeholder="https://<datahub-gms-host>:8080 (GMS)",
    rule_sets=("datahub", "lint-portable"),
    rules="composer.core.validation.datahub:datahub_rules",
    url_paths=(ENDPOINT,),
    accepted=Accepted(
        headline="DataHub accepted the event for ingestion ({status}).",
        detail="DataHub answers 202 Accepted when the event is queued: ingestion is asynchronous, so the "
        "job and datasets appear once they are indexed, and a 202 does not prove they were written.",
        steps=(
            "Search DataHub for the job (a DataJob, inside the DataFlow named by the part of the job "
            "name before the first dot).",
            "Open an output dataset's Lineage tab to see the job between its inputs and outputs.",
        ),
    ),
)
