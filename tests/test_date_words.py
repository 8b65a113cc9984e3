"""Dates on slides without Babel at a screen's start: the same words as Babel writes,
kept for the next start, Babel itself loaded only when they are not kept."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.core import UnknownLocaleError
from babel.dates import format_date
from hypothesis import given, settings
from hypothesis import strategies as st

from signage.bounds import FIRST_DAY, LAST_DAY
from signage.date_words import date_words, format_pattern
from signage.i18n import available_languages

# Every pattern the slides and the phone pages ask for, and one put together here only
# from fields Babel writes the same way.
PATTERNS = ("EEEE d MMMM", "EEE d MMM", "d MMM", "EEE", "EEEE", "d", "d MMMM", "d MMMM y")
LANGUAGES = (*available_languages(), "de", "tr", "uk")  # and some a site may add


@settings(max_examples=300, deadline=None)
@given(
    day=st.dates(min_value=FIRST_DAY, max_value=LAST_DAY),
    pattern=st.sampled_from(PATTERNS),
    language=st.sampled_from(LANGUAGES),
)
def test_every_day_reads_as_babel_writes_it(day: date, pattern: str, language: str) -> None:
    assert format_pattern(day, pattern, language) == format_date(day, pattern, locale=language)


def test_the_days_of_a_week_in_french_english_and_arabic() -> None:
    monday = date(2026, 12, 7)
    assert format_pattern(monday, "EEEE d MMMM", "fr") == "lundi 7 décembre"
    assert format_pattern(monday, "EEE d MMM", "fr") == "lun. 7 déc."
    assert format_pattern(monday, "EEEE d MMMM", "en") == "Monday 7 December"
    assert format_pattern(monday, "EEEE", "ar") == "الاثنين"


def test_other_patterns_and_unknown_languages_are_babels() -> None:
    day = date(2026, 12, 7)
    assert format_pattern(day, "dd/MM/yyyy", "fr") == "07/12/2026"
    assert format_pattern(day, "d 'de' MMMM", "es") == "7 de diciembre"
    with pytest.raises(UnknownLocaleError):  # as before: the config names known ones
        format_pattern(day, "EEEE", "xx")


SECOND_START = """
import sys
from datetime import date
from signage.date_words import format_pattern
print(format_pattern(date(2026, 12, 7), "EEEE d MMMM", "fr"))
print("babel" in sys.modules)
"""


def _start(state: Path) -> list[str]:
    env = {**os.environ, "XDG_STATE_HOME": str(state)}
    done = subprocess.run(
        [sys.executable, "-c", SECOND_START], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.split("\n")[:2]


def test_a_second_start_writes_the_date_without_loading_babel(tmp_path: Path) -> None:
    assert _start(tmp_path) == ["lundi 7 décembre", "True"]  # read from Babel, kept
    assert _start(tmp_path) == ["lundi 7 décembre", "False"]  # kept: Babel not loaded
    kept = tmp_path / "esc-signage" / "ready" / "dates-fr"
    kept.write_bytes(b"another key\n" + kept.read_bytes().partition(b"\n")[2])
    assert _start(tmp_path) == ["lundi 7 décembre", "True"]  # another Babel: read again
    kept.write_bytes(kept.read_bytes()[:-20])  # damaged
    assert _start(tmp_path) == ["lundi 7 décembre", "True"]
    assert _start(tmp_path) == ["lundi 7 décembre", "False"]


def test_names_not_kept_on_a_full_disk_are_still_written(tmp_path: Path) -> None:
    (tmp_path / "esc-signage").write_text("a file where the folder belongs")
    assert _start(tmp_path) == ["lundi 7 décembre", "True"]
    assert _start(tmp_path) == ["lundi 7 décembre", "True"]


def test_the_names_are_babels_format_names() -> None:
    words = date_words("fr")
    assert words is not None
    assert words.days[6] == "dimanche" and words.months_short[1] == "févr."
