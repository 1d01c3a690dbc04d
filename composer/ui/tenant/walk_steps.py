"""Steps 2-4 of the walk-through answered by the catalog's own lineage, while and after polling.

Plain data, no Qt: given the walk-through built for a send (`build_walkthrough`) and the
verifier's verdicts so far, the steps say what the catalog shows. Lineage that appeared ticks
steps 2-4; a TMP or missing edge fails step 3 with its most likely cause; while Alation is still
ingesting the steps say so. Step 2's button opens the output table's own catalog page (`url`).
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urljoin

from composer.core.tenant import CAUSE_WORDS, OutputVerdict
from composer.ui.send.walkthrough import NO_LINEAGE_CHECKS, TMP_MEANING, Step, Walkthrough

# Each cause's first thing to try, before the whole troubleshooting list.
_FIRST_FIX = {
    "namespace-not-matched": "Give the dataset the namespace of its data source (the picker lists them) and send again.",
    "table-not-cataloged": "Run metadata extraction on the data source, or fix the table name's spelling and case.",
    "still-ingesting": "Alation may still be ingesting: check the Lineage tab again in a few minutes.",
    "tenant-unreachable": "Check the network and catalog access (Send ▸ Profiles… ▸ Check catalog access).",
}


def with_verdicts(
    walk: Walkthrough,
    verdicts: tuple[OutputVerdict, ...],
    *,
    polling: bool,
    elapsed: float = 0.0,
    deadline: float = 0.0,
    cancelled: bool = False,
    base_url: str = "",
) -> Walkthrough:
    """`walk` with steps 2-4 told by the catalog; step 1 (and a failed send) stay as they are.
    `base_url` (the tenant's) makes a table's page address whole: Alation's `url` is a path."""
    steps = {step.key: step for step in walk.steps}
    if steps["response"].status != "pass" or not verdicts:
        return walk
    table, lineage, metadata = (steps[key] for key in ("table", "lineage", "metadata"))
    pending = [v for v in verdicts if v.state == "pending"]
    bad = [v for v in verdicts if v.state in ("tmp", "missing", "unreachable")]
    if cancelled or (pending and not polling):
        note = "Verification was stopped: check the steps in Alation and tick them by hand."
        lines = (note, *(v.message for v in verdicts))
        steps["lineage"] = Step("lineage", lineage.title, "todo", lines)
    elif bad:
        steps["lineage"] = Step("lineage", lineage.title, "fail", _failure_lines(bad))
    elif pending:
        waited = f" ({elapsed:.0f} s of up to {deadline:.0f} s)" if deadline else ""
        lines = (f"Waiting for Alation to ingest the event and draw the lineage{waited}…",)
        for key, step in (("table", table), ("lineage", lineage), ("metadata", metadata)):
            steps[key] = Step(key, step.title, "todo", lines if key == "lineage" else step.lines)
    else:
        steps["lineage"] = Step("lineage", lineage.title, "pass", tuple(v.message for v in verdicts))
        if metadata.status != "pass":  # (the Local sandbox may have compared them already)
            sent = ("The job is the dataflow between them; what was sent:", *metadata.lines[1:])
            steps["metadata"] = Step("metadata", metadata.title, "pass", sent)
    found = [v for v in verdicts if v.table is not None]
    if len(found) == len(verdicts):
        pages = tuple(f"{v.output.name}: {_page(base_url, v.table.url)}" for v in found if v.table is not None)
        steps["table"] = Step("table", table.title, "pass", ("In the catalog:", *pages))
    elif not pending:
        absent = tuple(v.output.name for v in verdicts if v.table is None)
        steps["table"] = Step("table", table.title, "fail", ("Not in the catalog:", *absent))
    url = next((_page(base_url, v.table.url) for v in found if v.table is not None and v.table.url), walk.catalog_url)
    unresolved = frozenset(_dataset(v.culprit) for v in bad if v.state == "tmp" and " / " in v.culprit)
    ordered = tuple(steps[step.key] for step in walk.steps)
    return replace(walk, steps=ordered, catalog_url=url, unresolved=walk.unresolved | unresolved)


def _failure_lines(bad: list[OutputVerdict]) -> tuple[str, ...]:
    lines: list[str] = []
    for verdict in bad:
        lines.append(verdict.message)
        if verdict.cause:
            lines.append(f"Most likely: {CAUSE_WORDS[verdict.cause]}. {_FIRST_FIX.get(verdict.cause, '')}")
    lines.append(TMP_MEANING)
    lines.append("If that does not help:")
    lines.extend(f"• {check}" for check in NO_LINEAGE_CHECKS)
    return tuple(lines)


def _page(base_url: str, url: str) -> str:
    return urljoin(base_url.rstrip("/") + "/", url) if base_url else url


def _dataset(culprit: str) -> tuple[str, str]:
    namespace, _slash, name = culprit.partition(" / ")
    return namespace, name
