"""The sheet feature of the window: see README Architecture."""
