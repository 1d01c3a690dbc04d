"""The command line knows every target: `validate --target` and `profile add --kind`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from composer.services.profiles import DEFAULT_ENDPOINTS
from tests.cli_driver import cli, write
from tests.services.sandbox_client import event


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("marquez", "producer: Marquez needs it"),
        ("openmetadata", "producer: OpenMetadata needs it"),
        ("datahub", "producer: missing; the OpenLineage spec requires it"),
    ],
)
def test_validate_speaks_for_each_target(tmp_path: Path, target: str, words: str) -> None:
    no_producer = event()
    del no_producer["producer"]
    path = write(tmp_path / "e.json", no_producer)
    ran = cli("validate", "--target", target, str(path))
    assert ran.code == 1 and words in ran.out and "Alation" not in ran.out
    good = write(tmp_path / "good.json", event())
    assert cli("validate", "--target", target, str(good)).code == 0


def test_profile_add_takes_the_new_kinds_with_their_endpoints() -> None:
    for kind in ("datahub", "openmetadata"):
        assert cli("profile", "add", kind, "--url", "https://metadata.example.com", "--kind", kind).code == 0
    listed = {row["name"]: row for row in json.loads(cli("profile", "list", "--json").out)["profiles"]}
    for kind in ("datahub", "openmetadata"):
        assert listed[kind]["kind"] == kind
        assert listed[kind]["endpointUrl"] == "https://metadata.example.com" + DEFAULT_ENDPOINTS[kind]
    assert cli("profile", "add", "x", "--url", "https://m.example.com", "--kind", "atlas").code == 2
