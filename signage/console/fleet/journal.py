"""The Journal: who changed what, when, said in words (« Réglages de l'écran « Hall »
modifiés par Marie Dupont »), from the histories the console keeps of screens, their
settings, people, partners and content."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from django.utils import timezone

from signage.console.content.kinds import KINDS
from signage.console.content.models import ContentRecord, Publication
from signage.console.people.models import Membership, Partner, Role
from signage.console.people.sites import site_names, sites_in_words
from signage.console.screens.models import Screen, ScreenSettings

LIMIT: Final = 100
DONE: Final = {"+": "ajouté", "~": "modifié", "-": "supprimé"}


@dataclass(frozen=True)
class Entry:
    when: datetime
    who: str
    what: str


def person_name(user: Any) -> str:
    if user is None:
        return "le système"
    return str(user.first_name or user.username)


def entries() -> list[Entry]:
    """The latest changes of every kind, newest first."""
    from django.contrib.auth import get_user_model  # noqa: PLC0415

    names = site_names()
    found: list[Entry] = []
    for h in Screen.history.select_related("history_user")[:LIMIT]:
        found.append(Entry(h.history_date, person_name(h.history_user), _screen(h, names)))
    for h in ScreenSettings.history.select_related("history_user")[:LIMIT]:
        found.append(Entry(h.history_date, person_name(h.history_user), _settings(h, names)))
    for h in Membership.history.select_related("history_user")[:LIMIT]:
        found.append(Entry(h.history_date, person_name(h.history_user), _membership(h)))
    for h in get_user_model().history.select_related("history_user")[:LIMIT]:
        if (what := _account(h)) is not None:
            found.append(Entry(h.history_date, person_name(h.history_user), what))
    for h in Partner.history.select_related("history_user")[:LIMIT]:
        what = f"Partenaire « {h.name} » {DONE[h.history_type]}"
        found.append(Entry(h.history_date, person_name(h.history_user), what))
    for h in ContentRecord.history.select_related("history_user")[:LIMIT]:
        found.append(Entry(h.history_date, person_name(h.history_user), _record(h)))
    for p in Publication.objects.select_related("published_by", "rolled_back_from")[:LIMIT]:
        found.append(Entry(p.seen_at, person_name(p.published_by), _publication(p)))
    found.sort(key=lambda e: e.when, reverse=True)
    return found[:LIMIT]


def _screen(h: Any, names: dict[str, str]) -> str:
    site = names.get(h.site, h.site)
    if h.history_type == "+":
        return f"Écran « {h.name} » ajouté au site {site}"
    if h.history_type == "-":
        return f"Écran « {h.name} » supprimé"
    previous = h.prev_record
    if previous is not None and previous.revoked_at is None and h.revoked_at is not None:
        return f"Écran « {h.name} » révoqué"
    if previous is not None and previous.site != h.site:
        return f"Écran « {h.name} » déplacé au site {site}"
    if previous is not None and previous.name != h.name:
        return f"Écran « {previous.name} » renommé « {h.name} »"
    return f"Écran « {h.name} » modifié"


def _settings(h: Any, names: dict[str, str]) -> str:
    done = DONE[h.history_type].replace("é", "és", 1) if h.history_type != "~" else "modifiés"
    if h.screen_id is not None:
        screen = Screen.objects.filter(pk=h.screen_id).first()
        return f"Réglages de l'écran « {screen.name if screen else h.screen_id} » {done}"
    return f"Réglages des écrans de {names.get(h.site, h.site)} {done}"


def _membership(h: Any) -> str:
    user = h.user if h.user_id is not None else None
    who = person_name(user) if user is not None else "?"
    role = dict(Role.choices).get(h.role, h.role)
    scope = sites_in_words(h.instance.site_list())
    if h.history_type == "-":
        return f"Rôle de {who} retiré"
    return f"Rôle de {who} : {role}, sites : {scope}"


def _account(h: Any) -> str | None:
    """An account's change in words; None for a save that changed nothing kept (a
    sign-in writes its date, which the history leaves out)."""
    who = h.first_name or h.username
    if h.history_type == "+":
        return f"Compte de {who} créé (identifiant « {h.username} »)"
    if h.history_type == "-":
        return f"Compte de {who} supprimé"
    previous = h.prev_record
    if previous is None:
        return f"Compte de {who} modifié"
    if previous.is_active != h.is_active:
        return f"Compte de {who} {'réactivé' if h.is_active else 'désactivé'}"
    if not h.diff_against(previous).changes:
        return None
    return f"Compte de {who} modifié"


def _record(h: Any) -> str:
    kind = KINDS.get(h.kind)
    values = h.values if isinstance(h.values, dict) else {}
    title = str(values.get(kind.title_key, "") if kind else "") or "sans titre"
    label = (kind.label if kind else h.kind).capitalize()
    if h.kind == "annonce" and values.get("urgent"):
        label = "Message urgent"
        until = values.get("valid_until")
        if h.history_type == "~" and isinstance(until, str) and _past(until):
            return f"{label} « {title} » arrêté"
    return f"{label} « {title} » {DONE[h.history_type]}"


def _past(text: str) -> bool:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return False
    if moment.tzinfo is None:
        moment = timezone.make_aware(moment)
    return moment <= timezone.now()


def _publication(p: Publication) -> str:
    if p.rolled_back_from is not None:
        return f"Publication n° {p.number} : retour au contenu de la n° {p.rolled_back_from.number}"
    return f"Publication n° {p.number}" + (f" : {p.summary}" if p.summary else "")
