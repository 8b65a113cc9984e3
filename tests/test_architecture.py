"""Layering rules of DESIGN.md, checked rather than hoped for."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import signage

PACKAGE = Path(signage.__file__).parent


def _qt_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        found += [n for n in names if n.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"}]
    return found


def test_no_qt_import_outside_player() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): _qt_imports(path)
        for path in PACKAGE.rglob("*.py")
        if "player" not in path.relative_to(PACKAGE).parts and _qt_imports(path)
    }
    assert offenders == {}


def test_player_modules_do_use_qt() -> None:
    # Guards the check above against scanning the wrong folder and passing on nothing.
    assert _qt_imports(PACKAGE / "player" / "stage.py")


def test_core_and_cli_load_without_qt() -> None:
    code = (
        "import sys, signage.cli, signage.playlist, signage.feed, signage.config, "
        "signage.demo, signage.sources.sync, signage.sources.fetch;"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_qt_bindings_keep_none_alive(qapp: object) -> None:
    """PySide6 6.12.0 drops a reference to None on every void call; on Python 3.11 the
    player then crashes within minutes. pyproject.toml excludes it; this catches a
    regression in whatever version is installed."""
    from PySide6.QtGui import QFont  # noqa: PLC0415

    font = QFont()
    before = sys.getrefcount(None)
    for _ in range(5000):
        font.setPixelSize(30)
    assert sys.getrefcount(None) > before - 1000
