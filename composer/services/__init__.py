"""Services: the I/O of the app (network, keyring, SQLite, the local sandbox), never Qt."""
