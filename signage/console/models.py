"""Every model of the console, for Django's registry (one app, ``console``): each is
defined in its domain's package and imported here, so migrations and other apps see
them all. Code inside the console imports a model from its own domain's ``models``."""

from __future__ import annotations

from signage.console.content.models import (
    ADMINS,
    Abbreviation,
    ContentFile,
    ContentRecord,
    ExpiryMail,
    PendingAgenda,
    Publication,
    SiteApproval,
    StoredFile,
)
from signage.console.fleet.models import Alert, Heartbeat
from signage.console.people.models import (
    Membership,
    Partner,
    Role,
    Scoped,
    check_ids,
    id_list,
    known_site_ids,
)
from signage.console.reports.models import DisplayCount
from signage.console.screens.models import (
    Action,
    CodeAttempt,
    PairingRequest,
    Screen,
    ScreenCommand,
    ScreenSettings,
    hash_token,
)

__all__ = [
    "ADMINS",
    "Abbreviation",
    "Action",
    "Alert",
    "CodeAttempt",
    "ContentFile",
    "ContentRecord",
    "DisplayCount",
    "ExpiryMail",
    "Heartbeat",
    "Membership",
    "PairingRequest",
    "Partner",
    "PendingAgenda",
    "Publication",
    "Role",
    "Scoped",
    "Screen",
    "ScreenCommand",
    "ScreenSettings",
    "SiteApproval",
    "StoredFile",
    "check_ids",
    "hash_token",
    "id_list",
    "known_site_ids",
]
