"""« Sur mon téléphone » (issue 30): the hall screen as one static page per site and
language, written beside the feed at each publication (``telephone/<site>.html``, and
``telephone/<site>.<lang>.html`` for the other languages): the week's semainier with
now and next, the coming workshops (a phone number to tap), the wifi, the useful apps,
the announcements and posters with their text alternatives, the opening hours.

Plain semantic HTML, no JavaScript needed: now and next are marked as of the moment the
page was written (rewritten at each publication, and by the console every few minutes
when the day or a slot's edge passes); a small script, when the phone runs it, marks
them again by the phone's clock. Only what the screens show publicly: no private
booking, no note, no tracker, no cookie, nothing from another server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from html import escape
from importlib import resources
from typing import Final

from signage.content_index import SiteContent, site_content
from signage.feed import Feed
from signage.i18n import available_languages, format_day, format_span, label
from signage.model import Site, Text, Weekday, WifiOffer
from signage.model.semainier import Access, SemainierSlot
from signage.phone import DEFAULT_LANGUAGE, FOLDER, page_name

DAYS: Final = 7  # today and the six days after
WORKSHOP_DAYS: Final = 31
RTL: Final = frozenset({"ar", "fa", "he", "ur"})
LANGUAGE_NAMES: Final = {"fr": "Français", "en": "English", "ar": "العربية"}
# A French phone number as people write it: « 02 23 62 00 00 », « 02.23.62.00.00 ».
PHONE: Final = re.compile(r"(?<!\d)(?:\+33\s?|0)[1-9](?:[\s.\-]?\d{2}){4}(?!\d)")


def phone_pages(feed: Feed, now: datetime, updated: datetime | None = None) -> dict[str, bytes]:
    """Every site's page in every language as of ``now`` (today first, now and next),
    saying it was updated at ``updated`` (the publication's time, by default the feed's),
    and their stylesheet and script. The same feed at the same moment of the day gives
    the same bytes (a page rewritten every minute keeps its ETag)."""
    updated = updated or feed.generated_at or now
    assets = resources.files("signage.publish")
    pages: dict[str, bytes] = {
        f"{FOLDER}/page.css": assets.joinpath("phone_page.css").read_bytes(),
        f"{FOLDER}/now.js": assets.joinpath("phone_page.js").read_bytes(),
    }
    for site in feed.sites:
        content = site_content(feed, site.id)
        for language in available_languages():
            page = _Page(
                site, content, language, now.astimezone(site.zone), updated.astimezone(site.zone)
            )
            pages[page_name(site.id, language)] = page.html().encode()
    return pages


@dataclass
class _Page:
    site: Site
    content: SiteContent
    language: str
    now: datetime  # in the site's zone
    updated: datetime  # the publication's time, in the site's zone

    def t(self, key: str, **values: object) -> str:
        return escape(label(key, self.language, **values))

    def text(self, value: Text | str | None) -> str:
        """A feed text in the page's language; one shown in French on a page in another
        language says so (``lang="fr"``), so a phone reads it in a French voice."""
        if value is None:
            return ""
        if isinstance(value, str):
            return escape(value)
        picked = value.pick(self.language)
        if self.language != DEFAULT_LANGUAGE and picked == value.pick(DEFAULT_LANGUAGE):
            translated = value.pick(self.language, fallback="")
            if not translated:
                return f'<span lang="{DEFAULT_LANGUAGE}">{escape(picked)}</span>'
        return escape(picked)

    def html(self) -> str:
        direction = "rtl" if self.language in RTL else "ltr"
        name = escape(self.site.name)
        parts = [
            "<!doctype html>",
            f'<html lang="{self.language}" dir="{direction}" data-now="{self.t("now")}" '
            f'data-next="{self.t("next")}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{name} — {self.t('phone_title')}</title>",
            '<link rel="stylesheet" href="page.css">',
            '<script src="now.js" defer></script>',
            "</head>",
            "<body>",
            '<header class="top">',
            f'<p class="site">{name}</p>',
            self.languages(),
            "</header>",
            '<main id="contenu">',
            f"<h1>{self.t('phone_heading', site=self.site.name)}</h1>",
            f'<p class="updated">{self.updated_on()}</p>',
            self.contents(),
            self.urgent(),
            self.semainier(),
            self.workshops(),
            self.wifi(),
            self.apps(),
            self.news(),
            self.hours(),
            "</main>",
            f"<footer><p>{self.t('phone_privacy')}</p></footer>",
            "</body>",
            "</html>",
        ]
        return "\n".join(p for p in parts if p) + "\n"

    def section(self, anchor: str, title_key: str, body: str) -> str:
        """A part of the page: its heading names it for screen readers' landmarks."""
        return (
            f'<section id="{anchor}" aria-labelledby="{anchor}-titre">'
            f'<h2 id="{anchor}-titre">{self.t(title_key)}</h2>{body}</section>'
        )

    def languages(self) -> str:
        links = []
        for language in available_languages():
            if language == self.language:
                continue
            href = page_name(self.site.id, language).removeprefix(f"{FOLDER}/")
            name = LANGUAGE_NAMES.get(language, language)
            links.append(
                f'<li><a href="{href}" hreflang="{language}" lang="{language}">{name}</a></li>'
            )
        return f'<nav aria-label="{self.t("phone_languages")}"><ul>{"".join(links)}</ul></nav>'

    def updated_on(self) -> str:
        day = format_day(self.updated.date(), self.language)
        moment = self.updated.strftime("%H:%M")
        return self.t("updated_on", date=day, time=moment)

    def contents(self) -> str:
        sections = [
            ("semainier", "phone_week"),
            ("ateliers", "upcoming_workshops"),
            ("wifi", "free_wifi"),
            ("applications", "useful_apps"),
            ("annonces", "phone_news"),
            ("horaires", "phone_hours"),
        ]
        items = "".join(f'<li><a href="#{a}">{self.t(k)}</a></li>' for a, k in sections)
        return (
            f'<nav aria-label="{self.t("phone_on_this_page")}"><ul class="toc">{items}</ul></nav>'
        )

    def urgent(self) -> str:
        urgent = self.content.urgent.at(self.now)
        if not urgent:
            return ""
        items = "".join(
            f"<li><strong>{self.text(a.title)}</strong>"
            + (f"<p>{self.text(a.body)}</p>" if a.body else "")
            + "</li>"
            for a in urgent
        )
        return (
            f'<section class="urgent" aria-labelledby="urgent-titre" role="alert">'
            f'<h2 id="urgent-titre">{self.t("urgent")}</h2><ul>{items}</ul></section>'
        )

    def semainier(self) -> str:
        days = []
        for offset in range(DAYS):
            day = self.now.date() + timedelta(days=offset)
            days.append(self.day(day, offset == 0))
        return self.section("semainier", "phone_week", "".join(days))

    def day(self, day: date, today: bool) -> str:
        name = format_day(day, self.language)
        # « Aujourd'hui » on the page's first day; the script moves it to the phone's.
        hidden = "" if today else " hidden"
        heading = f'<span class="today"{hidden}>{self.t("today")} · </span>{escape(name)}'
        head = f'<h3 id="jour-{day.isoformat()}">{heading}</h3>'
        closure = self.site.hours.closure(day) if self.site.hours else None
        opening = f'<section class="day" data-day="{day}">{head}'
        if closure is not None:
            why = f" ({escape(closure.reason)})" if closure.reason else ""
            return f"{opening}<p>{self.t('closed_today')}{why}</p></section>"
        slots = self.content.slots_on(day)
        if not slots:
            hours = self.site.hours
            shut = hours is not None and hours.known and not hours.periods(Weekday.of(day))
            return f"{opening}<p>{self.t('day_closed' if shut else 'phone_nothing')}</p></section>"
        states = self.states(day, slots) if today else {}
        rows = "".join(self.slot(day, slot, states.get(id(slot), "")) for slot in slots)
        return f'{opening}<ul class="slots">{rows}</ul></section>'

    def states(self, day: date, slots: tuple[SemainierSlot, ...]) -> dict[int, str]:
        """ "now" for the slots under way, "next" for the first ones to start after."""
        clock = self.now.time()
        found = {id(s): "now" for s in slots if s.start <= clock < s.end and not s.cancelled(day)}
        coming = [s for s in slots if s.start > clock and not s.cancelled(day)]
        if coming:
            first = min(s.start for s in coming)
            found.update({id(s): "next" for s in coming if s.start == first})
        return found

    def slot(self, day: date, slot: SemainierSlot, state: str) -> str:
        span = escape(format_span(slot.start, slot.end, self.language))
        start = datetime.combine(day, slot.start, self.site.zone).isoformat()
        end = datetime.combine(day, slot.end, self.site.zone).isoformat()
        details = [slot.partner, slot.room]
        access = (
            self.t("by_appointment") if slot.access is Access.APPOINTMENT else self.t("free_access")
        )
        who = " · ".join(escape(d) for d in details if d)
        who = f"{who} · {access}" if who else access
        audience = f" · {self.text(slot.audience)}" if slot.audience else ""
        cancelled = slot.cancelled(day)
        mark = ""
        if cancelled:
            mark = f'<strong class="mark cancelled">{self.t("cancelled")}</strong>'
        elif state:
            mark = f'<strong class="mark {state}">{self.t(state)}</strong>'
        return (
            f'<li class="slot{" " + state if state and not cancelled else ""}" '
            f'data-start="{start}" data-end="{end}"{" data-cancelled" if cancelled else ""}>'
            f'<p class="when">{span} {mark}</p>'
            f'<p class="what">{self.text(slot.title)}</p>'
            f'<p class="who">{who}{audience}</p></li>'
        )

    def workshops(self) -> str:
        horizon = self.now + timedelta(days=WORKSHOP_DAYS)
        found = self.content.upcoming(self.now, horizon, 50)
        if not found:
            body = f"<p>{self.t('phone_no_workshops')}</p>"
        else:
            rows = []
            for w in found:
                start, end = w.start.astimezone(self.site.zone), w.end.astimezone(self.site.zone)
                span = format_span(start.time(), end.time(), self.language)
                when = f"{format_day(start.date(), self.language)}, {span}"
                facts = [escape(when)]
                if w.place:
                    facts.append(escape(w.place))
                if w.organiser:
                    facts.append(escape(w.organiser))
                if w.audience:
                    facts.append(self.text(w.audience))
                if w.free:
                    facts.append(self.t("free_of_charge"))
                elif w.price:
                    facts.append(escape(w.price))
                register = ""
                if w.registration:
                    register = (
                        f"<p>{self.t('register')} : {tel_links(self.text(w.registration))}</p>"
                    )
                rows.append(
                    f"<li><h3>{self.text(w.title)}</h3><p>{' · '.join(facts)}</p>{register}</li>"
                )
            body = f'<ul class="cards">{"".join(rows)}</ul>'
        return self.section("ateliers", "upcoming_workshops", body)

    def wifi(self) -> str:
        offers = self.content.wifi
        if not offers:
            body = f"<p>{self.t('phone_no_wifi')}</p>"
        else:
            rows = []
            for offer in offers:
                password = (
                    f"<dt>{self.t('password')}</dt><dd><code>{escape(offer.password)}</code></dd>"
                    if offer.password
                    else f"<dt>{self.t('password')}</dt><dd>{self.t('no_password')}</dd>"
                )
                provider = (
                    f"<p>{self.t('provided_by', provider=offer.provider)}</p>"
                    if offer.provider
                    else ""
                )
                rows.append(
                    f"<li><dl><dt>{self.t('network')}</dt><dd><code>{escape(offer.ssid)}</code></dd>"
                    f"{password}</dl>{provider}"
                    + (f"<p>{self.text(offer.note)}</p>" if offer.note else "")
                    + self.wifi_code(offer)
                    + "</li>"
                )
            body = f'<ul class="cards">{"".join(rows)}</ul>'
        return self.section("wifi", "free_wifi", body)

    def wifi_code(self, offer: WifiOffer) -> str:
        """The network's QR code, for a visitor to show a companion (a phone cannot scan
        its own screen): inline SVG, named for screen readers."""
        name = self.t("phone_wifi_code", network=offer.ssid)
        svg = _qr_svg(offer.join_payload).replace(
            "<svg ", f'<svg role="img" aria-label="{name}" ', 1
        )
        caption = f"<figcaption>{self.t('phone_wifi_show')}</figcaption>"
        return f'<figure class="wifi-qr">{svg}{caption}</figure>'

    def apps(self) -> str:
        apps = self.content.apps
        if not apps:
            body = f"<p>{self.t('phone_no_apps')}</p>"
        else:
            rows = "".join(
                f'<li><h3><a href="{escape(a.url)}">{escape(a.name)}</a></h3>'
                f"<p>{self.text(a.description)}</p></li>"
                for a in apps
            )
            body = f'<ul class="cards">{rows}</ul>'
        return self.section("applications", "useful_apps", body)

    def news(self) -> str:
        rows = []
        for a in self.content.announcements.at(self.now):
            body = f"<p>{self.text(a.body)}</p>" if a.body else ""
            rows.append(f"<li><h3>{self.text(a.title)}</h3>{body}</li>")
        for p in self.content.posters.at(self.now):
            title = self.text(p.caption) or self.text(p.alt) or self.t("announcement")
            facts = [escape(x) for x in (p.when, p.place) if x]
            alt = f"<p>{self.text(p.alt)}</p>" if p.alt else ""
            link = (
                f'<p><a href="{escape(p.url)}">{self.t("phone_know_more")}</a></p>' if p.url else ""
            )
            rows.append(
                f"<li><h3>{title}</h3>"
                + (f"<p>{' · '.join(facts)}</p>" if facts else "")
                + f"{alt}{link}</li>"
            )
        body = (
            f'<ul class="cards">{"".join(rows)}</ul>'
            if rows
            else f"<p>{self.t('phone_no_news')}</p>"
        )
        return self.section("annonces", "phone_news", body)

    def hours(self) -> str:
        hours = self.site.hours
        if hours is None or not hours.known:
            body = f"<p>{self.t('phone_hours_unknown')}</p>"
        else:
            rows = []
            monday = self.now.date() - timedelta(days=self.now.weekday())
            for offset, weekday in enumerate(Weekday):
                name = format_day(monday + timedelta(days=offset), self.language).split(" ")[0]
                periods = hours.periods(weekday)
                said = (
                    ", ".join(
                        escape(format_span(p.start, p.end or time.max, self.language))
                        for p in periods
                    )
                    if periods
                    else self.t("day_closed")
                )
                rows.append(
                    f'<tr><th scope="row">{escape(name.capitalize())}</th><td>{said}</td></tr>'
                )
            closures = [
                c
                for c in hours.closures
                if self.now.date() <= c.day <= self.now.date() + timedelta(days=60)
            ]
            closed = ""
            if closures:
                items = "".join(
                    f"<li>{escape(format_day(c.day, self.language))}"
                    + (f" ({escape(c.reason)})" if c.reason else "")
                    + "</li>"
                    for c in closures
                )
                closed = f"<h3>{self.t('phone_closures')}</h3><ul>{items}</ul>"
            body = f"<table><tbody>{''.join(rows)}</tbody></table>{closed}"
        return self.section("horaires", "phone_hours", body)


def tel_links(text: str) -> str:
    """Phone numbers in an (escaped) text as links a phone calls when tapped."""

    def link(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        number = f"+{digits}" if match.group(0).startswith("+") else f"+33{digits[1:]}"
        return f'<a href="tel:{number}">{match.group(0)}</a>'

    return PHONE.sub(link, text)


@lru_cache(maxsize=64)
def _qr_svg(payload: str) -> str:
    """A QR code as inline SVG, made once per payload: a site's pages in each language,
    rewritten every minute by the console, show the same network's code (segno took
    most of a page's writing)."""
    import segno  # noqa: PLC0415

    return str(
        segno.make(payload, error="m", micro=False).svg_inline(
            scale=5, dark="#000", light="#fff", svgclass="qr", lineclass=None
        )
    )
