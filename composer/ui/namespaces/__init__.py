"""The namespaces feature of the window: see README Architecture."""
