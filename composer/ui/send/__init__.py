"""Send the window's event to a profile and walk through verifying that lineage appeared.

`install_send_ui(window, model, backend, runner)` is the one entry point the main window calls.
It is loaded on first use, so a module that only needs a piece of this package does not pull in
httpx, keyring and SQLite before the window's first paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from composer.ui.send.install import SendUi, install_send_ui

__all__ = ["SendUi", "install_send_ui"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from composer.ui.send import install  # noqa: PLC0415

        return getattr(install, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
