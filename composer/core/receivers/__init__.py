"""The receiver kinds, one descriptor each: the one list every layer reads.

`RECEIVERS` is in the order the window and the CLI offer them (Alation first: the Local sandbox
answers like it). Readers look kinds up here when they need them rather than copying the list,
so a kind added to `RECEIVERS` appears everywhere at once. The built-in Local sandbox has a
descriptor of its own (`LOCAL_SANDBOX`, of Alation's kind), chosen from a send's target by
`receiver_for_target`: nothing else asks "is this the sandbox?" to pick words.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from composer.core.receivers import alation, datahub, local_sandbox, marquez, openlineage, openmetadata
from composer.core.receivers.descriptor import Accepted, Advice, Receiver, Walkthrough

RECEIVERS: tuple[Receiver, ...] = (
    alation.RECEIVER,
    openlineage.RECEIVER,
    marquez.RECEIVER,
    datahub.RECEIVER,
    openmetadata.RECEIVER,
)
GENERIC = "openlineage"  # what a URL that names no receiver is sent as
LOCAL_SANDBOX: Receiver = local_sandbox.RECEIVER

__all__ = [
    "GENERIC",
    "LOCAL_SANDBOX",
    "RECEIVERS",
    "Accepted",
    "Advice",
    "Receiver",
    "Walkthrough",
    "names",
    "receiver",
    "receiver_for_target",
    "receiver_for_url",
]


def names() -> tuple[str, ...]:
    return tuple(known.name for known in RECEIVERS)


def receiver(name: str) -> Receiver:
    """The descriptor of kind `name`; `ValueError` listing the kinds otherwise."""
    for known in RECEIVERS:
        if known.name == name:
            return known
    raise ValueError(f"unknown kind {name!r}; choose from {', '.join(names())}")


def receiver_for_url(url: str) -> Receiver:
    """The kind a full endpoint URL names (by its host or path), else the generic receiver."""
    parts = urlsplit(url)
    host, path = (parts.hostname or "").lower(), parts.path
    found = next((known for known in RECEIVERS if known.recognises(host, path)), None)
    return found or receiver(GENERIC)


def receiver_for_target(kind: str, *, local_sandbox: bool = False) -> Receiver:
    """Whose words and checks fit a send target: the built-in Local sandbox's own descriptor (it
    is of kind alation, yet names itself and answers the verification steps), else the kind's."""
    return LOCAL_SANDBOX if local_sandbox else receiver(kind)
