"""The console's pages: the fleet, a screen, registering and revoking screens, the log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _

from signage.console.content import agenda_approval, urgent
from signage.console.content.access import owner_of
from signage.console.content.approval import refusals, still_waiting, to_decide
from signage.console.content.expiry import ending_soon
from signage.console.content.kinds import KINDS, title_of
from signage.console.content.models import ADMINS, Publication
from signage.console.content.publish_views import waiting_words
from signage.console.content.slides import described
from signage.console.fleet.board import counts, in_order, judged
from signage.console.fleet.journal import entries, person_name
from signage.console.fleet.models import Heartbeat
from signage.console.fleet.state import (
    Published,
    State,
    Verdict,
    judge,
    published_times,
)
from signage.console.people.roles import (
    admin_required,
    manageable_sites,
    may_manage,
    member_required,
)
from signage.console.people.sites import site_names as content_site_names
from signage.console.published import published, site_names
from signage.console.rooms.views import waiting_for
from signage.console.screens.access import visible_screens
from signage.console.screens.models import Action, Screen, ScreenCommand
from signage.console.screens.screenshots import screenshot_path
from signage.console.screens.views import commands_context

STATE_LABELS = {
    State.ONLINE: _("en ligne"),
    State.ASLEEP: _("en veille"),
    State.LATE: _("en retard"),
    State.OFFLINE: _("hors ligne"),
    State.NEVER: _("jamais vu"),
}


@dataclass(frozen=True)
class Row:
    screen: Screen
    verdict: Verdict
    site_name: str

    @property
    def status(self) -> dict[str, Any]:
        return self.screen.last_status

    @property
    def seen(self) -> str:
        """When the last heartbeat came, in words: "à l'instant", "il y a 3 minutes"."""
        last = self.screen.last_seen
        if last is None:
            return str(_("jamais"))
        if (timezone.now() - last).total_seconds() < 60:
            return str(_("à l'instant"))
        return str(_("il y a %(ago)s") % {"ago": timesince(last)})

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.verdict.state])

    @property
    def uptime(self) -> str:
        seconds = self.status.get("uptime_seconds")
        if not isinstance(seconds, int):
            return "—"
        days, rest = divmod(seconds, 86400)
        hours, rest = divmod(rest, 3600)
        if days:
            return f"{days} j {hours} h"
        return f"{hours} h {rest // 60:02d} min" if hours else f"{rest // 60} min"

    @property
    def showing(self) -> str:
        """What the screen shows, in words: "Agenda des ateliers, page 2 sur 3"."""
        slide = self.status.get("current_slide") or {}
        if self.status.get("display") == "asleep":
            return str(_("rien : l'écran est en veille"))
        text = str(slide.get("description") or "") if isinstance(slide, dict) else ""
        return described(text)


def _sequences() -> list[Published]:
    published()  # records the current publication if it is new
    return published_times()


def _rows(screens: list[Screen]) -> list[Row]:
    """The screens judged one by one, in the order given (the page's)."""
    now = timezone.now()
    state = published()
    names = {site_id: site.name for site_id, site in state.sites.items()}
    sequences = _sequences()
    return [
        Row(
            screen,
            judge(
                screen.last_seen,
                screen.last_status,
                now,
                site=state.sites.get(screen.site),
                published=sequences,
            ),
            names.get(screen.site, screen.site),
        )
        for screen in screens
    ]


PAGE_SIZE = 24  # cards on a page: a phone scrolls them, a desk sees them in a few rows
ATTENTION_LISTED = 20  # the others needing someone are on the first pages, in order


@member_required
def fleet(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    visible = visible_screens(request.user)
    names = site_names()
    # Without the model's ordering: DISTINCT on the site alone, read from its index
    # (with it, every screen's name joined the DISTINCT: 5 ms at 5,000 screens).
    present = sorted(visible.order_by().values_list("site", flat=True).distinct())
    sites = [(site, names.get(site, site)) for site in present]
    chosen = request.GET.get("site", "")
    if chosen in present:
        visible = visible.filter(site=chosen)
    else:
        chosen = ""
    board = judged(visible, now)
    tally = counts(board)
    page = Paginator(in_order(board), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _rows(list(page.object_list))
    # Those needing someone come first: on the first page, the list is the page's head.
    heads = rows if page.number == 1 else _rows(list(in_order(board)[:ATTENTION_LISTED]))
    attention = [row for row in heads[:ATTENTION_LISTED] if row.verdict.attention]
    context = {
        "rows": rows,
        "page": page,
        "tally": tally,
        "states": [(STATE_LABELS[state], n) for state, n in tally.by_state.items() if n],
        "attention": attention,
        "attention_more": max(0, tally.attention - len(attention)),
        "sites": sites if len(sites) > 1 else [],
        "chosen_site": chosen,
        "query": request.GET.urlencode(),
        "latest": Publication.objects.first(),
        "can_register": bool(manageable_sites(request.user, list(names) or ["*"]))
        or may_manage(request.user, "*"),
        "settings_sites": [
            (site, name) for site, name in names.items() if may_manage(request.user, site)
        ],
    }
    if not request.headers.get("HX-Request"):
        context["ending"] = ending_soon(request.user, timezone.localdate())
        context["to_decide"] = len(to_decide(request.user)) + len(
            agenda_approval.to_decide(request.user)
        )
        context.update(_partner_items(request))
        context["bookings_to_decide"] = len(waiting_for(request))
        context["urgent_sites"] = urgent.sendable_sites(request.user)
        context["urgent_until"] = urgent.UNTIL
        context["urgent_on"] = urgent.on_now(request.user)
    template = "fleet/fleet_table.html" if request.headers.get("HX-Request") else "fleet/fleet.html"
    return render(request, template, context)


def _partner_items(request: HttpRequest) -> dict[str, Any]:
    """A partner's items that are not (all) on screens: waiting, and refused (why)."""
    owner = owner_of(request.user)
    if owner in (None, ADMINS):
        return {}
    names = content_site_names()
    refused = []
    for record, decisions in refusals(str(owner)):
        kind = KINDS[record.kind]
        for site, decided in decisions.items():
            refused.append(
                (
                    record,
                    f"{kind.label} « {title_of(kind, record.values)} »",
                    names.get(site, site),
                    decided.get("note") or "sans raison donnée",
                    decided.get("by") or "",
                )
            )
    agendas = [
        (names.get(a.site, a.site), a.refusal.get("note") or "", a.refusal.get("by") or "")
        for a in agenda_approval.refused(str(owner))
    ]
    waiting = [names.get(a.site, a.site) for a in agenda_approval.waiting(str(owner))]
    return {
        "mine_waiting": waiting_words(still_waiting(str(owner))),
        "mine_refused": refused,
        "agendas_refused": agendas,
        "agendas_waiting": waiting,
    }


@member_required
def screen_page(request: HttpRequest, pk: int) -> HttpResponse:
    screen = get_object_or_404(visible_screens(request.user), pk=pk)
    (row,) = _rows([screen])
    since = timezone.now() - timedelta(days=3)
    beats = list(screen.heartbeats.filter(received_at__gte=since).order_by("received_at"))
    shots = [b for b in reversed(beats) if b.screenshot][:12]
    # Publications as people number them (n° 12), not the feed's own sequence.
    sequences = {b.sequence for b in beats} | {row.status.get("content", {}).get("sequence")}
    numbers = dict(
        Publication.objects.filter(
            sequence__in=[q for q in sequences if isinstance(q, int)]
        ).values_list("sequence", "number")
    )
    for beat in beats:
        beat.number = numbers.get(beat.sequence)
        beat.shown = described(beat.showing)
    return render(
        request,
        "fleet/screen.html",
        {
            "row": row,
            "content_number": numbers.get(row.status.get("content", {}).get("sequence")),
            "beats": beats[-50:][::-1],
            "shots": shots,
            "plot": _plot(beats, since),
            "can_manage": may_manage(request.user, screen.site),
            "actions": Action.choices,
            **commands_context(screen),
        },
    )


def _plot(beats: list[Heartbeat], since: Any) -> list[dict[str, float]]:
    """Bars of the last three days, one per heartbeat: x in % of the period, height from
    the content's age (an hour or more: full height)."""
    period = 3 * 24 * 3600
    points = []
    for beat in beats:
        # The newest heartbeat is at the right edge: its bar ends there, not past it.
        x = min((beat.received_at - since).total_seconds() / period * 100, 99.6)
        age = min((beat.content_age_seconds or 0) / 3600, 1.0)
        height = round(8 + 52 * age, 1)
        points.append({"x": round(x, 2), "y": 60 - height, "h": height, "awake": beat.awake})
    return points


@member_required
def screenshot(request: HttpRequest, pk: int, which: str) -> HttpResponse:
    screen = get_object_or_404(visible_screens(request.user), pk=pk)
    relative = screen.last_screenshot
    if which != "last":
        if not which.isdigit() or len(which) > 18:  # a heartbeat's number, nothing else
            raise Http404("no such screenshot")
        beat = get_object_or_404(screen.heartbeats, pk=int(which))
        relative = beat.screenshot
    path = screenshot_path(relative)
    if path is None:
        raise Http404("no screenshot")
    return FileResponse(path.open("rb"), content_type="image/png")


@admin_required
def journal(request: HttpRequest) -> HttpResponse:
    actions = ScreenCommand.objects.select_related("screen", "requested_by")[:100]
    return render(
        request,
        "fleet/journal.html",
        {"changes": entries(), "actions": actions, "person_name": person_name},
    )
