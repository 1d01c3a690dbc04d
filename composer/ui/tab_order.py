"""Tab walks the main window in reading order, whatever was built when, and wraps to the start.

Qt's focus chain is the order widgets were created in, so everything made after the window
(dataset cards, facet editors, the docks built after the first paint) joined it at the end, and
Tab after the last dock control went to whichever card field happened to follow. Patching the
chain with `setTabOrder` at every such moment is fragile, and walking it from Python with
`nextInFocusChain` ties Python wrappers to the wrong parents (see forms/datasets.py). Instead the
window answers Tab itself: the regions in reading order (forms, preview, problems, the send bar
and pane, the docks), inside each the widgets in the order their layouts place them (what the
eye reads, not when they were made), then whatever else is focusable (the docks' tab bar), and
round to the first form field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLayout, QScrollArea, QSplitter, QWidget


def can_take_tab_focus(widget: QWidget, window: QWidget) -> bool:
    """What Qt's own Tab handling would stop at: shown, enabled, Tab-focusable, no focus proxy,
    and in this window (not a floating dock or a dialog)."""
    return (
        bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)
        and not isinstance(widget, QScrollArea)  # a frame round fields: the fields are the stops
        and widget.focusProxy() is None
        and widget.isVisible()
        and widget.isEnabled()
        and widget.window() is window
    )


def in_layout_order(root: QWidget, seen: set[QWidget] | None = None) -> Iterator[QWidget]:
    """`root` and the widgets under it, each container's in the order its layout places them
    (splitter panes and a scroll area's content too), then any child no layout holds. With
    `seen`, a widget in it is skipped with all under it, and each one yielded is added."""
    if seen is not None:
        if root in seen:
            return
        seen.add(root)
    yield root
    if isinstance(root, QAbstractScrollArea) and not isinstance(root, QScrollArea):
        return  # an editor or a list: one stop, whatever its viewport holds
    for child in _children_in_order(root):
        yield from in_layout_order(child, seen)


def _children_in_order(widget: QWidget) -> list[QWidget]:
    if isinstance(widget, QScrollArea):
        inner = widget.widget()
        return [inner] if inner is not None else []
    if isinstance(widget, QSplitter):
        panes = (widget.widget(index) for index in range(widget.count()))
        placed = [pane for pane in panes if pane is not None]
    else:
        layout = widget.layout()
        placed = list(_layout_widgets(layout)) if layout is not None else []
    listed = set(placed)
    rest = [
        child
        for child in widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if child not in listed and not child.isWindow()
    ]
    return [child for child in placed if child.parentWidget() is widget] + rest


def _layout_widgets(layout: QLayout) -> Iterator[QWidget]:
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        inner, nested = item.widget(), item.layout()
        if inner is not None:
            yield inner
        elif nested is not None:
            yield from _layout_widgets(nested)


class ReadingOrder:
    """The window's Tab order, worked out when Tab is pressed (nothing to keep up to date)."""

    def __init__(self, window: QWidget, regions: Callable[[], Sequence[QWidget | None]]) -> None:
        self._window = window
        self._regions = regions

    def widgets(self) -> list[QWidget]:
        """Every widget Tab stops at now, in order."""
        return [widget for widget in self._walk() if can_take_tab_focus(widget, self._window)]

    def _walk(self) -> list[QWidget]:
        """Every widget of the window in reading order, stops or not."""
        walked: list[QWidget] = []
        seen: set[QWidget] = set()  # the window's own walk skips the regions already walked
        for region in [*self._regions(), self._window]:
            if region is not None:
                walked.extend(in_layout_order(region, seen))
        return walked

    def step(self, forward: bool) -> bool:
        """Move the focus one stop on (or back), wrapping round; False when there is nowhere to go.

        From a widget that is no stop (one being hidden: Qt moves the focus on from it) the next
        stop after its place is taken, so removing a dataset does not send the focus to the top.
        """
        walked = self._walk()
        stops = [index for index, widget in enumerate(walked) if can_take_tab_focus(widget, self._window)]
        if not stops:
            return False
        places = {widget: index for index, widget in enumerate(walked)}
        current = QApplication.focusWidget()
        while current is not None and current not in places:
            current = current.parentWidget()  # a field's inner part (a spin box's line edit)
        place = places.get(current, -1) if current is not None else -1
        if forward:
            after = [index for index in stops if index > place]
            chosen = after[0] if after and place >= 0 else stops[0]
        else:
            before = [index for index in stops if index < place]
            chosen = before[-1] if before and place >= 0 else stops[-1]
        reason = Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
        walked[chosen].setFocus(reason)
        return True
