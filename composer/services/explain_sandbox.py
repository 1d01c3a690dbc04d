"""What the Local sandbox's answers mean, said of the sandbox and never of Alation.

The sandbox answers like Alation's endpoint (same path, same rules, same "TMP" trap), but a
200 from it means the event reached a receiver on this machine: nothing went to a tenant, and
the checks that follow are the sandbox's, not Alation's catalog. So its explanations name it.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from composer.services.send_result import Explanation

SANDBOX_NAME = "the local sandbox"


def sandbox_page(url: str) -> str:
    """The sandbox's own page (events and lineage) for the endpoint URL a send went to."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def sandbox_accepted(status: int, event_type: str, url: str) -> Explanation:
    detail = (
        "This proves the event arrived at the local sandbox on this machine, which stored it; nothing "
        "was sent to an Alation tenant. Like Alation, it makes lineage only from COMPLETE events whose datasets match its "
        "cataloged data sources."
    )
    if event_type and event_type != "COMPLETE":
        detail += f" This was a {event_type} event, so it creates no lineage."
        steps: tuple[str, ...] = ("Send a COMPLETE event for the run to create lineage.",)
    else:
        steps = (
            f"See the stored event and its lineage on the sandbox's page: {sandbox_page(url)}",
            "A TMP badge there means the namespace matches no data source cataloged in the sandbox.",
        )
    return Explanation(f"The local sandbox received the event ({status}).", detail, steps)


def sandbox_bad_request(kind: str) -> Explanation:
    return Explanation(
        "Rejected (400 Bad Request) by the local sandbox: invalid event format or missing required fields.",
        "The sandbox checks what Alation's endpoint documents; the response body below lists what it found.",
        (
            f"Validate the event: `lineage-composer validate --target {kind}`.",
            "Alation needs eventType, eventTime, run.runId, job.namespace, job.name, "
            "and at least one input and one output dataset.",
        ),
    )
