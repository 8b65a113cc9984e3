"""WCAG contrast: every text on screen is at least 7:1 against what is behind it (AAA).

Pure arithmetic on ``#rrggbb`` colours, so themes, partner colours and tests share it.
"""

from __future__ import annotations

import re
from typing import Final

AAA: Final = 7.0
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def check_hex(value: str) -> str:
    """Accept ``#rrggbb``; refuse anything else with a plain message."""
    if not _HEX.match(value):
        raise ValueError(f"{value!r} is not a colour written #rrggbb, e.g. '#0B4F6C'")
    return value.upper()


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(color: str) -> float:
    """Relative luminance of ``#rrggbb`` (WCAG 2.x)."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(first: str, second: str) -> float:
    """Contrast ratio between two colours, from 1 (same) to 21 (black on white)."""
    a, b = sorted((luminance(first), luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _mix(color: str, toward: str, share: float) -> str:
    parts = []
    for i in (1, 3, 5):
        a, b = int(color[i : i + 2], 16), int(toward[i : i + 2], 16)
        parts.append(round(a + (b - a) * share))
    return "#" + "".join(f"{p:02X}" for p in parts)


def with_contrast(color: str, *against: str, ratio: float = AAA) -> str:
    """``color``, darkened or lightened as little as needed to reach ``ratio`` with each
    colour of ``against`` (a partner colour bent to stay legible). Unchanged if it does."""
    if all(contrast_ratio(color, other) >= ratio for other in against):
        return color.upper()
    for target in ("#000000", "#FFFFFF"):
        for step in range(1, 101):
            candidate = _mix(color, target, step / 100)
            if all(contrast_ratio(candidate, other) >= ratio for other in against):
                return candidate
    raise ValueError(f"no shade of {color} reaches {ratio}:1 against {', '.join(against)}")
