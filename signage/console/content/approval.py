"""« Qui dit quoi ? » (issue 29): a partner's item waits for the « Valider » of the
referent of each site that asks for it, and only there.

- The admins choose, per site, the kinds whose partners' items wait (``SiteApproval``);
  a partner may be trusted for some kinds (``Partner.trusted_kinds``): never waits.
- Each site that asks decides for its own hall (``record.approvals[site]``): the item
  shows at the sites that do not ask, and at those that said « Valider ».
- An edit of an item on screens goes back for approval; its approved version
  (``record.approved_values``, with the sites it showed at) stays on screens until
  every site asking has decided.
- The admins' own items (urgent messages among them) never wait, and an admin's change
  of a partner's item counts as approved. Bookings keep their rooms' own rule
  (``content/rooms.needs_approval``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from django.utils import timezone

from signage.console.content.kinds import KINDS
from signage.console.content.models import ADMINS, ContentRecord, SiteApproval
from signage.console.people.models import Partner, Role, id_list
from signage.console.people.roles import membership

# The kinds a site may ask to approve: what partners write for its screens.
GATED_KINDS: Final = ("annonce", "affiche", "atelier", "agenda", "wifi", "appli", "creneau")


@dataclass(frozen=True)
class Rules:
    """The approval settings and the sites, read once for a list or a publication."""

    asks: dict[str, frozenset[str]]  # site → the kinds it approves
    trusted: dict[str, frozenset[str]]  # partner → the kinds it needs no approval for
    scopes: dict[str, tuple[str, ...] | None]  # partner → its sites (None: every site)
    sites: tuple[str, ...]  # every site


def rules() -> Rules:
    partners = list(Partner.objects.all())
    return Rules(
        asks={a.site: frozenset(id_list(a.kinds) or ()) for a in SiteApproval.objects.all()},
        trusted={p.slug: frozenset(id_list(p.trusted_kinds) or ()) for p in partners},
        scopes={p.slug: (None if (s := p.site_list()) is None else tuple(s)) for p in partners},
        sites=tuple(
            sorted(
                str(v.get("id"))
                for v in ContentRecord.objects.filter(kind="site").values_list("values", flat=True)
                if isinstance(v, dict)
            )
        ),
    )


@dataclass(frozen=True)
class Standing:
    """Where a record stands, site by site, for its current values."""

    sites: tuple[str, ...]  # where it is meant to show
    pending: tuple[str, ...] = ()  # sites whose referent has not decided yet
    approved: dict[str, dict[str, Any]] = field(default_factory=dict)
    refused: dict[str, dict[str, Any]] = field(default_factory=dict)
    shown: tuple[str, ...] = ()  # where the current values show once published
    draft: bool = False

    @property
    def waits(self) -> bool:
        return self.draft or bool(self.pending)


def sites_of(record: ContentRecord, found: Rules) -> tuple[str, ...]:
    """The sites a record shows at: those it names, else its partner's, else all."""
    kind = KINDS.get(record.kind)
    named = record.values.get(kind.sites_key if kind else "sites")
    if isinstance(named, str) and named:
        return (named,)
    if isinstance(named, list) and named:
        return tuple(str(s) for s in named)
    scope = found.scopes.get(record.owner)
    return found.sites if scope is None else scope


def gated(record: ContentRecord, found: Rules) -> tuple[str, ...]:
    """The sites of ``record`` that must approve it."""
    if record.owner == ADMINS or record.kind not in GATED_KINDS:
        return ()
    if record.kind in found.trusted.get(record.owner, frozenset()):
        return ()
    return tuple(s for s in sites_of(record, found) if record.kind in found.asks.get(s, ()))


def standing(record: ContentRecord, found: Rules) -> Standing:
    sites = sites_of(record, found)
    gate = set(gated(record, found))
    decided = record.approvals if isinstance(record.approvals, dict) else {}
    said = {s: d for s, d in decided.items() if s in gate and isinstance(d, dict)}
    approved = {s: d for s, d in said.items() if d.get("ok")}
    return Standing(
        sites=sites,
        pending=tuple(s for s in sites if s in gate and s not in said),
        approved=approved,
        refused={s: d for s, d in said.items() if not d.get("ok")},
        shown=tuple(s for s in sites if s not in gate or s in approved),
        draft=record.review == "draft",
    )


def published_values(record: ContentRecord, found: Rules) -> dict[str, Any] | None:
    """What publications carry of ``record`` now: its values at the sites that may show
    them, its approved version while an edit waits, or nothing."""
    if record.kind not in GATED_KINDS:
        return dict(record.values)
    now = standing(record, found)
    if now.waits and isinstance(record.approved_values, dict):
        return dict(record.approved_values)
    if now.draft or not now.shown:
        return None
    if now.shown == now.sites:
        return dict(record.values)  # as saved: "every site" stays every site
    return {**record.values, "sites": list(now.shown)}


def summary(record: ContentRecord, found: Rules) -> str:
    """The record's ``review`` column: what lists filter on."""
    now = standing(record, found)
    if now.draft:
        return "draft"
    if now.pending:
        return "pending"
    return "refused" if now.refused and not now.shown else ""


def _decision(user: Any, ok: bool, note: str = "") -> dict[str, Any]:
    name = (user.get_full_name() or user.get_username()) if user is not None else ""
    return {"ok": ok, "note": note, "by": name, "at": timezone.now().isoformat()}


def take_values(
    record: ContentRecord,
    values: dict[str, Any],
    user: Any,
    *,
    by_admin: bool,
    draft: bool = False,
    found: Rules | None = None,
) -> None:
    """Give ``record`` new ``values`` (not saved): an edit goes back for approval, its
    approved version kept for screens meanwhile; an admin's change is approved."""
    if record.kind not in GATED_KINDS:
        record.values = values
        return
    found = rules() if found is None else found
    changed = record.pk is None or values != record.values or record.review == "draft"
    if changed:
        live = None if record.pk is None else published_values(record, found)
        record.values = values
        record.approvals = {}
        record.review = "draft" if draft else ""
        gate = gated(record, found)
        if by_admin:
            record.approvals = {site: _decision(user, True) for site in gate}
        # Screens keep what they show while the new version waits.
        record.approved_values = live if (draft or (gate and not by_admin)) else None
    record.review = summary(record, found)


def decide(record: ContentRecord, site: str, user: Any, *, ok: bool, note: str = "") -> None:
    """A referent's « Valider » or « Refuser » for ``site``; saved."""
    found = rules()
    record.approvals = {**(record.approvals or {}), site: _decision(user, ok, note)}
    if not standing(record, found).pending:
        record.approved_values = None  # decided everywhere: the new version takes over
    record.review = summary(record, found)
    record.reviewed_by, record.reviewed_at = user, timezone.now()
    record.review_note = note
    record.save()


def settle(before: Rules, after: Rules) -> int:
    """After the admins change who approves what (``before`` → ``after``): an item that
    showed at a site under the old settings is approved there under the new ones
    (switching approval on never takes anything off a screen). Returns the records
    changed."""
    changed = 0
    for record in ContentRecord.objects.filter(kind__in=GATED_KINDS).exclude(owner=ADMINS):
        was = standing(record, before)
        if was.waits:
            continue
        decided = dict(record.approvals or {})
        for site in standing(record, after).pending:
            if site in was.shown:
                decided[site] = {**_decision(None, True), "by": "déjà à l'écran"}
        before_save = (record.review, record.approvals)
        record.approvals = decided
        record.review = summary(record, after)
        if (record.review, record.approvals) != before_save:
            record.save(update_fields=["review", "approvals"])
            changed += 1
    return changed


def deciding_sites(user: Any) -> set[str] | None:
    """The sites whose items ``user`` approves (None: every site; empty: none)."""
    found = membership(user)
    if found is None or found.role not in (Role.ADMIN, Role.REFERENT):
        return set()
    sites = found.site_list()
    return None if found.role == Role.ADMIN or sites is None else set(sites)


def to_decide(user: Any) -> list[tuple[ContentRecord, str]]:
    """(record, site) pairs waiting for ``user``'s decision, oldest first. Every
    partner's record is judged (a slot sent in a spreadsheet waits as a form's does)."""
    scope = deciding_sites(user)
    if scope is not None and not scope:
        return []
    found = rules()
    pairs = []
    records = ContentRecord.objects.filter(kind__in=GATED_KINDS).exclude(owner=ADMINS)
    for record in records.exclude(review="draft"):
        for site in standing(record, found).pending:
            if scope is None or site in scope:
                pairs.append((record, site))
    return sorted(pairs, key=lambda p: (p[0].updated_at, p[0].pk, p[1]))


def decides(user: Any, record: ContentRecord, site: str) -> bool:
    """Whether ``record`` waits for ``site``'s decision and ``user`` gives it: one
    record judged (a page of proposals asks this for each of its previews)."""
    scope = deciding_sites(user)
    if (scope is not None and site not in scope) or record.owner == ADMINS:
        return False
    if record.kind not in GATED_KINDS or record.review == "draft":
        return False
    return site in standing(record, rules()).pending


@dataclass(frozen=True)
class Waiting:
    """An item publications leave out for now, and for whom it waits."""

    record: ContentRecord
    sites: tuple[str, ...]  # the sites whose referent must decide (none: a draft)
    draft: bool


def still_waiting(owner: str | None = None) -> list[Waiting]:
    """Drafts and items waiting for a referent (``owner``'s only, if given): what the
    publish page and a partner's home page show apart from what is ready."""
    found = rules()
    records = ContentRecord.objects.filter(kind__in=[*GATED_KINDS, "reservation"])
    if owner is not None:
        records = records.filter(owner=owner)
    waiting = []
    for record in records.exclude(owner=ADMINS, review=""):
        if record.kind == "reservation":
            if record.review == "pending":
                waiting.append(Waiting(record, ("",), draft=False))
            continue
        now = standing(record, found)
        if now.waits:
            waiting.append(Waiting(record, now.pending, draft=now.draft))
    return waiting


def refusals(owner: str) -> list[tuple[ContentRecord, dict[str, dict[str, Any]]]]:
    """``owner``'s items a referent refused for some site, with each site's decision."""
    found = rules()
    records = ContentRecord.objects.filter(kind__in=GATED_KINDS, owner=owner)
    said = [(r, standing(r, found).refused) for r in records.exclude(approvals={})]
    return [(record, refused) for record, refused in said if refused]


def approve_as_they_are(records: list[ContentRecord]) -> None:
    """Records an admin brings in (an import, a restored publication) are approved where
    they would show: what the admins put back needs nobody's « Valider » (not saved)."""
    found = rules()
    for record in records:
        record.approvals = {
            site: {**_decision(None, True), "by": "les administrateurs"}
            for site in gated(record, found)
        }
        record.review = summary(record, found)
