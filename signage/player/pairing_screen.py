"""The screen of a console with no site yet: a pairing code, large, until a referent
types it in the console (``signage.remote.pairing`` does the talking, in a thread)."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, Signal

from signage import __version__
from signage.config import ConsoleSection
from signage.model import Site
from signage.player.context import PaintContext
from signage.player.fonts import load_fonts
from signage.player.render import render_body
from signage.player.stage import SlideStage, place_window
from signage.player.theme import Theme
from signage.remote.client import ConsoleClient
from signage.remote.identity import console_folder
from signage.remote.pairing import Code, Pairing
from signage.slides import PairingSlide
from signage.sources.atomic import atomic_write, private_folder

log = logging.getLogger(__name__)
PAIRING_STATUS = "pairing.json"
SITE = Site(id="pairing", name="Écran à associer")


def shown_address(url: str) -> str:
    """The console's address as a person types it: no scheme, no trailing slash."""
    parts = urlsplit(url)
    return (parts.netloc + parts.path).rstrip("/")


class PairingScreen(QObject):
    """Shows the code; ``paired`` once the console has given the screen its identity."""

    paired = Signal()
    _code = Signal(object)
    _problem = Signal(str)
    _done = Signal()

    def __init__(
        self,
        console: ConsoleSection,
        local_keys: tuple[str, ...] = (),
        *,
        windowed: bool = False,
        client: ConsoleClient | None = None,
    ) -> None:
        super().__init__()
        self._console = console
        self.folder = console_folder(console.folder)
        self._windowed = windowed
        self._theme = Theme.named("light", load_fonts())
        self.slide = PairingSlide(
            key="pairing", duration=3600, site=SITE, console=shown_address(console.url)
        )
        self.stage = SlideStage(self._context, quit_keys=windowed)
        self.stage.resized.connect(self._paint)
        self._code.connect(self._on_code)
        self._problem.connect(self._on_problem)
        self._done.connect(self.paired)
        agent = f"esc-signage/{__version__} (pairing)"
        self.pairing = Pairing(
            client or ConsoleClient(console.url, agent),
            self.folder,
            local_keys,
            on_code=self._code.emit,
            on_paired=self._done.emit,
            on_problem=self._problem.emit,
        )

    def _context(self) -> PaintContext:
        return PaintContext(now=datetime.now().astimezone(), theme=self._theme)

    def start(self) -> None:
        place_window(self.stage, self._windowed)
        self._paint()
        self.pairing.start()

    def stop(self) -> None:
        self.pairing.stop()
        (self.folder / PAIRING_STATUS).unlink(missing_ok=True)
        self.stage.close()
        self.stage.deleteLater()

    def _on_code(self, code: Code) -> None:
        until = code.expires_at.astimezone().strftime("%H:%M")
        self.slide = _with(self.slide, code=code.shown, until=until, problem="")
        self._paint()
        # For whoever set the screen up and looks from a terminal (`signage status`).
        record = {
            "code": code.code,
            "console": self._console.url,
            "expires_at": code.expires_at.astimezone().isoformat(timespec="seconds"),
            "updated_at": datetime.now(UTC).astimezone().isoformat(timespec="seconds"),
        }
        try:
            private_folder(self.folder)
            atomic_write(self.folder / PAIRING_STATUS, json.dumps(record).encode())
        except OSError as exc:
            log.warning("pairing status not written: %s", exc)
        log.info("pairing code %s shown (console %s)", code.code, self._console.url)

    def _on_problem(self, problem: str) -> None:
        log.warning("pairing: %s", problem)
        self.slide = _with(
            self.slide, problem="La console ne répond pas pour l'instant : nouvel essai bientôt."
        )
        self._paint()

    def _paint(self) -> None:
        body = render_body(self.slide, self.stage.screen_size(), self._context())
        self.stage.show_slide(body, SITE, "pairing", fade=False)


def _with(slide: PairingSlide, **changes: str) -> PairingSlide:
    return replace(slide, **changes)  # type: ignore[arg-type]
