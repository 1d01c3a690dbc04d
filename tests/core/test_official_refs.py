"""Official OpenLineage references are answered from our own copies, built once and never altered."""

from __future__ import annotations

from composer.core.official_refs import OWN_PREFIX, local_document
from composer.resources import load_json_resource

CORE_URLS = (
    "https://openlineage.io/spec/2-0-2/OpenLineage.json",
    "https://openlineage.io/spec/1-0-5/OpenLineage.json",
    OWN_PREFIX + "openlineage-event.json",
)


def test_every_core_url_answers_one_document_under_both_section_names() -> None:
    documents = [local_document(url) for url in CORE_URLS]
    assert all(document is documents[0] for document in documents)  # made once, not per call
    core = documents[0]
    assert core is not None
    assert core["definitions"] is core["$defs"]
    assert "RunFacet" in core["definitions"]


def test_the_shipped_resource_is_left_as_it_is() -> None:
    local_document(CORE_URLS[0])
    shipped = load_json_resource("schemas", "openlineage-event.json")
    assert "definitions" not in shipped
    assert local_document(CORE_URLS[0]) is not shipped
