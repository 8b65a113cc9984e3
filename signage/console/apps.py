"""The console as a Django application."""

from __future__ import annotations

from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "signage.console"
    label = "console"
    verbose_name = "Console des écrans"

    def ready(self) -> None:
        from signage.console.screens import changes  # noqa: PLC0415 (models are ready now)

        changes.connect()
