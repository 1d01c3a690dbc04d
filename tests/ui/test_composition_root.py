"""`composer.app` builds the window's services once and hands them down; no window part builds
its own folders, send service, background threads or recents writer."""

from __future__ import annotations

import re
from pathlib import Path

from composer.services.paths import AppPaths
from tests.ui.windows import WindowOpener

UI = Path(__file__).resolve().parents[2] / "composer" / "ui"


def test_no_window_module_asks_the_environment_for_the_app_folders() -> None:
    asking = re.compile(r"\b(data_dir|config_dir|app_home)\(|\.in_dirs\(")
    offenders = [
        f"{path.relative_to(UI)}:{number}"
        for path in sorted(UI.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if asking.search(line)
    ]
    assert offenders == []


def test_the_window_shares_one_task_runner_one_send_service_and_one_recents_writer(
    open_window: WindowOpener, app_home: Path
) -> None:
    window = open_window(shown=False)
    services = window.services
    assert services.paths == AppPaths.from_environment() and services.paths.home == app_home
    tasks = window.tasks
    assert window.send_ui is not None
    runners = {
        "send": window.send_ui.controller.runner,
        "logs": window.logs.runner,
        "history": window.history._tasks,
        "autosave": window.autosave._tasks,
        "files": window.files._jobs._runner,
        "schema checks": window.schema_urls._runner,
    }
    assert {name: runner is tasks for name, runner in runners.items()} == dict.fromkeys(runners, True)
    backend = window.send_ui.controller.backend
    assert services.send_service() is backend  # made once, on first use
    assert backend.history.path is not None and backend.history.path.parent == services.paths.data
    assert backend.profiles.path.parent == services.paths.config
    job_recents = window.job_form._recents
    assert job_recents is not None
    writers = {job_recents._writer, window.dataset_recents._writer, window.files.recent._writer}
    assert writers == {services.recents}
