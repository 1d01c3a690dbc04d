"""What one running sandbox shares with each of its requests, and the record of one request.

Apart from `handler` so the handler's mixins (`catalog_routes`) can name the state they read
without importing the handler that inherits from them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from composer.services.sandbox import api


@dataclass(frozen=True)
class RequestRecord:
    """One handled request, for a log line. `status` 0 means the connection was dropped."""

    client: str
    method: str
    path: str
    status: int
    duration_ms: float

    def line(self) -> str:
        status = str(self.status) if self.status else "dropped"
        return f"{self.client} {self.method} {self.path} {status} {self.duration_ms:.1f} ms"


RequestObserver = Callable[[RequestRecord], None]


@dataclass
class SandboxState:
    """What every request of one sandbox shares; tokens are kept out of `repr`."""

    parts: api.SandboxParts
    token: str = field(repr=False)
    read_only_token: str = field(repr=False)
    max_body_bytes: int
    loopback_only: bool
    idle_timeout: float
    endpoint_url: str = ""
    observer: RequestObserver | None = None
    stopping: threading.Event = field(default_factory=threading.Event)

    def redact(self, text: str) -> str:
        """`text` safe for a log: no token, no control characters, bounded length."""
        for secret in (self.token, self.read_only_token):
            text = text.replace(secret, "[token]")
        text = "".join(ch if ch.isprintable() else "?" for ch in text)
        return text if len(text) <= 300 else text[:300] + "…"
