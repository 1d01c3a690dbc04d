"""The send feature of the window: see README Architecture."""
