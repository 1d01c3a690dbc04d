"""What one receiver kind is: everything the layers need to know about it, in one value.

A kind used to be spread over parallel tables in core, services, ui and cli; each layer now reads
its `Receiver`, so adding a kind is one new descriptor module (listed in
`composer.core.receivers.RECEIVERS`) plus, when it has rules of its own, its rule module. Plain
data: nothing here imports the rules, so the list of kinds is shown before they load.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ANY_SUCCESS = range(200, 300)
STEP_TITLES = (
    "2. Open the output table in {receiver}",
    "3. Check the Lineage tab",
    "4. Validate job name, namespace and timestamps",
)


@dataclass(frozen=True)
class Accepted:
    """What a success means at this receiver. `{status}`, `{event_type}` and, in the steps,
    `{page}` (the receiver's own page, `Walkthrough.own_page`) are filled in."""

    headline: str = "Accepted ({status}): the receiver took the event."
    detail: str = ""
    steps: tuple[str, ...] = ()
    # For receivers that build lineage from COMPLETE events only: said of any other event type.
    not_complete_detail: str = ""
    not_complete_steps: tuple[str, ...] = ()


@dataclass(frozen=True)
class Advice:
    """The next step for each failure, in this receiver's own terms; empty means the generic words."""

    endpoint_tip: str = ""  # "" -> "{label}'s endpoint is {endpoint}."
    dns_tip: str = ""  # "" -> "Check the base URL: {base_url_hint}."
    bad_request: str = "Read the response body for the receiver's reason."
    rejected_by: str = ""  # who a 400 names ("Rejected (400 Bad Request) by ..."); "" names no one
    bad_request_detail: str = (
        "The receiver read the request but not as a valid event; sending it again unchanged will fail again."
    )
    token_check: str = ""  # 401: where to check the token, before storing it again
    token_permissions: str = "Ask the receiver's administrator for a token that may write lineage."
    server_error: str = "If it persists, contact the receiver's administrator."


@dataclass(frozen=True)
class Walkthrough:
    """How the verification steps read for this receiver, and what it can check by itself."""

    response_title: str = "1. API response is a success (2xx)"
    step_titles: tuple[str, str, str] = STEP_TITLES  # steps 2-4; `{receiver}` is `name`
    name: str = ""  # how the steps name the receiver; "" is its label
    catalog_search: str = ""  # path + query of the receiver's search page, the table name appended
    own_page: str = ""  # path of a page on the receiver itself that shows what it stored
    open_label: str = "Open in catalog"  # the button that opens the search (or the receiver's own page)
    tmp_badges: bool = False  # the receiver marks unresolved tables TMP
    troubleshooting: bool = False  # Alation's "200 but no lineage?" list fits its answers
    # The receiver answers steps 2-4 itself through a verification API (the Local sandbox does).
    verification_api: bool = False


@dataclass(frozen=True)
class Receiver:
    """One receiver kind. `name` is stored in profiles.json and typed as --kind / --target."""

    name: str
    label: str  # how messages name the receiver
    check_label: str  # the window's "Check for" list
    profile_label: str  # the profile form's kind list
    endpoint: str  # the default endpoint path
    base_url_hint: str  # a base URL of this kind, for explanations
    base_url_placeholder: str  # the same for the profile form's empty field
    rule_sets: tuple[str, ...]  # what an event for this receiver is checked with
    rules: str = ""  # "module:function" of its own rule set (named `name`), if it has one
    success_codes: range = ANY_SUCCESS
    complete_only: bool = False  # lineage from COMPLETE events only
    catalog_access: bool = False  # the catalog can be read back (Alation kinds only)
    url_hosts: tuple[str, ...] = ()  # host suffixes that name this receiver in a bare URL
    url_paths: tuple[str, ...] = ()  # path fragments that do
    accepted: Accepted = field(default_factory=Accepted)
    advice: Advice = field(default_factory=Advice)
    walkthrough: Walkthrough = field(default_factory=Walkthrough)

    def recognises(self, host: str, path: str) -> bool:
        """Whether a URL's lower-case host or its path names this receiver."""
        return any(host.endswith(suffix) for suffix in self.url_hosts) or any(
            fragment in path for fragment in self.url_paths
        )

    def endpoint_tip(self) -> str:
        return self.advice.endpoint_tip or f"{self.label}'s endpoint is {self.endpoint}."

    def base_url_tip(self) -> str:
        return f"Check the base URL: {self.base_url_hint}."

    def dns_tip(self) -> str:
        return self.advice.dns_tip or self.base_url_tip()

    def step_name(self) -> str:
        """How the walk-through names this receiver."""
        return self.walkthrough.name or self.label

    def step_titles(self, label: str | None = None) -> tuple[str, str, str]:
        """Steps 2-4 said of `label` (default: this receiver, as its walk-through names it)."""
        named = label or self.step_name()
        first, second, third = (title.format(receiver=named) for title in self.walkthrough.step_titles)
        return first, second, third
