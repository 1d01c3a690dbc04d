"""The editor feature of the window: see README Architecture."""
