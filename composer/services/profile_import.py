"""Profiles from the OpenLineage client's own configuration, so nobody retypes a working setup.

Teams that already emit with `openlineage-python` (Airflow, dbt, scripts) have either an
`openlineage.yml` with an `http` transport or the `OPENLINEAGE_URL` / `OPENLINEAGE_ENDPOINT` /
`OPENLINEAGE_API_KEY` variables. Both are read exactly as that client reads them (the endpoint
is joined to the URL with `urljoin`, and defaults to `api/v1/lineage`), and the API key comes
back separately so the caller can put it in the keyring — it never enters the profile.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml

from composer.services.profiles import DEFAULT_TIMEOUT, Profile, ProfileError, kind_for_url

CONFIG_VARIABLE = "OPENLINEAGE_CONFIG"
CONFIG_FILE_NAME = "openlineage.yml"
_CLIENT_DEFAULT_ENDPOINT = "api/v1/lineage"


class ProfileImportError(ValueError):
    """The configuration cannot become a profile; the message says what was found instead."""


@dataclass(frozen=True)
class ImportedProfile:
    """A profile plus the API key found next to it (empty when none); the key is kept out of repr."""

    profile: Profile
    source: str
    api_key: str = field(default="", repr=False)


def find_openlineage_config(
    environ: Mapping[str, str] | None = None, cwd: Path | None = None, home: Path | None = None
) -> Path | None:
    """The file the OpenLineage client would use: $OPENLINEAGE_CONFIG, ./openlineage.yml, ~/.openlineage/."""
    env = os.environ if environ is None else environ
    candidates = [
        Path(env[CONFIG_VARIABLE]) if env.get(CONFIG_VARIABLE) else None,
        (cwd or Path.cwd()) / CONFIG_FILE_NAME,
        (home or Path.home()) / ".openlineage" / CONFIG_FILE_NAME,
    ]
    for candidate in candidates:
        if candidate is not None and candidate.is_file():
            return candidate
    return None


def from_openlineage_file(path: Path, name: str, *, allow_insecure_http: bool = False) -> ImportedProfile:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ProfileImportError(f"cannot read {path}: {reason}") from None
    return from_openlineage_yaml(text, name, source=str(path), allow_insecure_http=allow_insecure_http)


def from_openlineage_yaml(
    text: str, name: str, source: str = CONFIG_FILE_NAME, *, allow_insecure_http: bool = False
) -> ImportedProfile:
    try:
        config = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        # Only the position: YAML's own message quotes the offending line, which may hold the key.
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise ProfileImportError(f"{source} is not valid YAML{where}") from None
    transport = config.get("transport") if isinstance(config, dict) else None
    if not isinstance(transport, dict):
        raise ProfileImportError(f"{source} has no `transport:` section to import")
    kind = transport.get("type")
    if kind != "http":
        raise ProfileImportError(
            f"{source} configures a {kind!r} transport; only the `http` transport sends to a URL"
        )
    url = transport.get("url")
    if not isinstance(url, str) or not url:
        raise ProfileImportError(f"{source}: the http transport has no `url`")
    endpoint = transport.get("endpoint", _CLIENT_DEFAULT_ENDPOINT)
    timeout = transport.get("timeout", DEFAULT_TIMEOUT)
    verify = transport.get("verify", True)
    ssl_context = transport.get("sslContext") or transport.get("ssl_context") or {}
    if not isinstance(ssl_context, dict):
        raise ProfileImportError(f"{source}: `sslContext` must be a mapping")
    ca_bundle = ssl_context.get("caCertPath") or ssl_context.get("ca_cert_path") or ""
    if not isinstance(endpoint, str) or not isinstance(ca_bundle, str):
        raise ProfileImportError(f"{source}: `endpoint` and `sslContext.caCertPath` must be text")
    if not isinstance(timeout, int | float) or isinstance(timeout, bool) or not isinstance(verify, bool):
        raise ProfileImportError(f"{source}: `timeout` must be a number and `verify` true or false")
    api_key = _api_key(transport.get("auth"), source)
    profile = _profile(
        name,
        url,
        endpoint,
        timeout=float(timeout),
        verify=verify,
        ca_bundle=ca_bundle,
        allow_insecure_http=allow_insecure_http,
    )
    return ImportedProfile(profile, source, api_key)


def from_openlineage_env(
    name: str, environ: Mapping[str, str] | None = None, *, allow_insecure_http: bool = False
) -> ImportedProfile:
    env = os.environ if environ is None else environ
    url = env.get("OPENLINEAGE_URL", "")
    if not url:
        raise ProfileImportError("OPENLINEAGE_URL is not set, so there is nothing to import")
    endpoint = env.get("OPENLINEAGE_ENDPOINT") or _CLIENT_DEFAULT_ENDPOINT
    profile = _profile(name, url, endpoint, allow_insecure_http=allow_insecure_http)
    return ImportedProfile(profile, "environment variables", env.get("OPENLINEAGE_API_KEY", ""))


def _api_key(auth: Any, source: str) -> str:
    if auth is None:
        return ""
    if not isinstance(auth, dict):
        raise ProfileImportError(f"{source}: `auth` must be a mapping")
    if auth.get("type") != "api_key":
        raise ProfileImportError(
            f"{source}: auth type {auth.get('type')!r} cannot be imported; only `api_key` (a Bearer token)"
        )
    key = auth.get("apiKey") or auth.get("apikey") or auth.get("api_key")
    if not isinstance(key, str) or not key:
        raise ProfileImportError(f"{source}: auth type api_key needs an `apiKey`")
    return key


def _profile(
    name: str,
    url: str,
    endpoint: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    verify: bool = True,
    ca_bundle: str = "",
    allow_insecure_http: bool = False,
) -> Profile:
    full = urljoin(url, endpoint)  # exactly how the OpenLineage client builds the request URL
    parts = urlsplit(full)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ProfileImportError(f"{url!r} is not an http(s) URL")
    profile = Profile(
        name=name,
        kind=kind_for_url(full),
        base_url=f"{parts.scheme}://{parts.netloc}",
        endpoint_path=parts.path or "/",
        timeout=timeout,
        verify_tls=verify,
        ca_bundle=ca_bundle,
        allow_insecure_http=allow_insecure_http,
    )
    try:
        profile.check()
    except ProfileError as exc:
        raise ProfileImportError(str(exc)) from None
    return profile
