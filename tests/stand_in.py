"""The tenant stand-in's tokens: a second sandbox that takes only this API token, and this
refresh token for its catalog APIs (the `tenant` fixture, tests/conftest.py), for CLI and
window tests alike."""

TENANT_TOKEN = "lc-fake-token-0a1b2c3d4e5f6a7b8c9d"
TENANT_REFRESH_TOKEN = "lc-fake-refresh-token-5e6f7a8b9c0d1e2f"
