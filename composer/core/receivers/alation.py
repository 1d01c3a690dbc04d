"""Alation Cloud's OpenLineage ingestion, in the words of its Direct API page.

A 200 proves only that the event arrived: Alation builds lineage afterwards, from COMPLETE events
whose datasets resolve to cataloged data sources, so its success says how to check. The built-in
Local sandbox answers like it and is of this kind (with words of its own: `local_sandbox`).
"""

from __future__ import annotations

from composer.core.receivers.descriptor import Accepted, Advice, Receiver, Walkthrough

ENDPOINT = "/open_lineage_event/"
# Alation's Airflow integration page names this one; both reach the same ingestion service.
AIRFLOW_ENDPOINT = "/api/v1/open_lineage"
_TOKEN_PLACE = "Settings > Server Admin > API Access Tokens"

RECEIVER = Receiver(
    name="alation",
    label="Alation",
    check_label="Alation",
    profile_label=f"Alation ({ENDPOINT}, Alation's rules)",
    endpoint=ENDPOINT,
    base_url_hint="https://<tenant>.alationcloud.com",
    base_url_placeholder="https://<tenant>.alationcloud.com",
    rule_sets=("alation", "lint"),
    rules="composer.core.validation.alation:alation_rules",
    complete_only=True,
    catalog_access=True,
    url_hosts=(".alationcloud.com",),
    url_paths=("open_lineage",),
    accepted=Accepted(
        headline="Alation received the event ({status}).",
        detail="This proves the event arrived. It does not prove lineage was created: Alation builds "
        "lineage afterwards, only from COMPLETE events whose datasets match cataloged data sources.",
        steps=(
            "Open the output table in Alation's catalog.",
            "Check its Lineage tab for the job and the input tables.",
            "Confirm the job name, namespace and timestamps are what you sent.",
            "200 but no lineage? Only COMPLETE events create lineage; START, RUNNING, FAIL and ABORT do not.",
            "Each dataset's data source must be cataloged in Alation with its metadata extracted.",
            "The namespace's host:port must match the data source's JDBC URI in Alation "
            "(e.g. postgres://prod-db.example.com:5432).",
            "If the data source is reached under another host name, add it to the data source's "
            "Additional Datasource Connections.",
        ),
        not_complete_detail=" This was a {event_type} event, so it creates no lineage.",
        not_complete_steps=("Send a COMPLETE event for the run to create lineage.",),
    ),
    advice=Advice(
        endpoint_tip=f"Alation's endpoint is {ENDPOINT} (with the trailing slash).",
        dns_tip="Check the tenant name in the base URL (https://<tenant>.alationcloud.com).",
        bad_request="Alation needs eventType, eventTime, run.runId, job.namespace, job.name, "
        "and at least one input and one output dataset.",
        token_check=f"Check the API token: it may be mistyped, expired or revoked ({_TOKEN_PLACE}).",
        token_permissions=f"Create the token as a Server Admin ({_TOKEN_PLACE}).",
        server_error="If it persists, contact Alation support with the time of the send and the event's runId.",
    ),
    walkthrough=Walkthrough(
        response_title="1. API response is 200 OK",
        catalog_search="/search?q=",
        tmp_badges=True,
        troubleshooting=True,
    ),
)
