"""File › Open Recent: one entry per recent file, newest first, with its folder beside the name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMenu


def fill_recent_menu(
    menu: QMenu, values: list[str], open_recent: Callable[[Path], object], clear: Callable[[], object]
) -> None:
    """Rebuild `menu` from `values`: numbered entries (mnemonics 1-9), then Clear Recent Files."""
    menu.clear()
    for number, value in enumerate(values, start=1):
        path = Path(value)
        mnemonic = f"&{number} " if number < 10 else ""
        label = f"{path.name}  —  {path.parent}".replace("&", "&&")  # a lone & would be a mnemonic
        action = menu.addAction(f"{mnemonic}{label}")
        action.setToolTip(value)
        action.setStatusTip(value)
        action.triggered.connect(lambda _checked=False, p=path: open_recent(p))
    if not values:
        menu.addAction("No Recent Files").setEnabled(False)
    menu.addSeparator()
    clear_action = menu.addAction("&Clear Recent Files")
    clear_action.setEnabled(bool(values))
    clear_action.triggered.connect(lambda _checked=False: clear())


def suggested_name(path: Path | None, picked_from: tuple[str, int] | None, job_name: str) -> str:
    """What Save As offers: the file's name, "<log>-event-<n>.json", or the job's name, made safe."""
    if path is not None:
        return path.name
    base = f"{Path(picked_from[0]).stem}-event-{picked_from[1]}" if picked_from else job_name or "event"
    safe = "".join(c if c.isalnum() or c in "-_." else "-" for c in base).strip("-.") or "event"
    return f"{safe}.json"
