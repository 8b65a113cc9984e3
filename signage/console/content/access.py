"""Who may edit what content: admins every record; a partner its own records, of its
kinds, for its sites (as partners.toml says for folders); others none."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from signage.console.content.checks import site_zones
from signage.console.content.kinds import KINDS, Kind
from signage.console.content.models import ADMINS, ContentRecord
from signage.console.people.models import Partner, Role
from signage.console.people.roles import membership


def owner_of(user: Any) -> str | None:
    """Whose records ``user`` writes: the admins', a partner's, or nobody's."""
    found = membership(user)
    if found is None:
        return None
    if found.role == Role.ADMIN:
        return ADMINS
    if found.role == Role.PARTNER and found.partner:
        return found.partner
    return None


def partner_of(user: Any) -> Partner | None:
    owner = owner_of(user)
    if owner in (None, ADMINS):
        return None
    return Partner.objects.filter(slug=owner).first()


def kinds_for(user: Any) -> list[Kind]:
    owner = owner_of(user)
    if owner is None:
        # A site's referent describes the shared rooms of its sites (admins' records).
        found = membership(user)
        return [KINDS["salle"]] if found is not None and found.role == Role.REFERENT else []
    if owner == ADMINS:
        return list(KINDS.values())
    partner = partner_of(user)
    allowed = set(partner.kind_list() if partner else [])
    found = membership(user)
    own = set(found.kind_list()) if found is not None else set()
    if own:  # a person of the organisation may be given some of its kinds only
        allowed &= own
    return [k for k in KINDS.values() if k.partner_kind in allowed]


def records_for(user: Any, kind: Kind) -> QuerySet[ContentRecord]:
    owner = owner_of(user)
    records = ContentRecord.objects.filter(kind=kind.key)
    if owner is None:
        found = membership(user)
        if kind.key == "salle" and found is not None and found.role == Role.REFERENT:
            sites = found.site_list()  # None: every site
            rooms = records.filter(owner=ADMINS)
            return rooms if sites is None else rooms.filter(values__site__in=sites)
        return records.none()
    return records if owner == ADMINS else records.filter(owner=owner)


def sites_for(user: Any) -> list[tuple[str, str]]:
    """The sites ``user`` may name, as (id, name) choices."""
    names = {
        v.get("id"): v.get("name", v.get("id"))
        for v in ContentRecord.objects.filter(kind="site").values_list("values", flat=True)
    }
    known = sorted(site_zones(), key=lambda s: str(names.get(s, s)))
    found = membership(user)
    if found is None or found.role == Role.ADMIN:
        return [(s, str(names.get(s, s))) for s in known]
    # A partner: its organisation's sites, narrowed to the person's own if given; a
    # referent: its own sites. None listed: every site (a referent always has some).
    partner = partner_of(user)
    for scoped in (partner.site_list() if partner is not None else None, found.site_list()):
        if scoped is not None:
            known = [s for s in known if s in scoped]
    return [(s, str(names.get(s, s))) for s in known]
