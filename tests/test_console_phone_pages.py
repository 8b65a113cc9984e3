"""The visitors' pages (issue 30) served by the console beside the feed, as nginx would
serve them: only those a publication wrote, with an ETag (a phone that has the page
gets a 304), the types phones expect."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from signage.console.content.publishing import publish
from tests.console_content import with_example

pytestmark = pytest.mark.django_db


def test_the_pages_are_served_beside_the_feed_and_nothing_else_is(
    settings: Any, tmp_path: Path
) -> None:
    out = with_example(settings, tmp_path)
    assert publish().published
    visitor = Client()
    page = visitor.get("/flux/telephone/maurepas.html")
    assert page.status_code == 200 and page["Content-Type"] == "text/html; charset=utf-8"
    body = b"".join(page.streaming_content).decode()  # read whole: its file is closed
    assert "ESC Maurepas" in body and 'href="maurepas.en.html"' in body
    again = visitor.get("/flux/telephone/maurepas.html", HTTP_IF_NONE_MATCH=page["ETag"])
    assert again.status_code == 304
    for name, kind in (
        ("page.css", "text/css"),
        ("now.js", "text/javascript"),
        ("villejean.ar.html", "text/html"),
    ):
        answer = visitor.get(f"/flux/telephone/{name}")
        assert answer.status_code == 200 and answer["Content-Type"].startswith(kind)
        assert b"".join(answer.streaming_content)  # read whole: its file is closed
    (out / "telephone" / "notes.html").write_text("<p>interne</p>", "utf-8")
    (out / "telephone" / "secret.txt").write_text("x", "utf-8")
    assert visitor.get("/flux/telephone/secret.txt").status_code == 404
    assert visitor.get("/flux/telephone/../feed.json").status_code == 404
    assert visitor.get("/flux/telephone/inconnu.html").status_code == 404
    # A page of a site no longer published goes at the next publication.
    assert not publish().problems
    assert not (out / "telephone" / "notes.html").exists()
