"""Send the window's event: choose a profile, validate, send off the GUI thread, then verify.

The controller owns the order of things and nothing else: the backend does the blocking work
(on `TaskRunner` workers), the views only draw what the signals carry. The text sent is the
document's `to_json()` taken when Send was pressed — exactly what the preview shows — so an edit
made while a slow send is on its way cannot change what was sent or what is verified. While Edit
JSON holds text that does not parse, that text is what is on screen: Send refuses with the parse
error or, if the user says so, sends it exactly as typed (support engineers reproduce broken
events) — never the older event the forms still hold.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from composer.core.document import EventDocument
from composer.core.jsontext import JsonSyntaxError
from composer.core.problems import Problem, errors_only
from composer.core.validation import TARGET_RULE_SETS, validate_document, validate_text
from composer.services.profile_store import ProfileBook
from composer.services.profiles import LOCAL_SANDBOX, Profile
from composer.services.sandbox_check import SandboxReport, check_sandbox
from composer.services.send.connection_check import check_notice
from composer.ui.editor.document_model import DocumentModel
from composer.ui.preview.panel import parse_problem
from composer.ui.send.backend import Delivery, SendBackend
from composer.ui.send.prompter import SendPrompts
from composer.ui.send.walkthrough import build_walkthrough
from composer.ui.tasks import Lane, TaskRunner


def notice_for(profile: Profile) -> str:
    """What the connection check will do, said before it is sent."""
    url = "the local sandbox" if profile.is_local_sandbox else profile.endpoint_url()
    return check_notice(url)


class SendController(QObject):
    profilesChanged = Signal()
    currentChanged = Signal(str)
    busyChanged = Signal(bool)
    started = Signal(str)  # what is being sent where, for the result view
    refused = Signal(str, list)  # profile name, the errors that stopped the send
    failed = Signal(str)  # a send that could not start (no token, bad set-up), in words
    delivered = Signal(object)  # Delivery
    cancelled = Signal()
    walkthroughReady = Signal(object)  # Walkthrough
    sent = Signal(int)  # history id, for the history dock
    unresolved = Signal(object)  # frozenset[(namespace, name)], for the lineage picture

    def __init__(
        self,
        model: DocumentModel,
        backend: SendBackend,
        runner: TaskRunner,
        prompter: SendPrompts,
        *,
        last_profile: str = "",
        remember_profile: Callable[[str], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.backend = backend
        self.runner = runner
        self._profiles_lane = Lane(runner, "send-profiles")  # `loading` speaks of it alone
        self.prompter = prompter
        self.profiles: list[Profile] = [LOCAL_SANDBOX]
        self.current = LOCAL_SANDBOX
        self._wanted = last_profile
        self._remember = remember_profile
        self._cancel: threading.Event | None = None
        self._generation = 0
        self.busy = False
        self.last_delivery: Delivery | None = None
        # The editor's text when it does not parse (the window sets its preview's `unparsed`).
        self.editor_text: Callable[[], tuple[str, JsonSyntaxError] | None] = lambda: None

    # --- profiles ------------------------------------------------------------------------

    def reload_profiles(self) -> None:
        self._profiles_lane.run(self.backend.load_profiles, self.set_book, self._load_failed)

    @property
    def loading(self) -> bool:
        """The profiles are being read (their outcome not yet delivered); the shared runner's
        other work (the tenant's catalog requests, drafts, history) does not count."""
        return self._profiles_lane.busy

    def set_book(self, book: ProfileBook) -> None:
        self.profiles = list(book.profiles)
        wanted = self._wanted or self.current.name
        chosen = book.find(wanted) or book.find(book.default_name) or LOCAL_SANDBOX
        self._wanted = ""
        self.current = chosen
        self.profilesChanged.emit()
        self.currentChanged.emit(chosen.name)

    def _load_failed(self, error: Exception) -> None:
        self.failed.emit(f"The profiles could not be read: {error}")

    def select(self, name: str) -> None:
        found = next((p for p in self.profiles if p.name == name), None)
        if found is None or found == self.current:
            return
        self.current = found
        if self._remember is not None:
            self._remember(found.name)
        self.currentChanged.emit(found.name)

    # --- sending -------------------------------------------------------------------------

    def send(self) -> None:
        """Validate and send the document's text as the preview shows it (taken now)."""
        if self.busy:
            return
        unparsed = self.editor_text()
        if unparsed is not None:
            self._send_as_typed(*unparsed)
            return
        text = self.model.to_json()
        duplicates = tuple(self.model.document.duplicate_keys)

        def errors(rules: tuple[str, ...]) -> list[Problem]:
            return errors_only(validate_text(text, rules, duplicate_keys=duplicates))

        self._send_in_order(self.current, (text,), errors, f"{len(text.encode('utf-8')):,} bytes")

    def _send_as_typed(self, text: str, error: JsonSyntaxError) -> None:
        profile, problem = self.current, parse_problem(error)
        if not self.prompter.confirm_send_as_typed(profile.name, problem):
            self.refused.emit(profile.name, [problem])
            return
        size = f"{len(text.encode('utf-8')):,} bytes of text as typed (not valid JSON)"
        self._send_in_order(profile, (text,), lambda _rules: [], size)

    def send_pair(
        self,
        profile: Profile,
        start: EventDocument,
        complete: EventDocument,
        done: Callable[[tuple[Delivery, ...]], None],
    ) -> bool:
        """A run's START, then its COMPLETE: the COMPLETE goes only once the START got a 2xx, so a
        receiver never sees the run end before it began. Busy, Cancel and the result view work as
        for `send`; `done` gets the deliveries (the START alone when it was not accepted), also
        when they arrive after a Cancel. False, and nothing sent, while another send is busy."""
        documents = (start, complete)

        def errors(rules: tuple[str, ...]) -> list[Problem]:
            return [p for document in documents for p in errors_only(validate_document(document, rules))]

        texts = tuple(document.to_json() for document in documents)
        return self._send_in_order(profile, texts, errors, "START, then COMPLETE,", done)

    def _send_in_order(
        self,
        profile: Profile,
        texts: tuple[str, ...],
        errors: Callable[[tuple[str, ...]], list[Problem]],
        what: str,
        done: Callable[[tuple[Delivery, ...]], None] | None = None,
    ) -> bool:
        """The one send path: busy at once, `errors` checked on a worker (the user may send
        anyway), then each text in order until one is not accepted."""
        if self.busy:
            return False
        rules = TARGET_RULE_SETS[profile.validation_target]
        self._set_busy(True)
        self._generation += 1
        generation = self._generation

        def checked(found: list[Problem]) -> None:
            if generation != self._generation:
                return
            if found and not self.prompter.confirm_send_anyway(profile.name, found):
                self._set_busy(False)
                self.refused.emit(profile.name, found)
                return
            self._deliver(profile, texts, what, generation, done)

        self.runner.run(lambda: errors(rules), checked, lambda error: self._failed(generation, error))
        return True

    def _deliver(
        self,
        profile: Profile,
        texts: tuple[str, ...],
        what: str,
        generation: int,
        done: Callable[[tuple[Delivery, ...]], None] | None,
    ) -> None:
        cancel = threading.Event()
        self._cancel = cancel
        where = "the local sandbox" if profile.is_local_sandbox else profile.endpoint_url()
        self.started.emit(f"Sending {what} to {where} (profile “{profile.name}”)…")

        def in_order() -> tuple[Delivery, ...]:
            deliveries: list[Delivery] = []
            for text in texts:
                deliveries.append(self.backend.send(profile, text, cancel))
                if not deliveries[-1].result.ok:
                    break  # a later event must not arrive without the one before it
            return tuple(deliveries)

        self.runner.run(
            in_order,
            lambda deliveries: self._delivered(generation, deliveries, len(texts), done),
            lambda error: self._failed(generation, error),
        )

    def cancel(self) -> None:
        """Stop retrying now; an attempt already on the wire ends at its timeout, in the background."""
        if self._cancel is not None:
            self._cancel.set()
        if self.busy:
            self._generation += 1  # a late answer is recorded in history but not shown over newer news
            self._set_busy(False)
            self.cancelled.emit()

    def _delivered(
        self,
        generation: int,
        deliveries: tuple[Delivery, ...],
        wanted: int,
        done: Callable[[tuple[Delivery, ...]], None] | None,
    ) -> None:
        for delivery in deliveries:
            if delivery.history_id is not None:
                self.sent.emit(delivery.history_id)
        if generation == self._generation:  # not cancelled, nor overtaken by newer news
            self._set_busy(False)
            last = deliveries[-1]
            every_one_went = len(deliveries) == wanted
            if every_one_went:
                self.last_delivery = last
            self.delivered.emit(last)
            if every_one_went:  # the walk-through follows the last event sent
                self.verify(last)
        if done is not None:
            done(deliveries)

    def _failed(self, generation: int, error: Exception) -> None:
        if generation != self._generation:
            return
        self._set_busy(False)
        self.failed.emit(str(error))

    def _set_busy(self, busy: bool) -> None:
        if busy != self.busy:
            self.busy = busy
            self.busyChanged.emit(busy)

    # --- verification --------------------------------------------------------------------

    def verify(self, delivery: Delivery) -> None:
        """Show the walk-through now; against the Local sandbox, ask it to fill in steps 2-4."""
        self.walkthroughReady.emit(build_walkthrough(delivery))
        access = delivery.sandbox
        if access is None or not delivery.result.ok:
            self.unresolved.emit(frozenset())
            return

        def checked(report: SandboxReport) -> None:
            if delivery is not self.last_delivery:
                return
            self.walkthroughReady.emit(build_walkthrough(delivery, report))
            self.unresolved.emit(report.unresolved)

        self.runner.run(lambda: check_sandbox(access, delivery.body), checked)

    # --- connection check ----------------------------------------------------------------

    def check_connection(self, profile: Profile | None = None) -> None:
        """The START-event check, announced first; its outcome shows like a send's."""
        chosen = profile or self.current
        if self.busy or not self.prompter.confirm_check(notice_for(chosen)):
            return
        self._set_busy(True)
        self._generation += 1
        generation = self._generation
        cancel = threading.Event()
        self._cancel = cancel
        self.started.emit(notice_for(chosen))
        self.runner.run(
            lambda: self.backend.check_connection(chosen, cancel),
            lambda delivery: self._checked(generation, delivery),
            lambda error: self._failed(generation, error),
        )

    def _checked(self, generation: int, delivery: Delivery) -> None:
        if generation != self._generation:
            return
        self._set_busy(False)
        self.delivered.emit(delivery)

    def shutdown(self) -> None:
        """Stop retrying, let the workers finish (an attempt on the wire ends at its timeout),
        then stop the sandbox and close history. Safe to call twice."""
        if self._cancel is not None:
            self._cancel.set()
        self.runner.wait_idle(30_000)
        self.backend.close()
