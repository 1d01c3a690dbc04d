"""Render the README's screenshots from the real window (offscreen).

Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python tests/ui/render_screenshots.py`; writes
docs/screenshots/*.png (`... render_screenshots.py dark`: only the dark-scheme ones, *-dark.png). A throw-away app home keeps the user's files out of it, and every
send goes to the built-in Local sandbox. Dialogs are shown without their modal loops (their
prompters are replaced, as the UI tests do) and grabbed once their worker threads are done;
every wait is on a condition or a signal, with a time limit.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LINEAGE_COMPOSER_HOME"] = tempfile.mkdtemp(prefix="lc-shots-")

from PySide6.QtCore import QEventLoop, Qt, QTimer, SignalInstance  # noqa: E402
from PySide6.QtGui import QAction  # noqa: E402
from PySide6.QtWidgets import QDialog, QDockWidget, QMessageBox, QWidget  # noqa: E402

from composer.app import application, build_main_window  # noqa: E402
from composer.core.run_pair import make_pair, one_line  # noqa: E402
from composer.core.templates import instantiate  # noqa: E402
from composer.ui.about import show_about  # noqa: E402
from composer.ui.main_window import MainWindow  # noqa: E402
from composer.ui.namespaces.dialog import BuildNamespaceDialog  # noqa: E402
from composer.ui.theme_follow import follow_colour_scheme  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
WORK = Path(tempfile.mkdtemp(prefix="lc-shots-files-"))

SQL = """INSERT INTO analytics.public.daily_orders (order_day, customer_id, revenue)
SELECT CAST(o.created_at AS DATE) AS order_day, o.customer_id AS customer_id,
       SUM(i.price * i.quantity) AS revenue
FROM shop.public.orders o
JOIN shop.public.order_items i ON i.order_id = o.id
GROUP BY 1, 2;"""

FACET_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["team", "tier"],
    "properties": {"team": {"type": "string"}, "tier": {"enum": ["gold", "silver", "bronze"]}},
}


class Shown:
    """A prompter stand-in: shows a dialog without its modal loop (the dialog stays open)."""

    def __init__(self) -> None:
        self.dialog: QDialog | None = None

    def run_dialog(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.show()

    def __getattr__(self, name: str) -> Callable[..., None]:  # other questions: no answer
        return lambda *_args, **_kwargs: None


def wait_until(condition: Callable[[], bool], timeout_ms: int = 30_000) -> None:
    """Run the event loop until `condition()` holds (or the time is up: the shot says so)."""
    app = application()
    loop = QEventLoop()
    timer = QTimer()
    timer.timeout.connect(lambda: loop.quit() if condition() else None)
    timer.start(25)
    QTimer.singleShot(timeout_ms, loop.quit)
    if not condition():
        loop.exec()
    timer.stop()
    app.processEvents()
    if not condition():
        print(f"warning: gave up waiting after {timeout_ms} ms", file=sys.stderr)


def wait_signal(signal: SignalInstance, start: Callable[[], object], timeout_ms: int = 60_000) -> None:
    fired: list[bool] = []
    signal.connect(lambda *_args: fired.append(True))
    start()
    wait_until(lambda: bool(fired), timeout_ms)


def pause(ms: int = 400) -> None:
    """Let debounced views (preview slices, lineage picture, dataset cards, timers) catch up."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    application().processEvents()


def shoot(widget: QWidget, name: str) -> Path:
    if isinstance(widget, MainWindow):
        widget.live.refresh()
    pause()
    path = OUT / name
    widget.grab().save(str(path))
    print(path)
    return path


def serve_schema() -> str:
    """A loopback schema host (loopback is the one place plain http is fetched from)."""
    body = json.dumps(FACET_SCHEMA).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/schema+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/ownership-team.json"


def window_shots(window: MainWindow) -> None:
    window.model.load(instantiate("alation-complete", fresh_run=False))
    shoot(window, "complete-example.png")
    # Send it to the Local sandbox and wait for the verification walk-through to finish.
    wait_signal(window.send_ui.unresolved, window.send_ui.send_action.trigger)
    shoot(window, "send-verify-window.png")
    # The problems list gets the room the send dock took.
    window.findChild(QDockWidget, "sendDock").hide()

    window.model.load(instantiate("alation-test", fresh_run=False))
    window.model.set("/outputs", [])
    window.focus_path("/outputs")
    shoot(window, "problems.png")

    # A realistic event: its output's facet editors, and the lineage picture after a sandbox send
    # (the sandbox catalogs no Snowflake source, so the output is marked TMP, as Alation would).
    window.model.load(instantiate("postgres-to-snowflake", fresh_run=False))
    window.focus_path("/outputs/0/facets/schema")
    shoot(window.outputs, "facets-dataset.png")
    # The gallery's sources are in the sandbox's catalog; one input from a host it does not know
    # shows what an unresolved (TMP) dataset looks like.
    window.model.set("/inputs/0/namespace", "postgres://legacy-db.acme.example.com:5432")
    wait_signal(window.send_ui.unresolved, window.send_ui.send_action.trigger)
    lineage = window.findChild(QDockWidget, "lineageDock")
    assert isinstance(lineage, QDockWidget)
    lineage.setFloating(True)  # room for the picture, then back in its place
    lineage.resize(1100, 440)
    shoot(lineage, "lineage-unresolved.png")
    lineage.setFloating(False)

    # A custom facet checked against its _schemaURL (Tools menu), with a finding in the problems.
    event = instantiate("alation-minimal", fresh_run=False)
    window.model.load(event)
    window.model.set(
        "/job/facets/acme_team",
        {"_producer": "https://acme.example/lineage", "_schemaURL": serve_schema(), "team": "finance"},
    )
    checks = window.schema_urls
    wait_signal(checks.checked, window.findChild(QAction, "checkCustomFacetsAction").trigger)
    shoot(window, "schema-url-check.png")


def dark_shots(window: MainWindow) -> None:
    """The main window in the dark scheme, as an OS in dark mode shows it (forced here)."""
    follower = follow_colour_scheme(application())
    follower.request(Qt.ColorScheme.Dark)
    send_dock = window.findChild(QDockWidget, "sendDock")
    assert isinstance(send_dock, QDockWidget)
    send_dock.show()
    window.model.load(instantiate("alation-complete", fresh_run=False))
    shoot(window, "complete-example-dark.png")
    wait_signal(window.send_ui.unresolved, window.send_ui.send_action.trigger)
    shoot(window, "send-verify-window-dark.png")
    send_dock.hide()  # as in the light shot: the problems list gets its room
    window.model.load(instantiate("alation-test", fresh_run=False))
    window.model.set("/outputs", [])
    window.focus_path("/outputs")
    shoot(window, "problems-dark.png")
    window.model.load(instantiate("postgres-to-snowflake", fresh_run=False))
    window.model.set("/inputs/0/namespace", "postgres://legacy-db.acme.example.com:5432")
    wait_signal(window.send_ui.unresolved, window.send_ui.send_action.trigger)
    lineage = window.findChild(QDockWidget, "lineageDock")
    assert isinstance(lineage, QDockWidget)
    lineage.setFloating(True)
    lineage.resize(1100, 440)
    shoot(lineage, "lineage-unresolved-dark.png")
    lineage.setFloating(False)
    follower.request(Qt.ColorScheme.Unknown)


def dialog_shots(window: MainWindow) -> None:
    window.model.load(instantiate("alation-complete", fresh_run=False))
    window.live.refresh()

    export = Shown()
    window.export_ui.prompter = export
    dialog = window.export_ui.open()
    dialog.resize(980, 680)
    wait_until(lambda: "curl" in dialog.findChild(QWidget, "exportSnippet").toPlainText())
    shoot(dialog, "export-dialog.png")
    dialog.close()

    pair = Shown()
    window.run_pair.prompts = pair
    window.run_pair.start()
    assert pair.dialog is not None
    pair.dialog.resize(900, 620)
    shoot(pair.dialog, "pair-dialog.png")
    pair.dialog.close()

    gallery = Shown()
    window.gallery.run_dialog = gallery.run_dialog
    window.gallery.open()
    assert window.gallery.dialog is not None
    window.gallery.dialog.select("postgres-to-snowflake")
    window.gallery.dialog.resize(1100, 680)
    shoot(window.gallery.dialog, "template-gallery.png")
    window.gallery.dialog.close()

    builder = BuildNamespaceDialog("postgres://orders-db.acme.internal:5432", window)
    builder.show()
    shoot(builder, "namespace-builder.png")
    builder.close()

    window.send_ui.prompter = Shown()
    profiles = window.send_ui.open_profiles()
    profiles.resize(900, 600)
    shoot(profiles, "send-profiles.png")
    profiles.close()

    sql = window.sql_fill.open(window, SQL)
    sql.dialect.setCurrentText("postgres")
    sql.all_namespace.lineEdit().setText("postgres://shop-db.acme.internal:5432")
    wait_until(lambda: sql.proposal is not None)
    sql.columns.expandAll()
    shoot(sql, "sql-fill.png")
    sql.confirm_discard = lambda: True
    sql.reject()

    about = show_about(window)
    shoot(about, "about.png")
    about.close()


def log_shots(window: MainWindow) -> None:
    """A small log: a run's START and COMPLETE, and two other jobs; a diff of the run's two events."""
    complete = instantiate("alation-complete", fresh_run=False)
    run = make_pair(complete)
    others = [instantiate(name, fresh_run=False) for name in ("postgres-to-snowflake", "bigquery")]
    log = WORK / "lineage-events.ndjson"
    log.write_text(
        "".join(one_line(doc) + "\n" for doc in (run.start, *others, run.complete)), encoding="utf-8"
    )
    browser = window.logs.open_path(log)
    browser.resize(1300, 780)
    wait_until(lambda: browser.table_model.rowCount() == 4)
    browser.select_rows([0, 3])
    browser.diff_selected()
    shoot(browser, "log-browser.png")

    browser.select_rows([0, 1, 2, 3])
    dialog = window.logs.replay_log_records(browser.selected_records())
    dialog.resize(1000, 600)
    wait_until(dialog.start_button.isEnabled)
    wait_signal(dialog.finishedReplay, dialog.start)
    shoot(dialog, "replay-dialog.png")
    dialog.close()
    browser.close()


def sheet_shots(window: MainWindow) -> None:
    """New from Sheet on a steward's workbook: a "Source"/"Target" header merged over its columns."""
    from openpyxl import Workbook  # noqa: PLC0415 (only this shot needs it)

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Mapping"
    sheet.append(["Job", "Description", "Source", None, None, "Target", None, None])
    sheet.append([None, None, "System", "Table", "Column", "System", "Table", "Column"])
    for cells in ("A1:A2", "B1:B2", "C1:E1", "F1:H1"):
        sheet.merge_cells(cells)
    rows = [
        ("load_daily_sales", "Daily sales per store", "shop-postgres", "shop.public.orders", "id", "snowflake-dw", "analytics.public.daily_sales", "order_id"),
        ("load_daily_sales", "Daily sales per store", "shop-postgres", "shop.public.orders", "amount", "snowflake-dw", "analytics.public.daily_sales", "revenue"),
        ("load_daily_sales", "Daily sales per store", "shop-postgres", "shop.public.stores", "name", "snowflake-dw", "analytics.public.daily_sales", "store"),
        ("load_customers", "Customer master", "crm-mysql", "crm.customers", "email", "snowflake-dw", "analytics.public.customers", "email"),
        ("load_customers", "Customer master", "crm-mysql", "crm.customers", "country", "snowflake-dw", "analytics.public.customers", "country"),
        (None, "Not assigned yet", "crm-mysql", "crm.leads", None, "snowflake-dw", "analytics.public.leads", None),
        ("export_finance", "Monthly export", "snowflake-dw", "analytics.public.daily_sales", None, "finance-s3", "s3://finance/exports/sales", None),
    ]  # fmt: skip
    for row in rows:
        sheet.append(list(row))
    path = WORK / "lineage-mapping.xlsx"
    book.save(path)
    dialog = window.sheets.open_path(path)
    wait_until(lambda: dialog.read is not None)
    for value, namespace in {
        "shop-postgres": "postgres://shop-db.acme.internal:5432",
        "snowflake-dw": "snowflake://acme-eu.snowflakecomputing.com",
        "crm-mysql": "mysql://crm-db.acme.internal:3306",
        "finance-s3": "s3://finance",
    }.items():
        dialog.systems.pickers[value].lineEdit().setText(namespace)
    shoot(dialog, "sheet-mapping.png")
    wait_signal(dialog.eventsMade, dialog.make_events)
    review = window.sheets.review
    assert review is not None
    review.resize(1100, 560)
    wait_until(lambda: not review.events_model.tenant_running)  # the Tenant column filled in
    review.events.selectRow(0)
    shoot(review, "sheet-review.png")
    review.handed_on = True  # a picture, not a steward's work: close without asking
    review.close()
    dialog.close()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    window = build_main_window()
    window.resize(1800, 1060)
    window.show()
    if sys.argv[1:] == ["dark"]:
        dark_shots(window)
    else:
        window_shots(window)
        dark_shots(window)
        dialog_shots(window)
        log_shots(window)
        sheet_shots(window)
    for box in window.findChildren(QMessageBox):
        box.close()
    window.files.current_path = None
    window.model.undo_stack.setClean()
    window.close()


if __name__ == "__main__":
    main()
