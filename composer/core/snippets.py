"""The event as code: the same POST the app makes, in cURL, Python (httpx), openlineage-python, Java.

Support engineers hand these to customers and developers paste them into pipelines, so each
snippet sends exactly the bytes the preview shows (never a re-serialised copy), to the real
endpoint URL, with `Content-Type: application/json` and `Authorization: Bearer <token>` like
the app. The token is never written into a snippet: it is read from an environment variable
(`ALATION_API_TOKEN` unless the caller names another), so a snippet can go into a ticket or a
repository as it is.

Pure: text in, text out. `composer.core.code_literals` does the escaping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, get_args
from urllib.parse import urljoin, urlsplit

from composer.core.code_literals import (
    JAVA_MAX_PIECES,
    java_pieces,
    java_string_literal,
    java_text_expression,
    python_short_literal,
    python_text_literal,
    shell_printf,
    shell_quote,
)

Language = Literal["curl", "python", "openlineage", "java"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
LANGUAGE_LABELS: dict[Language, str] = {
    "curl": "cURL (shell)",
    "python": "Python (httpx)",
    "openlineage": "Python (openlineage-python client)",
    "java": "Java 11+ (HttpClient)",
}
SUGGESTED_FILE_NAMES: dict[Language, str] = {
    "curl": "send_event.sh",
    "python": "send_event.py",
    "openlineage": "send_event_openlineage.py",
    "java": "SendEvent.java",
}
DEFAULT_TOKEN_ENV = "ALATION_API_TOKEN"
DEFAULT_TIMEOUT_SECONDS = 30

_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# RFC 3986's characters: anything else (spaces, quotes, backslashes, non-ASCII) must be
# percent-encoded, and keeping them out means no snippet's comment or string can be broken by one.
_URL_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")


class SnippetError(ValueError):
    """Input a snippet cannot be made from; the message says what to change."""


@dataclass(frozen=True)
class SnippetRequest:
    """What every snippet needs: the event text, where it goes, where the token comes from.

    Checked once, when made (`SnippetRequest(...)` raises `SnippetError` as `of` does): the
    writers can trust any request they are handed, and no step on the way checks it again.
    """

    event: str
    url: str
    token_env: str = DEFAULT_TOKEN_ENV
    timeout_seconds: int = DEFAULT_TIMEOUT_SECONDS

    @classmethod
    def of(cls, event: str | bytes, url: str, token_env: str = DEFAULT_TOKEN_ENV) -> SnippetRequest:
        """A checked request; bytes must be UTF-8 (as the app sends them)."""
        if isinstance(event, bytes):
            try:
                event = event.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise SnippetError(f"the event is not UTF-8 text (byte {exc.start})") from None
        return cls(event, url, token_env)

    def __post_init__(self) -> None:
        self.check()

    def check(self) -> None:
        check_env_name(self.token_env)
        check_url(self.url)
        try:
            self.event.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise SnippetError(f"the event holds a lone surrogate at character {exc.start}") from None

    @property
    def size(self) -> int:
        return len(self.event.encode("utf-8"))


def check_env_name(name: str) -> None:
    if not _ENV_NAME.fullmatch(name):
        raise SnippetError(
            f"{name!r} is not an environment variable name (letters, digits and _, not starting with a digit)"
        )


def check_url(url: str) -> None:
    parts = urlsplit(url) if _URL_CHARS.fullmatch(url) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise SnippetError(
            f"{url!r} is not an http(s) URL with a host, written in plain ASCII "
            "(percent-encode spaces and other characters)"
        )


def make_snippet(language: Language, request: SnippetRequest) -> str:
    """The snippet text; raises `SnippetError` for an event too large for the language."""
    return _WRITERS[language](request)


def connection_caveat(*, verify_tls: bool = True, ca_bundle: str = "", proxy: str = "") -> str:
    """What a profile sets that no snippet carries (they use the system's TLS roots and the
    environment's proxy), in one sentence; empty when there is nothing to say."""
    missing = [
        what
        for what, present in (
            ("TLS verification is off", not verify_tls),
            (f"CA bundle {ca_bundle}", bool(ca_bundle)),
            (f"proxy {proxy}", bool(proxy)),
        )
        if present
    ]
    if not missing:
        return ""
    return (
        f"The profile's {', '.join(missing)}: the snippet does not carry these settings "
        "(it uses the system's TLS certificates and the HTTPS_PROXY environment variable)."
    )


def openlineage_url_parts(url: str) -> tuple[str, str]:
    """(url, endpoint) for the client's `HttpConfig`, so that `urljoin(url, endpoint) == url`.

    Alation's page configures the client with the tenant's base URL and
    `endpoint="open_lineage_event/"`; any URL that does not split that way is kept whole.
    """
    parts = urlsplit(url)
    base = f"{parts.scheme}://{parts.netloc}"
    endpoint = url[len(base) :].removeprefix("/")
    if url.startswith(base) and urljoin(base, endpoint) == url:
        return base, endpoint
    return url, ""


def _about(request: SnippetRequest, comment: str = "") -> str:
    """The opening lines every snippet shares (the URL is checked: it cannot break a comment)."""
    lines = [
        f"Sends one OpenLineage event ({request.size:,} bytes, exactly as Lineage Composer shows it) to",
        f"  {request.url}",
        f"The API token is read from the {request.token_env} environment variable; it is not in this file.",
    ]
    return "\n".join(f"{comment} {line}" if comment else line for line in lines)


def _curl(request: SnippetRequest) -> str:
    env = request.token_env
    return (
        "#!/bin/sh\n"
        f"{_about(request, '#')}\n"
        "# Needs curl 7.76 or later and a POSIX shell (sh, bash, zsh). printf writes the event's exact\n"
        "# bytes and --data-binary @- sends them unchanged; an answer other than 2xx exits non-zero.\n"
        f"{shell_printf(request.event)} |\n"
        f"curl --silent --show-error --fail-with-body --max-time {request.timeout_seconds} \\\n"
        "  --header 'Content-Type: application/json' \\\n"
        f'  --header "Authorization: Bearer ${{{env}:?set {env} to the API token}}" \\\n'
        "  --data-binary @- \\\n"
        "  --write-out '\\nHTTP %{http_code}\\n' \\\n"
        f"  {shell_quote(request.url)}\n"
    )


def _python_token(env: str) -> str:
    return (
        f"token = os.environ.get({python_short_literal(env)})\n"
        "if not token:\n"
        f"    sys.exit({python_short_literal(f'set {env} to the API token')})\n"
    )


def _python_httpx(request: SnippetRequest) -> str:
    return (
        f'"""{_about(request)}\n\n'
        "Needs Python 3.8+ and httpx (pip install httpx).\n"
        '"""\n\n'
        "import os\n"
        "import sys\n\n"
        "import httpx\n\n"
        f"ENDPOINT = {python_short_literal(request.url)}\n"
        f"EVENT = {python_text_literal(request.event)}\n\n"
        f"{_python_token(request.token_env)}"
        "response = httpx.post(\n"
        "    ENDPOINT,\n"
        '    content=EVENT.encode("utf-8"),  # the exact bytes, not a re-serialised copy\n'
        '    headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},\n'
        f"    timeout={request.timeout_seconds},\n"
        ")\n"
        "print(response.text)\n"
        'print(f"HTTP {response.status_code}")\n'
        "sys.exit(0 if response.is_success else 1)\n"
    )


def _python_openlineage(request: SnippetRequest) -> str:
    base, endpoint = openlineage_url_parts(request.url)
    return (
        f'"""{_about(request)}\n\n'
        "Needs Python 3.9+ and the OpenLineage client (pip install openlineage-python).\n\n"
        "The client's HTTP transport is configured as Alation documents it. Its emit() would\n"
        "re-serialise the event (keys sorted, nulls dropped, non-ASCII escaped), so the exact\n"
        "bytes are posted through the transport's own session instead: same URL, token header,\n"
        "retries and TLS settings, body untouched.\n"
        '"""\n\n'
        "import os\n"
        "import sys\n"
        "from urllib.parse import urljoin\n\n"
        "from openlineage.client.transport.http import ApiKeyTokenProvider, HttpConfig, HttpTransport\n\n"
        f"BASE_URL = {python_short_literal(base)}\n"
        f"ENDPOINT = {python_short_literal(endpoint)}\n"
        f"EVENT = {python_text_literal(request.event)}\n\n"
        f"{_python_token(request.token_env)}"
        "config = HttpConfig(\n"
        "    url=BASE_URL,\n"
        "    endpoint=ENDPOINT,\n"
        '    auth=ApiKeyTokenProvider({"api_key": token}),\n'
        f"    timeout={request.timeout_seconds},\n"
        ")\n"
        "transport = HttpTransport(config)\n"
        "try:\n"
        "    response = transport.session.post(\n"
        "        urljoin(transport.url, transport.endpoint),\n"
        '        data=EVENT.encode("utf-8"),\n'
        '        headers={"Content-Type": "application/json", "Authorization": config.auth.get_bearer()},\n'
        "        timeout=transport.timeout,\n"
        "        verify=transport.verify,\n"
        "    )\n"
        "finally:\n"
        "    transport.close()\n"
        "print(response.text)\n"
        'print(f"HTTP {response.status_code}")\n'
        "sys.exit(0 if response.ok else 1)\n"
    )


def _java(request: SnippetRequest) -> str:
    if len(java_pieces(request.event)) > JAVA_MAX_PIECES:
        raise SnippetError("the event is too large for one Java source file; export it as cURL or Python")
    env = java_string_literal(request.token_env)
    missing = java_string_literal(f"set {request.token_env} to the API token")
    timeout = request.timeout_seconds
    # The header comment repeats nothing from the event or URL: Java reads \u escapes even in
    # comments, so only the checked names go there.
    return (
        f"// Sends one OpenLineage event ({request.size:,} bytes, exactly as Lineage Composer shows it).\n"
        f"// The API token is read from the {request.token_env} environment variable; it is not in this file.\n"
        "// Run with Java 11 or later: java SendEvent.java\n"
        "import java.net.URI;\n"
        "import java.net.http.HttpClient;\n"
        "import java.net.http.HttpRequest;\n"
        "import java.net.http.HttpResponse;\n"
        "import java.nio.charset.StandardCharsets;\n"
        "import java.time.Duration;\n\n"
        "public class SendEvent {\n"
        f"    static final String ENDPOINT = {java_string_literal(request.url)};\n"
        f"    static final String EVENT = {java_text_expression(request.event, ' ' * 12)};\n\n"
        "    public static void main(String[] args) throws Exception {\n"
        f"        String token = System.getenv({env});\n"
        "        if (token == null || token.isEmpty()) {\n"
        f"            System.err.println({missing});\n"
        "            System.exit(2);\n"
        "        }\n"
        "        HttpClient client = HttpClient.newBuilder()\n"
        "            .version(HttpClient.Version.HTTP_1_1)  // as the app sends it\n"
        f"            .connectTimeout(Duration.ofSeconds({timeout}))\n"
        "            .build();\n"
        "        HttpRequest request = HttpRequest.newBuilder(URI.create(ENDPOINT))\n"
        f"            .timeout(Duration.ofSeconds({timeout}))\n"
        '            .header("Content-Type", "application/json")\n'
        '            .header("Authorization", "Bearer " + token)\n'
        "            .POST(HttpRequest.BodyPublishers.ofString(EVENT, StandardCharsets.UTF_8))\n"
        "            .build();\n"
        "        HttpResponse<String> response =\n"
        "            client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));\n"
        "        System.out.println(response.body());\n"
        '        System.out.println("HTTP " + response.statusCode());\n'
        "        System.exit(response.statusCode() / 100 == 2 ? 0 : 1);\n"
        "    }\n"
        "}\n"
    )


_WRITERS = {
    "curl": _curl,
    "python": _python_httpx,
    "openlineage": _python_openlineage,
    "java": _java,
}
