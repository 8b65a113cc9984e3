"""``signage install`` / ``uninstall``: the player as a kiosk for the current user.

A systemd user service (Type=notify, watchdog, restart always) started at login by the
desktop's autostart: labwc (Raspberry Pi OS, Wayland) and any XDG desktop under X11,
which also turns screen blanking off. Every file is written only if it differs, so a
second run changes nothing; every step is printed, with how to undo it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

SERVICE: Final = "esc-signage.service"
MARK: Final = "# esc-signage: start the lobby screen (remove with `signage uninstall`)"

Runner = Callable[[Sequence[str]], int]


def _quoted(word: str) -> str:
    """One word of a systemd command line: double-quoted, with backslashes, quotes,
    ``%`` (specifiers) and ``$`` (variables) escaped, so a path with a space, a quote
    or a percent sign stays one argument, as typed (systemd.service(5), "Command lines")."""
    escaped = word.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("%", "%%").replace("$", "$$") + '"'


def _run(command: Sequence[str]) -> int:
    try:
        return subprocess.run(
            list(command), check=False, capture_output=True, timeout=30
        ).returncode
    except (OSError, subprocess.TimeoutExpired):
        return 127


@dataclass
class Installer:
    """Writes (or removes) the kiosk files under ``home``; ``run`` runs systemctl."""

    home: Path
    run: Runner = _run
    python: str = sys.executable
    done: list[str] = field(default_factory=list)

    @property
    def unit_path(self) -> Path:
        return self.home / ".config" / "systemd" / "user" / SERVICE

    @property
    def labwc_autostart(self) -> Path:
        return self.home / ".config" / "labwc" / "autostart"

    @property
    def xdg_autostart(self) -> Path:
        return self.home / ".config" / "autostart" / "esc-signage.desktop"

    def unit(self, config: Path) -> str:
        return f"""[Unit]
Description=ESC lobby screen (signage)
After=graphical-session.target
StartLimitIntervalSec=0

[Service]
Type=notify
NotifyAccess=main
ExecStart={_quoted(str(self.python))} -m signage run --config {_quoted(str(config))}
Restart=always
RestartSec=5
# The player pings the watchdog from its GUI thread: a frozen screen is restarted.
WatchdogSec=60
TimeoutStartSec=120
Environment=PYTHONUNBUFFERED=1
# Wayland on Raspberry Pi OS (labwc), X11 elsewhere.
Environment=QT_QPA_PLATFORM=wayland;xcb

[Install]
WantedBy=graphical-session.target
"""

    def install(self, config: Path) -> list[str]:
        config = config.resolve()
        self._write(self.unit_path, self.unit(config))
        start = f"systemctl --user start {SERVICE}"
        imports = "systemctl --user import-environment WAYLAND_DISPLAY DISPLAY XAUTHORITY"
        self._ensure_lines(self.labwc_autostart, [MARK, f"{imports} && {start} &"])
        self._write(
            self.xdg_autostart,
            "\n".join(
                [
                    "[Desktop Entry]",
                    "Type=Application",
                    "Name=ESC lobby screen",
                    "Comment=Starts the signage player; no screen blanking",
                    f"Exec=sh -c 'xset s off -dpms s noblank 2>/dev/null; {imports}; {start}'",
                    "OnlyShowIn=LXDE;XFCE;GNOME;MATE;Cinnamon;KDE;X-Cinnamon;",
                    "X-GNOME-Autostart-enabled=true",
                    "",
                ]
            ),
        )
        if shutil.which("systemctl") or self.run is not _run:
            if self.run(["systemctl", "--user", "daemon-reload"]) == 0:
                self.run(["systemctl", "--user", "enable", SERVICE])
                self.done.append(f"enabled {SERVICE} (systemctl --user status {SERVICE})")
            else:
                self.done.append(
                    "systemctl --user is not reachable here: run "
                    "`systemctl --user daemon-reload` after logging in"
                )
        # Under labwc the idle blanking is the system's (raspi-config), not the user's.
        self.done.append(
            "on Raspberry Pi OS, also keep the screen from blanking: "
            "sudo raspi-config nonint do_blanking 1"
        )
        self.done.append("undo with: signage uninstall")
        return self.done

    def uninstall(self) -> list[str]:
        if shutil.which("systemctl") or self.run is not _run:
            self.run(["systemctl", "--user", "disable", "--now", SERVICE])
        for path in (self.unit_path, self.xdg_autostart):
            if path.exists():
                path.unlink()
                self.done.append(f"removed {path}")
        if self.labwc_autostart.exists():
            lines = self.labwc_autostart.read_text(encoding="utf-8").splitlines()
            kept, skip = [], False
            for line in lines:
                if line == MARK:
                    skip = True  # the mark and the line after it
                    continue
                if skip:
                    skip = False
                    continue
                kept.append(line)
            if kept != lines:
                self._write(self.labwc_autostart, "\n".join(kept) + ("\n" if kept else ""))
        if not self.done:
            self.done.append("nothing to remove")
        return self.done

    def _write(self, path: Path, text: str) -> None:
        if path.exists() and path.read_text(encoding="utf-8") == text:
            self.done.append(f"unchanged {path}")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.done.append(f"wrote {path}")

    def _ensure_lines(self, path: Path, lines: list[str]) -> None:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if MARK in current.splitlines():
            self.done.append(f"unchanged {path}")
            return
        separator = "" if not current or current.endswith("\n") else "\n"
        self._write(path, current + separator + "\n".join(lines) + "\n")
