"""Profiles: what a target may be, how it is stored, and importing the OpenLineage client's config."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from composer.core.validation import TARGET_RULE_SETS
from composer.services.paths import app_home, config_dir, data_dir
from composer.services.profile_import import (
    ProfileImportError,
    find_openlineage_config,
    from_openlineage_env,
    from_openlineage_yaml,
)
from composer.services.profile_store import ProfileStore, ProfileStoreError
from composer.services.profiles import (
    LOCAL_SANDBOX_NAME,
    PROFILE_KINDS,
    Profile,
    ProfileError,
    ProfileNotFoundError,
    profile_for_endpoint_url,
)

TENANT = "https://acme.alationcloud.com"


@pytest.fixture
def store(tmp_path: Path) -> ProfileStore:
    return ProfileStore.in_dir(tmp_path / "config")


def test_each_kind_has_its_endpoint_and_validation_target() -> None:
    expected = {
        "alation": ("/open_lineage_event/", "alation"),
        "marquez": ("/api/v1/lineage", "marquez"),
        "openlineage": ("/api/v1/lineage", "openlineage"),
        "datahub": ("/openapi/openlineage/api/v1/lineage", "datahub"),
        "openmetadata": ("/api/v1/openlineage/lineage", "openmetadata"),
    }
    for kind in PROFILE_KINDS:
        profile = Profile(name="p", kind=kind, base_url=TENANT)
        assert (profile.endpoint, profile.validation_target) == expected[kind]
        assert profile.validation_target in TARGET_RULE_SETS
    alation = Profile(name="p", base_url=TENANT + "/")
    assert alation.endpoint_url() == "https://acme.alationcloud.com/open_lineage_event/"
    airflow = Profile(name="p", base_url=TENANT, endpoint_path="/api/v1/open_lineage")
    assert airflow.endpoint_url() == "https://acme.alationcloud.com/api/v1/open_lineage"


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"base_url": "http://acme.example.com"}, "unencrypted"),
        ({"base_url": "https://user:secret@acme.example.com"}, "user name or password"),
        ({"base_url": "ftp://acme.example.com"}, "http(s) URL"),
        ({"base_url": TENANT + "?token=x"}, "query"),
        ({"endpoint_path": "open_lineage_event/"}, "start with '/'"),
        ({"timeout": 0.0}, "timeout"),
        ({"proxy": "http://u:p@proxy:3128"}, "password"),
        ({"name": " padded"}, "space"),
        ({"name": LOCAL_SANDBOX_NAME}, "built-in"),
    ],
)
def test_unusable_profiles_are_refused_with_a_reason(changes: dict[str, object], words: str) -> None:
    profile = Profile(**{"name": "p", "base_url": TENANT, **changes})  # type: ignore[arg-type]
    with pytest.raises(ProfileError, match=words.replace("(", r"\(").replace(")", r"\)").replace("?", r"\?")):
        profile.check()


def test_plain_http_is_fine_on_loopback_or_when_explicitly_allowed() -> None:
    Profile(name="p", base_url="http://127.0.0.1:5000").check()
    Profile(name="p", base_url="http://localhost:5000").check()
    Profile(name="p", base_url="http://marquez.internal:5000", allow_insecure_http=True).check()


def test_a_fresh_store_has_only_the_local_sandbox_as_default(store: ProfileStore) -> None:
    [only] = store.profiles()
    assert only.is_local_sandbox and store.default() == only
    assert not store.path.exists()  # reading never writes


def test_profiles_round_trip_atomically_and_hold_no_secret(store: ProfileStore) -> None:
    prod = Profile(
        name="Prod", base_url=TENANT, timeout=12.5, ca_bundle="/etc/ca.pem", proxy="http://proxy:3128"
    )
    store.add(prod, make_default=True)
    store.add(Profile(name="Marquez", kind="marquez", base_url="http://localhost:5000"))
    assert store.profiles()[1:] == [prod, store.get("marquez")]  # names match ignoring case
    assert store.default() == prod
    assert [p.name for p in store.path.parent.iterdir()] == ["profiles.json"]  # no temp file left over
    saved = json.loads(store.path.read_text())
    assert saved["default"] == "Prod" and LOCAL_SANDBOX_NAME not in json.dumps(saved["profiles"])
    keys = {key.lower() for profile in saved["profiles"] for key in profile}
    assert not keys & {"token", "apikey", "api_key", "password", "secret"}


def test_names_are_unique_ignoring_case_and_the_builtin_is_fixed(store: ProfileStore) -> None:
    store.add(Profile(name="Prod", base_url=TENANT))
    with pytest.raises(ProfileError, match="already exists"):
        store.add(Profile(name="PROD", base_url=TENANT))
    with pytest.raises(ProfileError, match="cannot be removed"):
        store.remove(LOCAL_SANDBOX_NAME)
    with pytest.raises(ProfileError, match="cannot be edited"):
        store.replace(LOCAL_SANDBOX_NAME, Profile(name="x", base_url=TENANT))
    with pytest.raises(ProfileNotFoundError, match="profile list"):
        store.get("nope")


def test_renaming_and_removing_keep_the_default_sensible(store: ProfileStore) -> None:
    store.add(Profile(name="Prod", base_url=TENANT), make_default=True)
    store.replace("Prod", Profile(name="Production", base_url=TENANT))
    assert store.default().name == "Production"
    store.remove("Production")
    assert store.default().is_local_sandbox


def test_a_broken_file_is_reported_not_overwritten(store: ProfileStore) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text('{"profiles": [', encoding="utf-8")
    with pytest.raises(ProfileStoreError, match="not valid JSON"):
        store.profiles()
    store.path.write_text(json.dumps({"profiles": [{"name": "x", "baseUrl": "http://far.example.com"}]}))
    with pytest.raises(ProfileStoreError, match="profile 1: refusing plain http"):
        store.profiles()


def test_unknown_keys_in_the_file_are_dropped_on_the_next_save(store: ProfileStore) -> None:
    store.path.parent.mkdir(parents=True)
    store.path.write_text(json.dumps({"profiles": [{"name": "Prod", "baseUrl": TENANT, "token": "s3cret"}]}))
    store.add(Profile(name="Other", base_url=TENANT))
    assert "s3cret" not in store.path.read_text()


def test_a_full_endpoint_url_becomes_a_throwaway_profile() -> None:
    alation = profile_for_endpoint_url(TENANT + "/open_lineage_event/")
    assert (alation.kind, alation.base_url, alation.endpoint) == ("alation", TENANT, "/open_lineage_event/")
    generic = profile_for_endpoint_url("http://localhost:5000/api/v1/lineage")
    assert generic.kind == "openlineage" and generic.validation_target == "openlineage"
    with pytest.raises(ProfileError, match="query"):
        profile_for_endpoint_url(TENANT + "/open_lineage_event/?token=x")


OPENLINEAGE_YML = """
transport:
  type: http
  url: https://acme.alationcloud.com
  endpoint: open_lineage_event/
  timeout: 12
  sslContext:
    caCertPath: /etc/ssl/corp-ca.pem
  auth:
    type: api_key
    apiKey: ol-imported-key-123
"""


def test_openlineage_yml_imports_like_the_client_reads_it() -> None:
    imported = from_openlineage_yaml(OPENLINEAGE_YML, "Imported")
    profile = imported.profile
    assert profile.endpoint_url() == "https://acme.alationcloud.com/open_lineage_event/"
    assert (profile.kind, profile.timeout, profile.ca_bundle) == ("alation", 12.0, "/etc/ssl/corp-ca.pem")
    assert imported.api_key == "ol-imported-key-123"
    assert "ol-imported-key-123" not in repr(imported) and "ol-imported-key-123" not in json.dumps(
        profile.to_json()
    )


def test_the_default_client_endpoint_applies_and_env_vars_import() -> None:
    yml = "transport: {type: http, url: 'http://localhost:5000'}"
    assert from_openlineage_yaml(yml, "M").profile.endpoint_url() == "http://localhost:5000/api/v1/lineage"
    env = {
        "OPENLINEAGE_URL": TENANT,
        "OPENLINEAGE_ENDPOINT": "api/v1/open_lineage",
        "OPENLINEAGE_API_KEY": "env-key-456",
    }
    imported = from_openlineage_env("FromEnv", env)
    assert imported.profile.endpoint_url() == TENANT + "/api/v1/open_lineage"
    assert imported.profile.kind == "alation" and imported.api_key == "env-key-456"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("transport: {type: kafka, topic: x}", "only the `http` transport"),
        ("transport: {type: http}", "no `url`"),
        ("transport: {type: http, url: 'https://x.example.com', auth: {type: jwt}}", "only `api_key`"),
        ("transport:\n  url: [unclosed\n  auth: {apiKey: leaked-secret-789}", "not valid YAML at line"),
        ("something: else", "no `transport:`"),
    ],
)
def test_unimportable_configs_say_why_without_quoting_secrets(text: str, words: str) -> None:
    with pytest.raises(ProfileImportError) as raised:
        from_openlineage_yaml(text, "X")
    assert words in str(raised.value) and "leaked-secret-789" not in str(raised.value)


def test_the_config_file_is_found_where_the_client_looks(tmp_path: Path) -> None:
    home, cwd = tmp_path / "home", tmp_path / "cwd"
    (home / ".openlineage").mkdir(parents=True)
    cwd.mkdir()
    in_home = home / ".openlineage" / "openlineage.yml"
    in_home.write_text("transport: {}")
    assert find_openlineage_config({}, cwd, home) == in_home
    (cwd / "openlineage.yml").write_text("transport: {}")
    assert find_openlineage_config({}, cwd, home) == cwd / "openlineage.yml"
    explicit = tmp_path / "elsewhere.yml"
    explicit.write_text("transport: {}")
    assert find_openlineage_config({"OPENLINEAGE_CONFIG": str(explicit)}, cwd, home) == explicit
    assert find_openlineage_config({}, tmp_path / "empty", tmp_path / "nohome") is None


def test_the_home_variable_relocates_config_and_data(tmp_path: Path) -> None:
    env = {"LINEAGE_COMPOSER_HOME": str(tmp_path)}
    assert config_dir(env) == data_dir(env) == app_home(env) == tmp_path
    linux = {"HOME": "/home/u", "XDG_CONFIG_HOME": "/home/u/.cfg"}
    assert config_dir(linux, "linux") == Path("/home/u/.cfg/lineage-composer")
    assert data_dir(linux, "linux") == Path("/home/u/.local/share/lineage-composer")
