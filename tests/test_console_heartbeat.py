"""Heartbeats into the console (issue 14): what the player sends is received, kept and
shown; unknown, revoked, oversized or malformed requests are refused with nothing kept."""

from __future__ import annotations

import io
import json
import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections
from django.db.models import Sum
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image

from signage.console import rows
from signage.console.models import DisplayCount, Heartbeat, Screen, hash_token
from signage.console.reports.counts import KINDS
from signage.ops.heartbeat import HeartbeatSender

pytestmark = pytest.mark.django_db(transaction=True)
URL = "/api/v1/heartbeat"


def png(width: int = 480, height: int = 270) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#0b4f8a").save(out, "PNG")
    return out.getvalue()


def status(sequence: int = 7) -> dict[str, object]:
    return {
        "version": "0.9.0",
        "display": "awake",
        "heartbeat_minutes": 5,
        "current_slide": {"key": "agenda", "description": "l'agenda des ateliers"},
        "content": {"sequence": sequence, "age_seconds": 42},
        "sync": {"last_error": None},
    }


def post(client: Client, token: str | None, **parts: object) -> int:
    files = {
        name: io.BytesIO(value if isinstance(value, bytes) else json.dumps(value).encode())
        for name, value in parts.items()
    }
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return int(client.post(URL, files, **headers).status_code)


def test_a_heartbeat_is_kept_with_its_screenshot(client: Client) -> None:
    screen, token = Screen.register("Hall d'accueil", "maurepas")
    assert post(client, token, status=status(), screenshot=png()) == 201
    screen.refresh_from_db()
    assert screen.last_seen is not None and screen.last_status["content"]["sequence"] == 7
    beat = Heartbeat.objects.get(screen=screen)
    assert (beat.showing, beat.sequence, beat.content_age_seconds) == (
        "l'agenda des ateliers",
        7,
        42,
    )
    assert screen.last_screenshot.endswith(".png")


@pytest.mark.parametrize(
    ("token", "parts", "code"),
    [
        (None, {"status": status()}, 401),
        ("not-a-token", {"status": status()}, 401),
        ("GOOD", {}, 400),
        ("GOOD", {"status": b"{not json"}, 400),
        ("GOOD", {"status": [1, 2]}, 400),
        ("GOOD", {"status": json.dumps(status()).encode("utf-16")}, 400),  # JSON is UTF-8
        ("GOOD", {"status": status(), "screenshot": b"GIF89a not a png"}, 400),
        ("GOOD", {"status": status(), "screenshot": png(5000, 10)}, 400),
        ("GOOD", {"status": status(), "screenshot": b"\x89PNG\r\n\x1a\n" + b"0" * 3_000_000}, 413),
    ],
)
def test_bad_requests_are_refused_and_nothing_is_kept(
    client: Client, token: str | None, parts: dict[str, object], code: int
) -> None:
    _, good = Screen.register("Hall", "maurepas")
    assert post(client, good if token == "GOOD" else token, **parts) == code
    assert Heartbeat.objects.count() == 0
    assert not Screen.objects.filter(last_seen__isnull=False).exists()


def test_a_revoked_screen_is_refused(client: Client) -> None:
    screen, token = Screen.register("Hall", "maurepas")
    assert post(client, token, status=status()) == 201
    Screen.objects.filter(pk=screen.pk).update(revoked_at=timezone.now())
    assert post(client, token, status=status()) == 401
    assert Heartbeat.objects.count() == 1


def test_tokens_are_stored_hashed() -> None:
    screen, token = Screen.register("Hall", "maurepas")
    assert token not in screen.token_hash and len(token) >= 40


def test_the_players_own_sender_reaches_the_console(live_server: object, tmp_path: Path) -> None:
    _, token = Screen.register("Hall", "maurepas")
    url = f"{live_server.url}{URL}"  # type: ignore[attr-defined]
    sender = HeartbeatSender(url, token, "esc-signage/test", pause=0.05)
    sender.submit(status(9), png())
    deadline = time.monotonic() + 10
    while sender.sent == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    sender.stop()
    assert sender.sent == 1
    assert Heartbeat.objects.get().sequence == 9


def test_the_gallery_keeps_one_picture_a_quarter_hour_the_latest_is_always_new(
    client: Client,
) -> None:
    screen, token = Screen.register("Hall", "maurepas")
    for colour in ("#111111", "#222222", "#333333"):
        out = io.BytesIO()
        Image.new("RGB", (48, 27), colour).save(out, "PNG")
        assert post(client, token, status=status(), screenshot=out.getvalue()) == 201
    screen.refresh_from_db()
    copies = Heartbeat.objects.exclude(screenshot="").count()
    assert copies == 1  # three heartbeats within a minute: one copy for the gallery
    latest = Path(settings.MEDIA_ROOT) / screen.last_screenshot
    with Image.open(latest) as image:
        assert image.getpixel((0, 0)) == (0x33, 0x33, 0x33)
    # The latest takes turns between two names (none renamed over another, the one a
    # page reads left whole): the other holds the picture before.
    others = set(latest.parent.glob("latest*.png")) - {latest}
    assert [other.name for other in others] == [
        "latest-0.png" if latest.name != "latest-0.png" else "latest-1.png"
    ]
    with Image.open(others.pop()) as image:
        assert image.getpixel((0, 0)) == (0x22, 0x22, 0x22)


def test_the_latest_picture_of_an_earlier_version_is_removed_once_replaced(
    client: Client,
) -> None:
    screen, token = Screen.register("Hall", "maurepas")
    legacy = Path(settings.MEDIA_ROOT) / "screenshots" / str(screen.pk) / "latest.png"
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(png(48, 27))
    Screen.objects.filter(pk=screen.pk).update(
        last_screenshot=legacy.relative_to(settings.MEDIA_ROOT).as_posix()
    )
    assert post(client, token, status=status(), screenshot=png(48, 27)) == 201
    screen.refresh_from_db()
    assert sorted(path.name for path in legacy.parent.glob("latest*.png")) == ["latest-0.png"]
    assert screen.last_screenshot.endswith("/latest-0.png")


# Surrogates included: JSON may hold a lone one (``"\\ud800"``), which is not UTF-8.
ANY_CHARACTER = st.characters(exclude_categories=())
UNKEEPABLE = re.compile("[\x00\ud800-\udfff]")


def as_kept(text: str) -> str:
    """``text`` as sent in JSON (two surrogates in a row read as one character), then
    kept."""
    return UNKEEPABLE.sub("\ufffd", json.loads(json.dumps(text)))


@example(description="Atelier\x00CAF", error="\x00", sequence=7, age=0, asleep=False)
@example(description="\ud83d\ude00 \ud800 \udc00", error="\udfff", sequence=7, age=0, asleep=True)
@hypothesis_settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    description=st.text(ANY_CHARACTER, max_size=260),
    error=st.none() | st.text(ANY_CHARACTER, max_size=360),
    sequence=st.integers(-(2**63), 2**63),
    age=st.integers(-(2**40), 2**40),
    asleep=st.booleans(),
)
def test_whatever_a_status_says_is_kept_as_the_console_reads_it(
    client: Client, description: str, error: str | None, sequence: int, age: int, asleep: bool
) -> None:
    screen, token = Screen.register("Hall", "maurepas")
    sent = {
        **status(),
        "display": "asleep" if asleep else "awake",
        "current_slide": {"key": "agenda", "description": description},
        "content": {"sequence": sequence, "age_seconds": age},
        "sync": {"last_error": error},
    }
    before = timezone.now()
    assert post(client, token, status=sent) == 201
    # U+0000 and lone surrogates (a title in a feed may hold them) are kept as U+FFFD:
    # no database keeps them.
    description = as_kept(description)
    error = as_kept(error) if error is not None else None
    kept = {**sent, "current_slide": {"key": "agenda", "description": description}}
    kept["sync"] = {"last_error": error}
    beat = Heartbeat.objects.get(screen=screen)
    assert beat.showing == description[:200]
    assert beat.error == (error or "")[:300]
    assert beat.sequence == (sequence if abs(sequence) < 2**62 else None)
    assert beat.content_age_seconds == (age if abs(age) < 2**31 else None)
    assert beat.awake is not asleep
    assert before <= beat.received_at <= timezone.now()
    screen.refresh_from_db()
    assert screen.last_status == kept
    assert screen.asleep is asleep
    assert screen.last_seen == beat.received_at


def test_a_days_counts_beyond_what_a_day_can_show_are_not_kept(client: Client) -> None:
    # A screen of last week: each heartbeat's 30,000 showings fit the week it may cover,
    # but two of them are more than a day's seconds allow (a showing every 2 s).
    screen, token = Screen.register("Hall", "maurepas")
    Screen.objects.filter(pk=screen.pk).update(created_at=timezone.now() - timedelta(days=8))
    claim = {"rows": [["wifi", "", 30_000, 60_000.0], ["wifi", "esc-maurepas", 30_000, 60_000.0]]}

    def counted() -> int:
        found = DisplayCount.objects.filter(screen=screen, item="").aggregate(n=Sum("shows"))
        return int(found["n"] or 0)

    assert post(client, token, status={**status(), "shown": claim}) == 201
    assert counted() == 30_000
    assert post(client, token, status={**status(), "shown": claim}) == 201  # status kept
    assert counted() == 30_000
    assert Heartbeat.objects.filter(screen=screen).count() == 2


SHOWN_ROW = st.tuples(
    st.sampled_from(sorted(KINDS)),
    st.text(ANY_CHARACTER, max_size=120),
    st.integers(1, 50),
    st.floats(0, 500, allow_nan=False),
)


@example(rows=[("agenda", "Atelier « CAF » l'après-midi\x00", 3, 24.5), ("wifi", "", 1, 8.0)])
@hypothesis_settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(SHOWN_ROW, min_size=1, max_size=30))
def test_whatever_items_were_shown_are_counted_as_sent(
    client: Client, rows: list[tuple[str, str, int, float]]
) -> None:
    # Any number of rows (one statement whatever their number), any item's characters.
    screen, token = Screen.register("Hall", "maurepas")
    Screen.objects.filter(pk=screen.pk).update(created_at=timezone.now() - timedelta(days=8))
    shown = {"rows": [list(row) for row in rows]}
    for _ in range(2):
        assert post(client, token, status={**status(), "shown": shown}) == 201
    expected: dict[tuple[str, str], tuple[int, float]] = {}
    for kind, item, shows, seconds in rows:
        count, time_shown = expected.get((kind, as_kept(item)), (0, 0.0))
        expected[(kind, as_kept(item))] = (count + 2 * shows, time_shown + 2 * seconds)
    kept = {
        (row.kind, row.item): (row.shows, row.seconds)
        for row in DisplayCount.objects.filter(screen=screen)
    }
    assert kept.keys() == expected.keys()
    for key, (shows, seconds) in expected.items():
        assert kept[key][0] == shows
        assert kept[key][1] == pytest.approx(seconds)
    assert {row.site for row in DisplayCount.objects.filter(screen=screen)} == {"maurepas"}


def test_a_connection_the_database_dropped_loses_no_request(client: Client) -> None:
    # The screens' requests skip Django's SELECT 1 before each request (a round trip,
    # thousands a minute): a connection PostgreSQL dropped (a restart, a failover) is
    # found dead by their first read, and read again on a new one.
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no server to drop a connection")
    screen, token = Screen.register("Hall", "maurepas")
    for ask in (
        lambda: post(client, token, status=status()),
        lambda: client.get("/api/v1/screen", HTTP_AUTHORIZATION=f"Bearer {token}").status_code,
    ):
        assert ask() in (200, 201)
        other = connections.create_connection("default")
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid]
            )
        other.close()
        assert ask() in (200, 201)
    assert Heartbeat.objects.filter(screen=screen).count() == 2


def test_a_screen_read_for_a_heartbeat_is_the_screen_as_the_orm_reads_it() -> None:
    # The heartbeat's lookup is written out (rows.fetch_one), whatever order it names
    # its fields in; a row read so must hold what QuerySet.only reads.
    screen, token = Screen.register("Hall", "maurepas")
    Screen.objects.filter(pk=screen.pk).update(
        gallery_at=timezone.now(), last_screenshot="screenshots/1/latest-1.png"
    )
    names = ["last_screenshot", "gallery_at", "site", "id", "created_at"]
    found = rows.fetch_one(Screen, names, token_hash=hash_token(token), revoked_at=None)
    assert found is not None
    expected = Screen.objects.only(*names).get(pk=screen.pk)
    assert {name: getattr(found[0], name) for name in names} == {
        name: getattr(expected, name) for name in names
    }
    assert found[0].get_deferred_fields() == expected.get_deferred_fields()
    assert rows.fetch_one(Screen, names, token_hash=hash_token("another")) is None


def test_a_screenshot_that_cannot_be_written_leaves_the_heartbeat_kept(client: Client) -> None:
    # The media folder cannot take the picture (a full disk; here its folder is a file):
    # the screen is still seen, with its status, and its row names the picture before.
    screen, token = Screen.register("Hall", "maurepas")
    assert post(client, token, status=status(7), screenshot=png(48, 27)) == 201
    screen.refresh_from_db()
    before = screen.last_screenshot
    folder = Path(settings.MEDIA_ROOT) / "screenshots" / str(screen.pk)
    for kept in folder.iterdir():
        kept.unlink()
    folder.rmdir()
    folder.write_bytes(b"")
    assert post(client, token, status=status(8), screenshot=png(48, 27)) == 201
    screen.refresh_from_db()
    assert screen.last_screenshot == before
    assert Heartbeat.objects.filter(screen=screen).order_by("-received_at")[0].sequence == 8
