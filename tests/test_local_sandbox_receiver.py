"""The Local sandbox speaks through a descriptor of its own, chosen from the send's target.

It is of Alation's kind (same name, endpoint and rules: its events are checked as Alation's), but
its explanations, step titles and verification differ, and nothing asks "is this the sandbox?"
beyond the one choice: `receiver_for_target`, which a `SendTarget` and the walk-through make.
"""

from __future__ import annotations

import inspect
import json

from composer.core.receivers import LOCAL_SANDBOX, receiver, receiver_for_target
from composer.services.profiles import LOCAL_SANDBOX as SANDBOX_PROFILE
from composer.services.profiles import Profile
from composer.services.send.explain import explain_error, explain_status
from composer.services.send.target import SendTarget
from tests.send_results import answered

ALATION = receiver("alation")
SANDBOX_URL = "http://127.0.0.1:4321/open_lineage_event/"
TENANT = Profile(name="prod", base_url="https://acme.alationcloud.com")
EVENT = {
    "eventType": "COMPLETE",
    "job": {"namespace": "etl", "name": "daily"},
    "outputs": [{"namespace": "postgres://db:5432", "name": "sales.public.daily"}],
}


def test_the_sandbox_is_of_alations_kind_but_its_own_receiver() -> None:
    assert (LOCAL_SANDBOX.name, LOCAL_SANDBOX.endpoint, LOCAL_SANDBOX.rule_sets) == (
        ALATION.name,
        ALATION.endpoint,
        ALATION.rule_sets,
    )
    assert LOCAL_SANDBOX.label != ALATION.label and LOCAL_SANDBOX.accepted != ALATION.accepted
    assert LOCAL_SANDBOX.step_titles() != ALATION.step_titles()
    assert LOCAL_SANDBOX.walkthrough.verification_api and not ALATION.walkthrough.verification_api
    assert LOCAL_SANDBOX.walkthrough.troubleshooting and ALATION.walkthrough.troubleshooting


def test_the_target_chooses_the_descriptor() -> None:
    assert (
        SendTarget.for_profile(SANDBOX_PROFILE, "t", base_url="http://127.0.0.1:1").receiver is LOCAL_SANDBOX
    )
    assert SendTarget.for_profile(TENANT, "t").receiver is ALATION
    assert receiver_for_target("marquez").name == "marquez"
    assert receiver_for_target("alation", local_sandbox=True) is LOCAL_SANDBOX
    assert "sandbox" not in inspect.signature(explain_status).parameters  # no caller flags it any more


def test_the_sandboxs_answers_name_it_and_its_page() -> None:
    ok = explain_status(200, kind=LOCAL_SANDBOX, url=SANDBOX_URL, event_type="COMPLETE")
    assert ok.headline == "The local sandbox received the event (200)."
    assert "nothing was sent to an Alation tenant" in ok.detail
    assert ok.steps[0] == "See the stored event and its lineage on the sandbox's page: http://127.0.0.1:4321/"
    start = explain_status(200, kind=LOCAL_SANDBOX, url=SANDBOX_URL, event_type="START")
    assert "This was a START event, so it creates no lineage." in start.detail
    assert start.steps == ("Send a COMPLETE event for the run to create lineage.",)
    refused = explain_status(400, kind=LOCAL_SANDBOX, url=SANDBOX_URL)
    assert refused.headline.startswith("Rejected (400 Bad Request) by the local sandbox:")
    assert refused.steps[0] == "Validate the event: `lineage-composer validate --target alation`."
    # Alation's own words are unchanged.
    tenant = explain_status(200, kind="alation", url="https://t.alationcloud.com/open_lineage_event/")
    assert tenant.headline == "Alation received the event (200)." and "sandbox" not in tenant.text()
    assert explain_status(400, kind="alation", url="https://t.alationcloud.com/x").headline.startswith(
        "Rejected (400 Bad Request): "
    )
    assert explain_error(
        "dns", "", url=SANDBOX_URL, timeout=1, ca_bundle="", kind=LOCAL_SANDBOX
    ) == explain_error(
        "dns", "", url=SANDBOX_URL, timeout=1, ca_bundle="", kind="alation"
    )  # no answer at all: advised on as before


def test_the_walk_through_follows_the_descriptor_the_profile_chooses() -> None:
    from composer.ui.send.backend import Delivery  # noqa: PLC0415 (the ui package needs Qt)
    from composer.ui.send.walkthrough import build_walkthrough  # noqa: PLC0415

    sandbox = build_walkthrough(
        Delivery(SANDBOX_PROFILE, json.dumps(EVENT), answered(SANDBOX_URL, 200), "http://127.0.0.1:4321", 1)
    )
    assert sandbox.receiver is LOCAL_SANDBOX and sandbox.target == "the Local sandbox"
    assert [s.title for s in sandbox.steps][1] == "2. Open the output table in the Local sandbox"
    assert sandbox.catalog_url == "http://127.0.0.1:4321/"
    assert sandbox.steps[1].lines == ("Asking the sandbox…",)  # it answers the step itself
    tenant = build_walkthrough(
        Delivery(TENANT, json.dumps(EVENT), answered(TENANT.endpoint_url(), 200), TENANT.base_url, 1)
    )
    assert tenant.receiver is ALATION and tenant.target == "Alation"
    assert [s.title for s in tenant.steps][1] == "2. Open the output table in Alation"
    assert tenant.steps[1].lines[0] == "Search the catalog for the output table:"
    assert (sandbox.receiver.walkthrough.open_label, tenant.receiver.walkthrough.open_label) == (
        "Open the sandbox's page",
        "Open in catalog",
    )
