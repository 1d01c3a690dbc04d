"""The files feature of the window: see README Architecture."""
