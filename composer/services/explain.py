"""Every way a send can end, explained in plain words with the next step to take.

The wording follows Alation's Direct API page: its response-code table (200, 400, 401, 403,
500, 503), its verification steps, and its advice (COMPLETE events only, matching namespaces,
retry transient failures). A 200 from Alation proves the event arrived, nothing more: lineage
appears only if the datasets resolve to cataloged data sources, so the explanation says so and
lists how to check. Other receivers get their own words (`composer.services.explain_targets`):
every 2xx is a success for every kind, and no Alation advice is given for another receiver.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from composer.services.explain_sandbox import sandbox_accepted, sandbox_bad_request
from composer.services.explain_targets import accepted, base_url_tip, endpoint_tip
from composer.services.profiles import ALATION_ENDPOINT, ProfileKind
from composer.services.send_result import Explanation

_ALATION_VERIFY = (
    "Open the output table in Alation's catalog.",
    "Check its Lineage tab for the job and the input tables.",
    "Confirm the job name, namespace and timestamps are what you sent.",
)
_NO_LINEAGE = (
    "200 but no lineage? Only COMPLETE events create lineage; START, RUNNING, FAIL and ABORT do not.",
    "Each dataset's data source must be cataloged in Alation with its metadata extracted.",
    "The namespace's host:port must match the data source's JDBC URI in Alation "
    "(e.g. postgres://prod-db.example.com:5432).",
    "If the data source is reached under another host name, add it to the data source's "
    "Additional Datasource Connections.",
)
_TOKEN_PLACE = "Settings > Server Admin > API Access Tokens"


def explain_status(
    status: int,
    *,
    kind: ProfileKind,
    url: str,
    event_type: str = "",
    location: str = "",
    sandbox: bool = False,
) -> Explanation:
    """What an HTTP status means for someone who just sent an event to `url` (`sandbox`: the
    Local sandbox, whose answers are said of it, not of Alation)."""
    alation = kind == "alation" and not sandbox
    if sandbox and 200 <= status < 300:
        return sandbox_accepted(status, event_type, url)
    if sandbox and status == 400:
        return sandbox_bad_request(kind)
    if 200 <= status < 300:
        return _alation_accepted(status, event_type) if alation else accepted(status, kind, event_type)
    if status in (301, 302, 303, 307, 308):
        return Explanation(
            f"Redirected ({status}) — the event was not delivered.",
            f"The server sent the request on to {location or 'another address'}; an event is only "
            "re-sent to a redirect that keeps the method and body (307, 308).",
            (
                "Use the address the server redirects to as the profile's base URL or endpoint.",
                _endpoint_tip(kind, url),
            ),
        )
    if status == 400:
        return _bad_request(kind)
    if status == 404:
        return _not_found(kind, url)
    found = _CLIENT_ERRORS.get(status) or _SERVER_ERRORS.get(status)
    if found is not None:
        return found(alation)
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
    error_kind: str, detail: str, *, url: str, timeout: float, ca_bundle: str, kind: ProfileKind = "alation"
) -> Explanation:
    """Why no HTTP answer came back."""
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
            (
                "Check the tenant name in the base URL (https://<tenant>.alationcloud.com)."
                if kind == "alation"
                else base_url_tip(kind),
                "Check your network, VPN or proxy settings.",
            ),
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
            "Too many redirects.", detail, (_endpoint_tip(kind, url),)
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


def _alation_accepted(status: int, event_type: str) -> Explanation:
    detail = (
        "This proves the event arrived. It does not prove lineage was created: Alation builds "
        "lineage afterwards, only from COMPLETE events whose datasets match cataloged data sources."
    )
    if event_type and event_type != "COMPLETE":
        detail += f" This was a {event_type} event, so it creates no lineage."
        steps: tuple[str, ...] = ("Send a COMPLETE event for the run to create lineage.",)
    else:
        steps = _ALATION_VERIFY + _NO_LINEAGE
    return Explanation(f"Alation received the event ({status}).", detail, steps)


def _endpoint_tip(kind: ProfileKind, url: str) -> str:
    """Where the receiver listens; for Alation, whether the URL lacks the endpoint's trailing slash."""
    if kind != "alation":
        return endpoint_tip(kind)
    path = urlsplit(url).path
    if "open_lineage_event" in path and not path.endswith("/"):
        return f"Add the trailing slash: Alation's endpoint is {ALATION_ENDPOINT}."
    return f"Alation's endpoint is {ALATION_ENDPOINT} (with the trailing slash)."


def _bad_request(kind: ProfileKind) -> Explanation:
    return Explanation(
        "Rejected (400 Bad Request): invalid event format or missing required fields.",
        "The receiver read the request but not as a valid event; sending it again unchanged will fail again.",
        (
            f"Validate the event: `lineage-composer validate --target {kind}`.",
            "Alation needs eventType, eventTime, run.runId, job.namespace, job.name, "
            "and at least one input and one output dataset."
            if kind == "alation"
            else "Read the response body for the receiver's reason.",
        ),
    )


def _unauthorized(alation: bool) -> Explanation:
    steps = ["Store the right token: `lineage-composer profile set-token PROFILE`."]
    if alation:
        steps.insert(0, f"Check the API token: it may be mistyped, expired or revoked ({_TOKEN_PLACE}).")
    return Explanation("Rejected (401 Unauthorized): the API token is missing or invalid.", "", tuple(steps))


def _forbidden(alation: bool) -> Explanation:
    return Explanation(
        "Rejected (403 Forbidden): the API token does not have the required permissions.",
        "The token was recognised, but may not send lineage.",
        (f"Create the token as a Server Admin ({_TOKEN_PLACE}).",)
        if alation
        else ("Ask the receiver's administrator for a token that may write lineage.",),
    )


def _not_found(kind: ProfileKind, url: str) -> Explanation:
    path = urlsplit(url).path
    return Explanation(
        f"Not found (404): nothing answers at {path or '/'} — the URL or endpoint path is wrong.",
        "",
        (_endpoint_tip(kind, url), base_url_tip(kind)),
    )


def _too_large(alation: bool) -> Explanation:
    return Explanation(
        "Rejected (413 Payload Too Large): the event is bigger than the receiver accepts.",
        "",
        ("Make it smaller: long SQL, big schema facets or many datasets are the usual cause.",),
    )


def _too_many(alation: bool) -> Explanation:
    return Explanation(
        "Too many requests (429): the receiver asked us to slow down.",
        "Retried after the wait it asked for, within the retry budget.",
        ("Send more slowly (--rate, --concurrency), or try again later.",),
    )


def _server_error(alation: bool) -> Explanation:
    return Explanation(
        "Server error (500): the receiver failed while processing the event.",
        "Retried, in case it was transient.",
        (
            "If it persists, contact Alation support with the time of the send and the event's runId."
            if alation
            else "If it persists, contact the receiver's administrator.",
        ),
    )


def _gateway(alation: bool) -> Explanation:
    return Explanation(
        "Gateway error (502/504): a proxy or load balancer in front of the receiver got no good answer.",
        "Retried, in case it was transient.",
        ("Try again later.",),
    )


def _unavailable(alation: bool) -> Explanation:
    return Explanation(
        "Service unavailable (503): the receiver is temporarily unavailable.",
        "Retried after the wait it asked for, within the retry budget.",
        ("Try again later (maintenance or an upgrade may be under way).",),
    )


_CLIENT_ERRORS = {
    401: _unauthorized,
    403: _forbidden,
    413: _too_large,
    429: _too_many,
}
_SERVER_ERRORS = {500: _server_error, 502: _gateway, 503: _unavailable, 504: _gateway}
