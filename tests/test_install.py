"""``signage install``: the kiosk files in a temporary home, idempotent, undone cleanly."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from pathlib import Path

from signage.ops.install import MARK, SERVICE, Installer


class Systemctl:
    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def __call__(self, command: Sequence[str]) -> int:
        self.calls.append(list(command))
        return 0


def test_install_writes_the_unit_and_autostart_files(tmp_path: Path) -> None:
    home = tmp_path / "home"
    labwc = home / ".config" / "labwc" / "autostart"
    labwc.parent.mkdir(parents=True)
    labwc.write_text("swayidle -w timeout 600 'wlopm --off \\*' &\n")  # the user's own line
    config = tmp_path / "screen.toml"
    systemctl = Systemctl()
    done = Installer(home, run=systemctl, python="/opt/venv/bin/python").install(config)
    unit = (home / ".config/systemd/user" / SERVICE).read_text()
    assert "Type=notify" in unit and "Restart=always" in unit and "WatchdogSec=60" in unit
    assert f'ExecStart="/opt/venv/bin/python" -m signage run --config "{config}"' in unit
    autostart = labwc.read_text().splitlines()
    assert autostart[0].startswith("swayidle")  # kept
    assert MARK in autostart and f"systemctl --user start {SERVICE} &" in autostart[-1]
    desktop = (home / ".config/autostart/esc-signage.desktop").read_text()
    assert "xset s off -dpms s noblank" in desktop
    assert ["systemctl", "--user", "enable", SERVICE] in systemctl.calls
    assert any(line.startswith("wrote ") for line in done)
    assert done[-1] == "undo with: signage uninstall"


def test_a_second_install_changes_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    config = tmp_path / "screen.toml"
    Installer(home, run=Systemctl()).install(config)
    before = {p: p.read_text() for p in home.rglob("*") if p.is_file()}
    done = Installer(home, run=Systemctl()).install(config)
    after = {p: p.read_text() for p in home.rglob("*") if p.is_file()}
    assert after == before
    assert not any(line.startswith("wrote ") for line in done)
    assert sum(line.startswith("unchanged ") for line in done) == 3


def test_uninstall_removes_only_what_install_added(tmp_path: Path) -> None:
    home = tmp_path / "home"
    labwc = home / ".config" / "labwc" / "autostart"
    labwc.parent.mkdir(parents=True)
    labwc.write_text("swayidle -w &\n")
    Installer(home, run=Systemctl()).install(tmp_path / "screen.toml")
    systemctl = Systemctl()
    Installer(home, run=systemctl).uninstall()
    assert labwc.read_text() == "swayidle -w &\n"
    assert not (home / ".config/systemd/user" / SERVICE).exists()
    assert not (home / ".config/autostart/esc-signage.desktop").exists()
    assert ["systemctl", "--user", "disable", "--now", SERVICE] in systemctl.calls
    assert Installer(home, run=Systemctl()).uninstall() == ["nothing to remove"]


def test_a_config_path_with_spaces_quotes_and_percents_stays_one_argument(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    config = tmp_path / 'Écrans du hall "A" 100%' / "écran $1.toml"
    Installer(home, run=Systemctl(), python="/opt/venv/bin/python").install(config)
    unit = (home / ".config/systemd/user" / SERVICE).read_text()
    (line,) = [x for x in unit.splitlines() if x.startswith("ExecStart=")]
    # systemd reads double quotes and backslash escapes as shlex does, plus %% and $$.
    words = shlex.split(line.removeprefix("ExecStart=").replace("%%", "%").replace("$$", "$"))
    assert words == ["/opt/venv/bin/python", "-m", "signage", "run", "--config", str(config)]
