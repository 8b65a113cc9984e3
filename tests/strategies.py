"""Hypothesis strategies for what comes from outside: feeds, calendars, spreadsheets.

Each mixes the valid with the hostile: dates from year 1 to 9999 with every offset,
texts with invisible, bidi-control, emoji and surrogate characters, very long words,
wrong types where a type is expected. What the properties prove is that whatever is
accepted works everywhere downstream, and whatever is not is refused with the
documented error.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

# Instants: mostly around the days the tests look at, often at the edges of what Python
# can represent, sometimes anywhere.
NEAR = datetime(2026, 11, 28, tzinfo=UTC)
offsets = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
    lambda m: timezone(timedelta(minutes=m))
)
near_instants = st.builds(
    lambda minutes, zone: (NEAR + timedelta(minutes=minutes)).astimezone(zone),
    st.integers(min_value=-60 * 24 * 10, max_value=60 * 24 * 60),
    offsets,
)
edge_instants = st.sampled_from(
    [
        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))),
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-12))),
        datetime(1999, 12, 31, 23, 59, tzinfo=UTC),
        datetime(2000, 1, 1, tzinfo=UTC),
        datetime(2099, 12, 31, 23, 59, tzinfo=UTC),
        datetime(2100, 1, 1, tzinfo=UTC),
    ]
)
any_instants = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.just(UTC)
)
instants = st.one_of(*[near_instants] * 6, edge_instants, any_instants)
instant_text = st.one_of(
    instants.map(lambda d: d.isoformat()),
    st.sampled_from(["2026-13-01T10:00:00+01:00", "demain", "", "2026-12-01T10:00:00"]),
)
days = st.one_of(
    st.dates(min_value=date(2026, 11, 1), max_value=date(2027, 2, 1)),
    st.sampled_from([date(1, 1, 1), date(9999, 12, 31), date(2000, 1, 1)]),
).map(date.isoformat)
wall_times = st.one_of(
    st.times().map(lambda t: t.isoformat()),
    st.sampled_from(["09:00", "24:00", "9h30", "12:00+01:00", "23:59:59.999999"]),
)

# Text: the characters that broke screens, among ordinary French and Arabic.
tricky = st.sampled_from(
    [
        "\u200b",
        "\u200c",
        "\u200d",
        "\ufeff",
        "\u200e",
        "\u202e",
        "\u2066",
        "\ud800",
        "\u0301",
        "⚠️",
        "🎄",
        "👨\u200d👩\u200d👧",
        "1️⃣",
        "🇫🇷",
        "©",
        "\n",
        "\t",
        "\x00",
        "<b>",
        "&amp;",
        "€",
        "’",
        "…",
        "é",
        "ق",
        "قَ",
        "\u00a0",
        "\u3000",
        "\ue000",
        "\U0010ffff",
    ]
)
words = st.one_of(
    st.sampled_from(["Atelier", "numérique", "CAF", "بطاقة", "02 99 00 00 00", "a" * 300]),
    st.text(min_size=1, max_size=12),
)
texts = st.one_of(
    st.lists(st.one_of(words, tricky), min_size=0, max_size=40).map(" ".join),
    st.text(max_size=60),
    st.integers(min_value=1, max_value=2100).map(lambda n: "x" * n),
    st.just("a" * 2000),
)
translated = st.one_of(
    texts, st.dictionaries(st.sampled_from(["fr", "en", "ar", "xx-YY", "1"]), texts, max_size=3)
)


def _maybe(value: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly the value; sometimes nothing, or a value of the wrong type."""
    wrong = st.one_of(st.none(), st.integers(), st.lists(st.integers(), max_size=2))
    return st.one_of(value, value, value, value, wrong)


sites = st.one_of(
    st.none(), st.just(["maurepas"]), st.just(["villejean"]), st.just([]), st.just("maurepas")
)
weekdays = st.sampled_from(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "lundi"]
)
visible = st.one_of(
    words, st.lists(st.one_of(words, tricky), min_size=1, max_size=12).map(" ".join)
)
visible_translated = st.one_of(
    visible, st.dictionaries(st.sampled_from(["fr", "en", "ar"]), visible, min_size=1, max_size=3)
)


def _spans(moments: st.SearchStrategy[datetime]) -> st.SearchStrategy[tuple[str, str]]:
    """A start and an end: mostly an ordinary hour or two, sometimes anything."""

    def make(start: datetime, minutes: int) -> tuple[str, str]:
        try:
            end = start + timedelta(minutes=minutes)
        except OverflowError:
            end = start
        return start.isoformat(), end.isoformat()

    lengths = st.one_of(
        st.integers(min_value=15, max_value=240), st.integers(min_value=-600, max_value=10**7)
    )
    return st.builds(make, moments, lengths)


@st.composite
def day_times(draw: st.DrawFn) -> tuple[str, str]:
    hour = draw(st.integers(min_value=0, max_value=22))
    length = draw(st.integers(min_value=-60, max_value=300))
    begin = hour * 60 + draw(st.integers(min_value=0, max_value=59))
    end = min(max(begin + length, 0), 23 * 60 + 59)
    return f"{begin // 60:02d}:{begin % 60:02d}", f"{end // 60:02d}:{end % 60:02d}"


def documents(*, hostile: bool) -> st.SearchStrategy[dict[str, Any]]:
    """Feed documents: ``hostile`` ones break every rule somewhere; the others are
    plausible (accepted, mostly) with hostile text and dates inside."""
    moments = instants if hostile else near_instants
    short = st.one_of(visible, visible, visible, texts)  # descriptive fields
    long = st.one_of(visible_translated, visible_translated, translated)
    when = st.one_of(moments.map(datetime.isoformat), instant_text if hostile else st.nothing())

    def record(
        required: dict[str, st.SearchStrategy[Any]], optional: dict[str, st.SearchStrategy[Any]]
    ) -> st.SearchStrategy[dict[str, Any]]:
        good = st.fixed_dictionaries(required, optional=optional)
        if not hostile:
            return good
        fields = required | optional
        broken = st.fixed_dictionaries({}, optional={k: _maybe(v) for k, v in fields.items()})
        return st.one_of(good, good, good, broken)

    workshop = _spans(moments).flatmap(
        lambda span: record(
            {"start": st.just(span[0]), "end": st.just(span[1]), "title": visible_translated},
            {
                "id": short,
                "sites": sites,
                "organiser": short,
                "place": short,
                "registration": long,
                "free": st.booleans(),
                "price": short,
            },
        )
    )
    slot = day_times().flatmap(
        lambda span: record(
            {
                "weekday": weekdays,
                "start": st.one_of(st.just(span[0]), wall_times) if hostile else st.just(span[0]),
                "end": st.just(span[1]),
                "title": visible_translated,
            },
            {
                "id": short,
                "sites": sites,
                "partner": short,
                "room": short,
                "access": st.sampled_from(["free", "appointment", "Sur inscription"]),
                "access_note": short,
                "audience": long,
                "valid_from": days,
                "valid_until": days,
                "cancelled_on": st.lists(days, max_size=3),
            },
        )
    )
    announcement = record(
        {"title": visible_translated},
        {
            "id": short,
            "sites": sites,
            "body": long,
            "urgent": st.booleans(),
            "valid_from": when,
            "valid_until": when,
        },
    )
    wifi = record(
        {
            "ssid": st.one_of(st.sampled_from(["ARCS-Public", "Wifi Rennes", "Biblio"]), short),
            "security": st.sampled_from(["open", "WPA2", "WPA3", "WEP"]),
        },
        {
            "id": short,
            "sites": sites,
            "password": st.one_of(st.just("motdepasse"), short),
            "hidden": st.booleans(),
            "provider": short,
            "note": long,
        },
    )
    app = record(
        {
            "name": visible,
            "description": visible_translated,
            "url": st.one_of(
                st.just("https://www.caf.fr/"),
                st.integers(min_value=0, max_value=400).map(lambda n: "https://e.org/" + "a" * n),
                st.just("https://e.org/" + "a" * 2500),
                short,
            ),
        },
        {"id": short, "sites": sites, "category": short},
    )
    site = record(
        {
            "id": st.sampled_from(["maurepas", "maurepas", "villejean", "Maurepas!"]),
            "name": visible,
        },
        {
            "timezone": st.sampled_from(
                ["Europe/Paris", "Pacific/Kiritimati", "Etc/GMT+12", "Mars/Olympus"]
            ),
            "hours": st.fixed_dictionaries(
                {}, optional={"saturday": st.sampled_from(["08:30-12:00", "25:00-26:00", "9h-12h"])}
            ),
        },
    )
    room_ids = st.sampled_from(["espace-numerique", "salle", "salle", "Salle 2!"])
    room = record(
        {
            "id": room_ids,
            "site": st.sampled_from(["maurepas", "maurepas", "villejean"]),
            "name": visible,
        },
        {
            "kind": st.sampled_from(["room", "equipment", "cave"]),
            "capacity": st.integers(min_value=-2, max_value=20_000),
            "equipment": st.lists(short, max_size=4),
            "shareable": st.booleans(),
            "shared_with": st.lists(short, max_size=3),
            "hours": st.fixed_dictionaries(
                {},
                optional={
                    d: st.sampled_from(["08:30-12:00", "13:30-17:30", "25:00-26:00", "9h-12h"])
                    for d in ("monday", "friday", "saturday")
                },
            ),
            "ask": long,
            "booking_url": st.sampled_from(["https://e.org/reserver", "ftp://x", ""]),
            "approval": st.booleans(),
        },
    )
    booking = day_times().flatmap(
        lambda span: st.one_of(
            st.fixed_dictionaries({"date": days}),
            st.fixed_dictionaries(
                {"weekday": weekdays}, optional={"valid_from": days, "valid_until": days}
            ),
        ).flatmap(
            lambda when: record(
                {
                    "room": room_ids,
                    "partner": short,
                    "title": visible_translated,
                    "start": st.just(span[0]),
                    "end": st.just(span[1]),
                    **{k: st.just(v) for k, v in when.items()},
                },
                {
                    "public": st.booleans(),
                    "audience": long,
                    "access": st.sampled_from(["free", "appointment"]),
                    "access_note": short,
                    "except_on": st.lists(days, max_size=3),
                    "cancelled_on": st.lists(days, max_size=3),
                },
            )
        )
    )
    return st.fixed_dictionaries(
        {"format": st.just("esc-signage-feed"), "version": st.just(1)},
        optional={
            "generated_at": when,
            "sites": st.lists(site, max_size=3),
            "semainier": st.lists(slot, max_size=12),
            "workshops": st.lists(workshop, max_size=12),
            "wifi": st.lists(wifi, max_size=3),
            "apps": st.lists(app, max_size=6),
            "announcements": st.lists(announcement, max_size=6),
            "rooms": st.lists(room, max_size=4),
            "bookings": st.lists(booking, max_size=8),
        },
    )


feed_documents = documents(hostile=True)
plausible_documents = documents(hostile=False)
feed_bytes = st.one_of(
    feed_documents.map(lambda d: json.dumps(d).encode()),
    st.binary(max_size=200),
    st.sampled_from([b"[" * 5000, b"1" * 5000, b"{}", b"null", "\ufeff{}".encode()]),
)


# -- calendars ------------------------------------------------------------------------------


def _ics_instant(moment: datetime, kind: str) -> str:
    if kind == "date":
        return f";VALUE=DATE:{moment:%Y%m%d}"
    if kind == "utc":
        if not 1 < moment.year < 9999:  # no room to change zone at the ends of the range
            return f":{moment:%Y%m%dT%H%M%S}Z"
        return f":{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    if kind == "tzid":
        return f";TZID=Europe/Paris:{moment:%Y%m%dT%H%M%S}"
    if kind == "windows":
        return f";TZID=Romance Standard Time:{moment:%Y%m%dT%H%M%S}"
    return f":{moment:%Y%m%dT%H%M%S}"  # floating


ics_moments = st.one_of(
    st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 6, 1)),
    st.sampled_from([datetime(1, 1, 1), datetime(1899, 12, 31), datetime(9999, 12, 31, 23, 59)]),
)
ics_kinds = st.sampled_from(["date", "utc", "tzid", "windows", "floating"])
durations = st.one_of(
    st.integers(min_value=0, max_value=600).map(lambda m: f"PT{m}M"),
    st.sampled_from(["P99999999D", "-PT1H", "P1W", "PT0S", "P400D", "nonsense"]),
)
rrules = st.builds(
    lambda freq, extra: f"FREQ={freq}{extra}",
    st.sampled_from(
        ["SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY", "NEVER"]
    ),
    st.lists(
        st.sampled_from(
            [
                ";INTERVAL=2",
                ";INTERVAL=0",
                ";COUNT=3",
                ";COUNT=99999999",
                ";UNTIL=20261231T000000Z",
                ";UNTIL=20261231",
                ";BYDAY=MO,WE",
                ";BYDAY=-1FR",
                ";BYMONTH=2",
                ";BYMONTHDAY=15",
                ";BYMONTHDAY=-1",
                ";BYHOUR=9,14",
                ";BYMINUTE=0,30",
                ";BYSETPOS=1",
            ]
        ),
        max_size=3,
    ).map("".join),
)


def _shifted(moment: datetime, delta: timedelta) -> datetime:
    try:
        return moment + delta
    except OverflowError:
        return moment


@st.composite
def vevents(draw: st.DrawFn, uid: int) -> str:
    start = draw(ics_moments)
    kind = draw(ics_kinds)
    lines = [f"UID:e{uid}", f"SUMMARY:{draw(texts).replace(chr(10), ' ')[:80] or 'x'}"]
    lines.append("DTSTART" + _ics_instant(start, kind))
    end = draw(st.sampled_from(["dtend", "duration", "none", "same"]))
    if end == "dtend":
        later = _shifted(
            start, timedelta(minutes=draw(st.integers(min_value=-60, max_value=10_000)))
        )
        lines.append("DTEND" + _ics_instant(later, kind))
    elif end == "duration":
        lines.append(f"DURATION:{draw(durations)}")
    elif end == "same":
        lines.append("DTEND" + _ics_instant(start, kind))
    if draw(st.booleans()):
        lines.append(f"RRULE:{draw(rrules)}")
    if draw(st.booleans()):
        lines.append("EXDATE" + _ics_instant(_shifted(start, timedelta(days=7)), kind))
    if draw(st.integers(min_value=0, max_value=4)) == 0:
        lines.append("RECURRENCE-ID" + _ics_instant(_shifted(start, timedelta(days=7)), kind))
    if draw(st.booleans()):
        lines.append(f"STATUS:{draw(st.sampled_from(['CONFIRMED', 'CANCELLED', 'bogus']))}")
    if draw(st.booleans()):
        lines.append("CATEGORIES:Médiation numérique,CAF")
    return "BEGIN:VEVENT\r\n" + "\r\n".join(lines) + "\r\nEND:VEVENT\r\n"


@st.composite
def calendars(draw: st.DrawFn) -> bytes:
    count = draw(st.integers(min_value=0, max_value=6))
    events = "".join(draw(vevents(uid)) for uid in range(count))
    header = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//\r\n"
    if draw(st.booleans()):
        header += "X-WR-TIMEZONE:Europe/Paris\r\n"
    return (header + events + "END:VCALENDAR\r\n").encode("utf-8", "surrogatepass")


any_calendar = st.one_of(calendars(), calendars(), st.binary(max_size=300))


# -- spreadsheets ---------------------------------------------------------------------------

csv_cells = st.one_of(
    st.sampled_from(["lundi", "Mardi", "sam.", "9h", "9h30", "14:00", "25h", "", "libre", "rdv"]),
    st.sampled_from(["Sur inscription", "01/12/2026", "2026-12-01", "31/02/2026", "maurepas"]),
    texts.map(lambda t: t[:200]),
)
csv_headers = st.permutations(
    ["jour", "début", "fin", "activité", "partenaire", "salle", "accès", "du", "au", "annulé"]
).map(lambda h: h[: 4 + len(h) % 7])


@st.composite
def spreadsheets(draw: st.DrawFn) -> bytes:
    header = draw(csv_headers)
    separator = draw(st.sampled_from([";", ","]))
    rows = draw(st.lists(st.lists(csv_cells, min_size=0, max_size=len(header) + 1), max_size=8))
    text = "\n".join(
        separator.join(c.replace(separator, " ") for c in row) for row in [header, *rows]
    )
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    return text.encode(encoding, errors="replace")


def local_instant(moment: datetime) -> datetime:
    """A ``now`` in the accepted range, in Paris."""
    from zoneinfo import ZoneInfo  # noqa: PLC0415

    bounded = min(max(moment, datetime(2000, 1, 2, tzinfo=UTC)), datetime(2099, 12, 30, tzinfo=UTC))
    return bounded.astimezone(ZoneInfo("Europe/Paris"))
