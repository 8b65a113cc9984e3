"""The player's slides as people name them, in one place: the playlist's choices, the
preview's, the report's lines and what a screen "shows" all say the same words."""

from __future__ import annotations

from typing import Final

SLIDE_NAMES: Final = {
    "semainier": "Semainier du jour",
    "agenda": "Agenda des ateliers",
    "announcements": "Annonces",
    "urgent": "Message urgent",
    "wifi": "Affiche wifi",
    "apps": "Applications utiles",
    "posters": "Affiches",
    "rooms": "Salles",
    "fallback": "Écran d'attente",
}
# What a playlist may hold (urgent messages and the waiting screen come on their own).
PLAYLIST_SLIDES: Final = tuple(k for k in SLIDE_NAMES if k not in {"urgent", "fallback"})


def described(description: str) -> str:
    """The player's own description of a slide ("semainier 1/2 — ESC Maurepas") in words:
    "Semainier du jour, page 1 sur 2"; a description it does not know is kept as written."""
    kind, _space, rest = description.partition(" ")
    if kind not in SLIDE_NAMES:
        return description or "—"
    page, _slash, pages = (rest.split(" ", 1)[0] if rest else "").partition("/")
    if page.isdigit() and pages.isdigit() and pages != "1":
        return f"{SLIDE_NAMES[kind]}, page {page} sur {pages}"
    return SLIDE_NAMES[kind]
