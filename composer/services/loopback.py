"""Whether a host names this machine, decided from its literal name or address alone.

The sandbox (bind address, DNS-rebinding guard), profiles (plain http allowed to loopback), the
sender (no proxy for loopback) and the facet-schema fetcher all ask this. It lives apart from
those so that asking it imports nothing else: no HTTP server, no SQLite. A DNS name is never
resolved to decide, so the answer cannot be steered by whoever controls a resolver.
"""

from __future__ import annotations

import ipaddress


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
