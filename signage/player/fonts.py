"""The typeface: Atkinson Hyperlegible, designed for low-vision readers.

It is loaded from the ``fontpkg-atkinson-hyperlegible`` wheel into Qt's font database,
so a screen looks the same whatever fonts the system has; if that fails, Qt's default
sans-serif is used and the reason is logged once.
"""

from __future__ import annotations

import logging
from functools import cache

from PySide6.QtGui import QFontDatabase

log = logging.getLogger(__name__)

FALLBACK_FAMILY = "sans-serif"


@cache
def load_fonts() -> str:
    """Register the bundled fonts (once per process) and return the family to use.

    Needs a QGuiApplication to exist.
    """
    try:
        import fontpkg_atkinson_hyperlegible as atkinson  # noqa: PLC0415 (optional at runtime)
    except ImportError:
        log.warning("Atkinson Hyperlegible is not installed; using %s", FALLBACK_FAMILY)
        return FALLBACK_FAMILY
    family = None
    for path in sorted((atkinson.ROOT / "files").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("Qt could not load font file %s", path)
            continue
        family = family or QFontDatabase.applicationFontFamilies(font_id)[0]
    if family is None:
        log.warning("no Atkinson Hyperlegible font could be loaded; using %s", FALLBACK_FAMILY)
        return FALLBACK_FAMILY
    return family
