"""A screen's state in words, judged against its own heartbeat interval (plain data in,
words out: the rules are tested alone)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from signage.model import Site


class State(StrEnum):
    ONLINE = "en ligne"
    ASLEEP = "en veille"
    LATE = "en retard"
    OFFLINE = "hors ligne"
    NEVER = "jamais vu"


# Attention first: what needs someone goes to the top of the fleet page.
URGENCY = {State.OFFLINE: 0, State.LATE: 1, State.NEVER: 2, State.ASLEEP: 3, State.ONLINE: 4}


@dataclass(frozen=True)
class Verdict:
    state: State
    problems: tuple[str, ...]
    behind: int | None  # publications behind the latest; None when unknown
    refusal: str | None = None  # the published feed refused, in words

    @property
    def attention(self) -> bool:
        return bool(self.problems) or self.state in {State.OFFLINE, State.LATE}

    @property
    def content(self) -> str:
        if self.behind is None:
            return _("inconnu")
        if self.behind == 0:
            return _("à jour")
        if self.state is State.ASLEEP:
            return _("mis à jour à son réveil")
        return _behind_words(self.behind)


# Published: (its sequence, when it was published). A screen could have synced one after
# its own watch interval (or refresh interval) plus this margin for the network.
Published = tuple[int, datetime]
MARGIN = timedelta(minutes=1)


def judge(
    last_seen: datetime | None,
    status: dict[str, Any],
    now: datetime,
    *,
    site: Site | None = None,
    published: list[Published] | None = None,
) -> Verdict:
    """The state of a screen whose last heartbeat came at ``last_seen`` with ``status``.

    Late after 1.5 heartbeat intervals (plus a minute for the network), offline after 3;
    a screen silent while its site is closed is asleep, not an alarm. Its content is
    behind by the publications it could have taken before its last heartbeat (published
    more than its sync interval and a minute before) and has not: a publication of ten
    seconds ago is no one's delay, and a sleeping screen's content is no alarm.
    """
    interval = _interval(status)
    behind = _behind(status, published, last_seen)
    # A sleeping screen takes new content when it wakes: behind, but no one's problem.
    problems, refusal = _problems(status, None if status.get("display") == "asleep" else behind)
    if last_seen is None:
        return Verdict(State.NEVER, problems, behind, refusal)
    silent = now - last_seen
    if silent <= _late(interval):
        state = State.ASLEEP if status.get("display") == "asleep" else State.ONLINE
    elif closed(site, now):
        state = State.ASLEEP
    elif silent <= _offline(interval):
        state = State.LATE
    else:
        state = State.OFFLINE
    return Verdict(state, problems, behind, refusal)


def closed(site: Site | None, now: datetime) -> bool:
    return site is not None and site.hours.known and not site.hours.is_open(now, site.zone)


def _interval(status: dict[str, Any]) -> timedelta:
    minutes = status.get("heartbeat_minutes")
    return timedelta(minutes=minutes if isinstance(minutes, int | float) and minutes > 0 else 10)


def _late(interval: timedelta) -> timedelta:
    return interval * 1.5 + timedelta(minutes=1)


def _offline(interval: timedelta) -> timedelta:
    return interval * 3 + timedelta(minutes=2)


def seen_fields(last_seen: datetime, status: dict[str, Any]) -> dict[str, Any]:
    """What a heartbeat at ``last_seen`` with ``status`` sets on its screen's row: the
    inputs of ``judge`` that the fleet page and the alert check read in SQL
    (``fleet.board``), by the same rules."""
    interval = _interval(status)
    content = status.get("content") or {}
    shown = content.get("sequence") if isinstance(content, dict) else None
    return {
        "last_seen": last_seen,
        "last_status": status,
        "late_after": last_seen + _late(interval),
        "offline_after": last_seen + _offline(interval),
        "asleep": status.get("display") == "asleep",
        "troubled": bool(_problems(status, None)[0]),
        "shown_sequence": shown if isinstance(shown, int) and abs(shown) < 2**62 else None,
        "synced_by": last_seen - _sync_interval(status) - MARGIN,
    }


def _behind(
    status: dict[str, Any], published: list[Published] | None, last_seen: datetime | None
) -> int | None:
    content = status.get("content") or {}
    shown = content.get("sequence") if isinstance(content, dict) else None
    if not published or not isinstance(shown, int) or last_seen is None:
        return None
    could = last_seen - _sync_interval(status) - MARGIN  # what it could hold by then
    return sum(1 for sequence, when in published if sequence > shown and when <= could)


def _sync_interval(status: dict[str, Any]) -> timedelta:
    """How soon after a publication the screen asks for it: its watch interval (a
    change signal every few seconds), else its refresh interval."""
    sync = status.get("sync") if isinstance(status.get("sync"), dict) else {}
    assert isinstance(sync, dict)
    watch = sync.get("watch_seconds")
    if isinstance(watch, int | float) and watch > 0:
        return timedelta(seconds=watch)
    refresh = sync.get("refresh_minutes")
    minutes = refresh if isinstance(refresh, int | float) and refresh > 0 else 5
    return timedelta(minutes=minutes)


def _problems(status: dict[str, Any], behind: int | None) -> tuple[tuple[str, ...], str | None]:
    found = []
    refusal = None
    sync = status.get("sync") or {}
    error = sync.get("last_error") if isinstance(sync, dict) else None
    if isinstance(error, str) and error:
        words, refused = _in_words(error)
        found.append(words)
        refusal = words if refused else None
    if behind:
        found.append(_("contenu %(behind)s") % {"behind": _behind_words(behind)})
    unknown = status.get("site_unknown")
    if isinstance(unknown, str) and unknown:
        found.append(
            _("site inconnu du contenu publié : vérifiez sa configuration (%(why)s)")
            % {"why": unknown}
        )
    return tuple(found), refusal


def _behind_words(count: int) -> str:
    return ngettext("en retard de %(n)d publication", "en retard de %(n)d publications", count) % {
        "n": count
    }


def _in_words(error: str) -> tuple[str, bool]:
    """The player's sync error, said for an admin; and whether the feed was refused."""
    lowered = error.lower()
    if "signature" in lowered:
        words = _("refuse le contenu publié : signature non reconnue")
    elif "replay" in lowered or "older than" in lowered:
        words = _("refuse le contenu publié : plus ancien que celui qu'il a")
    elif "later than this screen's clock" in lowered:
        words = _("refuse le contenu publié : daté dans le futur")
    else:
        return _("dernière synchronisation en échec : %(error)s") % {"error": error}, False
    return f"{words} ({error})", True


def published_times() -> list[Published]:
    """The latest publications as (sequence, when), when from the feed's own date (else
    when the console saw it)."""
    from django.apps import apps  # noqa: PLC0415 (a module of rules: no models at import)

    publications = apps.get_model("console", "Publication")
    return [
        (sequence, made or seen)
        for sequence, made, seen in publications.objects.values_list(
            "sequence", "generated_at", "seen_at"
        )[:500]
    ]
