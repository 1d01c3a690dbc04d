"""Any OpenLineage HTTP endpoint: the spec's rules and the generic words, nothing receiver-specific.

It is also what a bare URL that names no other receiver is taken for.
"""

from __future__ import annotations

from composer.core.receivers.descriptor import Advice, Receiver

ENDPOINT = "/api/v1/lineage"

RECEIVER = Receiver(
    name="openlineage",
    label="the OpenLineage receiver",
    check_label="OpenLineage spec",
    profile_label=f"OpenLineage HTTP endpoint ({ENDPOINT}, the spec's rules)",
    endpoint=ENDPOINT,
    base_url_hint="the receiver's address",
    base_url_placeholder="https://<receiver-host>",
    rule_sets=("openlineage", "lint-portable"),
    advice=Advice(endpoint_tip=f"OpenLineage receivers usually listen on {ENDPOINT}."),
)
