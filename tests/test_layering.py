"""The layers of the design: core is pure, services never touch Qt, only ui imports PySide6."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import textwrap

import composer

FORBIDDEN = {
    "composer.core": ["PySide6", "httpx", "keyring", "sqlite3", "composer.services", "composer.ui"],
    "composer.services": ["PySide6", "composer.ui"],
}


def _modules(package: str) -> list[str]:
    root = composer.__path__[0] + "/" + package.split(".", 1)[1].replace(".", "/")
    return [package] + [f"{package}.{m.name}" for m in pkgutil.walk_packages([root], prefix="") if m.name]


def _import_with_blocked(modules: list[str], blocked: list[str]) -> subprocess.CompletedProcess[str]:
    """Import `modules` in a fresh interpreter where importing any `blocked` name fails loudly."""
    script = textwrap.dedent(
        f"""
        import importlib, importlib.abc, sys
        BLOCKED = {blocked!r}
        class Blocker(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if any(name == b or name.startswith(b + ".") for b in BLOCKED):
                    raise ImportError(f"layering: {{name}} imported")
                return None
        for b in BLOCKED:
            for loaded in [m for m in sys.modules if m == b or m.startswith(b + ".")]:
                del sys.modules[loaded]
        sys.meta_path.insert(0, Blocker())
        for module in {modules!r}:
            importlib.import_module(module)
        """
    )
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)


def test_core_imports_no_qt_network_keyring_or_sqlite() -> None:
    result = _import_with_blocked(_modules("composer.core"), FORBIDDEN["composer.core"])
    assert result.returncode == 0, result.stderr


def test_services_import_no_qt() -> None:
    result = _import_with_blocked(_modules("composer.services"), FORBIDDEN["composer.services"])
    assert result.returncode == 0, result.stderr


def test_the_blocker_really_blocks() -> None:
    """Guards the guard: a forbidden import must fail under the blocker."""
    result = _import_with_blocked(["sqlite3"], ["sqlite3"])
    assert result.returncode != 0 and "layering: sqlite3 imported" in result.stderr
