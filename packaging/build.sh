#!/usr/bin/env bash
# Build the one-folder desktop bundle: dist/lineage-composer/ at the repository root.
#
#   packaging/build.sh                 # with .venv/bin/python (pip install pyinstaller into it first)
#   PYTHON=/path/to/python packaging/build.sh
#
# The Python that runs PyInstaller is the one whose packages get bundled, so it must have the
# app installed (pip install -e . or a wheel) together with pyinstaller; openlineage-sql is
# bundled when that Python has it (pip install -e '.[sql]').
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
if ! "$PYTHON" -c 'import PyInstaller' 2>/dev/null; then
    echo "build.sh: $PYTHON has no PyInstaller; run: $PYTHON -m pip install pyinstaller" >&2
    exit 2
fi
cd "$ROOT"
# The Windows .ico and macOS .icns launcher icons, from the SVG (Linux uses the hicolor PNGs).
QT_QPA_PLATFORM=offscreen "$PYTHON" packaging/render_icons.py --platform-icons "$ROOT/build/icons" >/dev/null
# --clean: no stale analysis from another checkout; the work folder stays out of the tree's root.
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" \
    packaging/lineage-composer.spec
echo "built $ROOT/dist/lineage-composer ($(du -sh "$ROOT/dist/lineage-composer" | cut -f1))"
