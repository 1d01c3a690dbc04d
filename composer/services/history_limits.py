"""How much send history is kept: a cap on one record's event text, and on the whole log.

Without caps a long session's history grew to 60,021 rows and 414 MB, whole 20 MB bodies of
sends refused with 413 included, and a free-text search read all of it. An event longer than
`max_event_chars` is kept as its beginning plus a line saying how long it was and its SHA-256
(enough to tell which file it was; the file itself is the user's); past `max_rows` rows or
`max_megabytes` of database (records and search index) the oldest records go first. The limits live in the config
folder's `history-settings.json` (`lineage-composer paths` shows the file and the values), so
the window and the command line keep the same history the same way.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

HISTORY_SETTINGS_FILE_NAME = "history-settings.json"
_KEYS = {"max_event_chars": "maxEventChars", "max_rows": "maxRows", "max_megabytes": "maxMegabytes"}


@dataclass(frozen=True)
class HistoryLimits:
    """What history keeps; 0 in any field means no limit of that kind."""

    max_event_chars: int = 256 * 1024
    max_rows: int = 10_000
    max_megabytes: int = 200  # the database with its search index (about twice the text)

    def __post_init__(self) -> None:
        if min(self.max_event_chars, self.max_rows, self.max_megabytes) < 0:
            raise ValueError("history limits cannot be negative")

    @property
    def max_bytes(self) -> int:
        return self.max_megabytes * 1_000_000

    def describe(self) -> str:
        def limit(value: int, unit: str) -> str:
            return f"{value:,} {unit}" if value else "no limit"

        return (
            f"events up to {limit(self.max_event_chars, 'characters')} each, "
            f"{limit(self.max_rows, 'sends')}, {limit(self.max_megabytes, 'MB')} in all (oldest go first)"
        )

    def to_json(self) -> dict[str, int]:
        return {_KEYS[name]: value for name, value in asdict(self).items()}

    @classmethod
    def from_json(cls, value: Any) -> HistoryLimits:
        """Limits from the settings file's object; missing keys keep their defaults."""
        if not isinstance(value, dict):
            raise ValueError("history settings are a JSON object")
        found: dict[str, int] = {}
        for name, key in _KEYS.items():
            if key in value:
                item = value[key]
                if not isinstance(item, int) or isinstance(item, bool) or item < 0:
                    raise ValueError(f"{key} must be a whole number of 0 or more")
                found[name] = item
        return cls(**found)

    @classmethod
    def load(cls, config_dir: Path) -> HistoryLimits:
        """The saved limits, or the defaults when there is no file or it cannot be used (history
        must never cost a send its record, so a bad settings file is not an error here)."""
        try:
            text = (config_dir / HISTORY_SETTINGS_FILE_NAME).read_text(encoding="utf-8")
            return cls.from_json(json.loads(text))
        except (OSError, UnicodeDecodeError, ValueError):
            return cls()

    def save(self, config_dir: Path) -> None:
        config_dir.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.to_json(), indent=2) + "\n"
        (config_dir / HISTORY_SETTINGS_FILE_NAME).write_text(text, encoding="utf-8")

    def capped_event(self, text: str) -> str:
        """`text`, or its first `max_event_chars` characters and a summary of the rest."""
        if not self.max_event_chars or len(text) <= self.max_event_chars:
            return text
        digest = hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()
        return (
            f"{text[: self.max_event_chars]}\n[history kept the first {self.max_event_chars:,} of "
            f"{len(text):,} characters of this event; sha256 of the whole text: {digest}]"
        )
