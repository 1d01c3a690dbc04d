"""Send targets ("profiles"): where an event goes and how to reach it — never the secret itself.

A profile names a receiver (an Alation tenant, a Marquez server, DataHub, OpenMetadata, any
OpenLineage HTTP endpoint) with the connection settings a support engineer needs to get through a corporate
network: timeout, TLS verification or a private CA bundle, a proxy. The token for a profile
lives in the OS keyring under the profile's name (`composer.services.secrets`), so the JSON
file written here can be shared, backed up or pasted into a ticket without leaking anything.

The built-in "Local sandbox" profile is always first and is the default until the user picks
another, so the app sends somewhere useful out of the box; its URL and token only exist while
the app runs (`composer.services.local_sandbox`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlsplit

from composer.core import receivers
from composer.core.receivers import alation
from composer.services.loopback import is_loopback

# Kind names are stored in users' profiles.json and typed on the command line: names are kept,
# new ones added. Each kind's endpoint, wording and rules are its descriptor (`core.receivers`).
ProfileKind = str
LOCAL_SANDBOX_NAME = "Local sandbox"
DEFAULT_TIMEOUT = 30.0
MAX_TIMEOUT = 600.0
MAX_AMBIGUOUS_RETRIES = 5
_MAX_NAME_LENGTH = 100


class ProfileError(ValueError):
    """A profile that cannot be used as given; the message says what to change."""


class ProfileNotFoundError(ProfileError):
    """No profile of that name."""


@dataclass(frozen=True)
class Profile:
    """One send target. `endpoint_path` empty means the kind's default endpoint.

    `base_url` empty is reserved for the built-in Local sandbox, whose address is only known
    once it listens.
    """

    name: str
    kind: ProfileKind = "alation"
    base_url: str = ""
    endpoint_path: str = ""
    timeout: float = DEFAULT_TIMEOUT
    verify_tls: bool = True
    ca_bundle: str = ""
    proxy: str = ""
    allow_insecure_http: bool = False
    # How often to retry a send whose answer was lost after the event was sent: each retry may
    # deliver another copy, so the profile says (and the result warns) rather than the sender.
    ambiguous_retries: int = 1
    # A 307/308 to another scheme, host or port re-sends the event there (never the token).
    allow_cross_origin_redirects: bool = False

    @property
    def is_local_sandbox(self) -> bool:
        return self.name == LOCAL_SANDBOX_NAME and not self.base_url

    @property
    def endpoint(self) -> str:
        return self.endpoint_path or receivers.receiver(self.kind).endpoint

    @property
    def validation_target(self) -> str:
        """The `--target` whose rules this profile's events are checked with: each kind has its own."""
        return self.kind

    def endpoint_url(self, base_url: str | None = None) -> str:
        """The URL events are POSTed to; `base_url` stands in for the sandbox's runtime address."""
        base = base_url if base_url is not None else self.base_url
        if not base:
            raise ProfileError(f"profile {self.name!r} has no base URL")
        return base.rstrip("/") + self.endpoint

    def check(self) -> None:
        """Raise `ProfileError` naming the first setting that cannot work."""
        check_name(self.name)
        if self.kind not in receivers.names():
            raise ProfileError(f"unknown kind {self.kind!r}; choose from {', '.join(receivers.names())}")
        if not 0 < self.timeout <= MAX_TIMEOUT:
            raise ProfileError(f"timeout must be above 0 and at most {MAX_TIMEOUT:.0f} seconds")
        if self.endpoint_path and not self.endpoint_path.startswith("/"):
            raise ProfileError(f"endpoint path {self.endpoint_path!r} must start with '/'")
        if any(mark in self.endpoint_path for mark in ("?", "#", "://", " ")):
            raise ProfileError(
                f"endpoint path {self.endpoint_path!r} must be a plain path like {alation.ENDPOINT}"
            )
        if not 0 <= self.ambiguous_retries <= MAX_AMBIGUOUS_RETRIES:
            raise ProfileError(f"ambiguous retries must be from 0 to {MAX_AMBIGUOUS_RETRIES}")
        if self.proxy:
            check_proxy(self.proxy)
        if self.is_local_sandbox:
            return
        if self.name == LOCAL_SANDBOX_NAME:
            raise ProfileError(f"{LOCAL_SANDBOX_NAME!r} is the built-in profile's name; choose another")
        check_base_url(self.base_url, allow_insecure_http=self.allow_insecure_http)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "baseUrl": self.base_url,
            "endpointPath": self.endpoint_path,
            "timeoutSeconds": self.timeout,
            "verifyTls": self.verify_tls,
            "caBundle": self.ca_bundle,
            "proxy": self.proxy,
            "allowInsecureHttp": self.allow_insecure_http,
            "ambiguousRetries": self.ambiguous_retries,
            "allowCrossOriginRedirects": self.allow_cross_origin_redirects,
        }

    @classmethod
    def from_json(cls, value: object) -> Profile:
        """A profile from the file's JSON; unknown keys are ignored (and dropped on the next save)."""
        if not isinstance(value, dict):
            raise ProfileError("a profile is a JSON object")
        fields: dict[str, tuple[str, type | tuple[type, ...]]] = {
            "name": ("name", str),
            "kind": ("kind", str),
            "base_url": ("baseUrl", str),
            "endpoint_path": ("endpointPath", str),
            "timeout": ("timeoutSeconds", (int, float)),
            "verify_tls": ("verifyTls", bool),
            "ca_bundle": ("caBundle", str),
            "proxy": ("proxy", str),
            "allow_insecure_http": ("allowInsecureHttp", bool),
            "ambiguous_retries": ("ambiguousRetries", int),
            "allow_cross_origin_redirects": ("allowCrossOriginRedirects", bool),
        }
        found: dict[str, Any] = {}
        for attribute, (key, kinds) in fields.items():
            if key not in value:
                continue
            item = value[key]
            if not isinstance(item, kinds) or (isinstance(item, bool) and bool not in _as_tuple(kinds)):
                raise ProfileError(f"profile field {key!r} has the wrong type")
            found[attribute] = float(cast(float, item)) if attribute == "timeout" else item
        if "name" not in found:
            raise ProfileError("a profile needs a name")
        profile = cls(**found)
        profile.check()
        return profile


LOCAL_SANDBOX = Profile(name=LOCAL_SANDBOX_NAME, kind="alation")


def _as_tuple(kinds: type | tuple[type, ...]) -> tuple[type, ...]:
    return kinds if isinstance(kinds, tuple) else (kinds,)


def check_name(name: str) -> None:
    if not name or name != name.strip():
        raise ProfileError("a profile name cannot be empty or start or end with a space")
    if len(name) > _MAX_NAME_LENGTH or not name.isprintable():
        raise ProfileError(f"a profile name is printable text of at most {_MAX_NAME_LENGTH} characters")


def check_base_url(url: str, *, allow_insecure_http: bool) -> None:
    """A base URL that is safe to send a token to, or `ProfileError` saying why not."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ProfileError(
            f"base URL {url!r} must be an http(s) URL with a host, like https://<tenant>.alationcloud.com"
        )
    if parts.username is not None or parts.password is not None:
        raise ProfileError(
            "a base URL cannot carry a user name or password (it would be stored in plain text); "
            "store the API token with `lineage-composer profile set-token` instead"
        )
    if parts.query or parts.fragment:
        raise ProfileError(f"base URL {url!r} cannot have a query or fragment")
    try:
        _ = parts.port
    except ValueError:
        raise ProfileError(f"base URL {url!r} has an invalid port") from None
    if parts.scheme == "http" and not is_loopback(parts.hostname) and not allow_insecure_http:
        raise ProfileError(
            f"refusing plain http:// to {parts.hostname}: the API token would travel unencrypted. "
            "Use https://, or allow insecure HTTP for this profile if you really must "
            "(--allow-insecure-http)"
        )


def check_proxy(proxy: str) -> None:
    parts = urlsplit(proxy)
    if parts.scheme not in ("http", "https", "socks5", "socks5h") or not parts.hostname:
        raise ProfileError(f"proxy {proxy!r} must be a URL like http://proxy.example.com:3128")
    if parts.password is not None:
        raise ProfileError(
            "a proxy URL cannot carry a password (profiles are stored in plain text); "
            "set HTTPS_PROXY in the environment for an authenticating proxy"
        )


def kind_for_url(url: str) -> ProfileKind:
    """The kind whose endpoint the URL names (Alation also by its tenant host), else generic."""
    return receivers.receiver_for_url(url).name


def profile_for_endpoint_url(
    url: str, name: str = "command line", *, allow_insecure_http: bool = False
) -> Profile:
    """A throw-away profile for a full endpoint URL given on the command line."""
    parts = urlsplit(url)
    if parts.query or parts.fragment:
        raise ProfileError(f"URL {url!r} cannot have a query or fragment")
    base = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else url
    profile = Profile(
        name=name,
        kind=kind_for_url(url),
        base_url=base,
        endpoint_path=parts.path or "/",
        allow_insecure_http=allow_insecure_http,
    )
    profile.check()
    return profile


def __getattr__(name: str) -> Any:
    """The former per-kind tables, derived from the descriptors for callers that still use them."""
    derived: dict[str, Any] = {
        "PROFILE_KINDS": receivers.names,
        "DEFAULT_ENDPOINTS": lambda: {known.name: known.endpoint for known in receivers.RECEIVERS},
        "TARGET_NAMES": lambda: {known.name: known.label for known in receivers.RECEIVERS},
        "ALATION_ENDPOINT": lambda: alation.ENDPOINT,
        "ALATION_AIRFLOW_ENDPOINT": lambda: alation.AIRFLOW_ENDPOINT,
    }
    if name not in derived:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return derived[name]()
