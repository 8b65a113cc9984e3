"""``publish`` refuses what every screen would refuse, with the file and the reason
(issue 13): a feed over the screens' size cap, an image over their pixel budget, an
app address too long for a readable QR code."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from tests.publishing import Content, copy_example


@pytest.fixture
def content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Content:
    return copy_example(tmp_path, capsys)


def test_a_feed_larger_than_screens_accept_is_refused(content: Content) -> None:
    body = "Permanence d'accès aux droits, sans rendez-vous. " * 8
    many = "".join(
        f'\n[[announcement]]\ntitle = "Annonce {n}"\nbody = "{body}"\n' for n in range(12000)
    )
    content.append("admins/announcements.toml", many)
    run = content.publish()
    assert run.code == 1
    assert "feed.json: would be" in run.err and "screens accept at most 4 MB" in run.err
    assert not (content.out / "feed.json").exists()


def test_an_image_over_the_screens_pixel_budget_is_refused_at_publish(content: Content) -> None:
    poster = content.admins / "images" / "immense.png"
    Image.new("RGBA", (6000, 5000)).save(poster)  # 30 million pixels, a few kilobytes
    assert poster.stat().st_size < 200_000
    content.append(
        "admins/posters.toml", '\n[[poster]]\ntitle = "Immense"\nimage = "images/immense.png"\n'
    )
    run = content.publish()
    assert run.code == 1
    assert "posters.toml" in run.err
    assert "6000×5000 pixels, screens accept at most 24 million" in run.err


def test_an_app_address_too_long_for_a_qr_code_is_refused(content: Content) -> None:
    url = "https://www.example.org/" + "a" * 400
    content.append(
        "admins/apps.toml",
        f'\n[[app]]\nname = "Longue"\ndescription = "Trop longue"\nurl = "{url}"\n',
    )
    run = content.publish()
    assert run.code == 1
    assert "apps.toml, [[app]] 7 (line 45), url:" in run.err
    assert "use a shorter link" in run.err
