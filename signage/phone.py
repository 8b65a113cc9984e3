"""Where the site's « Sur mon téléphone » page is, beside the feed: written by the
publisher (``signage/publish/phone_pages.py``), named by the slides' QR code."""

from __future__ import annotations

from typing import Final

FOLDER: Final = "telephone"
DEFAULT_LANGUAGE: Final = "fr"


def page_name(site_id: str, language: str) -> str:
    """``telephone/maurepas.html`` (French), ``telephone/maurepas.en.html``."""
    suffix = "" if language == DEFAULT_LANGUAGE else f".{language}"
    return f"{FOLDER}/{site_id}{suffix}.html"
