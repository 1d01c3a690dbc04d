"""The built-in Local sandbox: a receiver of Alation's kind that speaks of itself.

It answers like Alation's endpoint (same path, same rules, same "TMP" trap), so it is Alation's
descriptor with Alation's `name` (its profile is of kind alation and is checked, and validated
with `--target alation`, as Alation's). But a 200 from it means the event reached a receiver on
this machine: nothing went to a tenant, and the checks that follow are the sandbox's own,
answered by its verification API rather than ticked in Alation's catalog. So its explanations
and step titles name it, never Alation. It is not in `RECEIVERS`: it is not a kind one picks,
the target of the built-in profile chooses it (`receiver_for_target`).
"""

from __future__ import annotations

from dataclasses import replace

from composer.core.receivers import alation
from composer.core.receivers.descriptor import Accepted

RECEIVER = replace(
    alation.RECEIVER,
    label="the local sandbox",
    accepted=Accepted(
        headline="The local sandbox received the event ({status}).",
        detail="This proves the event arrived at the local sandbox on this machine, which stored it; nothing "
        "was sent to an Alation tenant. Like Alation, it makes lineage only from COMPLETE events whose "
        "datasets match its cataloged data sources.",
        steps=(
            "See the stored event and its lineage on the sandbox's page: {page}",
            "A TMP badge there means the namespace matches no data source cataloged in the sandbox.",
        ),
        not_complete_detail=alation.RECEIVER.accepted.not_complete_detail,
        not_complete_steps=alation.RECEIVER.accepted.not_complete_steps,
    ),
    advice=replace(
        alation.RECEIVER.advice,
        rejected_by="the local sandbox",
        bad_request_detail="The sandbox checks what Alation's endpoint documents; the response body below "
        "lists what it found.",
    ),
    walkthrough=replace(
        alation.RECEIVER.walkthrough,
        name="the Local sandbox",  # as the profile box names it
        catalog_search="",
        own_page="/",
        open_label="Open the sandbox's page",
        verification_api=True,
    ),
)
