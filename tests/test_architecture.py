"""Layering rules of DESIGN.md, checked rather than hoped for."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from datetime import date
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


# Loaded later, where first used: a screen's first frame and `signage render` of cached
# content need none of them (issue 18: they were most of the start-up time).
# Nor pydantic: what was checked is read back as plain records (signage.ready_file).
LATER = (
    "requests",
    "urllib3",
    "PIL",
    "apscheduler",
    "segno",
    "icalendar",
    "cryptography",
    "pydantic",
    "pydantic_core",
)


def _heavy(modules: list[str]) -> list[str]:
    return sorted({m.split(".")[0] for m in modules if m.split(".")[0] in LATER})


def test_render_of_cached_content_imports_no_network_image_or_scheduler_library(
    tmp_path: Path,
) -> None:
    from signage.demo import prepare_demo  # noqa: PLC0415

    config = prepare_demo(tmp_path / "demo", date(2026, 11, 28))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_STATE_HOME": str(tmp_path)}
    fetch = [sys.executable, "-m", "signage", "fetch", "--config", str(config)]
    subprocess.run(fetch, capture_output=True, check=True, env=env)  # fills the cache
    # The demo's Saturday: the same semainier whatever day the test runs.
    command = [sys.executable, "-X", "importtime", "-m", "signage", "render", "--config"]
    render = [*command, str(config), "--slide", "semainier", "--at", "2026-11-28T10:30"]
    render += ["--out", str(tmp_path / "s.png")]
    subprocess.run(render, capture_output=True, check=True, env=env)  # compiles, as at a start
    result = subprocess.run(render, capture_output=True, text=True, check=True, env=env)
    imported = [line.split("|")[-1].strip() for line in result.stderr.splitlines() if "|" in line]
    assert "signage.player.painters.semainier" in imported  # the check sees the imports
    assert _heavy(imported) == []
    assert "PySide6.QtWidgets" not in imported  # a process that only paints
    assert (tmp_path / "s.png").stat().st_size > 10_000


def test_the_demo_rendered_at_another_week_checks_its_content_once(tmp_path: Path) -> None:
    # A week no run of this suite is in (the faked clocks are in 2026 and 2027): the
    # demo of that week is no running player's, so its checked content is kept and reused.
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    render = [sys.executable, "-X", "importtime", "-m", "signage", "render", "--slide"]
    render += ["agenda", "--at", "2030-06-05T10:30", "--out", str(tmp_path / "a.png")]
    runs = [subprocess.run(render, capture_output=True, text=True, check=True, env=env)]
    runs.append(subprocess.run(render, capture_output=True, text=True, check=True, env=env))
    imported = [
        [line.split("|")[-1].strip() for line in run.stderr.splitlines() if "|" in line]
        for run in runs
    ]
    assert "pydantic" in imported[0]  # checked once (the check sees the imports)
    assert "pydantic" not in imported[1]  # then read back
    assert (tmp_path / "a.png").stat().st_size > 10_000


def _imported_by(code: str) -> list[str]:
    """The modules a fresh interpreter holds after ``code`` (offscreen Qt)."""
    result = subprocess.run(
        [sys.executable, "-c", f"{code}; import sys; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    return result.stdout.split()


def test_the_players_modules_import_no_network_image_or_scheduler_library() -> None:
    modules = _imported_by("import signage.cli, signage.player.app, signage.player.offscreen")
    assert "signage.player.stage" in modules
    assert _heavy(modules) == []


def test_a_screen_linked_to_a_console_loads_pydantic_only_when_settings_arrive() -> None:
    # The console link starts after the first frame; a settings document is checked
    # when one arrives (remote/link.py), not at every start of a paired screen.
    modules = _imported_by(
        "import signage.player.app, signage.player.console_link, signage.player.pairing_screen"
    )
    assert "signage.remote.link" in modules
    assert [m for m in modules if m.split(".")[0] in {"pydantic", "pydantic_core"}] == []


# The console's domains, lowest first (signage/console/settings.py: DOMAINS): each may
# import those before it, never one after it; the console's own top modules (settings,
# URLs, the models registry, shared helpers) are not a domain's to import, but for the
# shared helpers below.
CONSOLE = PACKAGE / "console"
SHARED = {"published", "client_address", "state", "preview", "mail", "first_read", "rows"}


def _console_imports(path: Path) -> set[str]:
    """The console modules ``path`` imports (``people.roles``, ``models``…)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
            if node.module == "signage.console":
                names = [f"signage.console.{alias.name}" for alias in node.names]
        found |= {
            n.removeprefix("signage.console.") for n in names if n.startswith("signage.console.")
        }
    return found


def _console_offences() -> dict[str, list[str]]:
    from signage.console.settings import DOMAINS  # noqa: PLC0415

    offences = {}
    for rank, domain in enumerate(DOMAINS):
        allowed = set(DOMAINS[: rank + 1]) | SHARED
        for path in (CONSOLE / domain).rglob("*.py"):
            wrong = sorted(m for m in _console_imports(path) if m.split(".")[0] not in allowed)
            if wrong:
                offences[str(path.relative_to(CONSOLE))] = wrong
    return offences


def test_the_consoles_domains_import_each_other_only_downwards() -> None:
    assert _console_offences() == {}


def test_the_domain_check_sees_imports() -> None:
    # Guards the check above against finding nothing: fleet does use the domains below.
    used = _console_imports(CONSOLE / "fleet" / "views.py")
    assert {"screens.models", "people.roles"} <= used
    assert "fleet.state" in _console_imports(CONSOLE / "fleet" / "views.py")
