"""The tenant parts on their own, with real widgets and real data: the pickers' data-source rows
("no namespace" shown but never inserted), Build… from a data source, the offline list and its
age, and a TMP verdict told as a failed step 3 with its cause."""

from __future__ import annotations

import json
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from composer.core.document import DatasetRef
from composer.core.tenant import OutputVerdict, data_source
from composer.services.catalog import AccessStore, CatalogAccess, SourceCache
from composer.services.profile_store import ProfileStore
from composer.services.profiles import Profile
from composer.services.send.result import Attempt, Explanation, SendResult
from composer.ui.namespaces.picker import NamespacePicker
from composer.ui.send.backend import Delivery, SendBackend
from composer.ui.send.walkthrough import build_walkthrough
from composer.ui.tenant.backend import TenantBackend
from composer.ui.tenant.source_choices import SourceChoices, source_items
from composer.ui.tenant.walk_steps import with_verdicts
from tests.services.fake_keyring import MemoryKeyring

SOURCES = (
    data_source(7, "Sales warehouse", "jdbc:postgresql://prod-db.example.com:5432/sales", "v1"),
    data_source(9, "Legacy mainframe", "jdbc:db2-weird//what", "v2"),
)


def picker_in_window(qtbot: QtBot) -> tuple[NamespacePicker, SourceChoices]:
    host = QWidget()
    qtbot.addWidget(host)
    choices = SourceChoices(host)
    choices.show_sources(source_items(SOURCES), "Data sources of “prod”: 2 data sources, fetched just now")
    picker = NamespacePicker(None, object_name="outputsNamespace0")
    QVBoxLayout(host).addWidget(picker)
    host.show()
    host.activateWindow()
    picker.lineEdit().setFocus()
    qtbot.waitUntil(picker.lineEdit().hasFocus)
    return picker, choices


def test_a_source_is_found_by_title_or_id_and_inserts_only_its_namespace(qtbot: QtBot) -> None:
    picker, _choices = picker_in_window(qtbot)
    completer = picker.lineEdit().completer()
    assert completer is not None
    qtbot.keyClicks(picker.lineEdit(), "data source 7")
    shown = completer.completionModel()
    assert completer.completionCount() == 1
    assert shown.index(0, 0).data() == "postgres://prod-db.example.com:5432    Sales warehouse (data source 7)"
    assert completer.pathFromIndex(shown.index(0, 0)) == "postgres://prod-db.example.com:5432"


def test_a_source_without_a_namespace_is_listed_marked_and_never_inserted(qtbot: QtBot) -> None:
    picker, choices = picker_in_window(qtbot)
    completer = picker.lineEdit().completer()
    assert completer is not None
    qtbot.keyClicks(picker.lineEdit(), "Legacy")
    row = completer.completionModel().index(0, 0)
    assert str(row.data()).startswith("(no namespace)    Legacy mainframe (data source 9)")
    assert completer.pathFromIndex(row) == "Legacy"  # the field keeps what was typed
    assert choices.choices()[-1][1] == ""


def test_build_starts_from_a_data_source(qtbot: QtBot) -> None:
    picker, _choices = picker_in_window(qtbot)
    dialog = picker.open_builder()
    qtbot.addWidget(dialog)
    assert dialog.source_start is not None
    dialog.source_start.choose(1)  # the first source, under the header
    assert dialog.namespace() == "postgres://prod-db.example.com:5432"


def test_an_unreachable_tenant_falls_back_on_the_cache_and_says_how_old(
    app_home: Path, memory_keyring: MemoryKeyring
) -> None:
    with socket.socket() as spare:
        spare.bind(("127.0.0.1", 0))
        gone = f"http://127.0.0.1:{spare.getsockname()[1]}"
    profile = Profile(name="prod", base_url=gone, timeout=2)
    send = SendBackend.in_dirs(app_home / "data", app_home / "config")
    try:
        ProfileStore.in_dir(app_home / "config").add(profile)
        send.set_token("prod", "ingest-token-1")
        AccessStore.in_dir(app_home / "config").set("prod", CatalogAccess("ingest-token"))
        SourceCache.in_data_dir(app_home / "data").save(
            "prod", gone, SOURCES, datetime.now(UTC) - timedelta(hours=3)
        )
        backend = TenantBackend(send, app_home / "config", app_home / "data")
        sources, status = backend.sources(profile, fresh=False)  # 3 h old: asks, cannot reach
        assert [s.id for s in sources] == [7, 9]
        assert "offline" in status and "3 hours ago" in status
        backend.close()
    finally:
        send.close()


def test_a_tmp_verdict_fails_step_3_with_its_cause_and_the_troubleshooting() -> None:
    event = {
        "eventType": "COMPLETE",
        "job": {"namespace": "etl", "name": "daily"},
        "inputs": [{"namespace": "postgres://nowhere:5432", "name": "db.public.a"}],
        "outputs": [{"namespace": "postgres://prod-db.example.com:5432", "name": "sales.public.b"}],
    }
    result = SendResult(
        url="https://acme.example/open_lineage_event/", status=200, ok=True,
        attempts=(Attempt(1, 200, "", "", 0.01),), total_seconds=0.01, request_bytes=10,
        explanation=Explanation("ok"),
    )
    profile = Profile(name="prod", base_url="https://acme.example")
    walk = build_walkthrough(Delivery(profile, json.dumps(event), result, profile.base_url, 1))
    output = DatasetRef("outputs", 0, "postgres://prod-db.example.com:5432", "sales.public.b")
    verdict = OutputVerdict(
        output, "tmp", "namespace-not-matched", "postgres://nowhere:5432 / db.public.a landed as TMP",
        None, "postgres://nowhere:5432 / db.public.a",
    )
    told = with_verdicts(walk, (verdict,), polling=False, base_url=profile.base_url)
    lineage = next(step for step in told.steps if step.key == "lineage")
    assert lineage.status == "fail"
    assert any("Most likely: the namespace matches no data source" in line for line in lineage.lines)
    assert any("Additional Datasource Connections" in line for line in lineage.lines)
    assert ("postgres://nowhere:5432", "db.public.a") in told.unresolved

