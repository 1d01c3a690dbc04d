"""POST one event's exact bytes with a Bearer token, carefully, and explain what happened.

Careful means: the body goes out byte for byte as given (support engineers reproduce events
exactly); transient failures are retried with backoff and the server's `Retry-After`
(`composer.services.send.retry`), permanent ones are not; redirects are followed by hand so the
token is only ever sent to the origin the user chose; plain http:// to another machine is
refused; and the token never appears in a result, an exception or a log line — even when a
misbehaving server echoes it back, it is scrubbed.

One `Sender` holds one `httpx.Client`, so a batch reuses keep-alive connections; it is safe to
call `send` from several threads at once. Everything that is the same for every send (the parsed
URL, the full header set with and without the token, the timeout) is built once per `Sender`,
because on a fast receiver the per-request work in the client is what limits a batch. Cookies a
server sets are ignored: an event POST needs no session state, and a cookie is one more
credential-like thing that would otherwise travel from one request, or redirect hop, to the next.
`cancel` (a `threading.Event`) stops retrying at once, including in the middle of a backoff
wait; an attempt already on the wire ends at its timeout, which for retries is cut to what is
left of the retry budget.
"""

from __future__ import annotations

import http.cookiejar
import random
import re
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx

from composer import __version__
from composer.services.loopback import is_loopback
from composer.services.profiles import ProfileError, check_base_url
from composer.services.send.errors import classify_transport_error
from composer.services.send.explain import RETRY_DETAILS, explain_cancelled, explain_error, explain_status
from composer.services.send.result import Attempt, ErrorKind, SendResult
from composer.services.send.retry import RetryPolicy, parse_retry_after, should_retry
from composer.services.send.target import SendSetupError, SendTarget, tls_verification

__all__ = ["MAX_RESPONSE_BYTES", "USER_AGENT", "SendSetupError", "SendTarget", "Sender", "Waiter"]

MAX_RESPONSE_BYTES = 64 * 1024
MAX_REDIRECTS = 5
USER_AGENT = f"lineage-composer/{__version__}"
_FOLLOWED_REDIRECTS = (307, 308)  # the only ones that keep POST and its body
_CREDENTIALS_IN_URL = re.compile(r"(?<=://)[^/@\s]+@")
# Failures while reading the answer: the request, body and all, had gone out, so the receiver
# may have stored the event (httpx raises Write* errors while the request is still being sent).
_AFTER_BODY_SENT = (httpx.ReadTimeout, httpx.ReadError, httpx.RemoteProtocolError)

Waiter = Callable[[float, threading.Event], bool]
"""Waits `seconds` unless cancelled; True when cancelled. Tests inject one that only records."""


def _wait_unless_cancelled(seconds: float, cancel: threading.Event) -> bool:
    return cancel.wait(seconds) if seconds > 0 else cancel.is_set()


@dataclass
class _Exchange:
    """What one attempt (with its redirects) produced."""

    status: int | None = None
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    truncated: bool = False
    error_kind: ErrorKind = ""
    error: str = ""
    redirects: tuple[str, ...] = ()
    location: str = ""
    maybe_delivered: bool = False


class _IgnoredCookies(http.cookiejar.CookieJar):
    """A jar that never keeps a cookie, so none is ever sent back (see the module docstring)."""

    def extract_cookies(self, response: object, request: urllib.request.Request) -> None:
        return None

    def set_cookie(self, cookie: http.cookiejar.Cookie) -> None:
        return None


class Sender:
    """Sends events to one target; use as a context manager, or call `close()`."""

    def __init__(
        self,
        target: SendTarget,
        *,
        policy: RetryPolicy | None = None,
        max_connections: int = 8,
        waiter: Waiter = _wait_unless_cancelled,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        jitter: Callable[[], float] = random.random,
        transport: httpx.BaseTransport | None = None,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
    ) -> None:
        self.target = target
        self.policy = policy or RetryPolicy()
        self._waiter, self._clock, self._now, self._jitter = waiter, clock, now, jitter
        self._max_response_bytes = max_response_bytes
        try:
            check_base_url(target.url, allow_insecure_http=target.allow_insecure_http)
        except ProfileError as exc:
            raise SendSetupError(str(exc).replace("base URL", "URL")) from None
        host = urlsplit(target.url).hostname or ""
        self._client = httpx.Client(
            verify=tls_verification(target),
            proxy=target.proxy or None,
            timeout=httpx.Timeout(target.timeout),
            follow_redirects=False,
            # Proxies from the environment must not catch traffic meant for this machine.
            trust_env=not is_loopback(host),
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
            headers={"User-Agent": USER_AGENT},
            cookies=_IgnoredCookies(),
            transport=transport,
        )
        # The request headers httpx would merge on every call, merged once: the client's defaults
        # (Accept, Accept-Encoding, Connection, User-Agent) then ours, in the same order as before.
        common = httpx.Headers(self._client.headers)
        common["Content-Type"] = "application/json"
        self._headers_without_token = httpx.Headers(common)
        common["Authorization"] = f"Bearer {target.token}"
        self._headers_with_token = common
        self._first_timeout = httpx.Timeout(target.timeout).as_dict()
        try:
            self._first_url: httpx.URL | str = httpx.URL(target.url)
        except httpx.InvalidURL:  # reported by the first send, as a result, like any other URL problem
            self._first_url = target.url
        self._token_bytes = target.token.encode("utf-8")

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Sender:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def send(
        self, body: bytes | str, *, cancel: threading.Event | None = None, event_type: str = ""
    ) -> SendResult:
        """POST `body` (exactly these bytes; text is UTF-8 encoded) and retry while it makes sense.

        `event_type` only shapes the explanation (a 200 for a START event creates no lineage).
        """
        content = body.encode("utf-8") if isinstance(body, str) else body
        cancel = cancel or threading.Event()
        started = self._clock()
        attempts: list[Attempt] = []
        exchange = _Exchange()
        stopped_because = ""
        cancelled = False
        while True:
            if cancel.is_set():
                cancelled = True
                break
            attempt_started = self._clock()
            exchange = self._exchange(content, self._attempt_timeout(started, first=not attempts))
            seconds = self._clock() - attempt_started
            number = len(attempts) + 1
            asked = _header(exchange.headers, "Retry-After") if exchange.status is not None else None
            retry_after = parse_retry_after(asked, self._now()) if asked is not None else None
            lost = exchange.maybe_delivered + sum(attempt.maybe_delivered for attempt in attempts)
            wait, stopped_because = self._next_wait(exchange, number, retry_after, started, lost)
            attempts.append(
                Attempt(
                    number,
                    exchange.status,
                    exchange.error_kind,
                    exchange.error,
                    seconds,
                    wait,
                    retry_after,
                    exchange.redirects,
                    exchange.maybe_delivered,
                )
            )
            if wait is None:
                break
            if self._waiter(wait, cancel):
                cancelled = True
                break
        return self._result(
            content,
            attempts,
            exchange,
            started=started,
            cancelled=cancelled,
            stopped_because=stopped_because,
            event_type=event_type,
        )

    # --- one attempt ----------------------------------------------------------------------------

    def _attempt_timeout(self, started: float, *, first: bool) -> float:
        """The profile's timeout, but a retry may not run past the retry budget (by more than 1 s)."""
        if first:
            return self.target.timeout
        remaining = self.policy.budget_seconds - (self._clock() - started)
        return min(self.target.timeout, max(1.0, remaining))

    def _exchange(self, content: bytes, timeout: float) -> _Exchange:
        url, keep_token = self.target.url, True
        redirects: list[str] = []
        for hop in range(MAX_REDIRECTS + 1):
            headers = self._headers_with_token if keep_token else self._headers_without_token
            try:
                exchange = self._post(self._first_url if hop == 0 else url, content, headers, timeout)
            except httpx.InvalidURL as exc:
                return _Exchange(error_kind="network", error=self._scrub(f"invalid URL: {exc}"))
            except httpx.HTTPError as exc:
                kind, message = classify_transport_error(exc)
                return _Exchange(
                    error_kind=kind,
                    error=self._scrub(message),
                    redirects=tuple(redirects),
                    maybe_delivered=isinstance(exc, _AFTER_BODY_SENT),
                )
            exchange.redirects = tuple(redirects)
            location = _header(exchange.headers, "Location")
            if exchange.status not in _FOLLOWED_REDIRECTS or not location:
                exchange.location = self._scrub(urljoin(url, location)) if location else ""
                return exchange
            following = urljoin(url, location)
            parts = urlsplit(following)
            if (
                parts.scheme == "http"
                and not is_loopback(parts.hostname or "")
                and not self.target.allow_insecure_http
            ):
                return _Exchange(
                    error_kind="insecure-redirect",
                    error=f"the server redirected to {self._scrub(following)}",
                    redirects=tuple(redirects),
                )
            same_origin = _same_origin(url, following)
            if not same_origin and not self.target.allow_cross_origin_redirects:
                return _Exchange(
                    error_kind="cross-origin-redirect",
                    error=f"the server redirected the event ({exchange.status}) to {self._scrub(following)}",
                    redirects=tuple(redirects),
                )
            # The token goes only where the user sent it: same scheme, host and port.
            keep_token = keep_token and same_origin
            redirects.append(self._scrub(following))
            url = following
        return _Exchange(
            error_kind="too-many-redirects",
            error=f"more than {MAX_REDIRECTS} redirects, last to {redirects[-1]}",
            redirects=tuple(redirects),
        )

    def _post(
        self, url: httpx.URL | str, content: bytes, headers: httpx.Headers, timeout: float
    ) -> _Exchange:
        """One request through the client's pool (proxies, TLS, limits), with what is prebuilt.

        `Client.send` with a ready `Request` skips `build_request`'s per-call URL parsing and
        header/cookie merging; the bytes on the wire are the same as `Client.stream` would send.
        """
        extensions = {
            "timeout": self._first_timeout
            if timeout == self.target.timeout
            else httpx.Timeout(timeout).as_dict()
        }
        request = httpx.Request("POST", url, headers=headers, content=content, extensions=extensions)
        response = self._client.send(request, stream=True)
        try:
            body = bytearray()
            truncated = False
            try:
                for chunk in response.iter_bytes():
                    body.extend(chunk)
                    if len(body) > self._max_response_bytes:
                        truncated = True
                        break
            except httpx.HTTPError:  # the status came, the rest of the answer did not: it stands
                truncated = True
            kept = self._scrub_bytes(bytes(body[: self._max_response_bytes]))
            found = tuple((k, self._scrub(v)) for k, v in response.headers.multi_items())
            return _Exchange(status=response.status_code, headers=found, body=kept, truncated=truncated)
        finally:
            response.close()

    def _next_wait(
        self, exchange: _Exchange, number: int, retry_after: float | None, started: float, lost: int
    ) -> tuple[float | None, str]:
        """How long to wait before the next attempt, or None and why we stop. `lost` counts the
        attempts so far whose answer was lost after the body went out (this one included)."""
        if not should_retry(exchange.status, exchange.error_kind):
            return None, ""
        policy = self.policy
        if number > policy.max_retries:
            return None, f"gave up after {number} attempts (at most {policy.max_retries} retries)"
        allowed = self.target.ambiguous_retries
        if exchange.maybe_delivered and lost > allowed:
            return None, (
                f"the answer was lost after the event was sent, and the profile retries such a send "
                f"{_times(allowed)} (a retry may deliver it again)"
            )
        remaining = policy.budget_seconds - (self._clock() - started)
        if retry_after is not None:
            if retry_after > remaining:
                return None, (
                    f"the server asked to wait {retry_after:.0f} s before retrying (Retry-After), "
                    f"more than the {max(0.0, remaining):.0f} s left of the {policy.budget_seconds:.0f} s "
                    "retry budget; try again later"
                )
            return retry_after, ""
        wait = policy.backoff(number, self._jitter())
        if wait > remaining:
            return None, f"gave up: the {policy.budget_seconds:.0f} s retry budget is used up"
        return wait, ""

    def _result(
        self,
        content: bytes,
        attempts: list[Attempt],
        exchange: _Exchange,
        *,
        started: float,
        cancelled: bool,
        stopped_because: str,
        event_type: str,
    ) -> SendResult:
        target = self.target
        status = exchange.status if attempts else None
        if cancelled:
            explanation = explain_cancelled(len(attempts), in_flight=False)
        elif status is not None:
            explanation = explain_status(
                status, kind=target.receiver, url=target.url, event_type=event_type, location=exchange.location
            )
        else:
            explanation = explain_error(
                exchange.error_kind,
                exchange.error,
                url=target.url,
                timeout=target.timeout,
                ca_bundle=target.ca_bundle,
                kind=target.receiver,
            )
        detail = explanation.detail
        if len(attempts) == 1 and detail in RETRY_DETAILS:
            detail = ""  # no retry happened: do not say one did
        if stopped_because:
            stop = "Not retried" if len(attempts) == 1 else "Stopped retrying"
            detail = _sentences(detail, f"{stop}: {stopped_because}.")
        result = SendResult(
            url=target.url,
            status=status,
            ok=status is not None and 200 <= status < 300 and not cancelled,
            attempts=tuple(attempts),
            total_seconds=self._clock() - started,
            request_bytes=len(content),
            explanation=explanation,
            response_headers=exchange.headers if attempts else (),
            response_body=exchange.body if attempts else b"",
            response_truncated=exchange.truncated,
            error_kind=exchange.error_kind if attempts else "",
            cancelled=cancelled,
            stopped_because=stopped_because,
        )
        detail = _sentences(detail, *result.notes())
        return replace(result, explanation=replace(explanation, detail=detail))

    def _scrub(self, text: str) -> str:
        text = text.replace(self.target.token, "[token]")
        return _CREDENTIALS_IN_URL.sub("", text) if "@" in text else text

    def _scrub_bytes(self, data: bytes) -> bytes:
        return data.replace(self._token_bytes, b"[token]")


def _sentences(*parts: str) -> str:
    """Sentences joined, each ending in a full stop (a library's message often has none)."""
    kept = [part.strip() for part in parts if part.strip()]
    return " ".join(part if part.endswith((".", "!", "?")) else f"{part}." for part in kept)


def _times(count: int) -> str:
    return {0: "never", 1: "once"}.get(count, f"at most {count} times")


def _same_origin(first: str, second: str) -> bool:
    a, b = urlsplit(first), urlsplit(second)
    default = {"http": 80, "https": 443}
    return (
        a.scheme == b.scheme
        and (a.hostname or "").lower() == (b.hostname or "").lower()
        and (a.port or default.get(a.scheme)) == (b.port or default.get(b.scheme))
    )


def _header(headers: tuple[tuple[str, str], ...], name: str) -> str | None:
    wanted = name.lower()
    return next((value for key, value in headers if key.lower() == wanted), None)
