"""`lineage-composer validate --check-schema-urls`: a real process against a real schema host."""

from __future__ import annotations

import json
from pathlib import Path

from tests.custom_facet_data import FACET_SCHEMA, FRAGMENT, custom, event_with
from tests.services.schema_server import Route, SchemaServer
from tests.test_cli_validate import run


def _event_file(tmp_path: Path, url: str, **fields: object) -> str:
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event_with({"schedule": custom(url, **fields)})), encoding="utf-8")
    return str(path)


def test_the_flag_checks_custom_facets_and_the_cache_serves_offline(tmp_path: Path) -> None:
    with SchemaServer({"/s.json": Route.schema(FACET_SCHEMA)}) as server:
        event = _event_file(tmp_path, server.url("/s.json") + FRAGMENT, retries="three")
        plain = run(event, "--target", "openlineage")
        assert plain.returncode == 0, plain.stdout
        assert server.seen == []  # nothing is fetched unless asked for
        checked = run(event, "--target", "openlineage", "--check-schema-urls", "--format", "json")
        assert checked.returncode == 1, checked.stdout + checked.stderr
        (verdict,) = json.loads(checked.stdout)
        paths = {problem["path"] for problem in verdict["problems"]}
        assert {"/run/facets/schedule/owner", "/run/facets/schedule/retries"} <= paths
        assert len(server.seen) == 1 and "authorization" not in server.seen[0].headers
    offline = run(event, "--target", "openlineage", "--check-schema-urls", "--schema-timeout", "1")
    assert offline.returncode == 1
    assert "checked against the copy of its schema saved on" in offline.stdout
    assert "run › facet schedule › retries: must be a whole number" in offline.stdout


def test_a_404_is_a_warning_and_strict_fails_on_it(tmp_path: Path) -> None:
    with SchemaServer() as server:
        event = _event_file(tmp_path, server.url("/missing.json") + FRAGMENT, owner="ops")
        lenient = run(event, "--target", "openlineage", "--check-schema-urls")
        strict = run(event, "--target", "openlineage", "--check-schema-urls", "--strict")
    assert lenient.returncode == 0 and strict.returncode == 1
    assert "answers 404 Not Found: consumers cannot check this facet" in lenient.stdout


def test_a_file_of_many_events_asks_each_url_once(tmp_path: Path) -> None:
    with SchemaServer({"/s.json": Route.schema(FACET_SCHEMA)}) as server:
        event = event_with({"schedule": custom(server.url("/s.json") + FRAGMENT, owner="ops")})
        path = tmp_path / "events.ndjson"
        path.write_text("\n".join(json.dumps(event) for _ in range(5)) + "\n", encoding="utf-8")
        result = run(str(path), "--target", "openlineage", "--check-schema-urls")
    assert result.returncode == 0, result.stdout
    assert len(server.seen) == 1


def test_a_bad_timeout_is_a_usage_error(tmp_path: Path) -> None:
    result = run(
        _event_file(tmp_path, "http://127.0.0.1:9/s.json"), "--check-schema-urls", "--schema-timeout", "0"
    )
    assert result.returncode == 2 and "not a number of seconds" in result.stderr
