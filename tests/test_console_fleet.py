"""The console's rules for a screen's state, in words (issue 14): judged against the
screen's own heartbeat interval, asleep rather than alarming when its site is closed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from signage.console.fleet.state import State, judge
from signage.model import Site

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)  # a Tuesday, 11:00 in Paris
STATUS = {"heartbeat_minutes": 5, "display": "awake", "content": {"sequence": 100}}


def test_states_follow_the_screens_own_interval() -> None:
    assert judge(NOW - timedelta(minutes=4), STATUS, NOW).state is State.ONLINE
    assert judge(NOW - timedelta(minutes=10), STATUS, NOW).state is State.LATE
    assert judge(NOW - timedelta(minutes=30), STATUS, NOW).state is State.OFFLINE
    slow = {**STATUS, "heartbeat_minutes": 30}
    assert judge(NOW - timedelta(minutes=30), slow, NOW).state is State.ONLINE
    assert judge(None, {}, NOW).state is State.NEVER


def test_a_silent_screen_of_a_closed_site_is_asleep_not_an_alarm() -> None:
    site = Site.model_validate(
        {"id": "maurepas", "name": "ESC Maurepas", "hours": {"tuesday": "14:00-17:00"}}
    )
    verdict = judge(NOW - timedelta(hours=5), STATUS, NOW, site=site)
    assert verdict.state is State.ASLEEP and not verdict.attention
    open_now = Site.model_validate(
        {"id": "maurepas", "name": "ESC Maurepas", "hours": {"tuesday": "08:30-12:00"}}
    )
    assert judge(NOW - timedelta(hours=5), STATUS, NOW, site=open_now).state is State.OFFLINE


def _published(*sequences: int, ago: timedelta = timedelta(hours=1)) -> list[tuple[int, datetime]]:
    return [(sequence, NOW - ago) for sequence in sequences]


def test_content_behind_and_refused_feeds_are_said_in_words() -> None:
    verdict = judge(NOW, STATUS, NOW, published=_published(102, 101, 100, 99))
    assert verdict.content == "en retard de 2 publications" and verdict.attention
    assert judge(NOW, STATUS, NOW, published=_published(100, 99)).content == "à jour"


def test_a_screen_is_late_only_for_what_it_could_have_taken() -> None:
    # Published 10 s before the screen's last heartbeat: it could not have it yet (it
    # asks every 10 s, plus the network's minute). Not late.
    watching = {**STATUS, "sync": {"watch_seconds": 10}}
    fresh = _published(101, ago=timedelta(seconds=10))
    assert judge(NOW, watching, NOW, published=fresh).content == "à jour"
    assert not judge(NOW, watching, NOW, published=fresh).attention
    # Two minutes later, the same screen still on 100: late.
    older = _published(101, ago=timedelta(minutes=2))
    assert judge(NOW, watching, NOW, published=older).content == "en retard de 1 publication"
    # Without a watch interval, its refresh interval counts (15 minutes here).
    polling = {**STATUS, "sync": {"refresh_minutes": 15}}
    assert judge(NOW, polling, NOW, published=older).content == "à jour"


def test_a_sleeping_screen_behind_is_no_alarm() -> None:
    asleep = {**STATUS, "display": "asleep"}
    verdict = judge(NOW, asleep, NOW, published=_published(101))
    assert verdict.state is State.ASLEEP and not verdict.attention
    assert verdict.content == "mis à jour à son réveil"
    refused = {
        **STATUS,
        "sync": {
            "last_error": "feed refused: the feed's signature does not match the admins' keys"
        },
    }
    (problem,) = judge(NOW, refused, NOW, published=_published(100)).problems
    assert problem.startswith("refuse le contenu publié : signature non reconnue")


def test_what_a_screen_shows_is_said_in_words() -> None:
    from signage.console.content.slides import described  # noqa: PLC0415

    assert described("agenda 2/3 — ESC Maurepas") == "Agenda des ateliers, page 2 sur 3"
    assert described("fallback 1/1 — maurepas") == "Écran d'attente"
    assert described("wifi") == "Affiche wifi"
    assert described("") == "—"
    assert described("diaporama 1/2") == "diaporama 1/2"  # unknown: as the screen said


@given(st.text(max_size=300))
def test_any_description_a_screen_sends_is_said_without_failing(text: str) -> None:
    from signage.console.content.slides import SLIDE_NAMES, described  # noqa: PLC0415

    words = described(text)
    assert words == (text or "—") or words.startswith(tuple(SLIDE_NAMES.values()))
