"""The event sent to test a profile's reach and token without touching anyone's lineage.

Alation documents that it creates lineage only from COMPLETE events; START events are accepted
and not processed for lineage. So a START event for a job whose name says what it is proves the
URL, the network path and the token, and leaves the catalog as it was. It carries one input and
one output because Alation's page lists both as required in every event, and a test that fails
on validation would prove nothing about the token.
"""

from __future__ import annotations

import json
from datetime import datetime

from composer import PRODUCER
from composer.core.document import CORE_SCHEMA_URL, new_run_id, utc_now_text

CHECK_JOB_NAMESPACE = "lineage-composer"
CHECK_JOB_NAME = "lineage-composer-connection-check"
_CHECK_DATASET_NAMESPACE = "lineage-composer://connection-check"


def check_notice(url: str) -> str:
    """What the user is told before the check sends anything."""
    return (
        f"Testing {url}: sending a START event for job `{CHECK_JOB_NAME}`. "
        "Alation creates lineage only from COMPLETE events, so this START event creates no lineage."
    )


def check_event(now: datetime | None = None) -> str:
    """The check event's JSON text, with a fresh runId and the current time."""
    event = {
        "eventType": "START",
        "eventTime": utc_now_text(now),
        "run": {"runId": new_run_id()},
        "job": {"namespace": CHECK_JOB_NAMESPACE, "name": CHECK_JOB_NAME},
        "inputs": [{"namespace": _CHECK_DATASET_NAMESPACE, "name": "connection_check.source"}],
        "outputs": [{"namespace": _CHECK_DATASET_NAMESPACE, "name": "connection_check.target"}],
        "producer": PRODUCER,
        "schemaURL": f"{CORE_SCHEMA_URL}#/$defs/RunEvent",
    }
    return json.dumps(event, indent=2)
