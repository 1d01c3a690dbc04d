"""Render the app icon's PNG sizes from resources/icons/lineage-composer.svg with Qt's QSvgRenderer.

The PNGs are committed (resources/icons/hicolor/<N>x<N>/apps/<app id>.png), not made at build
time, because the people who need them often have no Qt at hand: a distro or Flatpak packager
copying the hicolor tree, a pip user installing the .desktop entry by hand, AppStream tooling.
They are tiny, and tests/test_packaging.py checks every size exists with the right dimensions
and still matches the SVG (`--check` here does the same), so a changed SVG cannot ship stale PNGs.

    python packaging/render_icons.py          # (re)write the PNGs
    python packaging/render_icons.py --check  # exit 1 if any PNG is missing or differs from the SVG
    python packaging/render_icons.py --platform-icons build/icons  # .ico and .icns for the bundle

The Windows .ico (256 px) and macOS .icns (512 px) are build products, written by build.sh with
Qt's own ico/icns image writers (one image each: both systems scale it).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SVG = ROOT / "resources" / "icons" / "lineage-composer.svg"
HICOLOR = ROOT / "resources" / "icons" / "hicolor"
APP_ID = "io.github.lineage_composer.LineageComposer"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# Mean difference per channel (0..255) allowed between a committed PNG and a fresh render:
# renders of the same SVG differ by a few anti-aliased edge pixels between Qt versions.
TOLERANCE = 2.0


def png_path(size: int) -> Path:
    return HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def render(size: int) -> object:
    """The SVG drawn on a transparent size x size QImage (ARGB32, premultiplied)."""
    from PySide6.QtCore import Qt  # noqa: PLC0415 (Qt only when rendering)
    from PySide6.QtGui import QImage, QPainter  # noqa: PLC0415
    from PySide6.QtSvg import QSvgRenderer  # noqa: PLC0415

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {SVG} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def difference(committed: Path, size: int) -> float:
    """Mean absolute per-channel difference between the PNG on disk and a fresh render."""
    from PySide6.QtGui import QImage  # noqa: PLC0415

    fresh = render(size).convertToFormat(QImage.Format.Format_RGBA8888)  # type: ignore[attr-defined]
    stored = QImage(str(committed)).convertToFormat(QImage.Format.Format_RGBA8888)
    if stored.size() != fresh.size():
        return 255.0
    a, b = bytes(fresh.constBits()), bytes(stored.constBits())
    return sum(abs(x - y) for x, y in zip(a, b, strict=True)) / len(a)


def write_platform_icons(folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    for size, suffix in ((256, "ico"), (512, "icns")):
        target = folder / f"lineage-composer.{suffix}"
        if not render(size).save(str(target), suffix.upper()):  # type: ignore[attr-defined]
            print(f"render_icons: this Qt cannot write {suffix} files", file=sys.stderr)
            return 1
        print(f"wrote {target}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    parser.add_argument("--platform-icons", type=Path, metavar="DIR", help="write only the .ico and .icns")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication  # noqa: PLC0415

    _app = QGuiApplication.instance() or QGuiApplication([])
    if args.platform_icons:
        return write_platform_icons(args.platform_icons)
    stale = []
    for size in SIZES:
        target = png_path(size)
        if args.check:
            if not target.exists() or difference(target, size) > TOLERANCE:
                stale.append(str(target.relative_to(ROOT)))
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(size).save(str(target), "PNG"):  # type: ignore[attr-defined]
            raise SystemExit(f"render_icons: could not write {target}")
        print(f"wrote {target.relative_to(ROOT)}")
    if stale:
        print("stale or missing (run packaging/render_icons.py):\n  " + "\n  ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
