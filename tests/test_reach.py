"""Screens fetch only from where they should (issue 13): redirects stay on the feed's
site, images come from the feed's site (or a listed one), a local feed's images from
its folder, and no request goes to loopback or link-local addresses by surprise."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from signage.config import SourceSection
from signage.sources.reach import Reach
from signage.sources.sync import Outcome, Syncer
from tests.httpd import FeedServer, ok, status


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(out, "PNG")
    return out.getvalue()


def feed(*posters: str) -> bytes:
    document = {
        "format": "esc-signage-feed",
        "version": 1,
        "announcements": [{"title": "Bonjour"}],
        "posters": [{"id": f"p{n}", "image": image} for n, image in enumerate(posters)],
    }
    return json.dumps(document).encode()


@pytest.fixture
def servers() -> Iterator[list[FeedServer]]:
    started = [FeedServer(), FeedServer()]
    yield started
    for server in started:
        server.stop()


def syncer(url: str, tmp_path: Path, **source: object) -> Syncer:
    return Syncer(SourceSection(feed=url, cache_dir=tmp_path / "cache", **source), "maurepas")


def test_a_feed_redirected_to_another_site_is_refused_unless_allowed(
    servers: list[FeedServer], tmp_path: Path
) -> None:
    home, elsewhere = servers
    target = elsewhere.route("/feed.json", ok(feed()), ok(feed()))
    url = home.route("/feed.json", status(302, Location=target), status(302, Location=target))
    report = syncer(url, tmp_path).sync()
    assert report.outcome is Outcome.FAILED
    assert "redirect refused" in report.message and "another site" in report.message
    assert elsewhere.requests_to("/feed.json") == []
    intranet = syncer(url, tmp_path / "b", same_origin_redirects=False).sync()
    assert intranet.outcome is Outcome.UPDATED


def test_a_redirect_on_the_same_site_is_followed(servers: list[FeedServer], tmp_path: Path) -> None:
    home, _ = servers
    moved = home.route("/v2/feed.json", ok(feed()))
    url = home.route("/feed.json", status(301, Location="/v2/feed.json"))
    assert moved and syncer(url, tmp_path).sync().outcome is Outcome.UPDATED


def test_images_come_from_the_feeds_site_or_a_listed_one(
    servers: list[FeedServer], tmp_path: Path
) -> None:
    home, elsewhere = servers
    foreign = elsewhere.route("/tracker.png", ok(png(), "image/png"))
    own = home.route("/images/own.png", ok(png(), "image/png"))
    url = home.route("/feed.json", ok(feed(own, foreign)))
    report = syncer(url, tmp_path).sync()
    assert report.outcome is Outcome.UPDATED
    assert elsewhere.requests_to("/tracker.png") == []
    assert any("not http://127.0.0.1:" in p for p in report.images_refused)
    assert report.snapshot is not None and len(report.snapshot.feed.posters) == 1
    origin = elsewhere.url("").rstrip("/")
    elsewhere.route("/tracker.png", ok(png(), "image/png"))
    home.route("/feed.json", ok(feed(own, foreign)))
    listed = syncer(url, tmp_path / "b", image_origins=(origin,)).sync()
    assert listed.snapshot is not None and len(listed.snapshot.feed.posters) == 2


def test_a_local_feeds_images_come_from_its_folder_only(tmp_path: Path) -> None:
    folder = tmp_path / "feed"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "ok.png").write_bytes(png())
    (tmp_path / "outside.png").write_bytes(png())
    (folder / "feed.json").write_bytes(
        feed("images/ok.png", "../outside.png", str(tmp_path / "outside.png"), "~/x.png")
    )
    report = syncer(str(folder / "feed.json"), tmp_path).sync()
    assert report.snapshot is not None
    assert [p.id for p in report.snapshot.feed.posters] == ["p0"]
    assert sum("inside its folder" in p for p in report.images_refused) == 3


@pytest.mark.parametrize(
    "image",
    [
        "http://169.254.169.254/latest/meta-data/iam.png",
        "http://127.0.0.1:631/printers.png",
        "http://localhost:8000/admin.png",
        "http://[::1]/x.png",
    ],
)
def test_no_request_to_local_addresses_unless_the_feed_is_there(image: str) -> None:
    origin = image.split("/", maxsplit=1)[0] + "//" + image.split("/")[2]
    public = Reach(
        "https://feeds.example.org/feed.json",
        image_origins=(origin,),
        same_origin_redirects=False,  # even where redirects to other sites are allowed
    )
    assert "local or link-local address" in (public.image_problem(image) or "")
    assert "local or link-local" in (
        public.redirect_problem("https://feeds.example.org/feed.json", "https://localhost/f") or ""
    )
    on_this_machine = Reach("http://127.0.0.1:8080/feed.json", image_origins=(origin,))
    assert on_this_machine.image_problem(image) is None


def test_https_never_becomes_http() -> None:
    for same_origin in (True, False):
        reach = Reach("https://feeds.example.org/feed.json", same_origin_redirects=same_origin)
        problem = reach.redirect_problem(
            "https://feeds.example.org/feed.json", "http://feeds.example.org/feed.json"
        )
        assert problem is not None and "from https to http" in problem
