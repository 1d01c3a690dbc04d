"""`lineage-composer profile`: targets, tokens in the keyring (never in the file), import and check."""

from __future__ import annotations

import getpass
import io
import json
import sys
from pathlib import Path

import pytest

from composer.cli import main
from composer.services.profile_store import ProfileStore
from composer.services.sandbox import SandboxServer
from tests.cli_driver import FAKE_TOKEN, add_tenant_profile, cli, process, write
from tests.services.sandbox_client import event

pytestmark = pytest.mark.usefixtures("file_keyring")



def keyring_entries(path: Path) -> dict[str, str]:
    return json.loads(path.read_text()) if path.exists() else {}


def test_add_list_rename_and_remove_keep_token_and_file_apart(file_keyring: Path, app_home: Path) -> None:
    added = cli("profile", "add", "Prod", "--url", "https://acme.alationcloud.com", "--timeout", "12")
    assert added.code == 0 and "https://acme.alationcloud.com/open_lineage_event/" in added.out
    assert "profile set-token Prod" in added.out
    stored = cli("profile", "set-token", "Prod", stdin=FAKE_TOKEN + "\n")
    assert stored.code == 0 and "stored in" in stored.out and "FileKeyring" in stored.out
    assert FAKE_TOKEN not in stored.text
    assert keyring_entries(file_keyring) == {"lineage-composer\nProd": FAKE_TOKEN}
    assert FAKE_TOKEN not in (app_home / "profiles.json").read_text()

    listed = json.loads(cli("profile", "list", "--json").out)
    assert "FileKeyring" in listed["tokensStoredIn"]
    rows = {row["name"]: row for row in listed["profiles"]}
    assert rows["Prod"]["token"] == "stored in the keyring" and rows["Prod"]["timeoutSeconds"] == 12.0
    assert rows["Local sandbox"]["default"] is True and "never stored" in rows["Local sandbox"]["token"]

    renamed = cli(
        "profile", "edit", "Prod", "--rename", "Production", "--default", "--endpoint", "/api/v1/open_lineage"
    )
    assert renamed.code == 0 and "/api/v1/open_lineage" in renamed.out
    assert keyring_entries(file_keyring) == {"lineage-composer\nProduction": FAKE_TOKEN}
    assert ProfileStore.in_dir(app_home).default().name == "Production"

    removed = cli("profile", "remove", "Production")
    assert removed.code == 0 and "token was deleted" in removed.out
    assert keyring_entries(file_keyring) == {}


def test_set_token_prompts_hidden_on_a_terminal(monkeypatch: pytest.MonkeyPatch, file_keyring: Path) -> None:
    assert cli("profile", "add", "Prod", "--url", "https://acme.alationcloud.com").code == 0
    prompts: list[str] = []

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    def hidden_prompt(prompt: str) -> str:
        prompts.append(prompt)
        return FAKE_TOKEN

    monkeypatch.setattr(getpass, "getpass", hidden_prompt)
    monkeypatch.setattr(sys, "stdin", Terminal())
    assert main(["profile", "set-token", "Prod"]) == 0
    assert prompts == ["API token for profile 'Prod' (input hidden): "]
    assert keyring_entries(file_keyring) == {"lineage-composer\nProd": FAKE_TOKEN}


def test_set_token_delete_and_refusals() -> None:
    assert cli("profile", "add", "Prod", "--url", "https://acme.alationcloud.com").code == 0
    assert cli("profile", "set-token", "Prod", stdin="abc-123\n").code == 0
    assert "deleted from" in cli("profile", "set-token", "Prod", "--delete").out
    sandbox = cli("profile", "set-token", "Local sandbox", stdin="x")
    assert sandbox.code == 2 and "random token each run" in sandbox.err
    spaced = cli("profile", "set-token", "Prod", stdin="two words")
    assert spaced.code == 2 and "without spaces" in spaced.err and "two words" not in spaced.err
    unknown = cli("profile", "set-token", "Nope", stdin="x")
    assert unknown.code == 2 and "no profile named 'Nope'" in unknown.err


def test_without_a_keyring_the_message_names_the_fix_and_token_env_still_works(
    tmp_path: Path, tenant: SandboxServer
) -> None:
    no_keyring = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    assert process("profile", "add", "Staging", "--url", tenant.url, env=no_keyring).code == 0
    refused = process("profile", "set-token", "Staging", stdin=FAKE_TOKEN, env=no_keyring)
    assert refused.code == 2
    assert "No OS keyring is available (keyring backend: fail.Keyring)" in refused.err
    assert "GNOME Keyring or KWallet" in refused.err and "--token-env" in refused.err
    listed = process("profile", "list", env=no_keyring)
    assert "no OS keyring available" in listed.out and "keyring unavailable" in listed.out
    path = write(tmp_path / "e.json", event())
    env = {**no_keyring, "STAGING_TOKEN": FAKE_TOKEN}
    sent = process("send", str(path), "--profile", "Staging", "--token-env", "STAGING_TOKEN", env=env)
    assert sent.code == 0, sent.text
    assert FAKE_TOKEN not in refused.text + listed.text + sent.text


def test_import_from_openlineage_yml_puts_the_key_in_the_keyring(
    tmp_path: Path, file_keyring: Path, app_home: Path
) -> None:
    config = tmp_path / "openlineage.yml"
    config.write_text(
        "transport:\n  type: http\n  url: https://acme.alationcloud.com\n  endpoint: open_lineage_event/\n"
        f"  auth:\n    type: api_key\n    apiKey: {FAKE_TOKEN}\n",
        encoding="utf-8",
    )
    ran = cli("profile", "add", "FromYaml", "--from-openlineage", str(config))
    assert ran.code == 0 and f"imported from {config}" in ran.out and "API key was stored" in ran.out
    assert keyring_entries(file_keyring) == {"lineage-composer\nFromYaml": FAKE_TOKEN}
    assert FAKE_TOKEN not in (app_home / "profiles.json").read_text() and FAKE_TOKEN not in ran.text


def test_import_from_the_environment(monkeypatch: pytest.MonkeyPatch, file_keyring: Path) -> None:
    monkeypatch.setenv("OPENLINEAGE_URL", "http://localhost:5000")
    monkeypatch.setenv("OPENLINEAGE_API_KEY", FAKE_TOKEN)
    ran = cli("profile", "add", "Marquez", "--from-env", "--kind", "marquez")
    assert ran.code == 0 and "http://localhost:5000/api/v1/lineage" in ran.out
    assert keyring_entries(file_keyring) == {"lineage-composer\nMarquez": FAKE_TOKEN}


def test_check_says_what_it_sends_before_sending(tenant: SandboxServer) -> None:
    ran = cli("profile", "check")
    assert ran.code == 0, ran.text
    notice, verdict = ran.out.splitlines()[:2]
    assert "START event for job `lineage-composer-connection-check`" in notice
    assert "creates no lineage" in notice and verdict.startswith("OK: reached http://127.0.0.1:")

    add_tenant_profile(tenant)
    assert cli("profile", "check", "Staging").code == 0
    [arrived] = tenant.store.events(10)
    assert (arrived.event_type, arrived.job_name, arrived.lineage_recorded) == (
        "START",
        "lineage-composer-connection-check",
        False,
    )
    add_tenant_profile(tenant, "Wrong", token="not-" + FAKE_TOKEN)
    failed = cli("profile", "check", "Wrong")
    assert failed.code == 1 and "FAILED" in failed.out and "401" in failed.out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["add", "Far", "--url", "http://far.example.com"], "unencrypted"),
        (["add", "Creds", "--url", "https://user:pw@x.example.com"], "user name or password"),
        (["add", "Local sandbox", "--url", "https://x.example.com"], "built-in profile's name"),
        (["add", "local SANDBOX", "--url", "https://x.example.com"], "already exists"),
        (["add", "NoSource"], "one of the arguments"),
        (["remove", "Local sandbox"], "cannot be removed"),
        (["edit", "Nope", "--timeout", "3"], "no profile named"),
        (["add", "Yaml", "--from-openlineage", "/no/such/openlineage.yml"], "cannot read"),
    ],
)
def test_bad_profile_input_exits_2_without_a_traceback(args: list[str], words: str) -> None:
    ran = cli("profile", *args)
    assert ran.code == 2 and words in ran.err and "Traceback" not in ran.text


def test_insecure_http_needs_the_explicit_flag() -> None:
    ran = cli("profile", "add", "Far", "--url", "http://far.example.com", "--allow-insecure-http")
    assert ran.code == 0
    assert cli("profile", "edit", "Far", "--no-allow-insecure-http").code == 2


def test_profile_without_an_action_shows_help() -> None:
    ran = cli("profile")
    assert ran.code == 2 and "ACTION" in ran.err


def test_the_cli_offers_exactly_the_profile_kinds() -> None:
    from composer.services.profiles import PROFILE_KINDS  # noqa: PLC0415
    from tests.parser_choices import option_choices  # noqa: PLC0415

    KINDS = option_choices("profile", "add", "--kind")  # noqa: N806
    assert tuple(KINDS) == tuple(PROFILE_KINDS)
