"""The desktop packaging files: valid for the freedesktop tools, consistent with each other and
with the app, and a PyInstaller spec that ships every keyring backend keyring itself declares.

The bundle build itself is slow and runs in CI through packaging/check_bundle.py, not here.
"""

from __future__ import annotations

import ast
import configparser
import importlib
import importlib.metadata
import importlib.util
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from composer import __version__
from composer.app import build_main_window
from composer.ui import app_icon
from composer.ui.files.controller import SaveChoice
from tests.ui.fakes import FakePrompter

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
APP_ID = "io.github.lineage_composer.LineageComposer"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
SPEC = PACKAGING / "lineage-composer.spec"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (Debian: apt-get install desktop-file-utils appstream)")
    return found


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_validates() -> None:
    done = subprocess.run(
        [_tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def test_metainfo_validates_offline() -> None:
    # --no-net: no screenshot or URL is fetched (CI and this machine have no internet).
    done = subprocess.run(
        [_tool("appstreamcli"), "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "E:" not in done.stdout and "W:" not in done.stdout, done.stdout


def test_ids_and_icon_names_agree() -> None:
    component = ET.parse(METAINFO).getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable") == DESKTOP.name
    assert component.findtext("icon") == APP_ID
    entry = _desktop_entry()
    assert entry["Icon"] == APP_ID
    assert app_icon.APP_ID == APP_ID  # QApplication.setDesktopFileName and the hicolor PNG names
    release = component.find("releases/release")
    assert release is not None
    assert release.get("version") == __version__, "add a <release> for the new version to the metainfo"


def test_desktop_exec_is_a_launcher_that_pip_and_the_bundle_both_install() -> None:
    command = _desktop_entry()["Exec"].split()[0]
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["gui-scripts"]
    assert command in scripts
    assert 'launcher(f"{NAME}-gui"' in SPEC.read_text("utf-8") and command == "lineage-composer-gui"


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and header[12:16] == b"IHDR", f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


@pytest.mark.parametrize("size", ICON_SIZES)
def test_png_icon_sizes_exist_with_their_dimensions(size: int) -> None:
    png = ROOT / "resources" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    assert png.is_file(), "run packaging/render_icons.py"
    assert _png_size(png) == (size, size)


def test_png_icons_match_the_svg(qtbot: QtBot) -> None:
    """A changed SVG with stale PNGs fails here: the PNGs are re-rendered and compared."""
    loader = importlib.util.spec_from_file_location("render_icons", PACKAGING / "render_icons.py")
    assert loader is not None and loader.loader is not None
    render_icons = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(render_icons)
    assert render_icons.SIZES == ICON_SIZES
    assert render_icons.main(["--check"]) == 0


def _spec_list(name: str) -> list[str]:
    for node in ast.parse(SPEC.read_text("utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == name for t in node.targets):
            value = ast.literal_eval(node.value)
            assert isinstance(value, list)
            return value
    raise AssertionError(f"{SPEC.name} has no {name} list")


def test_spec_ships_every_keyring_backend_keyring_declares() -> None:
    """keyring loads backends by entry point: a backend missing from the bundle silently vanishes."""
    declared = {
        entry.value.split(":")[0]
        for entry in importlib.metadata.distribution("keyring").entry_points
        if entry.group == "keyring.backends"
    }
    assert declared, "the installed keyring declares no backends: has its metadata changed?"
    listed = set(_spec_list("KEYRING_BACKENDS"))
    assert declared <= listed, f"add to KEYRING_BACKENDS in {SPEC.name}: {sorted(declared - listed)}"
    # What keyring falls back to with no usable keyring, and the SecretService backend's D-Bus stack.
    assert {"keyring.backends.fail", "keyring.backends.chainer"} <= listed
    for module in listed:
        importlib.import_module(module)  # a typo in the list would only show in the bundle
    spec = SPEC.read_text("utf-8")
    assert 'copy_metadata("keyring")' in spec  # the entry points themselves
    assert {"secretstorage", "jeepney"} <= set(_spec_list("SECRET_SERVICE_DEPENDENCIES"))


def test_spec_bundles_resources_where_the_app_looks_and_the_qt_plugins() -> None:
    spec = SPEC.read_text("utf-8")
    assert '(str(ROOT / "resources"), "composer/resources")' in spec  # composer.resources: _MEIPASS
    assert '"PySide6.QtSvg"' in spec  # brings the svg image-format and icon-engine plugins
    assert 'collect_all("openlineage_sql")' in spec


def test_window_icon_is_the_app_icon_at_every_size(qtbot: QtBot) -> None:
    QApplication.setWindowIcon(QIcon())  # another test's window may have set it already
    window = build_main_window()
    window.files.prompter = FakePrompter(default_save_answer=SaveChoice.DISCARD)
    qtbot.addWidget(window)
    icon = QApplication.windowIcon()
    assert not icon.isNull() and not window.windowIcon().isNull()
    for size in ICON_SIZES:
        image = icon.pixmap(size, size).toImage()
        assert (image.width(), image.height()) == (size, size)
        assert image.pixelColor(size // 2, size // 10).alpha() > 0  # drawn, not blank


def test_install_desktop_files_puts_everything_in_place_and_takes_it_back(tmp_path: Path) -> None:
    script = PACKAGING / "install-desktop-files.sh"
    subprocess.run(["bash", str(script), str(tmp_path)], check=True, capture_output=True)
    installed = tmp_path / "applications" / DESKTOP.name
    assert installed.read_bytes() == DESKTOP.read_bytes()
    assert (tmp_path / "metainfo" / METAINFO.name).is_file()
    assert (tmp_path / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    for size in ICON_SIZES:
        assert _png_size(tmp_path / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png") == (
            size,
            size,
        )
    subprocess.run(["bash", str(script), "--uninstall", str(tmp_path)], check=True, capture_output=True)
    assert not [path for path in tmp_path.rglob(f"{APP_ID}*")], "uninstall left files behind"
