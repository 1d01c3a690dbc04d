"""What `send` and `profile check` share: finding the target and token, and reporting a result.

Both commands resolve a profile (or a bare `--url`) and a token in the same documented order,
refuse the same unsafe set-ups with the same words, and record each send in history with the
token redacted. Errors a user can fix become `UsageError` (exit 2) with a one-line message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TextIO

from composer.cli.destinations import Destination, UsageError
from composer.services.history import HistoryStore
from composer.services.local_sandbox import LocalSandbox
from composer.services.paths import config_dir, data_dir
from composer.services.profile_store import ProfileStore
from composer.services.profiles import ProfileError
from composer.services.replay import record_send
from composer.services.sandbox import SandboxStartError
from composer.services.secrets import ResolvedToken, SecretStoreError, TokenStore, resolve_token
from composer.services.send_result import Explanation, SendResult, readable_response
from composer.services.sender import SendSetupError, SendTarget

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
RESPONSE_SHOWN_LINES = 30  # of the answer, indented when it is JSON
RESPONSE_LINE_CHARS = 200


class Services:
    """The stores one command run uses, built from the app's folders; `close()` releases them."""

    def __init__(self) -> None:
        self.profiles = ProfileStore.in_dir(config_dir())
        self.tokens = TokenStore()
        self.history = HistoryStore.in_dir(data_dir())
        self.sandbox = LocalSandbox(data_dir())

    def close(self) -> None:
        self.sandbox.close()
        self.history.close()


def find_token(
    services: Services,
    destination: Destination,
    token_env: str | None,
    environ: Mapping[str, str] | None = None,
) -> ResolvedToken:
    """--token-env, else the profile's keyring entry (or the sandbox's own token)."""
    profile = destination.profile
    if destination.ad_hoc and not token_env:
        raise UsageError(
            "with --url there is no profile to hold a token: pass --token-env NAME "
            "(an environment variable that holds the token)"
        )
    try:
        return resolve_token(
            profile.name,
            env_name=token_env,
            environ=environ,
            store=services.tokens,
            builtin=services.sandbox.token if profile.is_local_sandbox else None,
        )
    except SandboxStartError as exc:
        raise UsageError(f"the local sandbox could not start: {exc}") from None
    except SecretStoreError as exc:
        extra = (
            ""
            if "--token-env" in str(exc)
            else " Or pass --token-env NAME to read the token from the environment."
        )
        raise UsageError(f"{exc}{extra}") from None


def make_target(services: Services, destination: Destination, token: ResolvedToken) -> SendTarget:
    profile = destination.profile
    try:
        base = services.sandbox.base_url if profile.is_local_sandbox else None
        return SendTarget.for_profile(profile, token.value, base_url=base)
    except (ProfileError, SendSetupError, SandboxStartError) as exc:
        raise UsageError(str(exc)) from None


def record(
    services: Services, profile_name: str, body: bytes, result: SendResult, *, token: str, err: TextIO
) -> None:
    """Keep the send in history; a recovery warning is shown, never the token."""
    try:
        outcome = record_send(services.history, profile_name, body, result, token=token)
    except Exception as exc:  # history must never turn a finished send into a crash
        print(f"warning: the send was not recorded in history: {type(exc).__name__}", file=err)
        return
    if outcome.warning:
        print(f"warning: {outcome.warning}", file=err)


def print_result(result: SendResult, out: TextIO, token: ResolvedToken | None = None) -> None:
    """The full report for one send: verdict, what to do, attempts, and the server's answer
    (indented when it is JSON, and cut after RESPONSE_SHOWN_LINES lines)."""
    attempts = len(result.attempts)
    plural = "s" if attempts != 1 else ""
    what = f"HTTP {result.status}" if result.status is not None else "no answer"
    print(
        f"{what} after {attempts} attempt{plural} in {result.total_seconds * 1000:.0f} ms "
        f"({result.request_bytes} bytes sent to {result.url})",
        file=out,
    )
    print(_for_token(result, token).text(), file=out)
    if attempts > 1:
        for attempt in result.attempts:
            print(f"  {attempt.describe()}", file=out)
    if result.response_body:
        lines = readable_response(result.response_text).splitlines()
        shown = [line[:RESPONSE_LINE_CHARS] for line in lines[:RESPONSE_SHOWN_LINES]]
        cut = shown != lines or result.response_truncated
        print("response (first part only):" if cut else "response:", file=out)
        for line in shown:
            print(f"  {line}", file=out)
        if cut:
            print("  …", file=out)


def _for_token(result: SendResult, token: ResolvedToken | None) -> Explanation:
    """A 401 with a token from --token-env: the fix is that variable, not the profile's keyring."""
    explanation = result.explanation
    if token is None or result.status != 401 or not token.source.startswith("environment variable "):
        return explanation
    variable = token.source.removeprefix("environment variable ")
    steps = tuple(step for step in explanation.steps if "set-token" not in step)
    return replace(explanation, steps=(*steps, f"Check the token in ${variable} (--token-env {variable})."))
