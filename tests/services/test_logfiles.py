"""The log reader on every format it promises: NDJSON, arrays, history exports, the file transport."""

from __future__ import annotations

import io
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.transport.file import FileConfig, FileTransport

from composer.core.eventlog import read_events
from composer.core.log_index import record_from_entry
from composer.services.history import HistoryEntry, HistoryStore
from composer.services.logfiles import LogReadError, iter_log, iter_log_records, read_log
from tests.services.sandbox_client import event
from tests.services.test_history import result


def _emit(config: FileConfig, count: int) -> list[str]:
    client = OpenLineageClient(transport=FileTransport(config))
    run_ids = []
    for number in range(count):
        run_id = str(uuid.uuid4())
        run_ids.append(run_id)
        client.emit(
            RunEvent(
                eventType=RunState.COMPLETE,
                eventTime=datetime.now(UTC).isoformat(),
                run=Run(runId=run_id),
                job=Job(namespace="etl", name=f"job-{number}"),
                outputs=[OutputDataset(namespace="snowflake://acct", name=f"dw.table_{number}")],
            )
        )
    return run_ids


def test_the_file_transport_in_append_mode_is_ndjson(tmp_path: Path) -> None:
    path = tmp_path / "events.ndjson"
    run_ids = _emit(FileConfig(log_file_path=str(path), append=True), 3)
    entries = read_log(path)
    assert [e.document.run_id for e in entries if e.document] == run_ids
    assert [e.line for e in entries] == [1, 2, 3]


@pytest.mark.parametrize("debug_mode", [False, True])
def test_the_file_transport_one_file_per_event_reads_as_a_folder_or_a_prefix(
    tmp_path: Path, debug_mode: bool
) -> None:
    prefix = tmp_path / "lineage"
    run_ids = _emit(FileConfig(log_file_path=str(prefix), append=False, debug_mode=debug_mode), 3)
    assert len(list(tmp_path.glob("lineage-*.json"))) == 3
    for path in (tmp_path, prefix):  # the folder, and the transport's own log_file_path
        entries = read_log(path)
        assert [e.document.run_id for e in entries if e.document] == run_ids
        assert [e.index for e in entries] == [0, 1, 2]
        assert all(e.origin.startswith("lineage-") for e in entries)


def test_a_history_export_gives_back_the_exact_events_sent(tmp_path: Path) -> None:
    store = HistoryStore(None)
    texts = [json.dumps(event(eventType=kind), indent=1) for kind in ("START", "COMPLETE")]
    for text in texts:
        store.record(HistoryEntry.for_send("Local sandbox", text, result()))
    out = io.StringIO()
    store.export_ndjson(out)
    path = tmp_path / "history.ndjson"
    path.write_text(out.getvalue(), encoding="utf-8")
    entries = read_log(path)
    assert [e.document.to_json() for e in entries if e.document] == texts
    assert [e.origin for e in entries] == ["history send 1", "history send 2"]
    one = json.loads(out.getvalue().splitlines()[0])  # a single record, and an array of them
    assert read_events(json.dumps(one))[0].document.to_json() == texts[0]
    assert [e.document.to_json() for e in read_events(json.dumps([one]))] == [texts[0]]


def test_bad_lines_are_reported_and_the_rest_is_read(tmp_path: Path) -> None:
    good = json.dumps(event())
    path = tmp_path / "log.ndjson"
    path.write_bytes(("\ufeff" + good + "\r\n\r\n" + "not json\r\n" + '{"a": \r\n' + good + "\r\n").encode())
    entries = read_log(path)
    assert [e.line for e in entries] == [1, 3, 4, 5]
    assert [e.document is not None for e in entries] == [True, False, False, True]
    assert entries[1].error is not None and entries[1].error.line == 3
    assert entries[3].document is not None and entries[3].document.to_json() == good


def test_leading_blank_lines_keep_line_numbers_and_a_pretty_event_reads_whole(tmp_path: Path) -> None:
    path = tmp_path / "log.ndjson"
    path.write_text("\n\n" + json.dumps(event()) + "\n" + json.dumps(event()) + "\n", encoding="utf-8")
    assert [e.line for e in read_log(path)] == [3, 4]
    pretty = tmp_path / "one.json"
    pretty.write_text(json.dumps(event(), indent=2), encoding="utf-8")
    assert len(read_log(pretty)) == 1 and read_log(pretty)[0].document is not None


def test_a_huge_ndjson_is_streamed_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.ndjson"
    line = json.dumps(event()) + "\n"
    path.write_text(line * 5000, encoding="utf-8")
    stream = iter_log(path)
    first = next(stream)
    assert first.index == 0 and first.document is not None  # answered before the rest is parsed
    assert sum(1 for _ in stream) == 4999


def test_unreadable_logs_say_why(tmp_path: Path) -> None:
    with pytest.raises(LogReadError, match="No such file"):
        read_log(tmp_path / "missing.ndjson")
    (tmp_path / "empty").mkdir()
    with pytest.raises(LogReadError, match="holds no"):
        read_log(tmp_path / "empty")
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(LogReadError, match="not UTF-8"):
        read_log(binary)


def test_the_fast_browsing_path_gives_the_same_records_as_the_lossless_reader(tmp_path: Path) -> None:
    store = HistoryStore(None)
    store.record(HistoryEntry.for_send("Local sandbox", json.dumps(event(eventType="START")), result()))
    out = io.StringIO()
    store.export_ndjson(out)
    lines = [
        "\ufeff" + json.dumps(event(), separators=(",", ":")),
        "",
        out.getvalue().strip(),  # a history export line among plain events
        "{not json",
        "[1, 2]",
        '{"eventType": "COMPLETE", "value": 1.50, "big": 12345678901234567890}',
    ]
    path = tmp_path / "mixed.ndjson"
    path.write_bytes("\r\n".join(lines).encode())
    fast = list(iter_log_records(path))
    assert fast == [record_from_entry(entry) for entry in iter_log(path)]
    assert [r.line for r in fast] == [1, 3, 4, 5, 6]
    assert fast[1].origin == "history send 1" and fast[1].event_type == "START"
    assert fast[2].error and fast[3].error == "not an event: not a JSON object"
    assert fast[4].text == lines[5]  # the exact text, number spelling and all
