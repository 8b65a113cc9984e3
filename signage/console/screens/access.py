"""Which screens a person may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from signage.console.people.models import Role
from signage.console.people.roles import membership
from signage.console.screens.models import Screen


def visible_screens(user: Any) -> QuerySet[Screen]:
    """The screens ``user`` may see: all for admins and viewers without sites, else those
    of their sites."""
    found = membership(user)
    screens = Screen.objects.filter(revoked_at__isnull=True)
    if found is None:
        return screens.none()
    sites = found.site_list()
    if found.role == Role.ADMIN or sites is None:
        return screens
    return screens.filter(site__in=sites)
