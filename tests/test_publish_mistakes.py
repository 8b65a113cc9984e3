"""Every kind of mistake in a content folder: reported with its place, nothing published.

And partners: a partner writing outside its kinds or sites, or making any mistake, is
held back alone; its previous part stays published.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from tests.publishing import Content, copy_example


@pytest.fixture
def content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Content:
    example = copy_example(tmp_path, capsys)
    assert example.publish().code == 0
    return example


def _replace(content: Content, relative: str, old: str, new: str) -> None:
    path = content.root / relative
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


# (what the referent did, expected words of the message, which must name file and place)
MISTAKES = {
    "toml syntax": (
        lambda c: _replace(c, "admins/apps.toml", 'name = "ameli"', "name = ameli"),
        "admins/apps.toml, line 12, column",
    ),
    "misspelt key": (
        lambda c: _replace(c, "admins/announcements.toml", "body =", "bodyy ="),
        "admins/announcements.toml, [[announcement]] 1 (line 5), bodyy: is not a known key "
        "(did you mean 'body'?)",
    ),
    "bad value": (
        lambda c: _replace(
            c, "admins/sites.toml", 'timezone = "Europe/Paris"', 'timezone = "Rennes"'
        ),
        "admins/sites.toml, [[site]] 1 (line 5), timezone: 'Rennes' is not a known time zone",
    ),
    "bad opening hours": (
        lambda c: _replace(
            c, "admins/sites.toml", 'saturday = "09:00-12:30"', 'saturday = "9h-midi"'
        ),
        "admins/sites.toml, [[site]] 1 (line 5), hours.saturday",
    ),
    "unknown site": (
        lambda c: _replace(c, "admins/posters.toml", 'sites = ["maurepas"]', 'sites = ["maurpas"]'),
        "admins/posters.toml, [[poster]] 1 (line 3), sites: 'maurpas' not in sites.toml",
    ),
    "duplicate id": (
        lambda c: _replace(c, "admins/apps.toml", 'id = "ameli"', 'id = "caf"'),
        "admins/apps.toml, [[app]] 2 (line 10), id: 'caf' is already used by [[app]] 1",
    ),
    "missing image": (
        lambda c: _replace(c, "admins/posters.toml", "fete-du-numerique.png", "fete.png"),
        "admins/posters.toml, [[poster]] 1 (line 3), image: 'images/fete.png': no such file",
    ),
    "not an image": (
        lambda c: c.write("admins/images/fete-du-numerique.png", "<html>oops</html>"),
        "admins/posters.toml, [[poster]] 1 (line 3), image: 'images/fete-du-numerique.png'",
    ),
    "image outside the folder": (
        lambda c: _replace(c, "admins/posters.toml", "images/fete", "../arcs/fete"),
        "points outside the folder",
    ),
    "bad spreadsheet row": (
        lambda c: _replace(c, "admins/semainier/maurepas.csv", "mardi;9h30;", "mardi;9h70;"),
        "admins/semainier/maurepas.csv, line 4, column 'début': '9h70' is not a time",
    ),
    "spreadsheet for no site": (
        lambda c: (c.root / "admins/semainier/maurepas.csv").rename(
            c.root / "admins/semainier/maurepa.csv"
        ),
        "admins/semainier/maurepa.csv: 'maurepa' is not a site of sites.toml",
    ),
    "spreadsheet not saved as csv": (
        lambda c: c.write("admins/semainier/maurepas.xlsx", "PK"),
        "admins/semainier/maurepas.xlsx: is not a .csv file; save the spreadsheet as CSV",
    ),
    "link to a file elsewhere": (
        lambda c: (c.root / "admins/semainier/villejean.csv").symlink_to("/etc/passwd"),
        "admins/semainier/villejean.csv: points outside the folder",
    ),
    "calendar that is not one": (
        lambda c: c.write("admins/workshops/villejean.ics", "<html>login</html>"),
        "admins/workshops/villejean.ics: not an iCalendar file",
    ),
    "dead calendar address": (
        lambda c: c.write(
            "admins/calendars.toml", '[[calendar]]\nurl = "http://127.0.0.1:9/agenda.ics"\n'
        ),
        "admins/calendars.toml, [[calendar]] 1 (line 1)",
    ),
    "misnamed file": (
        lambda c: (c.root / "admins/apps.toml").rename(c.root / "admins/app.toml"),
        "admins/app.toml: is not a content file (did you mean 'apps.toml'?)",
    ),
    "wrong table name": (
        lambda c: _replace(c, "admins/posters.toml", "[[poster]]", "[[posters]]"),
        "admins/posters.toml, posters: is not read here; this file holds [[poster]] "
        "(did you mean 'poster'?)",
    ),
    "bad policy": (
        lambda c: _replace(
            c, "admins/partners.toml", 'kinds = ["wifi", "bookings"]', 'kinds = ["wify"]'
        ),
        "admins/partners.toml, [[partner]] 1 (line 5), kinds[0]: 'wify' is not allowed",
    ),
}


@pytest.mark.parametrize("mistake", MISTAKES, ids=list(MISTAKES))
def test_a_mistake_is_reported_with_its_place_and_nothing_is_published(
    content: Content, mistake: str
) -> None:
    feed = content.out / "feed.json"
    before = feed.read_bytes()
    make, expected = MISTAKES[mistake]
    make(content)
    run = content.publish()
    assert run.code == 1
    assert expected in run.err
    assert "nothing published" in run.err
    assert feed.read_bytes() == before


def test_every_problem_is_reported_in_one_run(content: Content) -> None:
    for mistake in ("misspelt key", "bad spreadsheet row", "missing image", "bad value"):
        MISTAKES[mistake][0](content)
    run = content.publish()
    assert run.code == 1
    for mistake in ("misspelt key", "bad spreadsheet row", "missing image", "bad value"):
        assert MISTAKES[mistake][1] in run.err
    assert "nothing published: 4 problems" in run.err


def test_a_partner_outside_its_kinds_is_held_back_alone(content: Content) -> None:
    content.write(
        "arcs/announcements.toml",
        '[[announcement]]\ntitle = "Le wifi change de nom"\n',
    )
    _replace(content, "admins/apps.toml", 'name = "ameli"', 'name = "ameli.fr"')
    run = content.publish()
    assert run.code == 3
    assert "ARCS: held back (its previous part is kept)" in run.err
    assert "ARCS may publish wifi, bookings only (partners.toml); this file is not read" in run.err
    feed = content.feed()
    assert "ameli.fr" in {a.name for a in feed.apps}  # the admins' change went out
    assert [w.ssid for w in feed.wifi] == ["ARCS-Maurepas-Public", "ARCS-Villejean-Public"]
    assert all("wifi" not in a.title.pick("fr") for a in feed.announcements)


def test_a_partner_outside_its_sites_is_held_back_alone(content: Content) -> None:
    _replace(
        content, "admins/partners.toml", 'sites = ["maurepas", "villejean"]', 'sites = ["maurepas"]'
    )
    run = content.publish()
    assert run.code == 3
    assert (
        "arcs/wifi.toml, [[wifi]] 2 (line 12), sites: 'villejean': "
        "ARCS may publish for maurepas only" in run.err
    )
    assert len(content.feed().wifi) == 2  # the previous part, as published before


def test_a_partner_record_for_every_site_is_kept_to_the_partners_sites(content: Content) -> None:
    _replace(
        content,
        "admins/partners.toml",
        'kinds = ["workshops"]',
        'kinds = ["workshops"]\nsites = ["villejean"]',
    )
    (content.root / "mediateurs/workshops/maurepas.ics").unlink()
    content.write(
        "mediateurs/workshops.toml",
        '[[workshop]]\nstart = 2027-03-02T14:00:00\nend = 2027-03-02T16:00:00\ntitle = "Atelier"\n',
    )
    run = content.publish()
    assert run.code == 0, run.err
    added = [w for w in content.feed().workshops if w.title.pick("fr") == "Atelier"]
    assert [w.sites for w in added] == [("villejean",)]


def test_a_partners_mistake_keeps_its_previous_part(content: Content) -> None:
    _replace(content, "arcs/wifi.toml", 'password = "bienvenue35"', 'password = "court"')
    Image.new("RGB", (900, 1200), "teal").save(content.admins / "images" / "fete-du-numerique.png")
    run = content.publish()
    assert run.code == 3
    assert "arcs/wifi.toml, [[wifi]] 1 (line 3), password: is too short" in run.err
    feed = content.feed()
    assert [w.password for w in feed.wifi] == ["bienvenue35", "bienvenue35"]
    assert "1 poster at ESC Maurepas changed" in run.out  # the admins' part went out


def test_a_partner_without_a_previous_part_publishes_nothing_of_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = copy_example(tmp_path, capsys)
    _replace(content, "arcs/wifi.toml", 'security = "WPA2"', 'security = "WEP"')
    run = content.publish()
    assert run.code == 3
    assert "ARCS: held back (nothing of it is published)" in run.err
    assert content.feed().wifi == ()
    assert len(content.feed().apps) == 6


def test_a_partner_folder_may_not_describe_sites(content: Content) -> None:
    content.write("arcs/sites.toml", '[[site]]\nid = "x"\nname = "X"\n')
    run = content.publish()
    assert run.code == 3
    assert "arcs/sites.toml: only the admins' folder holds sites and partners" in run.err


def test_a_partners_slot_identical_to_the_admins_is_published_once(content: Content) -> None:
    """Issue 15: the CCAS typed the CAF permanence the admins' semainier already holds;
    screens showed it twice while the summary said nothing changed."""
    slots_before = len(content.feed().semainier)
    admins_line = "lundi;14h;17h;Conseiller CAF;CAF;Bureau 2;rdv;\n"
    assert admins_line in (content.admins / "semainier" / "maurepas.csv").read_text("utf-8")
    content.append("ccas/semainier/maurepas.csv", admins_line)
    same = content.publish()
    assert same.code == 0
    assert "1 item is there twice (for example 'Conseiller CAF'): each published once" in same.err
    assert len(content.feed().semainier) == slots_before
    # Typed differently (a new hour): a real change, and the summary counts it.
    content.append("ccas/semainier/maurepas.csv", "lundi;9h;10h;Conseiller CAF;CAF;Bureau 2;rdv;\n")
    changed = content.publish()
    assert "+1 semainier slot at ESC Maurepas" in changed.out
    assert len(content.feed().semainier) == slots_before + 1


def test_the_summary_counts_a_record_written_twice() -> None:
    from signage.feed import parse_feed_document  # noqa: PLC0415
    from signage.publish.diff import FRENCH, describe_changes  # noqa: PLC0415

    slot = {"weekday": "monday", "start": "14:00", "end": "16:00", "title": "Conseiller CAF"}
    base = {"format": "esc-signage-feed", "version": 1, "sites": [{"id": "m", "name": "ESC M"}]}
    once = parse_feed_document({**base, "semainier": [slot]}).feed
    twice = parse_feed_document({**base, "semainier": [slot, slot]}).feed
    assert describe_changes(once, twice) == (
        "+1 semainier slot; sites, workshops, wifi, apps, announcements, posters, rooms and "
        "bookings unchanged"
    )
    assert describe_changes(twice, once, FRENCH).startswith("\u22121 créneau du semainier;")


def test_thousands_of_duplicates_make_one_warning_a_person_can_read(content: Content) -> None:
    """A partner's spreadsheet pasted twice: one line says so, in English on the command
    line and in French on the console's publish page, not one line per row."""
    from signage.console.content.french import warning  # noqa: PLC0415

    rows = "".join(f"mardi;9h;10h;Atelier {n};CCAS;Salle 1;;\n" for n in range(900))
    content.append("ccas/semainier/maurepas.csv", rows + rows)
    run = content.publish()
    lines = [line for line in run.err.splitlines() if "twice" in line]
    assert len(lines) == 1, run.err
    examples = "(for example 'Atelier 0', 'Atelier 1', 'Atelier 2')"
    assert f"900 items are there twice {examples}" in lines[0]
    french = warning(lines[0].split("warning: ")[-1].strip())
    assert french.startswith("900 créneaux du semainier en double (par exemple 'Atelier 0'"), french
    thousands = (
        "feed.json, workshops: 1,500 items are there twice (for example 'A'): each published once"
    )
    assert warning(thousands).startswith("1\u202f500 ateliers en double")
