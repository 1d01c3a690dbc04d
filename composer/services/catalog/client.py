"""A client for the catalog REST APIs a pre-flight and a verification need, over httpx.

Authentication is Alation's: a `TOKEN` header (not `Authorization: Bearer`, which the OpenLineage
endpoint takes). An access token is minted from the refresh token on first use
(`POST /integration/v1/createAPIAccessToken/`), kept in this object's memory only, and minted
again once when a request is refused with 401 (it lives 24 h by default). No token is written
anywhere, logged, or put in an exception's message.

Every method raises `CatalogError`, whose message says in plain words what failed and where.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import httpx

from composer import __version__
from composer.core.tenant import CatalogTable, DataSource, TableLineage, TableLookup, TableQuery
from composer.core.tenant.models import SourceApi
from composer.services import catalog_paths
from composer.services.catalog import answers
from composer.services.catalog.credentials import CatalogCredentials
from composer.services.catalog.errors import CatalogError, status_failure
from composer.services.loopback import is_loopback
from composer.services.profiles import Profile, ProfileError, check_base_url
from composer.services.send.target import SendSetupError, SendTarget, tls_verification

DEFAULT_PAGE_SIZE = 200
_MAX_PAGES = 10_000
_USER_AGENT = f"lineage-composer/{__version__}"
# Failures that no other request of this client would escape either.
_FATAL = ("unauthorized", "refresh-expired", "unreachable", "no-credentials", "closed")


@dataclass(frozen=True)
class AccessCheck:
    """The outcome of "Check catalog access": `ok`, or the failure's kind and words."""

    ok: bool
    message: str
    kind: str = ""


@dataclass(frozen=True)
class SourceListing:
    """Both APIs' data sources (v2 first, each id once) and notes on an API that failed while
    the other answered (an older Alation has no v2, a newer one may drop v1)."""

    sources: tuple[DataSource, ...]
    notes: tuple[str, ...] = ()


class CatalogClient:
    """One tenant's catalog APIs; use as a context manager, or call `close()`. Thread-safe,
    `close()` included: a request in flight on another thread finishes on its own connection
    and the last one out closes the pool. (Closing the pool under a request closed its socket;
    the descriptor went to the next connection opened, and the request then waited for an
    answer on a socket nobody had written to, until its timeout: the sandbox's "30 s stall".)
    """

    def __init__(
        self,
        base_url: str,
        credentials: CatalogCredentials,
        *,
        timeout: float = 30.0,
        verify_tls: bool = True,
        ca_bundle: str = "",
        proxy: str = "",
        allow_insecure_http: bool = False,
        page_size: int = DEFAULT_PAGE_SIZE,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        try:
            check_base_url(base_url, allow_insecure_http=allow_insecure_http)
            target = SendTarget(base_url, "", timeout=timeout, verify_tls=verify_tls, ca_bundle=ca_bundle)
            verify = tls_verification(target)
        except (ProfileError, SendSetupError) as exc:
            raise CatalogError("unreachable", str(exc)) from None
        self.base_url = base_url.rstrip("/")
        self.credentials = credentials
        self.page_size = page_size
        self._access_token: str | None = credentials.token if credentials.kind == "ingest-token" else None
        self._lock = threading.Lock()  # minting
        self._usage = threading.Lock()  # requests in flight and closing
        self._in_flight = 0
        self._closed = False
        self._client = httpx.Client(
            verify=verify,
            proxy=proxy or None,
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            trust_env=not is_loopback(urlsplit(base_url).hostname or ""),
            headers={"User-Agent": _USER_AGENT, "Accept": "application/json"},
            transport=transport,
        )

    @classmethod
    def for_profile(
        cls, profile: Profile, credentials: CatalogCredentials, *, base_url: str | None = None, **options: Any
    ) -> CatalogClient:
        """`base_url` gives the Local sandbox its runtime address."""
        return cls(
            base_url if base_url is not None else profile.base_url,
            credentials,
            timeout=profile.timeout,
            verify_tls=profile.verify_tls,
            ca_bundle=profile.ca_bundle,
            proxy=profile.proxy,
            allow_insecure_http=profile.allow_insecure_http,
            **options,
        )

    def close(self) -> None:
        """No new request starts; the pool closes now, or when the last one in flight ends."""
        with self._usage:
            self._closed = True
            if self._in_flight:
                return
        self._client.close()

    def __enter__(self) -> CatalogClient:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    # --- what callers ask -----------------------------------------------------------------------

    def check_access(self) -> AccessCheck:
        """Mint a token (when minting) and make one cheap GET; never raises `CatalogError`."""
        try:
            self._token()
            try:
                self._get(catalog_paths.DATASOURCES_V2, {"limit": 1, "skip": 0})
            except CatalogError as exc:
                if exc.kind != "not-found":
                    raise
                self._get(catalog_paths.DATASOURCES_V1, {"limit": 1, "skip": 0})  # an Alation without v2
        except CatalogError as exc:
            return AccessCheck(False, str(exc), exc.kind)
        how = "minted an API access token and " if self.credentials.kind == "refresh-token" else ""
        return AccessCheck(True, f"Catalog access works: {how}read the data-source list of {self.base_url}.")

    def list_data_sources(self) -> SourceListing:
        """Every data source of both APIs, all pages."""
        found: dict[int, DataSource] = {}
        notes: list[str] = []
        failures: list[CatalogError] = []
        for path, api in ((catalog_paths.DATASOURCES_V2, "v2"), (catalog_paths.DATASOURCES_V1, "v1")):
            try:
                for source in self._sources(path, api):  # type: ignore[arg-type]
                    found.setdefault(source.id, source)
            except CatalogError as exc:
                if exc.kind in _FATAL:
                    raise
                failures.append(exc)
                notes.append(str(exc))
        if len(failures) == 2:
            raise failures[0]
        return SourceListing(tuple(found.values()), tuple(notes))

    def find_table(self, ds_id: int, schema: str, name: str) -> CatalogTable | None:
        """The table of that name in that schema of that source, or None."""
        params = {"ds_id": ds_id, "schema_name": schema, "name": name, "limit": 2}
        for item in answers.items(self._get(catalog_paths.TABLES, params), catalog_paths.TABLES):
            return answers.table(item, catalog_paths.TABLES)
        return None

    def lookup(self, query: TableQuery) -> TableLookup:
        """`find_table` over the query's schema names, as the tenant rules want it. A refusal of
        this one lookup (403 on a private source, a bad answer) is its result; failures that stop
        every lookup (401, an expired refresh token, an unreachable tenant) raise."""
        try:
            for schema in query.schemas:
                table = self.find_table(query.ds_id, schema, query.name)
                if table is not None:
                    return TableLookup("found", table)
        except CatalogError as exc:
            if exc.kind in _FATAL:
                raise
            return TableLookup("forbidden" if exc.kind == "forbidden" else "failed", None, str(exc))
        return TableLookup("missing")

    def lineage(self, table_key: str) -> TableLineage:
        """The table's nearest upstream and downstream objects; none yet is an empty answer."""
        params = {"otype": "table", "keyField": "key", "oid": table_key}
        try:
            body = self._get(catalog_paths.LINEAGE, params)
        except CatalogError as exc:
            if exc.kind == "not-found":
                return TableLineage(table_key)
            raise
        return answers.lineage(body, table_key, catalog_paths.LINEAGE)

    # --- plumbing -------------------------------------------------------------------------------

    def _sources(self, path: str, api: SourceApi) -> list[DataSource]:
        found: list[DataSource] = []
        seen_first: set[int] = set()
        for page in range(_MAX_PAGES):
            params = {"limit": self.page_size, "skip": page * self.page_size}
            batch = answers.items(self._get(path, params), path)
            sources = [answers.source(item, api, path) for item in batch]
            if sources and sources[0].id in seen_first:  # a server that ignores skip
                break
            seen_first.update(source.id for source in sources[:1])
            found.extend(sources)
            if len(batch) < self.page_size:
                break
        return found

    def _token(self) -> str:
        with self._lock:
            if self._access_token is None:
                self._access_token = self._mint()
            return self._access_token

    def _mint(self) -> str:
        credentials = self.credentials
        if (
            credentials.kind != "refresh-token"
            or credentials.user_id is None
            or not credentials.refresh_token
        ):
            raise CatalogError("no-credentials", "no refresh token and user id are set for catalog access")
        path = catalog_paths.MINT
        body = {"user_id": credentials.user_id, "refresh_token": credentials.refresh_token}
        response = self._send("POST", path, json_body=body)
        parsed = self._json(response, path)
        if response.status_code in (400, 401, 403):
            said = self._scrub(answers.detail(parsed))
            raise CatalogError(
                "refresh-expired",
                f"Alation would not mint an API access token for user {credentials.user_id} "
                f"({response.status_code}): the refresh token is wrong, expired (they last 60 days by "
                f"default) or revoked, or the user id is not its owner's. Create a new refresh token in "
                f"Alation (your user settings, API Access Tokens)."
                + (f" Alation said: {said}" if said else ""),
                status=response.status_code,
                endpoint=path,
            )
        if response.status_code not in (200, 201):
            raise status_failure(
                response.status_code,
                path,
                self._scrub(answers.detail(parsed)),
                credential="the refresh token",
            )
        token = parsed.get("api_access_token") if isinstance(parsed, dict) else None
        if not isinstance(token, str) or not token.strip():
            raise CatalogError("bad-answer", f"{path} answered without an api_access_token", endpoint=path)
        return token.strip()

    def _get(self, path: str, params: dict[str, Any]) -> Any:
        token = self._token()
        response = self._send("GET", path, params=params, token=token)
        if response.status_code == 401 and self.credentials.kind == "refresh-token":
            with self._lock:
                if self._access_token == token:
                    self._access_token = None
            response = self._send("GET", path, params=params, token=self._token())
        parsed = self._json(response, path)
        if response.status_code != 200:
            said = self._scrub(answers.detail(parsed))
            raise status_failure(response.status_code, path, said, credential=self.credentials.described)
        return parsed

    def _send(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json_body: Any = None,
        token: str = "",
    ) -> httpx.Response:
        headers = {"TOKEN": token} if token else {}
        with self._usage:
            if self._closed:
                raise CatalogError("closed", f"the catalog client of {self.base_url} was closed", endpoint=path)
            self._in_flight += 1
        try:
            return self._client.request(
                method, self.base_url + path, params=params, json=json_body, headers=headers
            )
        except httpx.TimeoutException:
            raise CatalogError(
                "unreachable", f"{self.base_url} did not answer {path} in time", endpoint=path
            ) from None
        except httpx.HTTPError as exc:
            reason = self._scrub(str(exc)) or type(exc).__name__
            raise CatalogError(
                "unreachable", f"cannot reach {self.base_url} ({reason})", endpoint=path
            ) from None
        finally:
            with self._usage:
                self._in_flight -= 1
                last_out = self._closed and not self._in_flight
            if last_out:
                self._client.close()

    def _json(self, response: httpx.Response, path: str) -> Any:
        if 300 <= response.status_code < 400:
            where = response.headers.get("Location", "elsewhere")
            raise CatalogError(
                "bad-answer",
                f"{path} redirected ({response.status_code}) to {where}: is the base URL the tenant's own?",
                status=response.status_code,
                endpoint=path,
            )
        text = response.text
        try:
            return json.loads(text) if text.strip() else None
        except ValueError:
            kind = (
                "HTML (a login page, proxy or error page?)"
                if "<html" in text[:500].lower()
                else "text that is not JSON"
            )
            if response.status_code in (401, 403, 404, 429) or response.status_code >= 500:
                return None  # the status says enough
            raise CatalogError(
                "bad-answer",
                f"{path} answered {kind} with status {response.status_code}, not JSON",
                status=response.status_code,
                endpoint=path,
            ) from None

    def _scrub(self, text: str) -> str:
        for secret in (*self.credentials.secrets, self._access_token or ""):
            if secret:
                text = text.replace(secret, "[token]")
        return text
