import json

from composer.core.eventlog import read_events

EVENT = '{"eventType": "COMPLETE", "run": {"runId": "x"}}'


def test_single_event_keeps_its_text() -> None:
    entries = read_events(EVENT + "\n")
    assert len(entries) == 1
    assert entries[0].document is not None
    assert entries[0].document.to_json() == EVENT + "\n"


def test_json_array_gives_each_event() -> None:
    entries = read_events(f"[{EVENT}, {EVENT}, 3]")
    assert [e.index for e in entries] == [0, 1, 2]
    assert all(e.document is not None for e in entries)


def test_ndjson_lines_with_one_broken() -> None:
    text = f'{EVENT}\n\n{{"eventType": \n{EVENT}\n'
    entries = read_events(text)
    assert [e.line for e in entries] == [1, 3, 4]
    assert entries[1].error is not None and entries[1].error.line == 3
    assert entries[2].document is not None and entries[2].document.to_json() == EVENT


def test_empty_and_garbage() -> None:
    empty = read_events("  \n")
    assert empty[0].error is not None and "empty" in str(empty[0].error)
    garbage = read_events("hello")
    assert garbage[0].error is not None and garbage[0].error.line == 1


def test_a_broken_pretty_event_stays_one_located_error() -> None:
    text = '{\n  "eventType": "COMPLETE",\n  "outputs": [\n    {"namespace": "a", "name": "b"}\n  ]\n  "job": {}\n}\n'
    [entry] = read_events(text)
    assert entry.error is not None and entry.error.line == 6


def test_ndjson_with_a_garbage_first_line_keeps_the_rest() -> None:
    text = f"garbage\n{EVENT}\n{EVENT}\n"
    entries = read_events(text)
    assert [e.line for e in entries] == [1, 2, 3]
    assert entries[0].error is not None and [e.document is not None for e in entries] == [False, True, True]


def test_a_bom_and_crlf_lines() -> None:
    entries = read_events(f"\ufeff{EVENT}\r\n\r\n{EVENT}\r\n")
    assert [e.line for e in entries] == [1, 3] and all(e.document is not None for e in entries)


def test_first_index_numbers_every_shape_from_there() -> None:
    history = '{"sent_at": "t", "profile": "p", "outcome": "ok", "event": ' + json.dumps(EVENT) + "}"
    shapes = {
        "one event": (EVENT, [7]),
        "an array": (f"[{EVENT}, {EVENT}]", [7, 8]),
        "NDJSON with a bad line": (f"{EVENT}\n{{oops\n{EVENT}\n", [7, 8, 9]),
        "a history record": (history, [7]),
        "a broken event": ('{"eventType": ', [7]),
        "nothing": ("\n", [7]),
    }
    for name, (text, indexes) in shapes.items():
        assert [e.index for e in read_events(text, first_index=7)] == indexes, name
        assert [e.index for e in read_events(text)] == [i - 7 for i in indexes], name
