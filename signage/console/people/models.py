"""Who may do what: memberships (a person's role, sites and kinds) and partner
organisations (the kinds and sites they publish)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models
from simple_history import register
from simple_history.models import HistoricalRecords

from signage.console.published import published


def id_list(value: object) -> list[str] | None:
    """A saved list of ids (sites, kinds) as a list of texts; None when it is not one
    (a JSON string such as ``"maurepas"`` must never be read letter by letter)."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def known_site_ids() -> set[str]:
    """The sites the content describes (the console's records and what was published)."""
    records = apps.get_model("console", "ContentRecord")  # content is above people
    saved = records.objects.filter(kind="site").values_list("values", flat=True)
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


class Partner(Scoped, models.Model):
    """A partner organisation (as in partners.toml): the kinds and sites it may publish.
    Its records are its own part of the feed: a problem in them never holds back anyone
    else's."""

    slug = models.SlugField("identifiant", max_length=64, unique=True)
    name = models.CharField("nom", max_length=120)
    kinds = models.JSONField(default=list)
    sites = models.JSONField(default=list, blank=True)  # empty: every site
    calendar_hosts = models.JSONField(default=list, blank=True)
    # The private key of its rooms' calendar links (made at first use; never in history).
    calendar_key = models.CharField(max_length=64, blank=True, db_index=True)
    # The rules of use it accepted, per room: {room id: hash of the rules' text} (asked
    # once, again when the text changes).
    accepted_rules = models.JSONField(default=dict, blank=True)
    # The console kinds ("atelier"…) its items need no referent's approval for.
    trusted_kinds = models.JSONField(default=list, blank=True)
    history = HistoricalRecords(excluded_fields=["calendar_key"])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# Accounts too are in the Journal (added, renamed, deactivated), beside their roles;
# the password's hash is never copied into the history.
register(User, app="signage.console", excluded_fields=["password", "last_login"])
