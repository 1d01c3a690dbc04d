"""Every question the send UI asks, and the browser it opens, in one object tests replace.

The real one shows modal Qt dialogs; a test's answers at once, so no test runs a modal loop or
opens a browser. A token typed here goes straight to the backend (on a worker) and is never
echoed: the input field hides what is typed.
"""

from __future__ import annotations

import html
from typing import Protocol

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

from composer.core.problems import Problem

APP_NAME = "Lineage Composer"


class SendPrompts(Protocol):
    """What the send UI asks; `SendPrompter` shows dialogs, tests answer from a script."""

    def confirm_send_anyway(self, profile_name: str, problems: list[Problem]) -> bool: ...
    def confirm_send_as_typed(self, profile_name: str, problem: Problem) -> bool: ...
    def confirm_check(self, notice: str) -> bool: ...
    def ask_token(self, profile_name: str, where: str) -> str | None: ...
    def offer_session_token(self, message: str) -> bool: ...
    def confirm_remove(self, profile_name: str) -> bool: ...
    def show_error(self, title: str, text: str) -> None: ...
    def open_url(self, url: str) -> None: ...
    def run_dialog(self, dialog: QDialog) -> None: ...


class SendPrompter:
    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def confirm_send_anyway(self, profile_name: str, problems: list[Problem]) -> bool:
        """The event breaks the target's rules: send it anyway (to reproduce a customer's event)?"""
        box = QMessageBox(
            QMessageBox.Icon.Warning, APP_NAME, "", QMessageBox.StandardButton.Cancel, self.parent
        )
        box.setText(f"This event has {len(problems)} error(s) for profile “{profile_name}”.")
        box.setInformativeText(
            "<ul>"
            + "".join(
                f"<li><code>{html.escape(p.path or '/')}</code> {html.escape(p.message)}</li>"
                for p in problems[:12]
            )
            + "</ul>The receiver will most likely reject it (400). Send it anyway, exactly as it is?"
        )
        send = box.addButton("Send anyway", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is send

    def confirm_send_as_typed(self, profile_name: str, problem: Problem) -> bool:
        """Edit JSON holds text that does not parse: send those exact characters, or nothing?"""
        box = QMessageBox(
            QMessageBox.Icon.Warning, APP_NAME, "", QMessageBox.StandardButton.Cancel, self.parent
        )
        box.setText("The text in Edit JSON is not valid JSON, so it is not sent as an event.")
        box.setInformativeText(
            f"{html.escape(problem.message)}.<br><br>Send it to profile “{html.escape(profile_name)}” "
            "exactly as typed (to reproduce a broken event; the receiver will answer 400), or cancel "
            "and fix it."
        )
        send = box.addButton("Send as typed", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is send

    def confirm_check(self, notice: str) -> bool:
        answer = QMessageBox.question(
            self.parent,
            "Check connection",
            notice + "\n\nSend the check now?",
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Ok

    def ask_token(self, profile_name: str, where: str) -> str | None:
        token, accepted = QInputDialog.getText(
            self.parent,
            "Set token",
            f"API token for profile “{profile_name}”\n(stored in: {where})",
            QLineEdit.EchoMode.Password,
        )
        return token if accepted and token else None

    def offer_session_token(self, message: str) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Warning, APP_NAME, message, QMessageBox.StandardButton.Cancel, self.parent
        )
        use = box.addButton("Use for this session only", QMessageBox.ButtonRole.AcceptRole)
        box.setInformativeText("A session-only token is kept in memory and forgotten when the app closes.")
        box.exec()
        return box.clickedButton() is use

    def confirm_remove(self, profile_name: str) -> bool:
        answer = QMessageBox.question(
            self.parent, "Remove profile", f"Remove profile “{profile_name}” and forget its token?"
        )
        return answer == QMessageBox.StandardButton.Yes

    def show_error(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent, title, text)

    def open_url(self, url: str) -> None:
        QDesktopServices.openUrl(QUrl(url))

    def run_dialog(self, dialog: QDialog) -> None:
        dialog.exec()
