"""What `send` and `profile check` share: finding the target and token, and reporting a result.

Both commands resolve a profile (or a bare `--url`) and a token in the same documented order,
refuse the same unsafe set-ups with the same words, and record each send in history with the
token redacted, all through `composer.services.send.service` as the window does. Errors a user
can fix become `UsageError` (exit 2) with a one-line message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TextIO

from composer.cli.destinations import Destination, UsageError
from composer.services.paths import config_dir, data_dir
from composer.services.profiles import ProfileError
from composer.services.sandbox import SandboxStartError
from composer.services.secrets import KeyringUnavailableError, ResolvedToken, SecretStoreError
from composer.services.send.result import Explanation, SendResult, readable_response
from composer.services.send.sender import SendSetupError, SendTarget
from composer.services.send.service import SendService

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
RESPONSE_SHOWN_LINES = 30  # of the answer, indented when it is JSON
RESPONSE_LINE_CHARS = 200


def open_services() -> SendService:
    """The send service over the app's folders, for one command run; the caller closes it."""
    return SendService.in_dirs(data_dir(), config_dir())


def find_token(
    services: SendService,
    destination: Destination,
    token_env: str | None,
    environ: Mapping[str, str] | None = None,
) -> ResolvedToken:
    """--token-env, else the profile's keyring entry (or the sandbox's own token)."""
    if destination.ad_hoc and not token_env:
        raise UsageError(
            "with --url there is no profile to hold a token: pass --token-env NAME "
            "(an environment variable that holds the token)"
        )
    try:
        return services.token(destination.profile, env_name=token_env, environ=environ)
    except SandboxStartError as exc:
        raise UsageError(f"the local sandbox could not start: {exc}") from None
    except KeyringUnavailableError as exc:
        raise UsageError(exc.cli_message) from None
    except SecretStoreError as exc:
        extra = (
            ""
            if "--token-env" in str(exc)
            else " Or pass --token-env NAME to read the token from the environment."
        )
        raise UsageError(f"{exc}{extra}") from None


def make_target(services: SendService, destination: Destination, token: ResolvedToken) -> SendTarget:
    try:
        return services.target(destination.profile, token)
    except (ProfileError, SendSetupError, SandboxStartError) as exc:
        raise UsageError(str(exc)) from None


def record(
    services: SendService, profile_name: str, body: bytes, result: SendResult, *, token: str, err: TextIO
) -> int:
    """Keep the send in history (the service's one way); a warning is shown, never the token.
    Returns the record's id (`send --verify` attaches the verification to it)."""
    outcome = services.record(profile_name, body, result, token=token)
    if outcome.warning:
        print(f"warning: {outcome.warning}", file=err)
    return outcome.id


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
