"""Lineage Composer: compose, validate, send and verify OpenLineage events for Alation."""

__version__ = "0.1.0"

PROJECT_URL = "https://github.com/lineage-composer/lineage-composer"
# What new events name as their `producer`: the app's URL at this version.
PRODUCER = f"{PROJECT_URL}/tree/v{__version__}"
SPEC_VERSION = "2-0-2"
