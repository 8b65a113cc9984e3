"""`signage publish`: the example folder end to end, the diff, signing, images, calendars."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from signage.config import ScreenConfig, SourceSection
from signage.model import Weekday
from signage.playlist import build_playlist
from signage.publish.write import publish_lock
from signage.sources.sync import Outcome, Syncer
from signage.sources.trust import verify_any
from tests.httpd import FeedServer, ok, status
from tests.publishing import Content, copy_example, serving


@pytest.fixture
def content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Content:
    return copy_example(tmp_path, capsys)


def test_the_example_folder_becomes_a_feed_the_player_reads_unchanged(
    content: Content, tmp_path: Path
) -> None:
    run = content.publish()
    assert run.code == 0, run.err
    assert "first publication: 2 sites, 18 semainier slots" in run.out
    published = content.feed()
    assert [s.name for s in published.sites] == ["ESC Maurepas", "ESC Villejean"]
    assert published.sites[0].hours.periods(Weekday.SATURDAY)  # opening hours came along
    assert len(published.wifi) == 2 and len(published.apps) == 6
    ccas = [s for s in published.semainier if s.partner == "CCAS"]
    assert len(ccas) == 4 and all(s.sites == ("maurepas",) for s in ccas)
    # The calendars were expanded into dated workshops of the coming weeks, for their site.
    now = datetime.now().astimezone()
    assert published.workshops
    assert all(
        now - timedelta(days=1) < w.end and w.start < now + timedelta(weeks=9)
        for w in published.workshops
    )
    assert {w.sites for w in published.workshops} == {("maurepas",), ("villejean",)}
    poster = published.posters[0]
    image = content.out / poster.image
    assert poster.image.startswith("images/") and poster.sha256
    assert hashlib.sha256(image.read_bytes()).hexdigest() == poster.sha256

    with serving(content.out) as base:
        syncer = Syncer(SourceSection(feed=f"{base}/feed.json", cache_dir=tmp_path / "c"), "m")
        report = syncer.sync()
        syncer.close()
    assert report.outcome is Outcome.UPDATED, report.message
    assert report.dropped == () and report.images_refused == ()
    assert report.snapshot is not None
    shown = report.snapshot.feed
    for section in ("sites", "semainier", "workshops", "wifi", "apps", "announcements"):
        assert getattr(shown, section) == getattr(published, section), section
    assert Path(shown.posters[0].image).is_file()  # fetched by its relative name
    config = ScreenConfig.model_validate({"site": {"id": "maurepas"}, "source": {"feed": "x"}})
    monday = now + timedelta(days=(7 - now.weekday()) % 7)
    opening = monday.replace(hour=10, minute=0, second=0, microsecond=0)
    kinds = {type(slide).__name__ for slide in build_playlist(shown, config, opening)}
    assert {"SemainierSlide", "AgendaSlide", "WifiSlide", "AppsSlide", "PosterSlide"} <= kinds


def test_publishing_again_without_changes_writes_nothing(content: Content) -> None:
    assert content.publish().code == 0
    feed = content.out / "feed.json"
    before = (feed.read_bytes(), feed.stat().st_mtime_ns)
    again = content.publish()
    assert again.code == 0 and "already up to date" in again.out
    assert (feed.read_bytes(), feed.stat().st_mtime_ns) == before  # same ETag for screens


def test_dry_run_says_what_would_change_and_writes_nothing(content: Content) -> None:
    assert content.publish().code == 0
    feed = content.out / "feed.json"
    before = feed.read_bytes()
    content.write(
        "admins/workshops.toml",
        """
[[workshop]]
id = "noel-1"
sites = ["maurepas"]
start = 2026-12-16T14:00:00
end = 2026-12-16T16:00:00
title = "Cartes de vœux en ligne"

[[workshop]]
id = "noel-2"
sites = ["maurepas"]
start = 2026-12-18T14:00:00
end = 2026-12-18T16:00:00
title = "Visio pour les fêtes"
""",
    )
    announcements = content.admins / "announcements.toml"
    text = announcements.read_text("utf-8")
    announcements.write_text(text[: text.index('[[announcement]]\nid = "imprimer"')], "utf-8")
    run = content.publish("--dry-run")
    assert run.code == 0, run.err
    assert "+2 workshops at ESC Maurepas" in run.out
    assert "\u22121 announcement at ESC Maurepas" in run.out
    assert "wifi" in run.out.split(";")[-1] and "unchanged" in run.out
    assert feed.read_bytes() == before


def test_the_diff_names_changed_records(content: Content) -> None:
    assert content.publish().code == 0
    wifi = content.root / "arcs" / "wifi.toml"
    wifi.write_text(wifi.read_text("utf-8").replace("ARCS-Villejean-Public", "ARCS-VJ"), "utf-8")
    run = content.publish()
    assert run.code == 0, run.err
    assert "1 wifi offer at ESC Villejean changed" in run.out
    assert [w.ssid for w in content.feed().wifi] == ["ARCS-Maurepas-Public", "ARCS-VJ"]


def test_times_without_offset_are_the_sites_and_a_last_day_is_included(content: Content) -> None:
    content.write(
        "admins/announcements.toml",
        """
[[announcement]]
title = "Fermeture exceptionnelle le 24 à midi"
sites = ["maurepas"]
valid_from = 2026-12-20
valid_until = 2026-12-24
""",
    )
    content.write(
        "admins/workshops.toml",
        """
[[workshop]]
start = 2027-07-01T14:00:00
end = 2027-07-01T16:00:00
title = "Atelier d'été"
""",
    )
    assert content.publish().code == 0
    document = json.loads((content.out / "feed.json").read_text("utf-8"))
    notice = document["announcements"][0]
    assert notice["valid_from"] == "2026-12-20T00:00:00+01:00"
    assert notice["valid_until"] == "2026-12-25T00:00:00+01:00"  # the whole 24th
    assert document["workshops"][0]["start"] == "2027-07-01T14:00:00+02:00"  # summer time


def test_signed_publication_is_accepted_by_a_screen_with_the_key(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from signage.cli import main  # noqa: PLC0415

    key = tmp_path / "admins.pem"
    assert main(["keygen", "--out", str(key)]) == 0
    public = capsys.readouterr().out.strip().splitlines()[-1]
    run = content.publish("--key", str(key))
    assert run.code == 0 and "signed" in run.out, run.err
    body = (content.out / "feed.json").read_bytes()
    verify_any(body, (content.out / "feed.json.sig").read_bytes(), (public,))
    with serving(content.out) as base:
        source = SourceSection(
            feed=f"{base}/feed.json", public_key=public, cache_dir=tmp_path / "c"
        )
        syncer = Syncer(source, "maurepas")
        assert syncer.sync().outcome is Outcome.UPDATED
        syncer.close()
    # Forgetting the key next time must not publish a feed those screens would refuse.
    content.append(
        "admins/apps.toml",
        '\n[[app]]\nname = "Doctolib"\ndescription = "RDV"\nurl = "https://www.doctolib.fr/"\n',
    )
    unsigned = content.publish()
    assert unsigned.code == 1 and "--key" in unsigned.err
    assert (content.out / "feed.json").read_bytes() == body


def test_images_are_named_by_content_and_old_ones_removed_one_publish_later(
    content: Content,
) -> None:
    assert content.publish().code == 0
    first = content.feed().posters[0].image
    poster = content.admins / "images" / "fete-du-numerique.png"
    from PIL import Image  # noqa: PLC0415

    for colour in ("navy", "teal"):
        Image.new("RGB", (800, 1100), colour).save(poster)
        assert content.publish().code == 0
    names = sorted(p.name for p in (content.out / "images").iterdir())
    assert len(names) == 2  # the current image and the previous feed's, not the first
    assert Path(first).name not in names
    assert Path(content.feed().posters[0].image).name in names


def test_the_publishers_state_lives_outside_the_published_folder(content: Content) -> None:
    # A folder published by an earlier version kept its state inside: it is moved out.
    (content.out / ".publish" / "parts").mkdir(parents=True)
    (content.out / ".publish" / "lock").write_text("")
    assert content.publish().code == 0
    state = content.out.parent / ".published.publish-state"
    assert (state / "parts" / "arcs.json").is_file()
    assert (state / "lock").is_file()
    assert not (content.out / ".publish").exists()
    published = {p.name for p in content.out.iterdir()}
    assert published == {"feed.json", "images", "telephone", "version.json"}


def test_a_calendar_address_is_fetched_and_expanded(content: Content) -> None:
    ics = (content.root / "mediateurs" / "workshops" / "villejean.ics").read_bytes()
    server = FeedServer()
    try:
        url = server.route("/agenda.ics", ok(ics, content_type="text/calendar"))
        content.write(
            "admins/calendars.toml",
            f'[[calendar]]\nname = "Agenda partagé"\nurl = "{url}"\nsites = ["maurepas"]\n',
        )
        run = content.publish()
        assert run.code == 0, run.err
        assert "Agenda partagé: 8 workshops" in run.out
        titles = {w.title.pick("fr") for w in content.feed().workshops if w.sites == ("maurepas",)}
        assert "Visio avec ses proches" in titles
    finally:
        server.stop()


def test_a_calendar_server_down_publishes_the_last_good_copy(content: Content) -> None:
    ics = (content.root / "mediateurs" / "workshops" / "villejean.ics").read_bytes()
    server = FeedServer()
    try:
        url = server.route("/agenda.ics", ok(ics, content_type="text/calendar"))
        content.write(
            "admins/calendars.toml", f'[[calendar]]\nurl = "{url}"\nsites = ["maurepas"]\n'
        )
        assert content.publish("--dry-run").code == 0  # a dry run keeps no copy…
        server.route("/agenda.ics", status(404))
        refused = content.publish()
        assert refused.code == 1 and "calendars.toml: not fetched" not in refused.err
        assert "404" in refused.err and not (content.out / "feed.json").exists()
        server.route("/agenda.ics", ok(ics, content_type="text/calendar"))
        assert content.publish().code == 0  # …a publication does
        before = content.feed().workshops
        server.route("/agenda.ics", status(404))
        content.append(
            "admins/apps.toml",
            '\n[[app]]\nname = "Doctolib"\n'
            'description = "Prendre rendez-vous"\nurl = "https://www.doctolib.fr/"\n',
        )
        run = content.publish()
        assert run.code == 0, run.err
        assert "warning: " in run.err and "its copy of" in run.err and "is published" in run.err
        assert content.feed().workshops == before and len(content.feed().apps) == 7
    finally:
        server.stop()


def test_a_second_publish_at_the_same_time_is_refused(content: Content) -> None:
    with publish_lock(content.out):
        run = content.publish()
    assert run.code == 1 and "another publish" in run.err
    assert not (content.out / "feed.json").exists()


def test_an_unwritable_destination_is_reported_and_the_content_kept(content: Content) -> None:
    content.out.parent.mkdir(parents=True, exist_ok=True)
    content.out.write_text("not a folder")
    run = content.publish()
    assert run.code == 2 and "cannot write" in run.err


def test_a_folder_that_does_not_exist_is_named(content: Content, tmp_path: Path) -> None:
    from signage.cli import main  # noqa: PLC0415

    content.capsys.readouterr()
    code = main(["publish", str(tmp_path / "nowhere"), str(content.out)])
    assert code == 1
    assert "nowhere: is not a folder" in content.capsys.readouterr().err


def test_a_new_key_signs_an_unchanged_feed_again(
    content: Content, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from signage.cli import main  # noqa: PLC0415

    publics = []
    for name in ("old.pem", "new.pem"):
        assert main(["keygen", "--out", str(tmp_path / name)]) == 0
        publics.append(capsys.readouterr().out.strip().splitlines()[-1])
    assert content.publish("--key", str(tmp_path / "old.pem")).code == 0
    same = content.publish("--key", str(tmp_path / "old.pem"))
    assert "already up to date" in same.out
    # A key the screens were never told about would make every screen refuse the feed.
    refused = content.publish("--key", str(tmp_path / "new.pem"))
    assert refused.code == 1 and "not one the screens trust" in refused.out + refused.err
    assert "already up to date" in same.out
    # Screens given the new key by hand: said so, and the unchanged feed is signed again.
    changed = content.publish("--key", str(tmp_path / "new.pem"), "--new-key")
    assert changed.code == 0 and "signed" in changed.out
    body = (content.out / "feed.json").read_bytes()
    verify_any(body, (content.out / "feed.json.sig").read_bytes(), (publics[1],))
