"""The export feature of the window: see README Architecture."""
