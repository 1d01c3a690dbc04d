"""The history feature of the window: see README Architecture."""
