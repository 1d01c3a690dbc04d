"""The preview feature of the window: see README Architecture."""
