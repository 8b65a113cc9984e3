"""Urgent messages with a life: sent until a moment (« ce soir » by default, an hour, or
until someone stops them), listed while they are on, stopped in one click; by admins,
and by referents for their own sites. They never wait for an approval."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Final
from zoneinfo import ZoneInfo

from django.utils import timezone

from signage.console.content.checks import site_zones
from signage.console.content.models import ADMINS, ContentRecord
from signage.console.people.models import Role
from signage.console.people.roles import membership
from signage.console.people.sites import site_names
from signage.human_values import parse_time
from signage.model.site import DEFAULT_TIMEZONE

UNTIL: Final = (
    ("soir", "jusqu'à ce soir (fermeture du site)"),
    ("heure", "jusqu'à une heure précise"),
    ("arret", "jusqu'à ce que je l'arrête"),
)
EVENING: Final = time(23, 59)


class UrgentRefused(ValueError):
    """The message cannot be sent or stopped by this person; the reason in French."""


def may_send(user: Any, sites: list[str]) -> bool:
    """Admins anywhere; a referent for its own sites only (at least one named)."""
    found = membership(user)
    if found is None:
        return False
    if found.role == Role.ADMIN:
        return True
    own = found.site_list() or []
    return found.role == Role.REFERENT and bool(sites) and set(sites) <= set(own)


def may_stop(user: Any, record: ContentRecord) -> bool:
    sites = record.values.get("sites") or []
    found = membership(user)
    if found is not None and found.role == Role.ADMIN:
        return True
    return bool(sites) and may_send(user, list(sites))


def sendable_sites(user: Any) -> list[tuple[str, str]]:
    """The sites ``user`` may send an urgent message to, with their names."""
    found = membership(user)
    names = site_names()
    if found is None:
        return []
    if found.role == Role.ADMIN:
        return list(names.items())
    if found.role == Role.REFERENT:
        return [(s, names.get(s, s)) for s in found.site_list() or []]
    return []


def end_of(choice: str, typed: str, sites: list[str], now: datetime) -> datetime | None:
    """When a message sent ``now`` ends: tonight at closing (the latest of its sites'
    opening hours today, else 23:59), at a typed hour (today, or tomorrow when past),
    or never (None). UrgentRefused for an hour that cannot be read."""
    zone = _zone(sites)
    local = now.astimezone(zone)
    if choice == "arret":
        return None
    if choice == "heure":
        at = parse_time(typed)
        if at is None:
            raise UrgentRefused("Heure non comprise : écrivez-la comme « 18h » ou « 17h30 ».")
        end = datetime.combine(local.date(), at, zone)
        return end if end > local else end + timedelta(days=1)
    closing = _closing(sites, local.date(), zone)
    end = datetime.combine(local.date(), closing or EVENING, zone)
    return end if end > local else datetime.combine(local.date(), EVENING, zone)


def _zone(sites: list[str]) -> ZoneInfo:
    zones = site_zones()
    return next((zones[s] for s in sites if s in zones), ZoneInfo(DEFAULT_TIMEZONE))


def _closing(sites: list[str], day: date, zone: ZoneInfo) -> time | None:
    """The latest closing time today among ``sites`` (all sites when none is named)."""
    ends: list[time] = []
    weekday = day.strftime("%A").lower()
    for values in ContentRecord.objects.filter(kind="site").values_list("values", flat=True):
        if not isinstance(values, dict) or (sites and values.get("id") not in sites):
            continue
        periods = (values.get("hours") or {}).get(weekday)
        for period in [periods] if isinstance(periods, str) else periods or []:
            end = parse_time(str(period).split("-")[-1]) if "-" in str(period) else None
            if end is not None:
                ends.append(end)
    return max(ends) if ends else None


@dataclass(frozen=True)
class OnNow:
    """An urgent message on screens now, as the home page lists it."""

    record: ContentRecord
    title: str
    sites: str
    until: str
    may_stop: bool


def on_now(user: Any, now: datetime | None = None) -> list[OnNow]:
    """The urgent messages showing now (or about to), newest first."""
    now = now or timezone.now()
    names = site_names()
    found = []
    records = ContentRecord.objects.filter(kind="annonce", owner=ADMINS).order_by("-updated_at")
    for record in records:
        values = record.values
        if not values.get("urgent"):
            continue
        end = _instant(values.get("valid_until"), values.get("sites") or [])
        if end is not None and end <= now:
            continue
        sites = values.get("sites") or []
        where = ", ".join(names.get(s, s) for s in sites) if sites else "tous les sites"
        until = "jusqu'à ce qu'on l'arrête" if end is None else _until(timezone.localtime(end))
        found.append(
            OnNow(record, str(values.get("title", "")), where, until, may_stop(user, record))
        )
    return found


def _until(end: datetime) -> str:
    """« jusqu'au 06/12 à 18 h », « … à 17 h 30 »."""
    hour = f"{end.hour} h" + (f" {end.minute:02d}" if end.minute else "")
    return f"jusqu'au {end:%d/%m} à {hour}"


def _instant(text: object, sites: list[str]) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if "T" not in text:  # a day: until the end of it
        moment = datetime.combine(moment.date() + timedelta(days=1), time(0))
    return moment if moment.tzinfo else moment.replace(tzinfo=_zone(sites))


def values_for(title: str, body: str, sites: list[str], end: datetime | None) -> dict[str, Any]:
    """An urgent announcement's values, as a record keeps them (local times, no offset)."""
    values: dict[str, Any] = {"title": title, "urgent": True}
    if body:
        values["body"] = body
    if sites:
        values["sites"] = sites
    if end is not None:
        values["valid_until"] = (
            end.astimezone(_zone(sites)).replace(tzinfo=None).isoformat(timespec="minutes")
        )
    return values


def stopped(values: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The values of a message stopped ``now``: it ends now, and says so in its history."""
    sites = values.get("sites") or []
    local = now.astimezone(_zone(sites)).replace(tzinfo=None, second=0, microsecond=0)
    return {**values, "valid_until": local.isoformat(timespec="minutes")}
