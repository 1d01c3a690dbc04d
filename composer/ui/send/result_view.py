"""What the last send did, in words: status, time, size, each attempt and why it was retried,
the receiver's answer (capped) and the plain explanation of what to do next.

It draws only what it is given. Nothing here can show the token: the sender scrubs it from
everything a server might echo, and the token never reaches the window at all.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QTextBrowser, QWidget

from composer.core.problems import Problem
from composer.services.send.result import Attempt, readable_response
from composer.ui.preview.panel import PARSE_ERROR_CODE
from composer.ui.send.backend import Delivery
from composer.ui.theme import Scheme, css, current_scheme, on_scheme_change

RESPONSE_SHOWN_CHARS = 4000
_IDLE = "Nothing sent yet. Choose a profile in the toolbar and press Send (Ctrl+Enter)."
_NOT_SENT = "This event has not been sent yet; earlier sends are in the History. Press Send (Ctrl+Enter)."


class SendResultView(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sendResult")
        self.setAccessibleName("Send result")
        self.setOpenExternalLinks(False)
        self.setOpenLinks(False)  # More…/Less are handled here, never followed
        self.anchorClicked.connect(self._link)
        self._delivery: Delivery | None = None
        self._expanded = False
        self._page: Callable[[Scheme], str] = lambda _scheme: ""
        on_scheme_change(self, lambda: self._show(self._page))
        self._idle(_IDLE)

    def _show(self, page: Callable[[Scheme], str]) -> None:
        """Show `page` in the scheme shown; kept, to draw it again when the scheme switches."""
        self._page = page
        self.setHtml(page(current_scheme()))

    def _idle(self, text: str) -> None:
        """An empty state as wrapped, muted text (a placeholder would not wrap in a narrow dock)."""
        self._show(lambda scheme: f"<p style='color:{css('muted', scheme)}'>{html.escape(text)}</p>")

    def show_not_sent(self) -> None:
        """A different event is in the window: nothing shown here may look like its result."""
        self._idle(_NOT_SENT)

    def show_progress(self, text: str) -> None:
        self._show(lambda _scheme: f"<p><b>⏳ {html.escape(text)}</b></p><p>Cancel stops retrying at once.</p>")

    def show_cancelled(self) -> None:
        self._show(
            lambda _scheme: "<p><b>Cancelled.</b></p><p>No more attempts are made. An attempt already on "
            "the wire may still reach the receiver; its outcome is recorded in the history.</p>"
        )

    def show_failure(self, message: str) -> None:
        self._show(lambda _scheme: f"<p><b>✘ Not sent.</b></p><p>{html.escape(message)}</p>")

    def show_refused(self, profile_name: str, problems: list[Problem]) -> None:
        items = "".join(
            f"<li><code>{html.escape(p.path or '/')}</code> — {html.escape(p.message)}"
            + (f"<br><i>{html.escape(p.hint)}</i>" if p.hint else "")
            + "</li>"
            for p in problems
        )
        if any(p.code == PARSE_ERROR_CODE for p in problems):
            headline, choice = "the text in Edit JSON is not valid JSON", "Send as typed"
        else:
            headline, choice = f"{len(problems)} error(s) for profile “{profile_name}”", "Send anyway"
        page = (
            f"<p><b>✘ Not sent: {html.escape(headline)}.</b></p>"
            f"<ul>{items}</ul><p>Fix them, or press Send again and choose “{choice}” to reproduce "
            "the event exactly as it is.</p>"
        )
        self._show(lambda _scheme: page)

    def show_delivery(self, delivery: Delivery) -> None:
        """A plain success shows its verdict and chips, the rest behind "More…"; a failure, or a
        success that took retries, shows all."""
        self._delivery = delivery
        self._expanded = not delivery.result.ok or len(delivery.result.attempts) > 1
        self._show_delivery(delivery)

    def _show_delivery(self, delivery: Delivery) -> None:
        expanded = self._expanded
        self._show(lambda scheme: render_delivery(delivery, expanded=expanded, scheme=scheme))

    def _link(self, url: QUrl) -> None:
        if self._delivery is not None and url.toString() in (MORE_LINK, LESS_LINK):
            self._expanded = url.toString() == MORE_LINK
            self._show_delivery(self._delivery)


# Each chip's fill and text roles (theme.py): the status green or red, the rest grey.
_CHIP_OK, _CHIP_FAILED = ("chip.ok", "chip.text"), ("chip.failed", "chip.text")
_CHIP_PLAIN = ("chip.plain", "chip.plain.text")
MORE_LINK, LESS_LINK = "composer:more", "composer:less"


def _chip(text: str, roles: tuple[str, str], scheme: Scheme) -> str:
    background, foreground = (css(role, scheme) for role in roles)
    return (
        f"<td style='background-color:{background}; color:{foreground}; padding: 2px 8px'>"
        f"<b>{html.escape(text)}</b></td><td>&nbsp;</td>"
    )


def result_chips(delivery: Delivery) -> list[str]:
    """Status, time, size and attempts as an API client shows them, in that order."""
    result = delivery.result
    status = str(result.status) if result.status is not None else (result.error_kind or "no answer")
    attempts = len(result.attempts)
    return [
        status,
        f"{result.total_seconds * 1000:.0f} ms" if result.total_seconds < 1 else f"{result.total_seconds:.2f} s",
        f"{result.request_bytes:,} B",
        f"{attempts} attempt{'' if attempts == 1 else 's'}",
    ]


def render_delivery(delivery: Delivery, *, expanded: bool = True, scheme: Scheme = "light") -> str:
    """The verdict, the chips, and (when `expanded`, else behind "More…") the explanation, the
    attempts, what to do next and the response body."""
    result = delivery.result
    mark = "✔" if result.ok else "✘"
    explanation = result.explanation
    chips = result_chips(delivery)
    chip_row = _chip(chips[0], _CHIP_OK if result.ok else _CHIP_FAILED, scheme) + "".join(
        _chip(text, _CHIP_PLAIN, scheme) for text in chips[1:]
    )
    parts = [
        f"<p><b>{mark} {html.escape(explanation.headline)}</b></p>",
        f"<table cellspacing='0' cellpadding='0'><tr>{chip_row}</tr></table>",
        f"<p style='color:{css('muted', scheme)}'>{html.escape(delivery.profile.name)} → {html.escape(result.url)}</p>",
    ]
    if delivery.history_warning:
        parts.append(f"<p><b>History:</b> {html.escape(delivery.history_warning)}</p>")
    if not expanded:
        parts.append(f"<p><a href='{MORE_LINK}'>More…</a> (what it means, what next, the answer)</p>")
        return "".join(parts)
    if explanation.detail:
        parts.append(f"<p>{html.escape(explanation.detail)}</p>")
    if len(result.attempts) > 1 or result.stopped_because:
        attempts = "".join(f"<li>{html.escape(describe_attempt(a))}</li>" for a in result.attempts)
        parts.append(f"<p><b>Attempts</b></p><ol>{attempts}</ol>")
    if explanation.steps:
        steps = "".join(f"<li>{html.escape(step)}</li>" for step in explanation.steps)
        parts.append(f"<p><b>What next</b></p><ul>{steps}</ul>")
    body = readable_response(result.response_text)
    if body:
        shown = body[:RESPONSE_SHOWN_CHARS]
        cut = len(body) > RESPONSE_SHOWN_CHARS or result.response_truncated
        note = " (first part only)" if cut else ""
        parts.append(
            f"<p><b>Response body{note}</b></p><pre style='white-space: pre-wrap'>{html.escape(shown)}</pre>"
        )
    parts.append(f"<p><a href='{LESS_LINK}'>Less</a></p>")
    return "".join(parts)


def describe_attempt(attempt: Attempt) -> str:
    """One line per attempt: what came back, and why and how long we waited before the next."""
    what = (
        f"HTTP {attempt.status}" if attempt.status is not None else f"{attempt.error_kind}: {attempt.error}"
    )
    text = f"Attempt {attempt.number}: {what} in {attempt.seconds * 1000:.0f} ms"
    if attempt.wait_after is None:
        return text
    if attempt.retry_after is not None:
        why = f"the server asked to wait {attempt.retry_after:g} s (Retry-After)"
    else:
        why = "a transient failure; backing off"
    return f"{text} — retried after {attempt.wait_after:.2f} s: {why}"
