"""Every way a send can end, explained in plain words with the next step to take.

The wording follows Alation's Direct API page: its response-code table (200, 400, 401, 403,
500, 503), its verification steps, and its advice (COMPLETE events only, matching namespaces,
retry transient failures). A 200 from Alation proves the event arrived, nothing more: lineage
appears only if the datasets resolve to cataloged data sources, so the explanation says so and
lists how to check. Each receiver's words are its descriptor (`composer.core.receivers`), filled
in by `composer.services.send.explain_targets`: no Alation advice is given for another receiver, and
the Local sandbox's answers are said of it (its descriptor, which a send's target chooses).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from composer.core.receivers import Receiver, receiver
from composer.services.profiles import ProfileKind
from composer.services.send.explain_targets import accepted, endpoint_tip
from composer.services.send.result import Explanation


def explain_status(
    status: int,
    *,
    kind: ProfileKind | Receiver,
    url: str,
    event_type: str = "",
    location: str = "",
) -> Explanation:
    """What an HTTP status means for someone who just sent an event to `url`, in the words of
    `kind`'s receiver (or of the descriptor given: a target's own, as the Local sandbox's)."""
    known = _descriptor(kind)
    if status in known.success_codes:
        return accepted(status, known, event_type, url)
    if status in (301, 302, 303, 307, 308):
        return Explanation(
            f"Redirected ({status}) — the event was not delivered.",
            f"The server sent the request on to {location or 'another address'}; an event is only "
            "re-sent to a redirect that keeps the method and body (307, 308).",
            (
                "Use the address the server redirects to as the profile's base URL or endpoint.",
                endpoint_tip(known, url),
            ),
        )
    if status == 400:
        return _bad_request(known)
    if status == 404:
        return _not_found(known, url)
    found = _CLIENT_ERRORS.get(status) or _SERVER_ERRORS.get(status)
    if found is not None:
        return found(known)
    if 400 <= status < 500:
        return Explanation(
            f"Rejected ({status}).",
            "The server refused this request; repeating it unchanged will not help.",
            ("Read the response body below for the server's reason.",),
        )
    return Explanation(
        f"Server error ({status}).",
        "The receiver failed; retrying later may work.",
        ("If it persists, contact the receiver's administrator with the time of the send.",),
    )


def explain_error(
    error_kind: str,
    detail: str,
    *,
    url: str,
    timeout: float,
    ca_bundle: str,
    kind: ProfileKind | Receiver = "alation",
) -> Explanation:
    """Why no HTTP answer came back (`kind` as for `explain_status`)."""
    host = urlsplit(url).hostname or url
    port = urlsplit(url).port or (443 if url.startswith("https:") else 80)
    if error_kind == "tls-verify":
        return Explanation(
            "TLS failure: the server's certificate could not be verified (certificate verify failed).",
            f"{detail}. The connection was closed before the token or the event were sent.",
            (
                "A company proxy that inspects TLS, or a server with a private or self-signed certificate, "
                "needs its CA certificate: set the profile's CA bundle option (--ca-bundle PATH, a PEM file)"
                + (f"; the current bundle {ca_bundle} does not vouch for this server." if ca_bundle else "."),
                "Check the host name: a certificate is only valid for the names it lists.",
            ),
        )
    if error_kind == "tls":
        return Explanation(
            "TLS failure: the secure connection could not be set up.",
            detail,
            ("Check the URL's scheme and port (https:// on a plain-HTTP port fails like this).",),
        )
    if error_kind in ("dns", "dns-temporary"):
        return Explanation(
            f"DNS failure: the host name {host} could not be resolved.",
            detail,
            (_descriptor(kind).dns_tip(), "Check your network, VPN or proxy settings."),
        )
    if error_kind == "refused":
        return Explanation(
            f"Connection refused: nothing is listening at {host}:{port}.",
            detail,
            ("Check the host and port in the URL, and that the receiver is running.",),
        )
    if error_kind in ("connect-timeout", "read-timeout", "timeout"):
        which = {
            "connect-timeout": "connecting",
            "read-timeout": "waiting for the answer",
        }.get(error_kind, "sending")
        steps = [f"Raise the profile's timeout (now {timeout:g} s) if the receiver is slow."]
        if error_kind == "read-timeout":
            steps.append("The event may still have arrived; check before sending it again.")
        else:
            steps.append("Check the host, a firewall, VPN or proxy between you and the receiver.")
        return Explanation(f"Timeout: no progress within {timeout:g} s while {which}.", detail, tuple(steps))
    if error_kind in ("reset", "closed"):
        return Explanation(
            "The connection was closed before a complete answer arrived.",
            f"{detail}. A proxy or load balancer may have dropped it.",
            ("It was retried; if it keeps happening, check proxies between you and the receiver.",),
        )
    if error_kind == "proxy":
        return Explanation(
            "The proxy refused or failed the connection.", detail, ("Check the proxy setting.",)
        )
    if error_kind == "too-many-redirects":
        return Explanation(
            "Too many redirects.", detail, (endpoint_tip(_descriptor(kind), url),)
        )
    if error_kind == "cross-origin-redirect":
        return Explanation(
            "Refused to follow a redirect to another server: the event would go where you did not send it.",
            detail,
            (
                "Use the address the server redirects to as the profile's base URL, or allow redirects "
                "to other servers in the profile (the token is never sent to them).",
            ),
        )
    if error_kind == "insecure-redirect":
        return Explanation(
            "Refused to follow a redirect to plain http://: the token would travel unencrypted.",
            detail,
            ("Use the https:// address as the profile's base URL.",),
        )
    return Explanation(
        "The request failed before an answer arrived.", detail, ("Check the URL and network.",)
    )


def explain_cancelled(attempts: int, in_flight: bool) -> Explanation:
    detail = (
        "An attempt had already reached the server, so the event may have arrived."
        if in_flight
        else f"Stopped after {attempts} attempt(s)."
    )
    return Explanation("Cancelled.", detail)


def _descriptor(kind: ProfileKind | Receiver) -> Receiver:
    return kind if isinstance(kind, Receiver) else receiver(kind)


def _bad_request(known: Receiver) -> Explanation:
    by = f" by {known.advice.rejected_by}" if known.advice.rejected_by else ""
    return Explanation(
        f"Rejected (400 Bad Request){by}: invalid event format or missing required fields.",
        known.advice.bad_request_detail,
        (f"Validate the event: `lineage-composer validate --target {known.name}`.", known.advice.bad_request),
    )


def _unauthorized(known: Receiver) -> Explanation:
    steps = (known.advice.token_check, "Store the right token: `lineage-composer profile set-token PROFILE`.")
    return Explanation(
        "Rejected (401 Unauthorized): the API token is missing or invalid.", "", tuple(s for s in steps if s)
    )


def _forbidden(known: Receiver) -> Explanation:
    return Explanation(
        "Rejected (403 Forbidden): the API token does not have the required permissions.",
        "The token was recognised, but may not send lineage.",
        (known.advice.token_permissions,),
    )


def _not_found(known: Receiver, url: str) -> Explanation:
    path = urlsplit(url).path
    return Explanation(
        f"Not found (404): nothing answers at {path or '/'} — the URL or endpoint path is wrong.",
        "",
        (endpoint_tip(known, url), known.base_url_tip()),
    )


def _too_large(_known: Receiver) -> Explanation:
    return Explanation(
        "Rejected (413 Payload Too Large): the event is bigger than the receiver accepts.",
        "",
        ("Make it smaller: long SQL, big schema facets or many datasets are the usual cause.",),
    )


# Details that say a retry happened: the sender drops them when there was only one attempt.
RETRIED_AFTER_WAIT = "Retried after the wait it asked for, within the retry budget."
RETRIED_TRANSIENT = "Retried, in case it was transient."
RETRY_DETAILS = frozenset({RETRIED_AFTER_WAIT, RETRIED_TRANSIENT})


def _too_many(_known: Receiver) -> Explanation:
    return Explanation(
        "Too many requests (429): the receiver asked us to slow down.",
        RETRIED_AFTER_WAIT,
        ("Send more slowly (--rate, --concurrency), or try again later.",),
    )


def _server_error(known: Receiver) -> Explanation:
    return Explanation(
        "Server error (500): the receiver failed while processing the event.",
        RETRIED_TRANSIENT,
        (known.advice.server_error,),
    )


def _gateway(_known: Receiver) -> Explanation:
    return Explanation(
        "Gateway error (502/504): a proxy or load balancer in front of the receiver got no good answer.",
        RETRIED_TRANSIENT,
        ("Try again later.",),
    )


def _unavailable(_known: Receiver) -> Explanation:
    return Explanation(
        "Service unavailable (503): the receiver is temporarily unavailable.",
        RETRIED_AFTER_WAIT,
        ("Try again later (maintenance or an upgrade may be under way).",),
    )


_CLIENT_ERRORS = {
    401: _unauthorized,
    403: _forbidden,
    413: _too_large,
    429: _too_many,
}
_SERVER_ERRORS = {500: _server_error, 502: _gateway, 503: _unavailable, 504: _gateway}
