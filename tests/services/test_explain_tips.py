"""Where-it-listens advice: Alation's trailing-slash tip for Alation, the kind's endpoint otherwise."""

from __future__ import annotations

import pytest

from composer.services.profiles import PROFILE_KINDS, ProfileKind
from composer.services.send.explain import explain_error, explain_status

NO_SLASH = "https://acme.alationcloud.com/open_lineage_event"
SLASH_TIP = "Add the trailing slash: Alation's endpoint is /open_lineage_event/."


def _tips(kind: ProfileKind, url: str) -> list[str]:
    return [
        *explain_status(308, kind=kind, url=url).steps[1:],
        explain_status(404, kind=kind, url=url).steps[0],
        *explain_error("too-many-redirects", "", url=url, timeout=1, ca_bundle="", kind=kind).steps,
    ]


def test_alation_gets_the_slash_tip_wherever_the_endpoint_is_in_question() -> None:
    assert _tips("alation", NO_SLASH) == [SLASH_TIP] * 3
    plain = "Alation's endpoint is /open_lineage_event/ (with the trailing slash)."
    assert _tips("alation", NO_SLASH + "/") == [plain] * 3


def test_other_receivers_get_their_own_endpoint() -> None:
    assert _tips("marquez", NO_SLASH) == ["Marquez's endpoint is /api/v1/lineage."] * 3
    generic = "OpenLineage receivers usually listen on /api/v1/lineage."
    assert _tips("openlineage", NO_SLASH) == [generic] * 3


@pytest.mark.parametrize("kind", PROFILE_KINDS)
def test_a_400_names_the_kinds_own_validation_target(kind: ProfileKind) -> None:
    steps = explain_status(400, kind=kind, url=NO_SLASH).steps
    assert steps[0] == f"Validate the event: `lineage-composer validate --target {kind}`."
    assert ("Alation needs eventType" in steps[1]) == (kind == "alation")
