"""Send the window's event to a profile and walk through verifying that lineage appeared.

`install_send_ui(window, model, home)` is the one entry point the main window calls.
"""

from composer.ui.send.install import SendUi, install_send_ui

__all__ = ["SendUi", "install_send_ui"]
