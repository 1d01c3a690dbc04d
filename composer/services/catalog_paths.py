"""The URL paths of Alation's catalog REST APIs, shared by the client and the sandbox that
emulates them (a contract: outside scripts and the tests rely on the sandbox answering here)."""

MINT = "/integration/v1/createAPIAccessToken/"
DATASOURCES_V2 = "/integration/v2/datasource/"
DATASOURCES_V1 = "/integration/v1/datasource/"
TABLES = "/integration/v2/table/"
LINEAGE = "/integration/v2/lineage/"
