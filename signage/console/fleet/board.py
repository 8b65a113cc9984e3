"""The fleet's states in one query: ``fleet.state.judge``'s rules written in SQL over the
fields each heartbeat sets (``fleet.state.seen_fields``), so the fleet page and the
alert check sort, count and pick among thousands of screens without judging each in
Python. Only the screens shown (a page of them) or in trouble are judged one by one.
``tests/test_console_board.py`` checks both agree, over generated screens.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from signage.console.content.models import Publication
from signage.console.fleet.state import URGENCY, State, closed
from signage.console.published import published
from signage.console.screens.models import Screen


def judged(screens: QuerySet[Screen], now: datetime) -> QuerySet[Screen]:
    """``screens`` with ``urgency`` (``URGENCY`` of its state), ``problem`` (1 when it
    has one) and ``attention`` (1 when someone should look), as ``judge`` says."""
    sites = published().sites
    shut = [site_id for site_id, site in sites.items() if closed(site, now)]
    newer = Publication.objects.annotate(when=Coalesce("generated_at", "seen_at")).filter(
        sequence__gt=OuterRef("shown_sequence"), when__lte=OuterRef("synced_by")
    )
    states = screens.annotate(
        behind=Exists(newer),
        urgency=Case(
            When(last_seen__isnull=True, then=Value(URGENCY[State.NEVER])),
            When(late_after__gte=now, asleep=True, then=Value(URGENCY[State.ASLEEP])),
            When(late_after__gte=now, then=Value(URGENCY[State.ONLINE])),
            When(site__in=shut, then=Value(URGENCY[State.ASLEEP])),
            When(offline_after__gte=now, then=Value(URGENCY[State.LATE])),
            default=Value(URGENCY[State.OFFLINE]),
            output_field=IntegerField(),
        ),
    )
    return states.annotate(
        problem=Case(
            When(troubled=True, then=Value(1)),
            When(behind=True, asleep=False, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
    ).annotate(
        attention=Case(
            When(problem=1, then=Value(1)),
            When(urgency__lte=URGENCY[State.LATE], then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )


def in_order(screens: QuerySet[Screen]) -> QuerySet[Screen]:
    """Those that need someone first; then offline, late, never seen, asleep, online, a
    problem first within each; then by site and name."""
    return screens.order_by("-attention", "urgency", "-problem", "site", "name", "pk")


@dataclass(frozen=True)
class Counts:
    total: int
    attention: int
    by_state: dict[State, int]


def counts(screens: QuerySet[Screen]) -> Counts:
    """How many screens in each state, and how many need someone: one grouped query."""
    state_of = {u: state for state, u in URGENCY.items()}
    by_state = dict.fromkeys(State, 0)
    attention = 0
    groups = screens.order_by().values("urgency", "attention").annotate(n=Count("pk"))
    for group in groups:
        by_state[state_of[group["urgency"]]] += group["n"]
        attention += group["n"] if group["attention"] else 0
    return Counts(sum(by_state.values()), attention, by_state)
