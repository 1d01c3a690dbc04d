"""The four verification steps of Alation's Direct API page, worked out for one send.

Plain data, no Qt: what each step checks for this event, and — when the receiver answers them
itself (the Local sandbox's verification API) and could be asked — whether it passed. A 200
proves only that the event arrived, so the later steps are where the "200 but no lineage" trap
shows up; against a tenant they stay for a person to tick. How the steps read and what the
receiver can check are its descriptor's, chosen from the send's profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote

from composer.core.receivers import Receiver, alation, receiver, receiver_for_target
from composer.services.sandbox_check import Dataset, SandboxReport, datasets, sent_facts
from composer.services.send.explain_targets import own_page
from composer.ui.send.backend import Delivery

StepStatus = Literal["pass", "fail", "todo", "skip"]

NO_LINEAGE_CHECKS = (
    "Only COMPLETE events create lineage; START, RUNNING, FAIL and ABORT do not.",
    "Each dataset's data source must be cataloged in Alation, with its metadata extracted.",
    "The namespace's host:port must match the host:port of the data source's JDBC URI in Alation "
    "(e.g. postgres://prod-db.example.com:5432 for jdbc:postgresql://prod-db.example.com:5432/sales_db).",
    "If the data source is reached under another host name, add that host:port to the data "
    "source's Additional Datasource Connections.",
    "The dataset name must be the table's full name in that source (database.schema.table).",
)
TMP_MEANING = "A TMP badge on a table means its namespace or name did not resolve to a cataloged data source."


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    status: StepStatus
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Walkthrough:
    steps: tuple[Step, ...]
    outputs: tuple[Dataset, ...]
    inputs: tuple[Dataset, ...]
    catalog_url: str  # where "Open in catalog" goes
    unresolved: frozenset[Dataset] = frozenset()
    receiver: Receiver = alation.RECEIVER  # whose words and checks the steps are

    @property
    def target(self) -> str:
        """The receiver the steps speak of, as they name it."""
        return self.receiver.step_name()

    @property
    def passed(self) -> bool:
        return all(step.status == "pass" for step in self.steps)


def catalog_search_url(base_url: str, table: str, search: str = "/search?q=") -> str:
    return f"{base_url.rstrip('/')}{search}{quote(table, safe='')}"


def build_walkthrough(delivery: Delivery, report: SandboxReport | None = None) -> Walkthrough:
    event = sent_facts(delivery.body)
    inputs, outputs = tuple(datasets(event, "inputs")), tuple(datasets(event, "outputs"))
    profile = delivery.profile
    known = receiver_for_target(profile.kind, local_sandbox=profile.is_local_sandbox)
    checks_itself = known.walkthrough.verification_api
    target = known.step_name()
    first_table = outputs[0][1] if outputs else ""
    search = known.walkthrough.catalog_search
    if known.walkthrough.own_page:
        url = own_page(known, delivery.base_url)
    elif search:
        url = catalog_search_url(delivery.base_url, first_table, search)
    else:
        url = delivery.base_url.rstrip("/")
    result = delivery.result
    response = Step(
        "response",
        known.walkthrough.response_title,
        "pass" if result.ok else "fail",
        (f"{result.outcome()} from {result.url}", result.explanation.headline),
    )
    titles = later_titles(known, target)
    if not result.ok:
        skipped = "Nothing to look for until step 1 passes."
        rest = tuple(Step(key, title, "skip", (skipped,)) for key, title in titles)
        return Walkthrough((response, *rest), outputs, inputs, url, receiver=known)
    steps = (
        response,
        _table_step(outputs, checks_itself, report, titles[0][1]),
        _lineage_step(event, inputs, outputs, checks_itself, report, title=titles[1][1], known=known),
        _metadata_step(event, checks_itself, report, titles[2][1], target),
    )
    unresolved = report.unresolved if report is not None else frozenset()
    return Walkthrough(steps, outputs, inputs, url, unresolved, known)


def planned_steps() -> tuple[Step, ...]:
    """The four steps before anything was sent: their titles, said of no receiver in particular
    (the profile may change before Send), so the empty panel shows what will be checked."""
    first = Step("response", "1. API response is a success (200 OK for Alation)", "skip")
    later = later_titles(receiver("alation"), "the receiver's catalog")
    return (first, *(Step(key, title, "skip") for key, title in later))


def later_titles(known: Receiver, target: str | None = None) -> tuple[tuple[str, str], ...]:
    """Steps 2-4 as Alation's page names them, said of the profile's receiver (or `target`)."""
    return tuple(zip(("table", "lineage", "metadata"), known.step_titles(target), strict=True))


def _table_step(
    outputs: tuple[Dataset, ...], checks_itself: bool, report: SandboxReport | None, title: str
) -> Step:
    names = tuple(f"{name}  (namespace {namespace})" for namespace, name in outputs)
    if not checks_itself:
        return Step("table", title, "todo", ("Search the catalog for the output table:", *names))
    if report is None:
        return Step("table", title, "todo", ("Asking the sandbox…",))
    if report.error:
        return Step("table", title, "fail", (report.error,))
    if report.stored_exactly:
        found = f"The sandbox stored exactly the bytes sent (event #{report.stored.get('id', '?')})."
        return Step("table", title, "pass", (found,))
    return Step("table", title, "fail", ("The sandbox's newest event is not the event that was sent.",))


def _lineage_step(
    event: dict[str, object],
    inputs: tuple[Dataset, ...],
    outputs: tuple[Dataset, ...],
    checks_itself: bool,
    report: SandboxReport | None,
    *,
    title: str,
    known: Receiver,
) -> Step:
    complete_only = known.complete_only
    job = event.get("job") if isinstance(event.get("job"), dict) else {}
    job_text = f"{job.get('namespace', '')}/{job.get('name', '')}" if isinstance(job, dict) else "?"
    flow = f"Expect the job {job_text} as a dataflow from {_names(inputs)} to {_names(outputs)}."
    event_type = event.get("eventType")
    if complete_only and event_type != "COMPLETE":
        return Step(
            "lineage", title, "skip", (f"A {event_type} event creates no lineage: only COMPLETE does.",)
        )
    if not checks_itself or report is None:
        return Step("lineage", title, "todo", (flow, TMP_MEANING) if known.walkthrough.tmp_badges else (flow,))
    if report.error:
        return Step("lineage", title, "fail", (report.error,))
    problems: list[str] = []
    for output in report.outputs:
        if not output.found:
            problems.append(f"{_name(output.dataset)}: no lineage recorded.")
        for missing in output.missing_inputs:
            problems.append(f"{_name(missing)} is not upstream of {_name(output.dataset)} through the job.")
    for namespace, name in sorted(report.unresolved):
        problems.append(
            f"TMP: {name} ({namespace}) did not resolve — no cataloged data source has that host:port."
        )
    if problems:
        return Step("lineage", title, "fail", (*problems, TMP_MEANING))
    return Step("lineage", title, "pass", (flow, "Every dataset resolved to a cataloged data source."))


def _metadata_step(
    event: dict[str, object], checks_itself: bool, report: SandboxReport | None, title: str, target: str
) -> Step:
    job = event.get("job") if isinstance(event.get("job"), dict) else {}
    run = event.get("run") if isinstance(event.get("run"), dict) else {}
    sent = {
        "job namespace": job.get("namespace") if isinstance(job, dict) else None,
        "job name": job.get("name") if isinstance(job, dict) else None,
        "eventTime": event.get("eventTime"),
        "runId": run.get("runId") if isinstance(run, dict) else None,
    }
    if not checks_itself or report is None or report.error:
        lines = tuple(f"{key}: {value}" for key, value in sent.items())
        return Step("metadata", title, "todo", (f"Compare with what {target} shows:", *lines))
    stored = report.stored
    stored_job = stored.get("job") or {}
    seen = {
        "job namespace": stored_job.get("namespace"),
        "job name": stored_job.get("name"),
        "eventTime": stored.get("eventTime"),
        "runId": stored.get("runId"),
    }
    lines = tuple(
        f"{key}: sent {sent[key]!s} — stored {seen[key]!s}" + ("" if sent[key] == seen[key] else "  ✗")
        for key in sent
    )
    return Step("metadata", title, "pass" if sent == seen else "fail", lines)


def _name(dataset: Dataset) -> str:
    return f"{dataset[1]} ({dataset[0]})"


def _names(found: tuple[Dataset, ...]) -> str:
    return ", ".join(name for _namespace, name in found) or "(none)"
