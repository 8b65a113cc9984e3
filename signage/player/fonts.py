"""Typefaces: Atkinson Hyperlegible (designed for low-vision readers), Noto Sans Arabic.

Both are loaded from their wheels into Qt's font database, so a screen looks the same
whatever fonts the system has. Atkinson has no Arabic letters: Arabic text falls back
to Noto Sans Arabic. If a font cannot be loaded, Qt's default sans-serif is used and
the reason is logged once.
"""

from __future__ import annotations

import importlib
import logging
from functools import cache
from pathlib import Path

from PySide6.QtGui import QFontDatabase

log = logging.getLogger(__name__)

FALLBACK_FAMILY = "sans-serif"
# (wheel module, what it is for), in order of preference
_FONT_PACKAGES = (
    ("fontpkg_atkinson_hyperlegible", "Latin text"),
    ("fontpkg_noto_sans_arabic", "Arabic text"),
)


@cache
def load_fonts() -> tuple[str, ...]:
    """Register the bundled fonts (once per process); return the families to use, in
    fallback order. Needs a QGuiApplication to exist."""
    families = []
    for module_name, purpose in _FONT_PACKAGES:
        family = _register(module_name, purpose)
        if family:
            families.append(family)
    return (*families, FALLBACK_FAMILY)


def _register(module_name: str, purpose: str) -> str | None:
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        log.warning("font package %s is not installed: %s uses a system font", module_name, purpose)
        return None
    family = None
    for path in sorted((Path(module.ROOT) / "files").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("Qt could not load font file %s", path)
            continue
        family = family or QFontDatabase.applicationFontFamilies(font_id)[0]
    return family
