"""Labels and date formats per language."""

from __future__ import annotations

from datetime import date, time

from signage.i18n import available_languages, format_day, format_span, format_time, label


def test_french_and_english_dates() -> None:
    assert format_day(date(2026, 11, 28), "fr") == "samedi 28 novembre"
    assert format_day(date(2026, 11, 28), "en") == "Saturday 28 November"


def test_times_are_written_the_way_each_language_reads_them() -> None:
    assert format_time(time(14, 30), "fr") == "14\u00a0h\u00a030"  # no-break spaces
    assert format_time(time(9, 0), "fr") == "9\u00a0h"
    assert format_time(time(9, 5), "en") == "9:05"
    assert format_span(time(9, 30), time(12, 0), "fr") == "9\u00a0h\u00a030 – 12\u00a0h"


def test_every_language_has_every_label() -> None:
    languages = available_languages()
    assert {"fr", "en"} <= set(languages)
    from signage.i18n import _catalogue  # noqa: PLC0415

    keys = set(_catalogue("fr"))
    for language in languages:
        assert set(_catalogue(language)) == keys, language


def test_labels_with_values_and_fallback_to_french() -> None:
    assert label("provided_by", "fr", provider="ARCS") == "Wifi public gratuit — ARCS"
    assert label("today", "en") == "Today"
    assert label("today", "xx") == "Aujourd'hui"
