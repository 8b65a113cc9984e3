"""The publisher's last hostile inputs (issue 25): dates at the edges of what TOML takes,
publication numbers near 2**53, a feed dated by a wrong clock and the way back, a
partner's calendar on this machine's network, spreadsheets in UTF-16, calendars with an
empty rule, dates written as numbers. Each reproduced with real files and processes."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from signage.cli import main
from signage.clock import FixedClock
from signage.config import SourceSection
from signage.feed import parse_feed_bytes
from signage.sources.sync import Outcome, Syncer
from tests.faked_clock import pinned
from tests.publishing import Content, copy_example, serving

SITES = '[[site]]\nid = "maurepas"\nname = "ESC Maurepas"\n'
# The largest whole number every JSON reader keeps exact (signage.bounds.MAX_SEQUENCE).
MAX_SEQUENCE = 2**53 - 1


def _publish(folder: Path, out: Path, *extra: str) -> tuple[int, str]:
    """``signage publish`` in this process, its exit code and what it said on stderr."""
    import contextlib  # noqa: PLC0415
    import io  # noqa: PLC0415

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["publish", str(folder), str(out), *extra])
    return code, err.getvalue()


def _toml(value: date | datetime) -> str:
    return value.isoformat()  # TOML's own date and date-time forms


# -- dates at the edges of what TOML reads ----------------------------------------------


@pytest.mark.parametrize(
    ("file", "record", "said"),
    [
        (
            "announcements.toml",
            '[[announcement]]\ntitle = "Toujours"\nvalid_until = 9999-12-31\n',
            "announcements.toml, [[announcement]] 1 (line 1), valid_until: 9999-12-31 is "
            "outside the years 2000 to 2099 that screens accept (for example 2027-06-30); "
            "for no end, leave valid_until out",
        ),
        (
            "announcements.toml",
            '[[announcement]]\ntitle = "Jadis"\nvalid_from = 0001-01-01T00:00:00\n',
            "valid_from: 0001-01-01T00:00:00 is outside the years 2000 to 2099",
        ),
        (
            "workshops.toml",
            '[[workshop]]\ntitle = "Atelier"\nstart = 9999-12-31T23:00:00\n'
            "end = 9999-12-31T23:30:00\n",
            "workshops.toml, [[workshop]] 1 (line 1), start: 9999-12-31T23:00:00 is outside",
        ),
    ],
)
def test_a_date_at_the_edge_of_toml_is_a_problem_with_its_key(
    tmp_path: Path, file: str, record: str, said: str
) -> None:
    folder = tmp_path / "admins"
    folder.mkdir()
    (folder / "sites.toml").write_text(SITES, "utf-8")
    (folder / file).write_text(record, "utf-8")
    code, err = _publish(folder, tmp_path / "out")
    assert "Traceback" not in err
    assert said in err
    assert code == 1


DAYS = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
MOMENTS = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30))


@given(
    first=st.one_of(DAYS, MOMENTS, st.datetimes(timezones=st.just(UTC))),
    last=st.one_of(DAYS, MOMENTS, st.datetimes(timezones=st.just(UTC))),
)
def test_any_toml_date_publishes_or_is_refused_never_raises(
    tmp_path_factory: pytest.TempPathFactory, first: date, last: date
) -> None:
    folder = tmp_path_factory.mktemp("dates") / "admins"
    folder.mkdir()
    (folder / "sites.toml").write_text(SITES, "utf-8")
    (folder / "announcements.toml").write_text(
        f'[[announcement]]\ntitle = "Bonjour"\nvalid_from = {_toml(first)}\n'
        f"valid_until = {_toml(last)}\n",
        "utf-8",
    )
    code, err = _publish(folder, folder.parent / "out", "--dry-run")
    assert code in (0, 1), err
    assert "Traceback" not in err
    if code == 1:
        assert "[[announcement]] 1 (line 1)" in err and "valid_" in err


def test_a_bare_number_is_not_taken_for_a_date(tmp_path: Path) -> None:
    folder = tmp_path / "admins"
    folder.mkdir()
    (folder / "sites.toml").write_text(SITES, "utf-8")
    (folder / "workshops.toml").write_text(
        '[[workshop]]\ntitle = "Atelier"\nstart = 1764601200000\n'
        'end = "2026-12-01T16:00:00+01:00"\n',
        "utf-8",
    )
    code, err = _publish(folder, tmp_path / "out")
    assert code == 1
    assert "start: 1764601200000 is a number; write a date and time with its offset" in err
    # The same in a feed a screen reads: that workshop is left out, not moved to 2025.
    document = {
        "format": "esc-signage-feed",
        "version": 1,
        "workshops": [{"title": "Atelier", "start": 1764601200000, "end": 1764608400000}],
    }
    parsed = parse_feed_bytes(json.dumps(document).encode())
    assert parsed.feed.workshops == ()
    assert "is a number" in parsed.dropped[0].reason


# -- publication numbers ------------------------------------------------------------------


def _feed_with(sequence: int, made: str = "2026-12-01T09:00:00+00:00") -> bytes:
    return json.dumps(
        {
            "format": "esc-signage-feed",
            "version": 1,
            "generated_at": made,
            "sequence": sequence,
            "sites": [{"id": "maurepas", "name": "ESC Maurepas"}],
            "announcements": [{"title": "Bonjour"}],
        }
    ).encode()


@dataclass(frozen=True)
class Signed:
    """The example content published once (2026-12-01 10:00 Paris), signed with a key."""

    content: Content
    private: Path
    public: str

    @property
    def key(self) -> tuple[str, str]:
        return ("--key", str(self.private))


@pytest.fixture
def signed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Signed:
    content = copy_example(tmp_path, capsys)
    private = tmp_path / "admins.pem"
    assert main(["keygen", "--out", str(private)]) == 0
    public = capsys.readouterr().out.strip().splitlines()[-1]
    assert _publish_at(content, "2026-12-01 10:00:00", "--key", str(private)).returncode == 0
    return Signed(content, private, public)


def test_a_publication_number_at_the_limit_is_followed_by_one_every_screen_reads(
    signed: Signed, tmp_path: Path
) -> None:
    content, private, public, key = signed.content, signed.private, signed.public, signed.key
    # A feed numbered by hand at the largest exact number, signed, taken by a screen.
    feed = content.out / "feed.json"
    feed.write_bytes(_feed_with(MAX_SEQUENCE, "2026-12-01T09:05:00+00:00"))
    assert main(["sign", str(feed), "--key", str(private)]) == 0
    source = SourceSection(feed=str(feed), cache_dir=tmp_path / "cache", public_keys=(public,))
    screen = Syncer(source, "maurepas", clock=FixedClock(datetime(2026, 12, 1, 9, 10, tzinfo=UTC)))
    assert screen.sync().outcome is Outcome.UPDATED
    # The next publication cannot be MAX + 1 (read as MAX by JavaScript, refused here):
    # it starts again from the clock, says so, and the screen takes it.
    run = _publish_at(content, "2026-12-01 10:15:00", *key)
    assert run.returncode == 0, run.stderr
    assert "numbering starts again from this machine's clock" in run.stderr
    sequence = json.loads(feed.read_bytes())["sequence"]
    # The publisher's clock starts at 10:15 and runs: on a busy machine, a second or more
    # passes before it reads it.
    assert 0 <= sequence - int(datetime(2026, 12, 1, 9, 15, tzinfo=UTC).timestamp()) < 60
    screen.clock = FixedClock(datetime(2026, 12, 1, 9, 20, tzinfo=UTC))
    report = screen.sync()
    assert report.outcome is Outcome.UPDATED, report.message
    assert report.snapshot is not None and report.snapshot.feed.sequence == sequence


def test_a_screen_never_reads_a_number_beyond_exact_json() -> None:
    assert parse_feed_bytes(_feed_with(MAX_SEQUENCE)).feed.sequence == MAX_SEQUENCE
    parsed = parse_feed_bytes(_feed_with(MAX_SEQUENCE + 1))  # 2**53: a JavaScript reader
    assert parsed.feed.sequence is None  # cannot tell it from 2**53 + 1
    assert [d.section for d in parsed.dropped] == ["sequence"]


@pytest.mark.parametrize(
    ("document", "said"),
    [
        (
            {"format": "esc-signage-feed", "version": 1, "announcements": [{"title": "x"}]},
            "not signed: it has no generated_at",
        ),
        (json.loads(_feed_with(MAX_SEQUENCE + 1)), "not signed: its sequence is refused"),
        ({"format": "autre chose"}, "not signed: not a signage feed"),
    ],
)
def test_sign_refuses_a_feed_every_screen_would_refuse(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], document: dict[str, object], said: str
) -> None:
    private = tmp_path / "admins.pem"
    assert main(["keygen", "--out", str(private)]) == 0
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(document), "utf-8")
    capsys.readouterr()
    assert main(["sign", str(feed), "--key", str(private)]) == 1
    assert said in capsys.readouterr().err
    assert not (tmp_path / "feed.json.sig").exists()


# -- a publication dated by a wrong clock, and the way back ---------------------------------


def _publish_at(content: Content, moment: str, *extra: str) -> subprocess.CompletedProcess[str]:
    """A real ``signage publish`` process whose system clock reads ``moment`` (Paris)."""
    command = [sys.executable, "-m", "signage", "publish", str(content.admins), str(content.out)]
    return subprocess.run(
        [*command, *extra],
        env={**os.environ, **pinned(moment)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_feed_dated_by_a_wrong_clock_is_replaced_once_the_clock_is_fixed(
    signed: Signed, tmp_path: Path
) -> None:
    content, public, key = signed.content, signed.public, signed.key
    source = SourceSection(
        feed=str(content.out / "feed.json"), cache_dir=tmp_path / "cache", public_keys=(public,)
    )
    screen = Syncer(source, "maurepas", clock=FixedClock(datetime(2026, 12, 1, 9, 30, tzinfo=UTC)))
    assert screen.sync().outcome is Outcome.UPDATED
    # The server's clock jumps to 2031: its publication is refused by every screen.
    content.append("admins/announcements.toml", '\n[[announcement]]\ntitle = "Du futur"\n')
    assert _publish_at(content, "2031-12-01 10:00:00", *key).returncode == 0
    refused = screen.sync()
    assert (
        refused.outcome is Outcome.REFUSED and "later than this screen's clock" in refused.message
    )
    # The clock is fixed. Publishing again is refused, saying what happened and the way out.
    content.append("admins/announcements.toml", '\n[[announcement]]\ntitle = "Réparé"\n')
    again = _publish_at(content, "2026-12-01 10:05:00", *key)
    assert again.returncode == 1
    assert "in the future of this machine's clock" in again.stderr
    assert "--replace-future" in again.stderr
    replaced = _publish_at(content, "2026-12-01 10:05:00", *key, "--replace-future")
    assert replaced.returncode == 0, replaced.stderr
    screen.clock = FixedClock(datetime(2026, 12, 1, 9, 10, tzinfo=UTC))
    report = screen.sync()
    assert report.outcome is Outcome.UPDATED, report.message
    assert report.snapshot is not None
    titles = [a.title.pick("fr") for a in report.snapshot.feed.announcements]
    assert "Réparé" in titles and "Du futur" in titles
    # And the publications after it go on as usual.
    content.append("admins/announcements.toml", '\n[[announcement]]\ntitle = "Ensuite"\n')
    assert _publish_at(content, "2026-12-01 10:20:00", *key).returncode == 0


# -- a partner's calendar address on this machine's network ---------------------------------


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_partners_calendar_on_a_local_address_is_refused_alike_open_or_closed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = copy_example(tmp_path, capsys)
    listening = tmp_path / "listening"
    listening.mkdir()
    (listening / "agenda.ics").write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    said: list[str] = []
    with serving(listening) as base:
        port = int(base.rsplit(":", 1)[1])
        for address in (
            f"https://127.0.0.1:{port}/agenda.ics",  # something answers there
            f"https://127.0.0.1:{_closed_port()}/agenda.ics",  # nothing does
            "https://169.254.169.254/latest/meta-data/",  # cloud metadata
            "https://10.1.2.3/agenda.ics",
            "https://[::1]/agenda.ics",
        ):
            content.write(
                "mediateurs/calendars.toml",
                f'[[calendar]]\nurl = "{address}"\nsites = ["maurepas"]\n',
            )
            run = content.publish("--dry-run")
            line = next(x for x in run.err.splitlines() if "calendars.toml" in x)
            said.append(line.split("url: ", 1)[1].split("'", 2)[2])
    assert len(set(said)) == 1, said  # one wording: nothing tells an open port from a closed
    assert "must be on a public address" in said[0]


# -- spreadsheets and calendars as partners' software writes them ---------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_utf16_semainier_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    content = copy_example(tmp_path, capsys)
    path = content.root / "ccas/semainier/maurepas.csv"
    text = path.read_text("utf-8")
    path.write_bytes(text.replace(";", "\t").encode(encoding))  # Excel's « Texte Unicode »
    run = content.publish()
    assert run.code == 0, run.err
    assert "ccas/semainier/maurepas.csv: 4 slots" in run.out
    titles = {s.title.pick("fr") for s in content.feed().semainier}
    assert "Permanence informaticien public" in titles


def test_an_empty_rule_leaves_a_single_event(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = copy_example(tmp_path, capsys)
    content.write(
        "mediateurs/workshops/villejean.ics",
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//\r\nBEGIN:VEVENT\r\nUID:once\r\n"
        "SUMMARY:Atelier unique\r\nDTSTART:20261203T130000Z\r\nDTEND:20261203T150000Z\r\n"
        "RRULE:\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    run = _publish_at(content, "2026-12-01 10:00:00")
    assert run.returncode == 0, run.stderr
    once = [w for w in content.feed().workshops if w.title.pick("fr") == "Atelier unique"]
    assert [w.start for w in once] == [datetime(2026, 12, 3, 13, tzinfo=UTC)]
