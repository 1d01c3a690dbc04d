"""What `sources`, `verify`, `validate --tenant` and `send --verify` share: a catalog client for a
profile, its cached data-source list, and the verification report.

Catalog failures (no access set up, a refused token, a tenant out of reach) are `CatalogError`s,
reported in one line with exit 1: the input was fine, the tenant did not answer it.
"""

from __future__ import annotations

import threading
from typing import TextIO

from composer.cli.destinations import Destination, UsageError
from composer.cli.sending import find_token, open_services
from composer.core.problems import Problem
from composer.core.tenant import CAUSE_WORDS, OutputVerdict
from composer.core.validation import validate
from composer.services.catalog import (
    AccessStore,
    CatalogClient,
    LineageVerifier,
    PollSettings,
    SourceCache,
    SourceList,
    TenantChecker,
    VerificationResult,
    connect,
    load_sources,
    refresh_token_store,
)
from composer.services.paths import config_dir, data_dir
from composer.services.send.service import SendService

_STATE_LABEL = {
    "ok": "ok",
    "tmp": "TMP",
    "missing": "MISSING",
    "pending": "pending",
    "unreachable": "UNREACHED",
}


def open_client(services: SendService, destination: Destination) -> CatalogClient:
    """The profile's catalog client (raises `CatalogError` when it has no catalog access)."""
    if destination.ad_hoc:
        raise UsageError("catalog checks need a profile (--profile NAME), not --url")
    profile = destination.profile
    return connect(
        profile,
        access=AccessStore.in_dir(config_dir()),
        refresh_tokens=refresh_token_store(),
        ingest_token=lambda: find_token(services, destination, None).value,
        sandbox=services.sandbox,
    )


def sources_for(client: CatalogClient, destination: Destination, *, refresh: bool) -> SourceList:
    """The profile's data sources (the Local sandbox's are not cached: its address changes)."""
    cache = None if destination.profile.is_local_sandbox else SourceCache.in_data_dir(data_dir())
    return load_sources(client, cache, destination.profile.name, refresh=refresh)


def verify_event(
    client: CatalogClient, sources: SourceList, event: object, *, timeout: float, out: TextIO
) -> VerificationResult:
    """Poll the event's outputs until their lineage appears or `timeout`; prints progress as it changes."""
    checker = TenantChecker(client, sources.sources, tenant=client.base_url)
    shown: list[tuple[str, ...]] = []

    def progress(verdicts: tuple[OutputVerdict, ...]) -> None:
        states = tuple(verdict.state for verdict in verdicts)
        if not shown or shown[-1] != states:
            shown.append(states)
            waiting = sum(state == "pending" for state in states)
            if waiting:
                print(f"waiting for lineage of {waiting} output(s)…", file=out, flush=True)

    verifier = LineageVerifier(checker, PollSettings(deadline=timeout))
    return verifier.verify(event, cancel=threading.Event(), on_progress=progress)


def print_verification(result: VerificationResult, base_url: str, out: TextIO) -> None:
    """One line per output, then the cause and what to do for those that did not land."""
    if not result.verdicts:
        print("the event has no outputs: there is no lineage to verify", file=out)
    for verdict in result.verdicts:
        output = verdict.output
        print(
            f"  {_STATE_LABEL[verdict.state]:<10}output {output.index + 1} {output.namespace} / {output.name}",
            file=out,
        )
        print(f"  {'':<10}{verdict.message}", file=out)
        if verdict.table is not None and verdict.table.url:
            print(f"  {'':<10}catalog page: {base_url.rstrip('/')}{verdict.table.url}", file=out)
        if verdict.state != "ok" and verdict.cause:
            print(f"  {'':<10}likely cause: {CAUSE_WORDS[verdict.cause]}", file=out)
            print(f"  {'':<10}what to do: {verdict.advice}", file=out)
    verdict_line = "lineage appeared" if result.ok else "lineage did NOT appear for every output"
    print(f"{verdict_line} ({result.elapsed:.1f} s)", file=out)


class TenantPreflight:
    """The "tenant" rule set for `validate --tenant`: one client, one cached source list and one
    table-lookup memory for every event of the run. Use as a context manager."""

    def __init__(self, profile_name: str | None) -> None:
        from composer.cli.destinations import choose_destination  # noqa: PLC0415

        self._services = open_services()
        try:
            destination = choose_destination(self._services.profiles, profile_name, None)
            self._client = open_client(self._services, destination)
            self.sources = sources_for(self._client, destination, refresh=False)
        except BaseException:
            self._services.close()
            raise
        self._checker = TenantChecker(self._client, self.sources.sources, tenant=destination.label)

    def problems(self, event: object) -> list[Problem]:
        """The tenant findings for one event (raises `CatalogError` when the tenant stops answering)."""
        return validate(event, ["tenant"], tenant=self._checker.snapshot(event))

    def close(self) -> None:
        self._client.close()
        self._services.close()

    def __enter__(self) -> TenantPreflight:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
