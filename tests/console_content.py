"""Helpers for the content tests: the example content in the console, a partner, a
published folder, sign-in through the test client."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

from signage.console.content.folder import import_folder
from signage.console.models import Membership, Role
from signage.resources import assets_dir

EXAMPLE = assets_dir() / "example-content" / "admins"
PASSWORD = "correct horse battery"


def with_example(settings: Any, tmp_path: Path) -> Path:
    """The example content imported, a published folder configured; that folder."""
    out = tmp_path / "published"
    out.mkdir()
    settings.PUBLISHED_FEED = str(out / "feed.json")
    settings.PUBLISH_KEY = str(tmp_path / "keys" / "publish.key")
    settings.SCREEN_PUBLIC_KEY = ""
    import_folder(EXAMPLE)
    return out


def member(name: str, role: str, partner: str = "", sites: list[str] | None = None) -> Client:
    """A signed-in client for a new person (``sites``: none for all of them)."""
    users = get_user_model()
    user = users.objects.create_user(name, "", PASSWORD)
    Membership.objects.create(user=user, role=role, partner=partner, sites=sites or [])
    client = Client()
    client.force_login(user)
    return client


def admin() -> Client:
    return member("admin", Role.ADMIN)


def feed(out: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((out / "feed.json").read_bytes())
    return document
