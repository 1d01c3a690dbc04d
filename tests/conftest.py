"""Test-wide isolation: every test gets its own app home, `memory_keyring` when it asks for one;
Qt runs offscreen."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def app_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh LINEAGE_COMPOSER_HOME per test, so no test reads or writes the user's files."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("LINEAGE_COMPOSER_HOME", str(home))
    yield home


@pytest.fixture
def memory_keyring() -> Iterator[Any]:
    """No test touches the machine's keyring: an in-memory backend for the test's length."""
    import keyring  # noqa: PLC0415 (only the tests that ask load it)

    from tests.services.fake_keyring import MemoryKeyring  # noqa: PLC0415

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def file_keyring(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """One test keyring, a file, shared by this process and the CLI processes it starts."""
    import keyring  # noqa: PLC0415 (only the tests that ask load it)

    from tests.services.fake_keyring import FILE_VARIABLE, FileKeyring  # noqa: PLC0415

    path = tmp_path_factory.mktemp("keyring") / "keyring.json"
    monkeypatch.setenv(FILE_VARIABLE, str(path))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.services.fake_keyring.FileKeyring")
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    yield path
    keyring.set_keyring(previous)


@pytest.fixture
def tenant() -> Iterator[Any]:
    """A stand-in for a tenant on loopback: a sandbox with known tokens (tests/stand_in.py)."""
    from composer.services.sandbox import SandboxConfig, SandboxServer  # noqa: PLC0415
    from tests.stand_in import TENANT_REFRESH_TOKEN, TENANT_TOKEN  # noqa: PLC0415

    with SandboxServer(SandboxConfig(token=TENANT_TOKEN, refresh_token=TENANT_REFRESH_TOKEN)) as server:
        yield server


@pytest.fixture(autouse=True)
def gui_thread_gc(request: pytest.FixtureRequest) -> Iterator[None]:
    """Qt tests run under the app's garbage-collection policy (`composer.ui.gc_policy`).

    Automatic collection inside a Qt destructor can deadlock; the app collects only from the
    event loop, and so do the tests: between tests, at the top level, whatever is due — after
    the test's widgets were deleted, so the collector frees their dead wrappers, not live Qt
    objects (tests/ui/test_window_teardown.py).
    """
    kept: list[Any] = []
    if {"qtbot", "qapp"} & set(request.fixturenames):
        from composer.ui.gc_policy import install_gc_policy  # noqa: PLC0415 (Qt-free tests stay so)

        install_gc_policy(request.getfixturevalue("qapp"))
        _policy_installed.append(True)
    if "qtbot" in request.fixturenames:
        # pytest-qt holds added widgets by weak reference only: a panel a helper built and
        # returned a child of would be garbage the moment the collector runs (now on the event
        # loop, mid-test). The test owns what it adds until it ends.
        qtbot = request.getfixturevalue("qtbot")
        add_widget = qtbot.addWidget

        def add_and_keep(widget: Any, **options: Any) -> None:
            kept.append(widget)
            add_widget(widget, **options)

        qtbot.addWidget = add_and_keep
    yield
    kept.clear()
    if "qtbot" in request.fixturenames:
        # pytest-qt closed and `deleteLater`-ed the test's widgets; delete them now, with the
        # test's workers stopped, not in whatever event loop a later test runs (under its workers)
        # nor inside a garbage collection.
        from PySide6.QtCore import QCoreApplication, QEvent  # noqa: PLC0415

        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.unfreeze()  # a gui-built window froze what existed (gc_policy.freeze_long_lived): not for the next test
    if _policy_installed:  # once installed, automatic collection is off for the rest of the session
        from composer.ui.gc_policy import collect_due  # noqa: PLC0415

        collect_due()


_policy_installed: list[bool] = []
