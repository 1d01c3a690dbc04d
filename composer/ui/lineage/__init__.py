"""The lineage feature of the window: see README Architecture."""
