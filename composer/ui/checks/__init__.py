"""The checks feature of the window: see README Architecture."""
