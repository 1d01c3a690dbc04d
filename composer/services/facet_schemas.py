"""Fetch the JSON Schema a custom facet's `_schemaURL` names: capped, cached, and anonymous.

The URL comes from an event, so it is untrusted input. Hence:
- https only, except for loopback hosts (a local schema server in development and tests); plain
  http to any other host is refused before any connection is made, and so is a redirect to one;
- a fresh httpx client per fetch with no profile's headers, token, cookies, proxy settings or
  `.netrc` (`trust_env=False`): a schema host learns nothing about the user's Alation tenant;
- the body is capped in size (after decompression) and the whole exchange in time;
- every outcome has a name the checker turns into plain words: ok, not found, another HTTP status,
  unreachable (DNS, refused, timeout, TLS), too big, not JSON, refused.
Good copies are kept on disk (`schema_cache`) with their date; when the network fails the saved
copy is used and the caller is told how old it is. `throttle=True` (automatic checks) reuses any
attempt younger than `FetchLimits.reuse_s` instead of asking the network again.
"""

from __future__ import annotations

import json
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from composer import __version__
from composer.core.validation.custom_facets import FetchFailure
from composer.services.loopback import is_loopback
from composer.services.schema_cache import Attempt, CachedSchema, SchemaCache
from composer.services.send.errors import classify_transport_error

_HEADERS = {
    "User-Agent": f"lineage-composer/{__version__} (facet schema check)",
    "Accept": "application/schema+json, application/json;q=0.9, */*;q=0.1",
}
_NOT_FOUND = (404, 410)


@dataclass(frozen=True)
class FetchLimits:
    max_bytes: int = 1024 * 1024
    timeout_s: float = 5.0
    max_redirects: int = 5
    reuse_s: float = 600.0  # automatic checks ask the network for one URL at most this often


@dataclass(frozen=True)
class Fetched:
    """What a fetch gave: a document to check with (fresh or saved), or why there is none."""

    url: str
    document: Any | None
    failure: FetchFailure | None = None
    detail: str = ""
    saved_at: datetime | None = None  # set when `document` is a saved copy used because of `failure`


class _FetchFailedError(Exception):
    def __init__(self, failure: FetchFailure, detail: str) -> None:
        super().__init__(detail)
        self.failure = failure
        self.detail = detail


def _loopback_host(host: str) -> bool:
    """The shared loopback test, plus `localhost.` and `*.localhost` (RFC 6761 keeps them on this
    machine): a local schema server may be named so, and a DNS name is still never resolved."""
    name = host.lower()
    return is_loopback(host) or name == "localhost." or name.endswith(".localhost")


def refusal(url: str) -> str | None:
    """Why `url` must not be fetched at all, or None when it may be."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.username or parts.password:
        return "the address carries a user name or password, which this check never sends"
    if parts.scheme == "https" and host:
        return None
    if parts.scheme == "http" and host:
        return (
            None
            if _loopback_host(host)
            else f"plain http to {host} is not allowed (https only, except loopback)"
        )
    return f"{url!r} is not an https:// address"


class SchemaFetcher:
    """Fetches schema documents; `verify` is for a private CA (a path, or an `ssl.SSLContext`)."""

    def __init__(
        self,
        cache: SchemaCache | None = None,
        limits: FetchLimits | None = None,
        verify: ssl.SSLContext | str | bool = True,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.cache = cache or SchemaCache()
        self.limits = limits or FetchLimits()
        self._verify = verify
        self.now = now or (lambda: datetime.now(UTC))
        self._reuse = timedelta(seconds=self.limits.reuse_s)

    def fetch(self, url: str, *, throttle: bool = False) -> Fetched:
        refused = refusal(url)
        if refused is not None:
            return Fetched(url, None, "refused", refused)
        cached = self.cache.get(url)
        now = self.now()
        last = cached.attempt if cached is not None else None
        if throttle and cached is not None and last is not None and now - last.at < self._reuse:
            return self._from_attempt(cached, last)
        try:
            status, body, headers = self._download(url, cached)
        except _FetchFailedError as failed:
            return self._record(cached, url, now, failed.failure, failed.detail)
        if status == 304 and cached is not None and cached.document is not None:
            return self._store(cached, url, now, cached.document, headers)
        if status in _NOT_FOUND:
            return self._record(cached, url, now, "not_found", _status_words(status))
        if not 200 <= status < 300:
            return self._record(cached, url, now, "http_error", _status_words(status))
        try:
            document = json.loads(body.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as exc:
            kind = headers.get("content-type", "no content type").split(";")[0]
            return self._record(cached, url, now, "not_json", f"{kind}: {_first_line(exc)}")
        return self._store(cached, url, now, document, headers)

    # --- outcomes, each remembered in the cache -------------------------------------------

    def _store(
        self, cached: CachedSchema | None, url: str, now: datetime, document: Any, headers: httpx.Headers
    ) -> Fetched:
        etag = headers.get("etag") or (cached.etag if cached else None)
        modified = headers.get("last-modified") or (cached.last_modified if cached else None)
        self.cache.put(CachedSchema(url, document, now, etag, modified, Attempt(now, None, "")))
        return Fetched(url, document)

    def _record(
        self, cached: CachedSchema | None, url: str, now: datetime, failure: FetchFailure, detail: str
    ) -> Fetched:
        attempt = Attempt(now, failure, detail)
        if cached is None:
            self.cache.put(CachedSchema(url, None, None, None, None, attempt))
            return Fetched(url, None, failure, detail)
        self.cache.put(
            CachedSchema(url, cached.document, cached.fetched_at, cached.etag, cached.last_modified, attempt)
        )
        return self._from_attempt(cached, attempt)

    @staticmethod
    def _from_attempt(cached: CachedSchema, attempt: Attempt) -> Fetched:
        failure: Any = attempt.failure
        if failure is None:
            return Fetched(cached.url, cached.document)
        saved = cached.fetched_at if cached.document is not None else None
        return Fetched(cached.url, cached.document, failure, attempt.detail, saved)

    # --- the network ------------------------------------------------------------------------

    def _download(self, url: str, cached: CachedSchema | None) -> tuple[int, bytes, httpx.Headers]:
        limits = self.limits
        deadline = time.monotonic() + limits.timeout_s
        conditional: dict[str, str] = {}
        if cached is not None and cached.document is not None:
            if cached.etag:
                conditional["If-None-Match"] = cached.etag
            if cached.last_modified:
                conditional["If-Modified-Since"] = cached.last_modified
        current = url
        with httpx.Client(
            headers=_HEADERS,
            timeout=httpx.Timeout(limits.timeout_s),
            follow_redirects=False,
            trust_env=False,  # no proxy variables and, above all, no ~/.netrc credentials
            verify=self._verify,
        ) as client:
            for _hop in range(limits.max_redirects + 1):
                refused = refusal(current)
                if refused is not None:
                    raise _FetchFailedError("refused", f"it redirects to {current}: {refused}")
                client.cookies.clear()  # a cookie set by one hop is not handed to the next
                try:
                    with client.stream(
                        "GET", current, headers=conditional if current == url else {}
                    ) as response:
                        if response.is_redirect and "location" in response.headers:
                            current = urljoin(current, response.headers["location"])
                            continue
                        body = self._read(response, deadline)
                        return response.status_code, body, response.headers
                except httpx.HTTPError as exc:
                    raise _FetchFailedError("unreachable", _transport_words(exc, limits.timeout_s)) from None
        raise _FetchFailedError("http_error", f"more than {limits.max_redirects} redirects")

    def _read(self, response: httpx.Response, deadline: float) -> bytes:
        cap = self.limits.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise _FetchFailedError("too_big", f"{_size(int(declared))}, more than the {_size(cap)} limit")
        chunks: list[bytes] = []
        total = 0
        for chunk in response.iter_bytes():
            total += len(chunk)
            if total > cap:
                raise _FetchFailedError("too_big", f"more than the {_size(cap)} limit")
            if time.monotonic() > deadline:
                raise _FetchFailedError(
                    "unreachable", f"no complete answer within {self.limits.timeout_s:g} s"
                )
            chunks.append(chunk)
        return b"".join(chunks)


def _transport_words(exc: httpx.HTTPError, timeout_s: float) -> str:
    kind, detail = classify_transport_error(exc)
    if kind in ("connect-timeout", "read-timeout", "timeout"):
        return f"no answer within {timeout_s:g} s"
    return detail


def _status_words(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def _size(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MiB" if count >= 1024 * 1024 else f"{count / 1024:.0f} KiB"


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
