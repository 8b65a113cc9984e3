"""What the console keeps: screens, their heartbeats, the publications, who may do what."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords


def hash_token(token: str) -> str:
    """Tokens are stored hashed: a leaked database does not let anyone pose as a screen.
    A token has 256 bits of randomness, so one SHA-256 suffices (no password stretching)."""
    return hashlib.sha256(token.encode()).hexdigest()


def id_list(value: object) -> list[str] | None:
    """A saved list of ids (sites, kinds) as a list of texts; None when it is not one
    (a JSON string such as ``"maurepas"`` must never be read letter by letter)."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def known_site_ids() -> set[str]:
    """The sites the content describes (the console's records and what was published)."""
    from signage.console.published import published  # noqa: PLC0415

    saved = ContentRecord.objects.filter(kind="site").values_list("values", flat=True)
    return {str(v.get("id")) for v in saved if isinstance(v, dict)} | set(published().sites)


def check_ids(value: object, known: set[str], what: str, example: str) -> list[str]:
    """Problems (in French) of a list of ids as saved: a list, of known values."""
    found = id_list(value)
    if found is None:
        return [f"Donnez une liste de {what}, par exemple {example}."]
    unknown = [v for v in found if known and v not in known]
    if unknown:
        return [
            f"Inconnu : {', '.join(unknown)}. Connus : {', '.join(sorted(known))} "
            f"(par exemple {example})."
        ]
    return []


class Scoped:
    """Sites and kinds kept as JSON lists (a membership's, a partner's): read as lists of
    ids only, and checked against the known ones when saved."""

    sites: Any
    kinds: Any

    def site_list(self) -> list[str] | None:
        """Its sites; None for every site (none listed). A value that is not a list of
        sites gives no site at all, never every site."""
        found = id_list(self.sites)
        if found is None:
            return []
        return found or None

    def kind_list(self) -> list[str]:
        return id_list(self.kinds) or []

    def clean(self) -> None:
        from signage.publish.part import KINDS  # noqa: PLC0415

        problems = {
            "sites": check_ids(self.sites, known_site_ids(), "sites", '["maurepas"]'),
            "kinds": check_ids(self.kinds, set(KINDS), "types de contenu", '["wifi"]'),
        }
        if any(problems.values()):
            raise ValidationError({k: v for k, v in problems.items() if v})


class Role(models.TextChoices):
    ADMIN = "admin", "Administrateur"
    PARTNER = "partner", "Partenaire"
    REFERENT = "referent", "Référent de site"
    VIEWER = "viewer", "Lecteur"


class Membership(Scoped, models.Model):
    """A person's role, and the sites (and kinds, for a partner) it covers."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.VIEWER)
    # Site ids ("maurepas"); empty: every site.
    sites = models.JSONField(default=list, blank=True)
    # A partner's kinds, as in partners.toml ("wifi", "workshops"…).
    kinds = models.JSONField(default=list, blank=True)
    # A partner's organisation (Partner.slug): its kinds and sites are the organisation's.
    partner = models.CharField(max_length=64, blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Screen(models.Model):
    """A screen in a hall, known by its token; its latest heartbeat kept alongside."""

    name = models.CharField("nom", max_length=80)
    site = models.CharField("site", max_length=40, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The latest heartbeat, kept here so the fleet page reads one row per screen.
    last_seen = models.DateTimeField(null=True, blank=True, db_index=True)
    last_status = models.JSONField(default=dict, blank=True)
    last_screenshot = models.CharField(max_length=200, blank=True)
    # Its site or name changed: a new settings document for it (heartbeats use update()).
    changed_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(
        excluded_fields=["last_seen", "last_status", "last_screenshot", "changed_at"]
    )

    class Meta:
        ordering = ["site", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.site})"

    @classmethod
    def register(cls, name: str, site: str) -> tuple[Screen, str]:
        """A new screen and its token (shown once, never stored in clear)."""
        token = secrets.token_urlsafe(32)
        screen = cls.objects.create(name=name, site=site, token_hash=hash_token(token))
        return screen, token

    @property
    def interval_minutes(self) -> float:
        value: Any = self.last_status.get("heartbeat_minutes")
        return float(value) if isinstance(value, int | float) and value > 0 else 10.0


class Heartbeat(models.Model):
    """One heartbeat, summarised (the full status stays on the screen's row)."""

    screen = models.ForeignKey(Screen, on_delete=models.CASCADE, related_name="heartbeats")
    received_at = models.DateTimeField(db_index=True)
    awake = models.BooleanField(default=True)
    showing = models.CharField(max_length=200, blank=True)
    sequence = models.BigIntegerField(null=True, blank=True)
    content_age_seconds = models.IntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    screenshot = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["screen", "-received_at"])]
        ordering = ["-received_at"]


class Publication(models.Model):
    """A feed published (seen in the published folder): what screens should be showing.
    One published from the console keeps its document, so it can be published again."""

    sequence = models.BigIntegerField(unique=True)
    generated_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    summary = models.TextField(blank=True)
    document = models.JSONField(null=True, blank=True)
    owners = models.JSONField(default=dict, blank=True)  # "section:id" → partner id

    class Meta:
        ordering = ["-sequence"]


class Alert(models.Model):
    """A screen needing someone: open while it lasts, mailed once when it opens and once
    when it ends."""

    screen = models.ForeignKey(Screen, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=16)
    detail = models.CharField(max_length=300)
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            # Several console processes check at once: only one opens (and mails) it.
            models.UniqueConstraint(
                fields=["screen", "kind"],
                condition=models.Q(closed_at__isnull=True),
                name="one_open_alert_per_kind",
            )
        ]


ADMINS = "admins"  # the owner of the admins' own records (sites, and anything else)


class Partner(Scoped, models.Model):
    """A partner organisation (as in partners.toml): the kinds and sites it may publish.
    Its records are its own part of the feed: a problem in them never holds back anyone
    else's."""

    slug = models.SlugField("identifiant", max_length=64, unique=True)
    name = models.CharField("nom", max_length=120)
    kinds = models.JSONField(default=list)
    sites = models.JSONField(default=list, blank=True)  # empty: every site
    calendar_hosts = models.JSONField(default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ContentRecord(models.Model):
    """One record of content, as a line of a content file holds it: ``values`` are the
    keys of that file's table (dates and times written as ISO text). Saved only once the
    same checks as ``signage publish`` accept it."""

    owner = models.CharField(max_length=64, db_index=True, default=ADMINS)
    kind = models.CharField(max_length=16, db_index=True)
    values = models.JSONField()
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} ({self.owner})"


class ContentFile(models.Model):
    """A file of a content folder the forms do not hold as records: an image, an
    ``.ics`` calendar (``path`` as in the folder: ``images/affiche.png``)."""

    owner = models.CharField(max_length=64, default=ADMINS)
    path = models.CharField(max_length=200)
    data = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner", "path"], name="one_file_per_path")]


class PairingRequest(models.Model):
    """A screen showing a pairing code, waiting for a referent to type it.

    The screen sent only its token's hash: once claimed, the new ``Screen`` has that hash
    and the screen, which kept its token, is known by it. Kept until the screen has
    fetched its settings once (a lost answer does not strand it), or until expiry."""

    code = models.CharField(max_length=12, unique=True)
    token_hash = models.CharField(max_length=64, unique=True)
    address = models.GenericIPAddressField(null=True, blank=True)
    # Its networks (client_address.networks): limits count per network, not per address.
    network = models.CharField(max_length=50, blank=True, db_index=True)
    wide_network = models.CharField(max_length=50, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField()
    screen = models.ForeignKey(Screen, null=True, blank=True, on_delete=models.CASCADE)


class CodeAttempt(models.Model):
    """A pairing code typed in the console that matched nothing (for the rate limit)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    at = models.DateTimeField(auto_now_add=True, db_index=True)


class ScreenSettings(models.Model):
    """What the console sets for the screens of a site (``screen`` empty) or for one
    screen: sections as in a screen's TOML (``{"display": {"theme": "dark"}, "playlist":
    [...]}``); a screen's own settings override its site's, section by section."""

    site = models.CharField(max_length=40, blank=True, db_index=True)
    screen = models.OneToOneField(
        Screen, null=True, blank=True, on_delete=models.CASCADE, related_name="own_settings"
    )
    values = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site"], condition=models.Q(screen__isnull=True), name="one_per_site"
            )
        ]


class Action(models.TextChoices):
    SYNC = "sync", "synchroniser maintenant"
    SCREENSHOT = "screenshot", "capture d'écran maintenant"
    RESTART = "restart", "redémarrer le lecteur"


class ScreenCommand(models.Model):
    """An action asked of a screen from its page, and what the screen answered."""

    screen = models.ForeignKey(Screen, on_delete=models.CASCADE, related_name="commands")
    action = models.CharField(max_length=16, choices=Action.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    requested_at = models.DateTimeField(auto_now_add=True, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    ok = models.BooleanField(null=True)
    detail = models.CharField(max_length=300, blank=True)
    capture = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-requested_at"]


class DisplayCount(models.Model):
    """Proof of display: how often and how long an item (or, ``item`` empty, a kind of
    slide) showed on a screen on a day, summed from the heartbeats."""

    screen = models.ForeignKey(Screen, on_delete=models.CASCADE, related_name="counts")
    site = models.CharField(max_length=40, db_index=True)
    day = models.DateField(db_index=True)
    kind = models.CharField(max_length=16)
    item = models.CharField(max_length=120, blank=True)
    shows = models.IntegerField(default=0)
    seconds = models.FloatField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["screen", "day", "kind", "item"], name="one_count_per_item_and_day"
            )
        ]
