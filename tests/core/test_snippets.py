"""Snippets carry any event text byte for byte: each literal is evaluated by the real interpreter.

Python literals are checked with `ast.literal_eval` on arbitrary text (hypothesis); the shell
`printf` runs in `sh`; the Java expression is compiled and run by `java` where a JDK is present.
The end-to-end tests (tests/e2e/test_export_snippets.py) then send whole snippets to the sandbox.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from composer.core.code_literals import (
    JAVA_MAX_PIECES,
    JAVA_PIECE_CHARS,
    java_text_expression,
    python_text_literal,
    shell_printf,
)
from composer.core.snippets import (
    LANGUAGES,
    SnippetError,
    SnippetRequest,
    connection_caveat,
    make_snippet,
    openlineage_url_parts,
)
from tests.core.test_validation_alation import GOOD

URL = "https://acme.alationcloud.com/open_lineage_event/"
# Everything that has broken a quoting scheme somewhere: shell and Python quotes, `$` and
# backticks, backslashes before quotes and `u`, heredoc and triple-quote terminators, CR, tabs,
# NUL and other controls, invisible and astral characters, printf's own % and \.
NASTY_STRINGS = [
    "",
    "'",
    '"',
    '"""',
    "'''",
    "\\",
    "ends with a backslash\\",
    'ends with a quote"',
    "$HOME ${HOME} $(id) `id` !! !$",
    "%s %d %% \\n \\t \\000 \\u0041 \\\\u0041 \\N{BULLET}",
    "EOF\nEOF_LINEAGE_EVENT\n'\\''",
    "line\r\nwindows\rmac\n",
    "tab\there\x00nul\x01\x1b[31mred\x7f",
    "é ü ß 中文 😀 \u200b zero-width \u2028 \u2029 \ufeff bom \x85",
    "\n\n\nleading and trailing newlines\n\n",
    "*/ /* -- # // ; && || | > < \\u000a",
]
no_surrogates = st.text(st.characters(exclude_categories=["Cs"]))


def nasty_event(*, crlf: bool = False, compact: bool = False) -> str:
    """A valid Alation event (the sandbox stores it) whose strings hold every nasty case."""
    value = json.loads(json.dumps(GOOD))
    value["job"]["facets"] = {
        "documentation": {
            "_producer": "https://example.com/lineage-composer-tests",
            "_schemaURL": "https://openlineage.io/spec/facets/1-0-1/DocumentationJobFacet.json",
            "description": "\n".join(NASTY_STRINGS),
        },
        "x_quoted": {"_producer": 'it\'s "$USER" \\ `x`', "_schemaURL": "https://example.com/x.json"},
    }
    if compact:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = json.dumps(value, indent=2, ensure_ascii=False) + "\n"
    return text.replace("\n", "\r\n").replace("  ", "\t", 3) if crlf else text


@given(no_surrogates)
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
def test_the_python_literal_evaluates_to_any_text(text: str) -> None:
    literal = python_text_literal(text)
    assert ast.literal_eval(literal) == text
    module = ast.parse(f"EVENT = {literal}\n")  # and it is a statement on its own
    assert isinstance(module.body[0], ast.Assign)


@pytest.mark.parametrize("text", NASTY_STRINGS)
def test_the_python_literal_of_nasty_text(text: str) -> None:
    assert ast.literal_eval(python_text_literal(text)) == text


def test_the_python_literal_keeps_json_escapes_readable() -> None:
    text = '{"query": "SELECT *\\nFROM \\"t\\""}'
    assert python_text_literal(text) == f'r"""{text}"""'


def printf_output(command: str) -> bytes:
    return subprocess.run(["sh", "-c", command], capture_output=True, check=True).stdout


@pytest.mark.parametrize("text", NASTY_STRINGS)
def test_the_shell_printf_writes_the_exact_bytes(text: str) -> None:
    assert printf_output(shell_printf(text)) == text.encode("utf-8")


@given(no_surrogates)
@settings(max_examples=40, deadline=None)
def test_the_shell_printf_writes_any_text(text: str) -> None:
    assert printf_output(shell_printf(text)) == text.encode("utf-8")


@pytest.mark.skipif(shutil.which("java") is None, reason="no JDK on this machine (java not on PATH)")
def test_the_java_expression_evaluates_to_the_exact_text(tmp_path: Path) -> None:
    texts = [*NASTY_STRINGS, nasty_event(crlf=True), "x" * (JAVA_PIECE_CHARS * 3 + 7), "é\n" * 5000]
    constants = "\n".join(
        f"    static final String T{i} = {java_text_expression(text, ' ' * 8)};"
        for i, text in enumerate(texts)
    )
    writes = "\n".join(
        f"        out.write(T{i}.getBytes(StandardCharsets.UTF_8)); out.write(0xff);"
        for i in range(len(texts))
    )
    source = tmp_path / "Echo.java"
    source.write_text(
        "import java.io.PrintStream;\nimport java.nio.charset.StandardCharsets;\n"
        f"public class Echo {{\n{constants}\n"
        "    public static void main(String[] args) throws Exception {\n"
        f"        PrintStream out = System.out;\n{writes}\n        out.flush();\n    }}\n}}\n",
        encoding="ascii",  # the expressions are ASCII: no source encoding can change them
    )
    done = subprocess.run(["java", str(source)], capture_output=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.split(b"\xff")[:-1] == [text.encode("utf-8") for text in texts]


def test_java_refuses_an_event_too_large_for_one_source_file() -> None:
    huge = "x" * (JAVA_PIECE_CHARS * (JAVA_MAX_PIECES + 1))
    with pytest.raises(SnippetError, match="too large"):
        make_snippet("java", SnippetRequest.of(huge, URL))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_snippet_names_the_url_and_the_variable_and_parses(language: str) -> None:
    snippet = make_snippet(language, SnippetRequest.of(nasty_event(), URL, "MY_TOKEN"))  # type: ignore[arg-type]
    assert "MY_TOKEN" in snippet and "ALATION_API_TOKEN" not in snippet
    if language == "openlineage":
        assert 'BASE_URL = "https://acme.alationcloud.com"' in snippet
        assert 'ENDPOINT = "open_lineage_event/"' in snippet
    else:
        assert URL in snippet
    if language in ("python", "openlineage"):
        compile(snippet, "snippet.py", "exec")
    if language == "curl":
        subprocess.run(["sh", "-n"], input=snippet.encode(), check=True)  # syntax check only
    if language == "java":
        assert snippet.isascii()


@pytest.mark.parametrize(
    "url",
    [
        URL,
        "http://127.0.0.1:5000/open_lineage_event/",
        "https://host.example.com/prefix/api/v1/lineage",
        "https://host.example.com",
        "https://host.example.com/",
        "https://host.example.com/a?x=1&y='2'",
        "https://[::1]:8443/open_lineage_event/",
    ],
)
def test_the_openlineage_client_config_joins_back_to_the_url(url: str) -> None:
    base, endpoint = openlineage_url_parts(url)
    assert urljoin(base, endpoint) == url


@pytest.mark.parametrize(
    ("url", "env", "event"),
    [
        ("ftp://host/x", "TOKEN", "{}"),
        ("https:///nohost", "TOKEN", "{}"),
        ("https://host/a b", "TOKEN", "{}"),
        ('https://host/"', "TOKEN", "{}"),
        ("https://host/\\u000a", "TOKEN", "{}"),
        ("https://hôst/", "TOKEN", "{}"),
        (URL, "1TOKEN", "{}"),
        (URL, "MY-TOKEN", "{}"),
        (URL, "", "{}"),
        (URL, "TOKEN; rm -rf /", "{}"),
        (URL, "TOKEN", "\ud800"),
    ],
)
def test_bad_input_is_refused_with_a_reason(url: str, env: str, event: str) -> None:
    with pytest.raises(SnippetError):
        SnippetRequest.of(event, url, env)
    with pytest.raises(SnippetError):  # made directly, it is checked just the same
        SnippetRequest(event, url, env)


def test_bytes_that_are_not_utf8_are_refused() -> None:
    with pytest.raises(SnippetError, match="not UTF-8"):
        SnippetRequest.of(b'{"a": "\xff"}', URL)
    assert SnippetRequest.of('{"é": 1}'.encode(), URL).size == len('{"é": 1}'.encode())


def test_the_connection_caveat_names_what_a_snippet_leaves_out() -> None:
    assert connection_caveat() == ""
    said = connection_caveat(verify_tls=False, ca_bundle="/ca.pem", proxy="http://p:3128")
    assert "TLS verification is off" in said and "/ca.pem" in said and "http://p:3128" in said
