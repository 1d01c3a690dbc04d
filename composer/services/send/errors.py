"""Name a failed HTTP exchange by its root cause, so the explanation can say what to do.

httpx wraps httpcore, which wraps the operating system's error; the useful fact ("certificate
verify failed", "Name or service not known", "Connection refused") is at the bottom of that
chain. The message returned is the library's, so callers scrub it before showing it.
"""

from __future__ import annotations

import socket
import ssl

import httpx

from composer.services.send.result import ErrorKind


def classify_transport_error(exc: httpx.HTTPError) -> tuple[ErrorKind, str]:
    """Name a transport failure by its root cause (httpx wraps httpcore wraps the OS error)."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    for cause in chain:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return "tls-verify", f"certificate verify failed: {cause.verify_message or cause.reason}"
        if isinstance(cause, ssl.SSLError):
            return "tls", f"TLS error: {cause.reason or cause}"
        if isinstance(cause, socket.gaierror):
            temporary = cause.errno == socket.EAI_AGAIN
            return ("dns-temporary" if temporary else "dns"), f"name resolution failed: {cause.strerror}"
        if isinstance(cause, ConnectionRefusedError):
            return "refused", "connection refused"
        if isinstance(cause, ConnectionResetError | BrokenPipeError):
            return "reset", "connection reset by the server"
    mapped: list[tuple[type[httpx.HTTPError], ErrorKind]] = [
        (httpx.ConnectTimeout, "connect-timeout"),
        (httpx.ReadTimeout, "read-timeout"),
        (httpx.TimeoutException, "timeout"),
        (httpx.ProxyError, "proxy"),
        (httpx.RemoteProtocolError, "closed"),
        (httpx.ConnectError, "connect"),
        (httpx.ReadError, "reset"),
        (httpx.WriteError, "reset"),
    ]
    for kind_type, kind in mapped:
        if isinstance(exc, kind_type):
            return kind, str(exc) or type(exc).__name__
    return "network", str(exc) or type(exc).__name__
