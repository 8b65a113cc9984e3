"""Alerts: a screen offline during its site's opening hours, refusing the published
feed, or still behind the latest publication after its refresh interval and a margin.

Checked every minute by ``signage console`` (and by ``check_alerts`` in tests). An alert
is mailed once to the admins and the site's referents when it opens, and once when it
ends ("retour à la normale"), when mail is configured (docs/console.md).
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import translation

from signage.console.content.expiry import mail_endings
from signage.console.content.models import Publication
from signage.console.content.publishing import refresh_phone_pages
from signage.console.fleet.board import judged
from signage.console.fleet.models import Alert
from signage.console.fleet.state import State, Verdict, judge, published_times
from signage.console.mail import mail_configured
from signage.console.people.models import Membership, Role
from signage.console.published import published
from signage.console.screens.changes import write_pending
from signage.console.screens.models import Screen

log = logging.getLogger(__name__)
MARGIN = timedelta(minutes=10)
TITLES = {
    "offline": "hors ligne pendant les heures d'ouverture",
    "refused": "refuse le contenu publié",
    "behind": "montre un contenu en retard",
}


def wanted(
    screen: Screen, verdict: Verdict, now: datetime, latest: Publication | None
) -> dict[str, str]:
    """The alerts ``screen`` calls for now (``latest``: the newest publication): kind →
    detail."""
    found: dict[str, str] = {}
    if verdict.state is State.OFFLINE:
        seen = f"{screen.last_seen:%d/%m %H:%M}" if screen.last_seen else "jamais"
        found["offline"] = f"dernier signe de vie : {seen}"
    if verdict.refusal:
        found["refused"] = verdict.refusal[:300]
    # A sleeping screen takes new content when it wakes: its card says so, no one is mailed.
    if verdict.behind and screen.last_status.get("display") != "asleep":
        sync = screen.last_status.get("sync") or {}
        refresh = sync.get("refresh_minutes") if isinstance(sync, dict) else None
        wait = timedelta(minutes=refresh if isinstance(refresh, int | float) else 5) + MARGIN
        if latest is not None and latest.seen_at < now - wait:
            found["behind"] = verdict.content
    return found


def check_alerts(now: datetime) -> int:
    """Open and close alerts for every screen; the number of mails sent (in French, the
    console's language, whatever language the thread last served)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _check(now)


def _check(now: datetime) -> int:
    """Only the screens that may call for an alert, or have one open, are judged one by
    one (``fleet.board`` picks them in one query): at 5,000 screens, a few of them."""
    state = published()
    sequences = published_times()
    latest = Publication.objects.first()
    open_alert = Alert.objects.filter(screen=OuterRef("pk"), closed_at__isnull=True)
    candidates = judged(Screen.objects.filter(revoked_at__isnull=True), now).filter(
        Q(attention=1) | Exists(open_alert)
    )
    alerts: dict[int, list[Alert]] = defaultdict(list)
    for alert in Alert.objects.filter(closed_at__isnull=True):
        alerts[alert.screen_id].append(alert)
    sent = 0
    for screen in candidates:
        verdict = judge(
            screen.last_seen,
            screen.last_status,
            now,
            site=state.sites.get(screen.site),
            published=sequences,
        )
        calls = wanted(screen, verdict, now, latest)
        for alert in alerts[screen.pk]:
            if alert.kind in calls:
                continue
            alert.closed_at = now
            alert.save(update_fields=["closed_at"])
            sent += _mail(
                screen,
                f"retour à la normale : {TITLES.get(alert.kind, alert.kind)}",
                "L'écran va bien de nouveau.",
            )
        already = {alert.kind for alert in alerts[screen.pk]}
        for kind, detail in calls.items():
            if kind in already:
                continue  # open since an earlier check: nothing to ask the database
            try:
                with transaction.atomic():
                    _, created = Alert.objects.get_or_create(
                        screen=screen,
                        kind=kind,
                        closed_at=None,
                        defaults={"detail": detail, "opened_at": now},
                    )
            except IntegrityError:
                created = False  # another console process opened it at the same moment
            if created:
                sent += _mail(screen, TITLES[kind], detail)
    return sent


def _mail(screen: Screen, title: str, detail: str) -> int:
    if not mail_configured():
        return 0  # mail not configured: the alert is on the console's home page only
    recipients = _recipients(screen.site)
    if not recipients:
        return 0
    subject = f"[Écrans ESC] {screen.name} ({screen.site}) : {title}"
    body = f"{screen.name}, site {screen.site} : {title}.\n{detail}\n"
    try:
        return send_mail(subject, body, None, recipients)
    except OSError as exc:
        log.warning("alert mail not sent: %s", exc)
        return 0


def _recipients(site: str) -> list[str]:
    users = get_user_model().objects.exclude(email="").filter(is_active=True)
    admins = users.filter(Q(is_superuser=True) | Q(membership__role=Role.ADMIN))
    referents = [
        m.user
        for m in Membership.objects.filter(role=Role.REFERENT).select_related("user")
        if site in (m.site_list() or ()) and m.user.email and m.user.is_active
    ]
    return sorted({u.email for u in [*admins, *referents]})


class AlertLoop:
    """Checks alerts every ``seconds`` in a thread of the console's main process."""

    def __init__(self, seconds: float = 60.0) -> None:
        self.seconds = seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="alerts", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        from django.utils import timezone  # noqa: PLC0415

        while not self._stop.wait(self.seconds):
            try:
                check_alerts(timezone.now())
                mail_endings(timezone.localdate())  # each item's coming end, mailed once
                refresh_phone_pages(timezone.now())  # now and next on the visitors' pages
                write_pending()  # change files a full disk kept from their screens
            except Exception:
                log.exception("checking alerts failed")
            finally:
                # No connection kept between checks: the server forks its workers from
                # this process, and they must not share a database connection with it.
                connection.close()
