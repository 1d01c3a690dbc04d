"""The window's "Check for" choice: every target's rule set, following the chosen profile.

The problems list speaks for one target at a time. When the send profile changes, the choice
follows the profile's kind (a Marquez profile is checked with Marquez's rules), so what the list
says is what Send will check; the person can still pick another target afterwards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox

from composer.core import receivers

if TYPE_CHECKING:
    from composer.ui.send.install import SendUi


def targets() -> dict[str, str]:
    """Label shown -> target name: every receiver kind, in the descriptors' order."""
    return {known.check_label: known.name for known in receivers.RECEIVERS}


def label_for(target: str) -> str:
    return receivers.receiver(target).check_label


def follow_profile(send_ui: SendUi, combo: QComboBox) -> None:
    """Select the current profile's target in `combo` now and whenever the profile changes."""

    def chosen(name: str) -> None:
        profile = next((p for p in send_ui.controller.profiles if p.name == name), None)
        if profile is not None:
            combo.setCurrentText(label_for(profile.validation_target))

    send_ui.controller.currentChanged.connect(chosen)
    chosen(send_ui.controller.current.name)
