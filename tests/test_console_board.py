"""The fleet at scale (issue 27): the states the fleet page sorts and counts in SQL
(``fleet.board``) are the ones each card says (``fleet.state.judge``), for any screen,
any moment and any publications (Hypothesis); the page with a few hundred screens costs
the same few queries as with three, shows attention first a page at a time, filters by
site, and counts every state from one aggregate."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from signage.console.content.models import Publication
from signage.console.content.publishing import publish, record
from signage.console.fleet.board import counts, judged
from signage.console.fleet.state import URGENCY, judge, published_times, seen_fields
from signage.console.models import Role, Screen
from signage.console.published import published
from tests.console_content import member, with_example

pytestmark = pytest.mark.django_db(transaction=True)
PARIS = ZoneInfo("Europe/Paris")
# The example's sites are open on weekdays' mornings and afternoons, shut on Sundays.
MOMENTS = [
    datetime(2026, 12, 1, 10, 0, tzinfo=PARIS),  # a Tuesday morning: open
    datetime(2026, 12, 6, 3, 0, tzinfo=PARIS),  # a Sunday night: shut
    datetime(2026, 12, 1, 12, 50, tzinfo=PARIS),  # a lunch break, for some sites
]


@pytest.fixture
def example(settings: Any, tmp_path: Path) -> None:
    settings.STATE = tmp_path / "state"
    settings.STATE.mkdir()
    with_example(settings, tmp_path)
    record(publish())
    assert published().sites


statuses = st.fixed_dictionaries(
    {},
    optional={
        "heartbeat_minutes": st.sampled_from([1, 5, 10, 0, -3, "5"]),
        "display": st.sampled_from(["awake", "asleep"]),
        "content": st.fixed_dictionaries({"sequence": st.one_of(st.none(), st.integers(1, 6))}),
        "sync": st.fixed_dictionaries(
            {},
            optional={
                "last_error": st.sampled_from(["", "timeout", "feed signature refused"]),
                "watch_seconds": st.sampled_from([10, 0]),
                "refresh_minutes": st.sampled_from([1, 5]),
            },
        ),
        "site_unknown": st.sampled_from(["", "no site 'x'"]),
    },
)
screens = st.lists(
    st.tuples(
        st.sampled_from(["maurepas", "villejean", "nowhere"]),
        st.one_of(st.none(), st.integers(-24 * 60, 2)),  # minutes from now of its heartbeat
        statuses,
    ),
    min_size=1,
    max_size=6,
)
publications = st.lists(st.integers(-120, 0), max_size=4)  # minutes from now of each


@given(screens, publications, st.sampled_from(MOMENTS))
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_states_counted_in_sql_are_those_each_card_says(
    example: None,
    made: list[tuple[str, int | None, dict[str, Any]]],
    times: list[int],
    now: datetime,
) -> None:
    Screen.objects.all().delete()
    Publication.objects.filter(sequence__lt=1000).delete()
    for sequence, minutes in enumerate(times, start=1):
        Publication.objects.create(sequence=sequence, generated_at=now + timedelta(minutes=minutes))
    for site, minutes, status in made:
        screen, _ = Screen.register("Écran", site)
        if minutes is not None:
            Screen.objects.filter(pk=screen.pk).update(
                **seen_fields(now + timedelta(minutes=minutes), status)
            )
    sites, sequences = published().sites, published_times()
    for screen in judged(Screen.objects.all(), now):
        verdict = judge(
            screen.last_seen,
            screen.last_status,
            now,
            site=sites.get(screen.site),
            published=sequences,
        )
        assert screen.urgency == URGENCY[verdict.state], (screen.last_status, verdict)
        assert screen.problem == bool(verdict.problems), (screen.last_status, verdict)
        assert screen.attention == verdict.attention, (screen.last_status, verdict)


def test_the_fleet_page_shows_attention_first_a_page_at_a_time_in_a_few_queries(
    settings: Any, tmp_path: Path, django_assert_max_num_queries: Any
) -> None:
    # Nothing published: no opening hours, so a silent screen is offline whatever the day
    # the test runs (the states against the hours are the property test's).
    settings.STATE = tmp_path
    now = datetime.now(PARIS)
    awake = {"heartbeat_minutes": 5, "display": "awake"}
    fine = [
        Screen(name=f"Écran {i:03d}", site="villejean", token_hash=f"{i:064x}") for i in range(150)
    ]
    Screen.objects.bulk_create(fine)
    Screen.objects.update(**seen_fields(now, awake))
    silent, _ = Screen.register("Borne de l’entrée", "maurepas")
    Screen.objects.filter(pk=silent.pk).update(**seen_fields(now - timedelta(hours=3), awake))
    refused, _ = Screen.register("Hall du haut", "villejean")
    Screen.objects.filter(pk=refused.pk).update(
        **seen_fields(now, {**awake, "sync": {"last_error": "feed signature refused"}})
    )
    viewer = member("lecteur", Role.VIEWER)
    with django_assert_max_num_queries(14):
        page = viewer.get("/").content.decode()
    # Attention first: the screen in trouble and the silent one head the list, with counts.
    assert page.count('<li class="card') == 24
    first = page.index("Hall du haut"), page.index("Borne de l’entrée"), page.index("Écran 000")
    assert max(first[:2]) < first[2]
    assert "À voir (2)" in page and "152 écrans" in page and "Page 1 sur 7" in page
    last = viewer.get("/?page=7").content.decode()
    assert last.count('<li class="card') == 152 - 6 * 24 and "Écran 149" in last
    assert "À voir (2)" in last and "Hall du haut" in last  # on every page
    # One site: only its screens, its counts.
    maurepas = viewer.get("/?site=maurepas").content.decode()
    assert maurepas.count('<li class="card') == 1 and "1 écran à" in maurepas
    assert "Écran 000" not in maurepas and "À voir (1)" in maurepas
    tally = counts(judged(Screen.objects.all(), now))
    assert (tally.total, tally.attention) == (152, 2)
