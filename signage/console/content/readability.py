"""Easy to read: what the French « Facile à lire et à comprendre » (FALC) guidance asks of
a text a visitor reads in a hall, checked while the partner types (issue 29).

Advice only, never a refusal: sentences of more than ``LONG_SENTENCE`` words (FALC: one
idea a sentence, short sentences), words in capitals (read more slowly, and as
shouting), abbreviations left unexplained (« CAF » without « Caisse d'allocations
familiales »: the glossary below, which the admins extend in the console), a title
longer than the slide's one line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from signage.human_values import fold

LONG_SENTENCE: Final = 20  # words; FALC guides advise 10 to 15, a hall's text may say more
# A slide title at the body's size holds about this many characters on one line at
# every shape (Atkinson Hyperlegible at 6.2 % of the short side, 1080p: ~48).
TITLE_LINE: Final = 45

# What visitors of the ESC meet most, and what each stands for. The admins add their own
# (Contenu → Sigles).
GLOSSARY: Final = {
    "CAF": "Caisse d'allocations familiales",
    "CCAS": "Centre communal d'action sociale",
    "CDAS": "Centre départemental d'action sociale",
    "PMI": "Protection maternelle et infantile",
    "CPAM": "Caisse primaire d'assurance maladie",
    "MDPH": "Maison départementale des personnes handicapées",
    "RSA": "Revenu de solidarité active",
    "APL": "Aide personnalisée au logement",
    "AAH": "Allocation aux adultes handicapés",
    "ESC": "Espace social commun",
    "ARCS": "Association rennaise des centres sociaux",
    "CV": "curriculum vitae",
}
_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’-]*")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")
_CAPS = re.compile(r"\b[A-ZÀ-ÖØ-Þ]{2,}\b")


def long_sentences(text: str) -> list[int]:
    """The word counts of the sentences longer than ``LONG_SENTENCE``."""
    found = []
    for sentence in _SENTENCE_END.split(text):
        words = len(_WORD.findall(sentence))
        if words > LONG_SENTENCE:
            found.append(words)
    return found


def unexplained(text: str, glossary: dict[str, str]) -> list[tuple[str, str]]:
    """Abbreviations of ``glossary`` in ``text`` whose meaning is not written with them
    (either in full, or in brackets after them), in their order."""
    folded = fold(text)
    found: dict[str, str] = {}
    for word in _CAPS.findall(text):
        meaning = glossary.get(word)
        if meaning is None or word in found:
            continue
        explained = fold(meaning) in folded or re.search(rf"\b{word}\s*\(", text) is not None
        if not explained:
            found[word] = meaning
    return list(found.items())


def shouted(text: str, glossary: Iterable[str]) -> list[str]:
    """Words in capitals that are not abbreviations (4 letters and more)."""
    known = set(glossary)
    return sorted(
        {w for w in _CAPS.findall(text) if len(w) >= 4 and w not in known and not _roman(w)}
    )


def _roman(word: str) -> bool:
    return re.fullmatch(r"[IVXLC]+", word) is not None


def advice(title: str, body: str, glossary: dict[str, str]) -> dict[str, list[str]]:
    """Advice about ``title`` and ``body`` (the keys), in French, with an example."""
    said: dict[str, list[str]] = {}
    for field, text in (("title", title), ("body", body)):
        if not text:
            continue
        for count in long_sentences(text)[:2]:
            said.setdefault(field, []).append(
                f"Une phrase de {count} mots : coupez-la en phrases courtes, une idée par "
                "phrase (par exemple « La CAF reçoit le mardi. Venez avec votre carte "
                "Vitale. »)."
            )
        words = shouted(text, glossary)
        if words and field == "body":
            shown = ", ".join(f"« {w} »" for w in words[:3])
            said.setdefault(field, []).append(
                f"Mots en majuscules ({shown}) : écrits en minuscules, ils se lisent plus vite "
                f"(« {words[0].capitalize()} »)."
            )
    for word, meaning in unexplained(f"{title}\n{body}", glossary)[:3]:
        said.setdefault("body" if body else "title", []).append(
            f"« {word} » : tous les visiteurs ne connaissent pas ce sigle. Écrivez-le une fois "
            f"en entier : « {word} ({meaning}) »."
        )
    if len(title) > TITLE_LINE:
        said.setdefault("title", []).append(
            f"Titre de {len(title)} signes : à l'écran, il tient sur une ligne jusqu'à "
            f"{TITLE_LINE} environ ; au-delà il est réduit ou coupé (voyez l'aperçu). "
            "Gardez l'essentiel : « Fermeture jeudi après-midi »."
        )
    return said
