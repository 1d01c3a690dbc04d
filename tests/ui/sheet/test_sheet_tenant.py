"""The sheet review's tenant column in the real window against the real Local sandbox on
loopback: a namespace no data source has is counted, a cataloged one is not, the editor shows
the same findings and a fix there clears them; Stop; and a tenant that cannot be reached."""

from __future__ import annotations

import socket
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from composer.core.problems import Problem
from composer.services.catalog import CatalogAccess
from composer.services.profile_store import ProfileStore
from composer.services.profiles import Profile
from composer.ui.main_window import MainWindow
from composer.ui.sheet.review import SheetReview
from tests.ui.sheet_fixtures import SheetDriver

PROD_DB = "postgres://prod-db.example.com:5432"  # a Local sandbox data source
TYPO = "postgres://prod-db.example.con:5432"  # no data source has this host
SNOWFLAKE = "snowflake://account.region.snowflakecomputing.com"
# Tables of the built-in templates: the Local sandbox catalogs them from the start.
SHEET = """Job,Source System,Source Table,Target System,Target Table
load_good,pg,sales_db.public.transactions,snow,analytics.public.daily_sales
load_typo,pg-typo,sales_db.public.transactions,snow,analytics.public.daily_sales
"""
SYSTEMS = {"pg": PROD_DB, "pg-typo": TYPO, "snow": SNOWFLAKE}
TENANT = 8  # the events table's "Tenant" column


def said(problems: list[Problem] | None) -> list[tuple[str, str, str]]:
    return [(p.severity, p.path, p.message) for p in problems or []]


def review_of(sheets: SheetDriver, tmp_path: Path, text: str = SHEET) -> SheetReview:
    systems = {value: namespace for value, namespace in SYSTEMS.items() if f",{value}," in text}
    return sheets.make_events(sheets.csv(tmp_path / "mapping.csv", text, systems))


def test_the_tenant_column_counts_a_tmp_namespace_and_the_editor_shows_the_same(
    qtbot: QtBot,
    window: MainWindow,
    sheets: SheetDriver,
    tmp_path: Path,
) -> None:
    review = review_of(sheets, tmp_path)
    model = review.events_model
    assert model.headerData(TENANT, Qt.Orientation.Horizontal) == "Tenant"
    assert [model.cells(row)[1] for row in range(2)] == ["load_good", "load_typo"]
    assert model.cells(0)[TENANT] == "0"  # a data source, and both tables cataloged
    assert model.cells(1)[TENANT] == "1 warning"
    assert model.cells(1)[5:8] == ("0", "0", "0")  # the Alation rules cannot know: only the tenant does
    assert model.tenant is not None
    [tmp] = model.tenant[1] or []
    assert tmp.code == "tenant.namespace-unmatched" and tmp.path == "/inputs/0/namespace"
    assert "will land as TMP" in tmp.message and PROD_DB in tmp.message  # the closest source
    assert (
        "“Local sandbox”: 1 event(s) with tenant warnings or errors, 1 without" in review.tenant_status.text()
    )
    assert not review.tenant_progress.isVisible() and review.tenant_button.text() == "Check Tenant"

    # Opened in the editor, the window's own pre-flight finds exactly the same.
    assert review.open_in_editor(1)
    expected = said(model.tenant[1])
    qtbot.waitUntil(lambda: said(window.tenant.checks.problems) == expected, timeout=30_000)
    qtbot.waitUntil(  # the problems list merges its sources on a later turn
        lambda: any(p.code == "tenant.namespace-unmatched" for p in window.problems.problems), timeout=10_000
    )

    # Fixed in the editor: the review asks the tenant about that event again.
    window.model.set("/inputs/0/namespace", PROD_DB, text="fix the namespace")
    qtbot.waitUntil(lambda: model.cells(1)[TENANT] == "0", timeout=30_000)
    assert model.events[1].document.value["inputs"][0]["namespace"] == PROD_DB


def test_stop_keeps_what_was_checked_and_says_the_rest_was_not(
    qtbot: QtBot,
    sheets: SheetDriver,
    tmp_path: Path,
) -> None:
    rows = "".join(f"job_{n},pg,sales_db.public.t_{n},snow,analytics.public.d_{n}\n" for n in range(120))
    review = review_of(sheets, tmp_path, SHEET.splitlines()[0] + "\n" + rows)
    assert review.events_model.rowCount() == 120
    with qtbot.waitSignal(review.tenantChecked, timeout=30_000):
        review.tenant_button.click()  # Check Tenant again: a fresh run
        assert review.tenant_button.text() == "Stop Tenant Check" and review.tenant_progress.isVisible()
        review.tenant_button.click()  # Stop
    cells = [review.events_model.cells(row)[TENANT] for row in range(120)]
    assert cells[-1] == "not checked" and "…" not in cells
    assert review.tenant_status.text().startswith("tenant: not checked (stopped)")
    assert review.tenant_button.text() == "Check Tenant"


def test_an_unreachable_tenant_is_said_and_the_other_counts_stand(
    qtbot: QtBot,
    window: MainWindow,
    sheets: SheetDriver,
    tmp_path: Path,
) -> None:
    with socket.socket() as probe:  # a loopback port nothing listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = window.send_ui.controller
    ProfileStore(controller.backend.profiles.path).add(
        Profile(name="Gone", base_url=f"http://127.0.0.1:{port}")
    )
    controller.backend.set_token("Gone", "a-token-for-nowhere")
    window.tenant.backend.save_access(None, "Gone", CatalogAccess(mode="ingest-token"))
    with qtbot.waitSignal(controller.profilesChanged, timeout=10_000):
        controller.reload_profiles()
    with qtbot.waitSignal(
        window.tenant.profileReady, timeout=10_000, check_params_cb=lambda name, on: name == "Gone" and on
    ):
        controller.select("Gone")

    review = review_of(sheets, tmp_path)
    model = review.events_model
    assert [model.cells(row)[TENANT] for row in range(2)] == ["not checked", "not checked"]
    assert [model.cells(row)[5] for row in range(2)] == ["0", "0"]  # the rules' counts stand
    status = review.tenant_status.text()
    assert status.startswith("tenant: not checked (") and status.endswith(")"), status
    assert "127.0.0.1" in status or "reach" in status, status
    assert "2 pass and 0 have errors" in review.summary.text()
    assert review.send_button.isEnabled() and review.save_button.isEnabled()
