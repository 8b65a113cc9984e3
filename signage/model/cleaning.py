"""Text from outside made safe to paint: invisible, bidi-control and emoji characters.

Feed text is pasted from web pages, word processors and phones. What cannot be seen on
a screen must not reach the painter: a zero-width space makes Qt measure the line with a
fallback font and clip it, a right-to-left override reverses a sentence, a lone
surrogate is drawn as "�", and the screens have no colour emoji font, so emoji would be
empty boxes. ``clean_text`` is applied once, where text enters the content model.

What a language needs is kept: a zero-width joiner or non-joiner between two letters of
a joining script (Arabic, Persian, Indic scripts), accents and other combining marks (at
most a few on one letter: a stack of hundreds would climb out of its line).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Final

ZWNJ: Final = "\u200c"
ZWJ: Final = "\u200d"
MAX_MARKS: Final = 3  # combining marks kept on one letter (Vietnamese uses two)

# C0/C1 controls other than newline and tab; lone surrogates (from JSON "\ud800").
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
# Characters past which an emoji may appear (‼ U+203C is the first one): plain French
# or Arabic text never loads the emoji tables.
_MAYBE_EMOJI = re.compile(r"[\u203c-\U0010ffff]")
_VARIATION = re.compile(r"[\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_SPACES = re.compile(r"[ \t]{2,}")
_BLANK_LINES = re.compile(r"\n{3,}")
_KEYCAP = "\u20e3"
_TEXT_DEFAULT: Final = 4  # emoji.STATUS["unqualified"]: shown as text unless asked
# Unicode categories never drawn as anything useful: format characters (handled apart),
# unassigned and private-use code points (empty boxes), surrogates.
_DROPPED_CATEGORIES: Final = frozenset({"Cn", "Co", "Cs"})


def clean_text(value: str) -> str:
    """``value`` without what a screen cannot show, with its outer blanks stripped."""
    text = _CONTROL.sub("", value)
    text = _LINE_BREAKS.sub("\n", text)
    text = unicodedata.normalize("NFC", text)
    if _MAYBE_EMOJI.search(text):
        text = _without_emoji(text)
    text = _VARIATION.sub("", text)
    text = _visible(text)
    text = _SPACES.sub(" ", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def _visible(text: str) -> str:
    """Drop format and unassigned characters, keep joiners where a script needs them,
    and cap stacks of combining marks."""
    kept: list[str] = []
    marks = 0
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        if category == "Cf":
            if char in (ZWJ, ZWNJ) and _joins(text, index):
                kept.append(char)
            continue
        if category in _DROPPED_CATEGORIES:
            continue
        if category in ("Mn", "Me", "Mc"):
            marks += 1
            if marks > MAX_MARKS:
                continue
        else:
            marks = 0
        kept.append(char)
    return "".join(kept)


def _joins(text: str, index: int) -> bool:
    """A joiner between two letters of a script that shapes its letters (not Latin)."""
    if index == 0 or index + 1 >= len(text):
        return False
    before, after = text[index - 1], text[index + 1]
    return all(
        unicodedata.category(c)[0] in "LM" and ord(c) >= 0x0590 and not _is_pictograph(c)
        for c in (before, after)
    )


def _is_pictograph(char: str) -> bool:
    return ord(char) >= 0x1F000


def _without_emoji(text: str) -> str:
    # Imported here: the emoji tables cost ~30 ms, paid only by text that may hold one.
    import emoji  # noqa: PLC0415

    return str(emoji.replace_emoji(text, replace=_replacement))


def _replacement(chars: str, data: dict[str, Any]) -> str:
    """What stands in for an emoji: a keycap's digit, a text symbol fonts draw, or nothing.

    "1️⃣" becomes "1"; ©, ®, ™, arrows and other symbols written without the emoji
    selector are ordinary text in common fonts and stay; pictures go.
    """
    if _KEYCAP in chars:
        return chars[0]
    if len(chars) == 1 and ord(chars) < 0x2C00 and data.get("status") == _TEXT_DEFAULT:
        return chars  # the painter drops it too if no font of the theme has it
    return " "
