"""A partner reaches no further than its kinds (issue 13): files of other kinds are not
read (no address fetched), calendar addresses are https and on the admins' list, and a
link to a file elsewhere on the machine is never published."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.httpd import FeedServer, ok
from tests.publishing import Content, copy_example

ICS = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//\r\nBEGIN:VEVENT\r\nUID:a\r\n"
    b"SUMMARY:Atelier\r\nDTSTART:20261202T130000Z\r\nDTEND:20261202T150000Z\r\n"
    b"END:VEVENT\r\nEND:VCALENDAR\r\n"
)


@pytest.fixture
def content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Content:
    return copy_example(tmp_path, capsys)


def test_a_wifi_partners_calendar_address_is_never_fetched(content: Content) -> None:
    server = FeedServer()
    try:
        url = server.route("/intranet.ics", ok(ICS, content_type="text/calendar"))
        content.write("arcs/calendars.toml", f'[[calendar]]\nurl = "{url}"\n')
        run = content.publish()
        assert server.requests_to("/intranet.ics") == []
    finally:
        server.stop()
    assert run.code == 3  # the partner's part is held back, the rest published
    assert "calendars.toml" in run.err and "ARCS may publish wifi, bookings only" in run.err
    assert not any(w.title.pick("fr") == "Atelier" for w in content.feed().workshops)
    copies = content.out.parent / ".published.publish-state" / "calendars"
    assert not copies.exists() or not any(copies.iterdir())


def test_a_partners_calendar_address_must_be_https_and_allowed(content: Content) -> None:
    content.write(
        "mediateurs/calendars.toml",
        '[[calendar]]\nurl = "http://10.0.0.5/agenda.ics"\n\n'
        '[[calendar]]\nurl = "https://intranet.example.org/agenda.ics"\n',
    )
    content.append("admins/partners.toml", 'calendar_hosts = ["cloud.example.org"]\n')
    run = content.publish()
    assert run.code == 3
    assert "'http://10.0.0.5/agenda.ics': a partner's calendar address must be https://" in run.err
    assert "'intranet.example.org' is not among the hosts the admins allow" in run.err


def test_a_link_to_a_file_elsewhere_is_not_published(content: Content, tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere.toml"
    secret.write_text('[[wifi]]\nid = "x"\nssid = "Bureau"\npassword = "motdepasse-secret"\n')
    (content.root / "arcs" / "wifi.toml").unlink()
    (content.root / "arcs" / "wifi.toml").symlink_to(secret)
    run = content.publish()
    assert run.code == 3
    assert "wifi.toml" in run.err and "link to a file outside the folder" in run.err
    assert b"motdepasse-secret" not in (content.out / "feed.json").read_bytes()
