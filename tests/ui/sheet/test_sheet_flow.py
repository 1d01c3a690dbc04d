"""New from Sheet in the real window, end to end to a real sandbox: read, map, group, review,
edit one event in the editor, Send All through Replay, save NDJSON, presets, drag and drop."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, QUrl
from pytestqt.qtbot import QtBot

from composer.services.sandbox import SandboxServer
from composer.ui.main_window import MainWindow
from composer.ui.replay import ReplayDialog
from tests.services.sheet_files import PG, SF, csv_text, grouped_workbook
from tests.ui.sheet_fixtures import FakeSheetPrompter, SheetDriver
from tests.ui.test_files import _drop as drop_mime


def test_workbook_to_review_to_editor_to_the_sandbox(
    window: MainWindow,
    sheets: SheetDriver,
    tenant: SandboxServer,
    staging: str,
    tmp_path: Path,
) -> None:
    qtbot = sheets.qtbot
    dialog = sheets.open(grouped_workbook(tmp_path / "mapping.xlsx"))
    assert [dialog.sheet.itemText(i) for i in range(dialog.sheet.count())] == ["Read me", "Mapping"]
    assert not dialog.make_button.isEnabled()  # the notes sheet has no lineage columns
    assert "Still needed" in dialog.missing.text()
    sheets.choose_sheet(dialog, "Mapping")
    assert dialog.roles.combos["job_name"].currentText() == "Job"  # guessed, merged header and all
    assert dialog.roles.combos["source_table"].currentText() == "Source Table"
    assert dialog.roles.combos["target_system"].currentText() == "Target System"
    assert list(dialog.systems.pickers) == ["prod-postgres", "snow"]
    preview = [dialog.preview_model.cells(r) for r in range(dialog.preview_model.rowCount())]
    assert [cells[0] for cells in preview] == ["5", "7", "8"]
    assert "has no namespace yet" in preview[0][1]  # as it will be read: systems not chosen yet
    sheets.set_systems(dialog, {"prod-postgres": PG, "snow": SF})
    preview = [dialog.preview_model.cells(r) for r in range(dialog.preview_model.rowCount())]
    assert preview[0][1:5] == ("", "load_sales", PG, "sales.public.orders")
    assert "Updated: not a date and time" in preview[2][1]  # 2024 is a year, not a moment

    review = sheets.make_events(dialog)
    assert review.events_model.rowCount() == 1
    model = review.events_model
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert dict(zip(titles, model.cells(0), strict=True)) == {
        "#": "1", "Job or table": "load_sales", "Inputs": "2", "Outputs": "1", "Column pairs": "0",
        "Errors": "0", "Warnings": "0", "Notes": "0", "Tenant": "3 warnings", "Sheet rows": "5, 7",
        "Writes": "dw.public.sales",
    }  # fmt: skip: the Local sandbox catalogs neither PG table, and SF is none of its sources
    assert [(p.row, p.column, p.value) for p in review.bad_rows_model.problems] == [(8, "Updated", "2024")]
    assert review.bad_rows.isVisible() and "1 row(s) could not be read" in review.bad_title.text()
    event = review.events_model.events[0].document.value
    assert event["eventTime"] == "2024-02-20T11:00:00.000Z"  # the latest of its rows
    assert event["inputs"] == [
        {"namespace": PG, "name": "sales.public.orders"},
        {"namespace": PG, "name": "sales.public.items"},
    ]

    assert review.open_in_editor(0)
    assert window.model.get("/job/name") == "load_sales"
    with qtbot.waitSignal(review.checked, timeout=5_000):
        window.model.set("/job/name", "load_sales_v2", text="rename")  # an edit in the editor
    assert review.events_model.events[0].document.value["job"]["name"] == "load_sales_v2"
    assert review.events_model.cells(0)[1] == "load_sales"  # the key stays the sheet's

    dialog_box: list[ReplayDialog] = []
    review.replayOpened.connect(dialog_box.append)
    review.send_button.click()
    (replay,) = dialog_box
    assert isinstance(replay, ReplayDialog) and replay.objectName() == "replayDialog"
    with qtbot.waitSignal(replay.checked, timeout=20_000):
        replay.profile.setCurrentText(staging)
    with qtbot.waitSignal(replay.finishedReplay, timeout=20_000):
        replay.start_button.click()
    assert replay.summary is not None and replay.summary.all_ok
    (stored,) = tenant.store.events(10)
    received = json.loads(stored.raw)
    assert received["job"]["name"] == "load_sales_v2"  # the editor's change went out
    assert received["run"]["runId"] == event["run"]["runId"]
    assert received["outputs"] == [{"namespace": SF, "name": "dw.public.sales"}]


def test_csv_grouped_per_target_saved_as_ndjson_with_a_preset_reused(
    qtbot: QtBot,
    sheets: SheetDriver,
    tmp_path: Path,
) -> None:
    path = tmp_path / "mapping.csv"
    path.write_text(csv_text(";"), encoding="latin-1")
    dialog = sheets.open(path)
    assert "read as Windows-1252 (Latin-1)" in dialog.read_status.text()
    sheets.set_systems(dialog, {"prod-postgres": PG, "snow": SF})
    dialog.grouping.setCurrentIndex(dialog.grouping.findData("target"))
    dialog.prompter = FakeSheetPrompter(preset="Quarterly")  # type: ignore[assignment]
    assert dialog.save_as_preset()
    review = sheets.make_events(dialog)
    assert [review.events_model.cells(r)[1] for r in range(2)] == ["dw.public.sales", "dw.public.users"]
    users = review.events_model.events[1].document.value
    assert users["job"]["facets"]["documentation"]["description"] == "Kunden (München)"
    columns = review.events_model.events[0].document.value["outputs"][0]["facets"]["columnLineage"]["fields"]
    assert set(columns) == {"order_id", "amount"}

    out = tmp_path / "events.ndjson"
    review.prompter = FakeSheetPrompter(save_path=out)  # type: ignore[assignment]
    with qtbot.waitSignal(review.saved, timeout=10_000):
        assert review.save_ndjson()
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [e.document.value for e in review.events_model.events]

    again = sheets.open(path)  # a new dialog: the preset brings the mapping back
    assert "Quarterly" in [again.preset.itemText(i) for i in range(again.preset.count())]
    again.preset.setCurrentText("Quarterly")
    again._apply_preset()  # what choosing it in the list does
    assert again.systems.pickers["snow"].namespace() == SF
    assert again.mapping() == dialog.mapping()
    assert "eventTime: the moment Make Events is pressed" in again.preview_note.text()

    other = tmp_path / "other.csv"  # the same preset on a sheet without a "Target Column"
    other.write_text(csv_text().replace("Target Column", "Notes"), encoding="utf-8")
    third = sheets.open(other)
    third.preset.setCurrentText("Quarterly")
    third._apply_preset()
    assert "the preset's column(s) Target Column, which this sheet does not have" in third.missing.text()
    assert not third.make_button.isEnabled()


def test_undoing_past_the_open_unlinks_and_closing_unsent_events_asks(
    window: MainWindow,
    sheets: SheetDriver,
    tmp_path: Path,
) -> None:
    dialog = sheets.mapped_csv(tmp_path / "mapping.csv")
    review = sheets.make_events(dialog)
    before = window.model.to_json()
    assert review.open_in_editor(1) and review.link.row == 1
    window.model.undo_stack.undo()  # back to the event that was there: it is not the sheet's
    assert window.model.to_json() == before and review.link.row == -1
    window.model.set("/job/name", "someone else's event")
    review.link.keep()
    assert review.events_model.events[1].document.value["job"]["name"] == "load_users"
    review.prompter = FakeSheetPrompter(close_answers=[False, True])  # type: ignore[assignment]
    review.reject()
    assert review.isVisible()  # "Cancel": the events stay
    review.prompter.close_answers = [False]  # type: ignore[attr-defined]
    assert not window.close() and window.isVisible()  # nor does the window close over them
    review.reject()
    assert not review.isVisible()


def test_stop_drops_the_work_in_flight(
    qtbot: QtBot,
    window: MainWindow,
    sheets: SheetDriver,
    tmp_path: Path,
) -> None:
    dialog = sheets.mapped_csv(tmp_path / "big.csv", extra_rows=3000)
    made: list[object] = []
    dialog.eventsMade.connect(made.append)
    assert dialog.make_events() and dialog.cancel_button.isEnabled()
    dialog.stop()
    work = window.sheets._background()[1]  # the sheet's own lane: the tenant's catalog work does not count
    assert work.wait_idle(20_000)
    qtbot.waitUntil(lambda: not work.busy, timeout=5_000)  # its callback came and was dropped
    assert made == [] and window.sheets.review is None
    assert dialog.make_button.isEnabled() and dialog.read_status.text() == "Stopped."


def test_rechecking_with_another_target_and_the_progress_phases(
    qtbot: QtBot,
    window: MainWindow,
    sheets: SheetDriver,
    tmp_path: Path,
) -> None:
    dialog = sheets.mapped_csv(tmp_path / "mapping.csv")
    phases: list[str] = []
    window.sheets._background()[1].progress.connect(lambda phase, _d, _t: phases.append(phase))
    review = sheets.make_events(dialog)
    assert "Checking events" in phases
    assert review.events_model.cells(0)[5] == "0"
    with qtbot.waitSignal(review.checked, timeout=20_000):
        review.target.setCurrentText("OpenMetadata")
        review.recheck()
    assert "OpenMetadata rules" in review.summary.text()


def _drop(widget: MainWindow, path: Path) -> bool:
    """As a file manager drops a file: the drag enters (and must be accepted), then the drop."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    return drop_mime(widget, mime)


def test_dropping_a_sheet_opens_the_mapping_dialog(
    qtbot: QtBot,
    window: MainWindow,
    tmp_path: Path,
) -> None:
    path = tmp_path / "dropped.tsv"
    path.write_text(csv_text("\t"), encoding="utf-8")
    event_file = tmp_path / "event.json"
    event_file.write_text("{}", encoding="utf-8")
    assert window.sheets.mapping_dialog is None
    with qtbot.waitSignal(window.files.opened, timeout=10_000):
        assert _drop(window, event_file)  # an event file is still the File menu's
    assert window.sheets.mapping_dialog is None
    assert _drop(window, path)
    qtbot.waitUntil(lambda: window.sheets.mapping_dialog is not None, timeout=5_000)
    dialog = window.sheets.mapping_dialog
    assert dialog is not None and dialog.path == path
    qtbot.waitUntil(lambda: dialog.read is not None, timeout=20_000)
    assert dialog.read is not None and dialog.read.delimiter == "\t"


def test_an_unreadable_sheet_says_why_and_nothing_else_changes(
    window: MainWindow,
    sheets: SheetDriver,
    tmp_path: Path,
) -> None:
    path = tmp_path / "cyrillic.csv"
    path.write_bytes("Job,Table\nзагрузка,a.b\n".encode("koi8-r"))
    before = window.model.to_json()
    dialog = sheets.open(path)
    assert dialog.read is None and "does not read as Windows-1252 / Latin-1" in dialog.read_status.text()
    assert not dialog.make_button.isEnabled() and window.model.to_json() == before
