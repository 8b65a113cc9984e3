"""Whether the console sends mail: only when a mail server is given (docs/console.md);
otherwise what a mail would say is on the console's home page only."""

from __future__ import annotations

from django.conf import settings


def mail_configured() -> bool:
    return bool(settings.EMAIL_HOST) or not settings.EMAIL_BACKEND.endswith("smtp.EmailBackend")
