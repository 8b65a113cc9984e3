"""Django's admin, for admins: people, roles and screens, with their history."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from signage.console.people.models import Membership, Partner
from signage.console.screens.models import Screen


@admin.register(Screen)
class ScreenAdmin(SimpleHistoryAdmin):
    list_display = ("name", "site", "last_seen", "revoked_at")
    readonly_fields = ("last_seen", "last_status", "last_screenshot", "revoked_at")


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "role", "partner", "sites")


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    """A partner organisation: its kinds and sites, as partners.toml lists them."""

    list_display = ("name", "slug", "kinds", "sites")
