"""What a success means, and where a receiver listens, in each receiver's own words.

The words are the receiver's descriptor (`composer.core.receivers`); this module only fills them
in. Every 2xx is a success for every kind; the words differ because the receivers do (Marquez
stores the event, DataHub queues it, OpenMetadata and Alation build lineage from COMPLETE events
only).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from composer.core.receivers import Receiver
from composer.services.send.result import Explanation


def accepted(status: int, receiver: Receiver, event_type: str, url: str = "") -> Explanation:
    """A success from `receiver` at `url`; a non-COMPLETE event says what it does not do there."""
    words = receiver.accepted
    detail, steps = words.detail, words.steps
    if receiver.complete_only and event_type and event_type != "COMPLETE":
        detail += words.not_complete_detail.format(event_type=event_type)
        steps = words.not_complete_steps or steps
    page = own_page(receiver, url)
    filled = tuple(step.format(event_type=event_type, page=page) for step in steps)
    return Explanation(words.headline.format(status=status), detail, filled)


def own_page(receiver: Receiver, url: str) -> str:
    """The receiver's own page (what it stored) on the server that `url` reaches; "" without one."""
    if not receiver.walkthrough.own_page:
        return ""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{receiver.walkthrough.own_page}"


def endpoint_tip(receiver: Receiver, url: str) -> str:
    """Where the receiver listens, and whether the URL lacks its endpoint's trailing slash."""
    endpoint = receiver.endpoint
    path = urlsplit(url).path
    if endpoint.endswith("/") and endpoint.strip("/") in path and not path.endswith("/"):
        return f"Add the trailing slash: {receiver.label}'s endpoint is {endpoint}."
    return receiver.endpoint_tip()
