"""Themes: every text/background pair at least 7:1 (WCAG AAA), partner colours included."""

from __future__ import annotations

import pytest

from signage.contrast import AAA, contrast_ratio, with_contrast
from signage.player.theme import PALETTES, TEXT_PAIRS, Palette


def pairs(palette: Palette) -> list[tuple[str, str, float]]:
    return [
        (fg, bg, contrast_ratio(getattr(palette, fg), getattr(palette, bg)))
        for fg, bg in TEXT_PAIRS
    ]


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_every_text_pair_of_every_theme_is_aaa(name: str) -> None:
    weak = [(fg, bg, round(r, 2)) for fg, bg, r in pairs(PALETTES[name]) if r < AAA]
    assert weak == []


@pytest.mark.parametrize("accent", ["#E30613", "#FFD100", "#00A19A", "#6D2077", "#FFFFFF"])
@pytest.mark.parametrize("name", sorted(PALETTES))
def test_partner_colours_are_bent_to_stay_aaa(name: str, accent: str) -> None:
    palette = PALETTES[name].with_accent(accent)
    assert [(fg, bg) for fg, bg, r in pairs(palette) if r < AAA] == []


def test_a_partner_colour_that_is_already_dark_enough_is_kept() -> None:
    assert PALETTES["light"].with_accent("#003A70").accent == "#003A70"


def test_contrast_ratio_matches_wcag_reference_values() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert with_contrast("#777777", "#FFFFFF") != "#777777"
