"""Where a command sends to: a profile by name, the default profile, or a bare `--url`.

Apart from `composer.cli.sending` so that `export`, which only names the destination in its
snippet, does not load the sender, keyring, history or sandbox to pick it.
"""

from __future__ import annotations

from dataclasses import dataclass

from composer.services.profile_store import ProfileStore, ProfileStoreError
from composer.services.profiles import Profile, ProfileError, profile_for_endpoint_url


class UsageError(Exception):
    """Bad input or set-up the user can fix; printed as one line, exit 2."""


@dataclass(frozen=True)
class Destination:
    """Where to send: the profile (a throw-away one for `--url`) and a printable label."""

    profile: Profile
    label: str
    ad_hoc: bool = False


def choose_destination(
    profiles: ProfileStore, profile_name: str | None, url: str | None, *, allow_insecure_http: bool = False
) -> Destination:
    """`--url` (a throw-away profile), else `--profile NAME`, else the default profile."""
    try:
        if url:
            profile = profile_for_endpoint_url(url, allow_insecure_http=allow_insecure_http)
            return Destination(profile, url, ad_hoc=True)
        profile = profiles.get(profile_name) if profile_name else profiles.default()
    except (ProfileError, ProfileStoreError) as exc:
        raise UsageError(str(exc)) from None
    return Destination(profile, f'profile "{profile.name}"')


def display_url(destination: Destination) -> str:
    """The endpoint URL without starting anything (the sandbox's port is not known yet)."""
    if destination.profile.is_local_sandbox:
        return "http://127.0.0.1:<free port>/open_lineage_event/ (the local sandbox, started when sending)"
    return destination.profile.endpoint_url()


__all__ = ["Destination", "UsageError", "choose_destination", "display_url"]
