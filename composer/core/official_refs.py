"""Our own copies of the OpenLineage schema documents that custom facet schemas refer to.

A custom facet's schema almost always says `allOf: [{$ref: https://openlineage.io/spec/2-0-2/
OpenLineage.json#/$defs/RunFacet}, ...]`. Fetching openlineage.io for that on every check would
be slow, would fail offline, and would send a request about the user's event to a third party for
no gain: we ship the same definitions. So references to official spec URLs (and to our own
schemas' ids, which our copies use among themselves) are answered from `resources/schemas`.

Every core version maps to our one core document (2-0-2): the base facet definitions custom
facets refer to did not change in ways a custom facet's check depends on, and 1-0-x documents
named their section `definitions`, so the copy answers under both names.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, cast

from composer.core.facets import all_facets
from composer.resources import load_json_resource

OWN_PREFIX = "https://schemas.lineage-composer.local/"
_CORE_FILE = "schemas/openlineage-event.json"
_OFFICIAL_CORE = re.compile(r"https?://openlineage\.io/spec/\d+-\d+-\d+/OpenLineage\.json", re.IGNORECASE)
_OFFICIAL_FACET = re.compile(r"https?://openlineage\.io/spec/facets/\d+-\d+-\d+/(\w+)\.json", re.IGNORECASE)
_OFFICIAL_ANY = re.compile(r"https?://openlineage\.io/spec/", re.IGNORECASE)


def is_official(url: str) -> bool:
    """Whether a URL is under the OpenLineage spec site (answered locally, never fetched)."""
    return _OFFICIAL_ANY.match(url) is not None


def local_document(url: str) -> Any | None:
    """The schema document for `url` (without fragment) from our resources, or None.

    Answers official openlineage.io core and facet URLs and our own schemas' `$id`s. The
    documents are shared between calls: read them, never change them.
    """
    if url.startswith(OWN_PREFIX):
        relative = "schemas/" + url.removeprefix(OWN_PREFIX)
        if relative == _CORE_FILE:
            return _core_copy()
        files = {spec.schema_file for spec in all_facets()}
        return load_json_resource(*relative.split("/")) if relative in files else None
    if _OFFICIAL_CORE.fullmatch(url):
        return _core_copy()
    facet = _OFFICIAL_FACET.fullmatch(url)
    if facet:
        return _facet_wrapper(facet.group(1))
    return None


@cache
def _core_copy() -> dict[str, Any]:
    """The core document answering under `definitions` too, made once per process.

    A new top-level dict, so the shared resource itself is never changed; like every document
    `local_document` returns it is shared and read-only (the schema engine only reads it).
    """
    core = cast(dict[str, Any], load_json_resource(*_CORE_FILE.split("/")))
    return {**core, "definitions": core["$defs"]}


def _facet_wrapper(name: str) -> dict[str, Any] | None:
    """An official facet file's shape (`#/$defs/<Name>` and the root) pointing at our copy."""
    specs = [spec for spec in all_facets() if spec.name == name]
    if not specs:
        return None
    own_id = OWN_PREFIX + specs[0].schema_file.removeprefix("schemas/")
    definitions: dict[str, Any] = {name: {"$ref": own_id}}
    for spec in specs:
        if spec.definition != spec.name:
            definitions[spec.definition] = {"$ref": f"{own_id}#/$defs/{spec.definition}"}
    return {"$ref": own_id, "$defs": definitions, "definitions": definitions}
