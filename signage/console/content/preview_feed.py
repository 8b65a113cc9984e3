"""The feed a preview paints: what publishing now would publish (built by the same
dry run, cached until a record changes), plus the record being edited, unsaved."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from django.conf import settings
from django.db.models import Max

from signage.console.content.checks import check, refused
from signage.console.content.folder import as_toml, export_folder
from signage.console.content.kinds import Kind
from signage.console.content.models import ContentFile, ContentRecord
from signage.console.people.models import Partner
from signage.publish.build import build, feed_body
from signage.publish.images import ImageSet
from signage.publish.tables import localize

SECTION_OF: Final = {
    "site": "sites",
    "wifi": "wifi",
    "appli": "apps",
    "annonce": "announcements",
    "affiche": "posters",
    "atelier": "workshops",
    "creneau": "semainier",
}
KEEP: Final = 6  # preview folders kept (older ones removed)


def _root() -> Path:
    root = Path(settings.STATE) / "preview"
    root.mkdir(parents=True, exist_ok=True)
    return root


def _version(exclude: int | None) -> str:
    marks = [
        ContentRecord.objects.aggregate(n=Max("updated_at"))["n"],
        ContentRecord.objects.count(),
        ContentFile.objects.aggregate(n=Max("updated_at"))["n"],
        ContentFile.objects.count(),
        list(Partner.objects.values_list("slug", "kinds", "sites")),
        exclude,
        datetime.now(UTC).date(),  # calendars are expanded from today
    ]
    return hashlib.sha256(repr(marks).encode()).hexdigest()[:20]


def base_document(exclude: int | None = None) -> tuple[dict[str, Any], Path]:
    """The document publishing would write now (without record ``exclude``), and the
    folder holding it and its images."""
    folder = _root() / _version(exclude)
    feed = folder / "feed.json"
    if not feed.is_file():
        with tempfile.TemporaryDirectory(prefix="signage-preview-") as temp:
            admins = export_folder(
                Path(temp) / "content", refused() | ({exclude} if exclude else set())
            )
            out = Path(temp) / "out"
            out.mkdir()
            result = build(admins, out, now=datetime.now(UTC), dry_run=True, shown="console")
            document = result.document or {"format": "esc-signage-feed", "version": 1}
            staging = Path(temp) / "feed"
            staging.mkdir()
            for name, data in result.images.items():
                (staging / name).parent.mkdir(parents=True, exist_ok=True)
                (staging / name).write_bytes(data)
            (staging / "feed.json").write_bytes(feed_body(document))
            if not folder.exists():
                shutil.move(staging, folder)
        _prune()
    return json.loads(feed.read_bytes()), folder


def _prune() -> None:
    folders = sorted(_root().iterdir(), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in folders[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)


def draft_feed(
    kind: Kind, values: dict[str, Any], owner: str, pk: int | None, uploads: dict[str, bytes]
) -> Path:
    """A feed with the record being edited as it stands in the form (checked first)."""
    document, base = base_document(pk)
    section = SECTION_OF.get(kind.key)
    folder = (
        _root() / f"draft-{hashlib.sha256(repr((values, base.name)).encode()).hexdigest()[:20]}"
    )
    if section is None:
        return base / "feed.json"
    checked = check(kind, values, owner, pk)
    if checked.item is None:
        return base / "feed.json"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(base, folder)
    record = _published(kind, values, owner, uploads, folder)
    if record is None:
        return base / "feed.json"
    document = {**document, section: [*document.get(section, []), record]}
    (folder / "feed.json").write_bytes(feed_body(document))
    return folder / "feed.json"


def _published(
    kind: Kind, values: dict[str, Any], owner: str, uploads: dict[str, bytes], folder: Path
) -> dict[str, Any] | None:
    """The record as the feed carries it: images named by their hash, zone applied."""
    from zoneinfo import ZoneInfo  # noqa: PLC0415

    from signage.console.content.checks import site_zones  # noqa: PLC0415
    from signage.model.site import DEFAULT_TIMEZONE  # noqa: PLC0415

    typed = dict(values)
    with tempfile.TemporaryDirectory() as temp:
        images = ImageSet(Path(temp))
        for key, hash_key in zip(kind.images, _hash_keys(kind), strict=True):
            reference = typed.get(key)
            if not isinstance(reference, str) or "://" in reference:
                continue
            data = uploads.get(reference)
            if data is None:
                stored = ContentFile.objects.filter(owner=owner, path=reference).first()
                data = bytes(stored.data) if stored else None
            if data is None:
                return None
            (Path(temp) / reference).parent.mkdir(parents=True, exist_ok=True)
            (Path(temp) / reference).write_bytes(data)
            published = images.add(reference)
            if isinstance(published, str):
                return None
            typed[key], typed[hash_key] = published.reference, published.sha256
        for name, data in images.files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
    zones = site_zones()
    sites = values.get("sites") or ([values["site"]] if values.get("site") else [])
    zone = next((zones[s] for s in sites if s in zones), ZoneInfo(DEFAULT_TIMEZONE))
    if kind.key == "creneau":
        item = check(kind, values, owner).item
        if item is None:
            return None
        item = item.model_copy(update={"sites": (values["site"],)})
    else:
        item = kind.model.model_validate(localize(as_toml(typed), zone))
    dumped: dict[str, Any] = item.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    return dumped


def _hash_keys(kind: Kind) -> tuple[str, ...]:
    return tuple(
        {"logo": "logo_sha256", "icon": "icon_sha256", "image": "sha256"}[k] for k in kind.images
    )
