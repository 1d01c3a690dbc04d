"""`lineage-composer pair`: the START twin and the COMPLETE as NDJSON, exit 0 or 2."""

from __future__ import annotations

import json
from pathlib import Path

from composer.core.eventlog import read_events
from composer.resources import resource_path
from tests.cli_driver import cli, process

COMPLETE = resource_path("templates", "s3-to-redshift.json")


def test_writes_start_then_complete_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "pair.ndjson"
    ran = cli("pair", str(COMPLETE), "-o", str(out), "--start-time", "2024-02-20T03:00:00.000Z")
    assert ran.code == 0, ran.text
    assert str(out) in ran.err and ran.out == ""
    entries = read_events(out.read_text(encoding="utf-8"))
    start, complete = (e.document for e in entries)
    assert start is not None and complete is not None
    assert (start.event_type, complete.event_type) == ("START", "COMPLETE")
    assert start.event_time == "2024-02-20T03:00:00.000Z" and start.run_id == complete.run_id
    assert complete.value == json.loads(COMPLETE.read_text(encoding="utf-8"))
    assert "outputFacets" not in start.value["outputs"][0]


def test_standard_output_and_standard_input() -> None:
    ran = cli("pair", "-", stdin=COMPLETE.read_text(encoding="utf-8"))
    assert ran.code == 0 and [json.loads(line)["eventType"] for line in ran.out.splitlines()] == [
        "START",
        "COMPLETE",
    ]


def test_bad_input_exits_2_with_one_clear_line(tmp_path: Path) -> None:
    start_event = tmp_path / "start.json"
    start_event.write_text(json.dumps({**json.loads(COMPLETE.read_text()), "eventType": "START"}))
    two = tmp_path / "two.ndjson"
    two.write_text(cli("pair", str(COMPLETE)).out)
    broken = tmp_path / "broken.json"
    broken.write_text('{"eventType": ')
    for args, words in (
        ([str(tmp_path / "missing.json")], "cannot read"),
        ([str(start_event)], "a START is made from a COMPLETE event"),
        ([str(two)], "holds 2 events"),
        ([str(broken)], "malformed JSON"),
        ([str(COMPLETE), "--start-time", "2030-01-01T00:00:00Z"], "must be earlier"),
        ([str(COMPLETE), "-o", str(tmp_path / "no-such-dir" / "x.ndjson")], "cannot write"),
    ):
        ran = cli("pair", *args)
        assert ran.code == 2 and words in ran.err and "Traceback" not in ran.err, (args, ran.err)
        assert len(ran.err.strip().splitlines()) == 1


def test_help_and_the_output_feeds_send_in_a_real_process(tmp_path: Path) -> None:
    helped = cli("pair", "--help")
    assert helped.code == 0 and "--start-time" in helped.out and "NDJSON" in helped.out
    out = tmp_path / "pair.ndjson"
    assert process("pair", str(COMPLETE), "-o", str(out)).code == 0
    sent = process("send", str(out))  # to the built-in Local sandbox, in run order
    assert sent.code == 0, sent.text
    assert "2 ok" in sent.text
