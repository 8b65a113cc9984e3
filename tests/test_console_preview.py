"""Previews (issue 15): painted by the player's own painters in render processes, for
any site, shape, theme and moment; a record previewed before it is saved; a broken
render process never takes the console down."""

from __future__ import annotations

import base64
import io
import re
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops

from signage.console.preview.pool import PreviewFailed, RenderPool
from signage.demo import prepare_demo
from tests.console_content import admin, with_example

pytestmark = pytest.mark.django_db
IMAGE = re.compile(r'src="data:image/png;base64,([^"]+)"')


def _image(page: str) -> Image.Image:
    found = IMAGE.search(page)
    assert found is not None, "no preview image in the page"
    return Image.open(io.BytesIO(base64.b64decode(found.group(1)))).convert("RGB")


def test_a_workshop_is_previewed_before_it_is_saved(settings: Any, tmp_path: Path) -> None:
    with_example(settings, tmp_path)
    client = admin()
    day = (datetime.now(UTC) + timedelta(days=1)).strftime("%d/%m/%Y")
    base = {
        "day": day,
        "start_time": "14h",
        "end_time": "16h",
        "sites": ["villejean"],
        "moment": f"{day} 9h",
        "apercu": "1",
    }
    without = _image(
        client.get(
            "/apercu/",
            {"site": "villejean", "slide": "agenda", "moment": f"{day} 9h"},
        ).content.decode()
    )
    page = client.post("/contenu/atelier/nouveau/", {**base, "title": "Atelier CV et lettre"})
    shown = _image(page.content.decode())
    assert shown.size == (1920, 1080)
    # The new workshop's row appears in the list area, below the header.
    box = ImageChops.difference(without, shown).getbbox()
    assert box is not None, "the preview does not show the workshop being edited"
    assert box[1] > 1080 * 0.1 and (box[3] - box[1]) > 40
    from signage.console.models import ContentRecord  # noqa: PLC0415

    assert not ContentRecord.objects.filter(kind="atelier").exists()  # nothing saved


@pytest.mark.parametrize("shape", ["1920x1080", "1280x720", "3840x2160", "1080x1920"])
def test_every_screen_shape_is_previewed(settings: Any, tmp_path: Path, shape: str) -> None:
    with_example(settings, tmp_path)
    page = admin().get(
        "/apercu/", {"site": "maurepas", "slide": "wifi", "shape": shape, "theme": "dark"}
    )
    image = _image(page.content.decode())
    assert image.size == tuple(int(n) for n in shape.split("x"))
    assert "La semaine de cet écran" in page.content.decode()
    assert '<li><span class="when">' in page.content.decode()  # the week, line by line


def test_the_week_is_said_in_lines_a_phone_can_wrap() -> None:
    from signage.console.content.preview_views import week_lines  # noqa: PLC0415

    text = (
        "lun. 7 déc. 09:00 → lun. 7 déc. 12:30  Semainier du jour, Annonces\n"
        "lun. 7 déc. 17:30 → mar. 8 déc. 08:20  en veille (fermé)\n"
    )
    assert week_lines(text) == [
        ("lun. 7 déc. 09:00 → 12:30", "Semainier du jour, Annonces"),
        ("lun. 7 déc. 17:30 → mar. 8 déc. 08:20", "en veille (fermé)"),
    ]


def test_a_moment_said_in_words_is_understood_or_refused_in_french(
    settings: Any, tmp_path: Path
) -> None:
    with_example(settings, tmp_path)
    client = admin()
    good = client.get(
        "/apercu/", {"site": "maurepas", "slide": "semainier", "moment": "mardi prochain à 10 h"}
    )
    assert "mardi" in good.content.decode() and "10:00" in good.content.decode()
    bad = client.get("/apercu/", {"site": "maurepas", "moment": "la semaine des quatre jeudis"})
    assert "Moment non compris" in bad.content.decode()


def _demo_request(folder: Path, size: tuple[int, int], kind: str) -> dict[str, Any]:
    """A render request for the demo content at 10 h on its Saturday (every kind of
    slide is there; the demo has no Sunday)."""
    saturday = date(2026, 11, 28)
    prepare_demo(folder, saturday)
    return {
        "feed": str(folder / "feed.json"),
        "site": "maurepas",
        "size": list(size),
        "at": f"{saturday.isoformat()}T10:00:00+01:00",
        "kind": kind,
    }


def test_warm_previews_cost_a_paint_not_a_start(tmp_path: Path) -> None:
    request = _demo_request(tmp_path, (1920, 1080), "semainier")
    pool = RenderPool(1)
    try:
        pool.render(request)  # the start: Qt, fonts, the feed read
        times = []
        for _ in range(5):
            started = time.monotonic()
            header, png = pool.render(request)
            times.append(time.monotonic() - started)
            assert header["ok"] and png.startswith(b"\x89PNG")
    finally:
        pool.close()
    # Generous for a loaded CI machine; benchmarks/console_preview.py prints the figure.
    assert sorted(times)[2] < 1.0


def test_a_render_process_that_dies_is_replaced(tmp_path: Path) -> None:
    request = _demo_request(tmp_path, (640, 360), "wifi")
    pool = RenderPool(1)
    try:
        assert pool.render(request)[0]["ok"]
        worker = pool._idle.get()
        worker.process.kill()  # as the kernel's OOM killer would
        worker.process.wait()
        pool._idle.put(worker)
        with pytest.raises(PreviewFailed):
            pool.render(request)
        assert pool.render(request)[0]["ok"]  # a fresh process took its place
        broken = pool.render({**request, "feed": str(tmp_path / "missing.json")})
        assert broken[0]["ok"] is False or broken[0].get("kind")  # answered, not crashed
        assert pool.render(request)[0]["ok"]
    finally:
        pool.close()
