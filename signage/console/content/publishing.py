"""Publishing from the console: the database written out as a content folder, then the
very build, signing and atomic write of ``signage publish`` into the published folder.

The private key is a file on the server (``SIGNAGE_CONSOLE_KEY``, default
``STATE/keys/publish.key``, mode 0600), never in the database and never shown; the
console refuses to sign with a key that is not the one the screens hold.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings

from signage.console.content.checks import refused
from signage.console.content.folder import export_folder
from signage.console.content.french import warning as french_warning
from signage.console.content.models import ADMINS, ContentRecord
from signage.publish.build import Build, build
from signage.publish.diff import FRENCH, describe_changes
from signage.publish.problems import SourceProblem
from signage.publish.signing import Signer, generate_keys, load_private_key, public_key_text
from signage.publish.write import PublishRefused, Written, previous, publish_lock, write
from signage.sources.atomic import atomic_write


class NotConfigured(Exception):
    """No published folder, or no key: publishing from the console is not set up."""


@dataclass
class Outcome:
    """What a publication did (or would do), in the words shown on the page."""

    summary: str = ""
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    published: bool = False
    sequence: int | None = None
    document: dict[str, Any] | None = None
    # "workshops:atelier-cv" → "mediateurs": whose each item is (proof-of-display reports).
    owners: dict[str, str] = field(default_factory=dict)
    # What each owner must read (events of its calendar not taken as bookings), in French.
    notes: dict[str, list[str]] = field(default_factory=dict)

    @property
    def unchanged(self) -> bool:
        """Nothing would change on screens (« Publier maintenant » is then not offered)."""
        return self.summary == FRENCH.nothing


def published_folder() -> Path:
    raw = settings.PUBLISHED_FEED
    if not raw:
        raise NotConfigured(
            "Aucun dossier de publication : donnez SIGNAGE_CONSOLE_FEED (docs/console.md)."
        )
    return Path(raw).parent


def key_path() -> Path:
    return Path(settings.PUBLISH_KEY)


def signer() -> Signer:
    """The admins' key, made on first use (0600) when there is none yet."""
    path = key_path()
    if not path.exists():
        pem, _ = generate_keys()
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write(path, pem)  # private mode: 0600
    return Signer([load_private_key(path)])


def public_key() -> str:
    return public_key_text(signer().keys[0].public_key())


def _check_screens_key(signing: Signer) -> None:
    held = settings.SCREEN_PUBLIC_KEY
    if held and held.strip().rstrip("=") != public_key_text(signing.keys[0].public_key()).rstrip(
        "="
    ):
        raise PublishRefused(
            "la clé de signature du serveur n'est pas celle que les écrans connaissent "
            "(SIGNAGE_CONSOLE_SCREEN_KEY) : les écrans refuseraient tout. Rien n'est publié."
        )


def _build(folder: Path, out: Path, now: datetime, *, dry_run: bool) -> Build:
    from signage.sources.http import HttpFetcher  # noqa: PLC0415
    from signage.sources.sync import user_agent  # noqa: PLC0415

    fetcher = HttpFetcher(user_agent("console"))
    try:
        return build(folder, out, now=now, fetcher=fetcher, shown="console", dry_run=dry_run)
    finally:
        fetcher.close()


def _outcome(result: Build, out: Path) -> Outcome:
    outcome = Outcome(
        problems=[str(p) for p in result.problems],
        warnings=[french_warning(str(p)) for p in result.warnings],
        held=[p.policy.label for p in result.partners if p.held],
    )
    for problem in result.warnings:
        if Path(problem.file).name == "booking-calendars.toml":
            # The folder written for each owner (export_folder) names whose it is.
            owner = Path(problem.file).parent.name
            owner = ADMINS if owner == "console" else owner  # the admins' folder, as shown
            outcome.notes.setdefault(owner, []).append(french_warning(str(problem)))
    if result.ok and result.feed is not None:
        outcome.summary = describe_changes(previous(out).feed, result.feed, FRENCH)
        outcome.document = result.document
        for partner in result.partners:
            for section, records in (partner.sections or {}).items():
                for item in records:
                    if isinstance(item, dict) and item.get("id"):
                        outcome.owners[f"{section}:{item['id']}"] = partner.policy.id
    return outcome


def _roll_back(result: Build, document: dict[str, Any], out: Path, now: datetime) -> None:
    """An earlier publication's sections, under a new date and number (screens take it
    as new). Its images must still be in the published folder."""
    from signage.feed import parse_feed_document  # noqa: PLC0415

    kept = {k: v for k, v in document.items() if k not in {"sequence", "signing_keys"}}
    kept["generated_at"] = now.isoformat(timespec="seconds")
    feed = parse_feed_document(kept).feed
    missing = [ref for ref, _ in feed.image_references() if not (out / ref).is_file()]
    if missing:
        raise PublishRefused(
            f"cette publication nomme {len(missing)} image(s) qui ne sont plus publiées : "
            "republiez plutôt en restaurant les fiches"
        )
    result.document, result.feed, result.images = kept, feed, {}


def _checked_build(out: Path, now: datetime, *, dry_run: bool) -> Build:
    """The build of what is saved, records that no longer pass left out. A calendar of
    the admins that cannot be read (its server down at its first fetch) does not hold
    back everything else, an urgent message least of all: it is left out, and said."""
    left_out = refused()
    with tempfile.TemporaryDirectory(prefix="signage-console-") as folder:
        result = _build(export_folder(Path(folder), left_out), out, now, dry_run=dry_run)
    if result.ok:
        return result
    agendas = set(
        ContentRecord.objects.filter(kind="agenda", owner=ADMINS).values_list("pk", flat=True)
    )
    if not agendas - left_out:
        return result
    with tempfile.TemporaryDirectory(prefix="signage-console-") as folder:
        retry = _build(export_folder(Path(folder), left_out | agendas), out, now, dry_run=dry_run)
    if not retry.ok:
        return result
    retry.warnings = [
        SourceProblem(p.file, p.where, f"{p.message} (agendas en ligne non publiés)", "warning")
        for p in result.problems
    ] + retry.warnings
    return retry


def dry_run(now: datetime | None = None) -> Outcome:
    """What publishing now would change, per site, writing nothing."""
    out = published_folder()
    return _outcome(_checked_build(out, now or datetime.now(UTC), dry_run=True), out)


def publish(
    now: datetime | None = None,
    document: dict[str, Any] | None = None,
    *,
    replace_future: bool = False,
) -> Outcome:
    """Publish the database (or ``document``, an earlier publication's) now. Raises
    PublishRefused, NotConfigured, OSError. ``replace_future``: as ``publish
    --replace-future``, for a published feed dated by a wrong clock."""
    out = published_folder()
    signing = signer()
    _check_screens_key(signing)
    now = now or datetime.now(UTC)
    with publish_lock(out):
        result = _checked_build(out, now, dry_run=False)
        if document is not None and result.ok:
            _roll_back(result, document, out, now)
        outcome = _outcome(result, out)
        if not result.ok:
            return outcome
        before = previous(out)
        outcome.published = write(
            result, out, before, signing, written=Written(), replace_future=replace_future
        )
        after = previous(out)
        outcome.sequence = after.feed.sequence if after.feed is not None else None
        outcome.document = after.document
        return outcome


def record(outcome: Outcome, user: Any = None, rolled_back_from: Any = None) -> None:
    """Keep a publication made here: its document, and the records and files it was
    built from (to go back to it later)."""
    from signage.console.content.models import Publication  # noqa: PLC0415
    from signage.console.content.rollback import snapshot  # noqa: PLC0415

    if not outcome.published or outcome.sequence is None or not outcome.document:
        return
    made = outcome.document.get("generated_at")
    records, files = snapshot()
    Publication.objects.update_or_create(
        sequence=outcome.sequence,
        defaults={
            "generated_at": datetime.fromisoformat(made) if isinstance(made, str) else None,
            "published_by": user,
            "summary": outcome.summary,
            "document": outcome.document,
            "owners": outcome.owners,
            "notes": outcome.notes,
            "records": records,
            "files": files,
            "rolled_back_from": rolled_back_from,
        },
    )


def publish_after_change(user: Any = None) -> str:
    """Publish what is ready after a save, a deletion or a « Valider »: what to tell the
    person ("" when publishing is off or nothing changed on screens). Never raises: the
    change is saved whatever happens here, and « Publier » says the rest to the admins."""
    if not settings.PUBLISH_ON_SAVE or not settings.PUBLISHED_FEED:
        return ""
    try:
        outcome = publish()
    except NotConfigured:
        return ""
    except PublishRefused as exc:
        return f"pas encore publié ({exc.french}) : les administrateurs sont prévenus"
    except OSError as exc:
        return f"pas encore publié (dossier publié non écrit : {exc.strerror})"
    record(outcome, user)
    if outcome.published:
        return "publié, les écrans l'affichent à leur prochaine mise à jour"
    if outcome.problems:
        return "pas encore publié : " + "; ".join(outcome.problems[:2])
    return ""


def refresh_phone_pages(now: datetime) -> int:
    """The visitors' pages as of ``now`` (the console's minute loop): today first, now and
    next marked for phones that run no script; a page unchanged is not written again."""
    from signage.console.published import published as published_state  # noqa: PLC0415
    from signage.publish.write import write_phone_pages  # noqa: PLC0415

    try:
        out = published_folder()
    except NotConfigured:
        return 0
    feed = published_state().feed
    if feed is None:
        return 0
    return write_phone_pages(out, feed, now)
