#!/usr/bin/env bash
# Put the launcher entry, AppStream metadata and icons where desktops look for them.
#
#   packaging/install-desktop-files.sh [SHARE]              # default ~/.local/share
#   packaging/install-desktop-files.sh --uninstall [SHARE]
#
# Works for the bundle (with its launchers on PATH) and for pip/pipx installs alike: the entry
# runs `lineage-composer-gui`, which both provide. Needs no Qt: the PNGs are committed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ID=io.github.lineage_composer.LineageComposer
UNINSTALL=0
if [ "${1:-}" = "--uninstall" ]; then UNINSTALL=1; shift; fi
SHARE=${1:-$HOME/.local/share}

files=("applications/$ID.desktop" "metainfo/$ID.metainfo.xml" "icons/hicolor/scalable/apps/$ID.svg")
for png in "$ROOT"/resources/icons/hicolor/*/apps/"$ID".png; do
    files+=("icons/hicolor/${png#"$ROOT"/resources/icons/hicolor/}")
done

if [ "$UNINSTALL" = 1 ]; then
    for file in "${files[@]}"; do rm -f "$SHARE/$file"; done
    echo "removed Lineage Composer's desktop files from $SHARE"
else
    install -Dm644 "$ROOT/packaging/$ID.desktop" "$SHARE/applications/$ID.desktop"
    install -Dm644 "$ROOT/packaging/$ID.metainfo.xml" "$SHARE/metainfo/$ID.metainfo.xml"
    install -Dm644 "$ROOT/resources/icons/lineage-composer.svg" "$SHARE/icons/hicolor/scalable/apps/$ID.svg"
    for png in "$ROOT"/resources/icons/hicolor/*/apps/"$ID".png; do
        install -Dm644 "$png" "$SHARE/icons/hicolor/${png#"$ROOT"/resources/icons/hicolor/}"
    done
    echo "installed Lineage Composer's desktop files under $SHARE"
fi
# Refresh the caches where the tools exist (absent on minimal systems: harmless).
command -v update-desktop-database >/dev/null && update-desktop-database -q "$SHARE/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" || true
