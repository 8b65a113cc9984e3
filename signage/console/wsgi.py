"""The WSGI entry point (gunicorn, or any WSGI server).

The screens' API (``/api/v1/…``) goes through a handler of its own with only the
middleware a machine's request needs: a screen is known by its token, so sessions,
accounts, messages, CSRF, the content security policy, htmx and login lockouts are a
person's page's business. A heartbeat a minute from thousands of screens then does not
pay for them (a tenth of its time).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "signage.console.settings")
people = get_wsgi_application()

API_PREFIX = "/api/v1/"
API_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]


class MachinesHandler(WSGIHandler):
    def load_middleware(self, is_async: bool = False) -> None:
        # Django builds the chain from settings.MIDDLEWARE: swapped for the time it
        # takes, once, at start (one thread).
        everything = settings.MIDDLEWARE
        settings.MIDDLEWARE = API_MIDDLEWARE
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = everything


machines = MachinesHandler()


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    if str(environ.get("PATH_INFO", "")).startswith(API_PREFIX):
        return machines(environ, start_response)
    return people(environ, start_response)
