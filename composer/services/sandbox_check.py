"""Alation's verification steps, answered automatically by the Local sandbox's verification API.

Against a tenant a person has to look; the sandbox can be asked. What it stored is compared with
what was sent byte for byte (`/sandbox/api/events?limit=1`), and each output's lineage
(`/sandbox/api/lineage`) must name every input upstream through the job that was sent — with
each dataset resolved to a cataloged data source or marked TMP, as Alation would show it.
Runs on a worker thread (no Qt here).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx

Dataset = tuple[str, str]  # (namespace, name)


@dataclass(frozen=True)
class SandboxAccess:
    """How to reach the Local sandbox's verification API. The token is kept out of `repr`."""

    base_url: str
    token: str = field(repr=False)


@dataclass(frozen=True)
class OutputLineage:
    """What the sandbox knows about one output dataset."""

    dataset: Dataset
    found: bool
    resolved: bool = False
    missing_inputs: tuple[Dataset, ...] = ()
    other_jobs: tuple[str, ...] = ()


@dataclass(frozen=True)
class SandboxReport:
    stored_exactly: bool
    stored: dict[str, Any] = field(default_factory=dict)  # the events API's newest entry
    outputs: tuple[OutputLineage, ...] = ()
    unresolved: frozenset[Dataset] = frozenset()
    error: str = ""


def sent_facts(body: str) -> dict[str, Any]:
    """The parts of the sent event the walk-through talks about (empty when it is not JSON)."""
    try:
        value = json.loads(body)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def datasets(event: dict[str, Any], side: str) -> list[Dataset]:
    items = event.get(side)
    found: list[Dataset] = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            found.append((str(item.get("namespace", "")), str(item.get("name", ""))))
    return found


def check_sandbox(access: SandboxAccess, body: str, *, timeout: float = 10.0) -> SandboxReport:
    """Ask the sandbox what it stored and which lineage it made from the event just sent."""
    headers = {"Authorization": f"Bearer {access.token}"}
    try:
        with httpx.Client(
            base_url=access.base_url, headers=headers, timeout=timeout, trust_env=False
        ) as http:
            newest = http.get("/sandbox/api/events", params={"limit": 1})
            newest.raise_for_status()
            events = newest.json().get("events", [])
            stored: dict[str, Any] = events[0] if events else {}
            event = sent_facts(body)
            inputs = set(datasets(event, "inputs"))
            job = event.get("job") if isinstance(event.get("job"), dict) else {}
            job_key = (str(job.get("namespace", "")), str(job.get("name", ""))) if job else ("", "")
            outputs: list[OutputLineage] = []
            unresolved: set[Dataset] = set()
            for output in datasets(event, "outputs"):
                answer = http.get("/sandbox/api/lineage", params={"namespace": output[0], "name": output[1]})
                if answer.status_code == 404:
                    outputs.append(OutputLineage(output, found=False))
                    continue
                answer.raise_for_status()
                outputs.append(_output_lineage(output, answer.json(), inputs, job_key, unresolved))
    except (httpx.HTTPError, ValueError) as exc:
        return SandboxReport(False, error=f"the sandbox's verification API did not answer: {exc}")
    return SandboxReport(
        stored_exactly=stored.get("event") == body,
        stored=stored,
        outputs=tuple(outputs),
        unresolved=frozenset(unresolved),
    )


def _output_lineage(
    output: Dataset,
    answer: dict[str, Any],
    inputs: set[Dataset],
    job: tuple[str, str],
    unresolved: set[Dataset],
) -> OutputLineage:
    node = answer.get("dataset") or {}
    if not node.get("resolved", False):
        unresolved.add(output)
    upstream_via_job: set[Dataset] = set()
    others: list[str] = []
    for link in answer.get("upstream", []):
        link_job = link.get("job") or {}
        dataset = link.get("dataset") or {}
        key = (str(dataset.get("namespace", "")), str(dataset.get("name", "")))
        if (link_job.get("namespace"), link_job.get("name")) == job:
            upstream_via_job.add(key)
            if not dataset.get("resolved", False):
                unresolved.add(key)
        else:
            others.append(f"{link_job.get('namespace', '')}/{link_job.get('name', '')}")
    missing = tuple(sorted(inputs - upstream_via_job))
    return OutputLineage(
        output,
        found=True,
        resolved=bool(node.get("resolved", False)),
        missing_inputs=missing,
        other_jobs=tuple(sorted(set(others))),
    )
