"""Deciding, before anything is sent, what each event of a log would be and whether it may go.

`lineage-composer send` and the window's Replay share this: each event is checked with the
profile's rules, and one with errors is refused unless the user chose to send anyway (support
engineers reproduce broken events on purpose). The body is the event's exact text, and the run
it belongs to decides its order (see `composer.services.batch`).
"""

from __future__ import annotations

from dataclasses import dataclass

from composer.core.eventlog import EventEntry
from composer.core.problems import Problem, errors_only
from composer.core.validation import TARGET_RULE_SETS, validate_document

# How many runs `send` and Replay send at once unless told otherwise. Across a network nearly all
# of a send is waiting for the answer, so one event at a time leaves the connection idle; 8
# overlapping runs fill a tenant's round trip (see docs/benchmarks.md) while a run's own events
# still go one after the other. 1 keeps the file's exact order. (Here, not in services.batch, so
# the CLI's --help can name it without loading the sender.)
DEFAULT_CONCURRENCY = 8


@dataclass(frozen=True)
class Prepared:
    """One event of the file: what would go on the wire, and why it must not (if it must not)."""

    index: int
    line: int | None
    body: bytes
    run_key: str
    event_type: str
    errors: tuple[Problem, ...] = ()
    refusal: str = ""
    job: str = ""
    run_id: str = ""
    origin: str = ""  # the file of a folder, or the history send, it came from

    def where(self, many: bool) -> str:
        if not many:
            return "event"
        place = " ".join(part for part in (self.origin, f"line {self.line}" if self.line else "") if part)
        return f"event {self.index + 1}" + (f" ({place})" if place else "")


def prepare(entry: EventEntry, target: str, force: bool, *, force_hint: str = "with --force") -> Prepared:
    """Check one entry with the `target`'s rules; a refusal says how to send it anyway."""
    if entry.document is None:
        reason = f"malformed JSON: {entry.error}" if entry.error else "malformed JSON"
        return Prepared(
            entry.index, entry.line, b"", f"#{entry.index}", "", refusal=reason, origin=entry.origin
        )
    document = entry.document
    run_id = document.run_id
    # Not document.job_namespace/job_name: those drop a non-text value, which this label has
    # always shown as text (a number's digits, null as "None"); kept so the label does not change.
    job = document.get("/job", None)
    job_name = f"{job.get('namespace', '')} {job.get('name', '')}".strip() if isinstance(job, dict) else ""
    errors = tuple(errors_only(validate_document(document, TARGET_RULE_SETS[target])))
    refusal = ""
    if errors and not force:
        first = errors[0]
        refusal = (
            f"{len(errors)} error(s) under the {target} rules, first: "
            f"{first.message}{f' (at {first.path})' if first.path else ''}. "
            f"Fix it, or send it anyway {force_hint}"
        )
    return Prepared(
        entry.index,
        entry.line,
        document.to_json().encode("utf-8"),
        run_id or f"#{entry.index}",
        document.event_type,
        errors,
        refusal,
        job_name,
        run_id,
        entry.origin,
    )
