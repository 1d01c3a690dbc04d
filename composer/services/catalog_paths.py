"""Where the tenant features live: the URL paths of Alation's catalog REST APIs (shared by the
client and the sandbox that emulates them, a contract outside scripts rely on), and the names of
what they keep on disk and in the keyring (for `services.locations`, which must not load httpx).
"""

MINT = "/integration/v1/createAPIAccessToken/"
DATASOURCES_V2 = "/integration/v2/datasource/"
DATASOURCES_V1 = "/integration/v1/datasource/"
TABLES = "/integration/v2/table/"
LINEAGE = "/integration/v2/lineage/"

ACCESS_FILE_NAME = "catalog-access.json"  # in the config folder: each profile's catalog access
CACHE_FOLDER_NAME = "catalog-sources"  # in the data folder: each profile's data-source list
REFRESH_TOKEN_SERVICE = "lineage-composer-catalog"  # the keyring service of refresh tokens
