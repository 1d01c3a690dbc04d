"""The sandbox behind the built-in "Local sandbox" profile: started on first use, in this process.

Nothing listens until something is sent, so opening the app or running `send --dry-run` costs
nothing. Its token is random for each process and lives only in memory: it is handed to the
sender directly and never stored, so there is nothing to configure and nothing to leak. Events
are kept in the data folder's sandbox database, the same one `lineage-composer sandbox` uses, so
what was sent can be looked at later.
"""

from __future__ import annotations

import threading
from pathlib import Path
from types import TracebackType

from composer.services.sandbox import INGEST_PATH, SandboxConfig, SandboxServer

SANDBOX_DB_FILE_NAME = "sandbox.sqlite3"


class LocalSandbox:
    """Lazily starts one `SandboxServer` on a free loopback port; `close()` stops it.

    `data_dir=None` keeps the events in memory (tests, throw-away demos).
    """

    def __init__(self, data_dir: Path | None) -> None:
        self._db_path = data_dir / SANDBOX_DB_FILE_NAME if data_dir is not None else None
        self._server: SandboxServer | None = None
        self._lock = threading.Lock()

    def server(self) -> SandboxServer:
        """The running sandbox, started now if it was not yet (raises `SandboxStartError`)."""
        with self._lock:
            if self._server is None:
                if self._db_path is not None:
                    self._db_path.parent.mkdir(parents=True, exist_ok=True)
                server = SandboxServer(SandboxConfig(db_path=self._db_path))
                server.start()
                self._server = server
            return self._server

    @property
    def started(self) -> bool:
        return self._server is not None

    @property
    def base_url(self) -> str:
        return self.server().url

    @property
    def endpoint_url(self) -> str:
        return self.base_url + INGEST_PATH

    def token(self) -> str:
        """The write token of this process's sandbox (starting it if needed)."""
        return self.server().token

    def close(self) -> None:
        with self._lock:
            server, self._server = self._server, None
        if server is not None:
            server.stop()

    def __enter__(self) -> LocalSandbox:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()
