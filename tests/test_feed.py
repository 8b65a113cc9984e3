"""Feed format 1: what is accepted, what is dropped item by item, what is refused whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from signage.feed import Feed, FeedRefused, feed_json_schema, parse_feed_bytes, parse_feed_document
from signage.model import WifiSecurity
from signage.model.record import field_names

ROOT = Path(__file__).resolve().parents[1]

WORKSHOP = {
    "start": "2026-12-01T14:00:00+01:00",
    "end": "2026-12-01T16:00:00+01:00",
    "title": "Prendre en main son smartphone",
    "organiser": "Médiateurs numériques",
}


def feed(**sections: object) -> dict[str, object]:
    return {"format": "esc-signage-feed", "version": 1, **sections}


def test_a_complete_item_of_each_kind_is_read() -> None:
    parsed = parse_feed_document(
        feed(
            sites=[{"id": "maurepas", "name": "ESC Maurepas"}],
            semainier=[
                {
                    "weekday": "tuesday",
                    "start": "09:30",
                    "end": "12:00",
                    "title": "Permanence informaticien public",
                    "partner": "CCAS",
                    "access": "appointment",
                    "valid_from": "2026-11-01",
                }
            ],
            workshops=[WORKSHOP],
            wifi=[{"ssid": "ARCS-Public", "security": "open", "provider": "ARCS"}],
            apps=[
                {"name": "ameli", "description": "Mon compte santé", "url": "https://www.ameli.fr/"}
            ],
            announcements=[{"title": "Fermeture le 25 décembre"}],
            posters=[{"image": "affiche.png", "caption": "Fête du numérique"}],
        )
    )
    assert parsed.dropped == ()
    result = parsed.feed
    assert result.site("maurepas") is not None
    assert result.site("maurepas").timezone == "Europe/Paris"  # type: ignore[union-attr]
    assert result.semainier[0].weekday.iso == 2
    assert result.workshops[0].start.utcoffset() is not None
    assert result.wifi[0].security is WifiSecurity.OPEN
    assert result.apps[0].link == "https://www.ameli.fr/"
    assert [len(getattr(result, k)) for k in ("announcements", "posters")] == [1, 1]


def test_unknown_fields_are_ignored_for_forward_compatibility() -> None:
    parsed = parse_feed_document(
        feed(
            workshops=[{**WORKSHOP, "colour": "blue", "future_field": {"x": 1}}],
            a_future_section=[1, 2, 3],
        )
    )
    assert parsed.dropped == ()
    assert len(parsed.feed.workshops) == 1


def test_one_invalid_item_is_dropped_with_its_reason_and_the_rest_kept() -> None:
    bad = {**WORKSHOP, "start": "2026-12-01T14:00:00"}  # no time zone
    parsed = parse_feed_document(feed(workshops=[WORKSHOP, bad, WORKSHOP]))
    assert len(parsed.feed.workshops) == 2
    (dropped,) = parsed.dropped
    assert (dropped.section, dropped.index) == ("workshops", 1)
    assert "start" in dropped.reason and "time zone" in dropped.reason


@pytest.mark.parametrize(
    ("item", "words"),
    [
        ({"ssid": "ARCS", "security": "WPA2"}, "needs its password"),
        (
            {"ssid": "ARCS", "security": "open", "password": "abcdefgh"},
            "open network has no password",
        ),
        ({"ssid": "ARCS", "security": "WEP", "password": "abcdefgh"}, "'WEP' is not allowed"),
        ({"ssid": "", "security": "open"}, "too short"),
    ],
)
def test_wifi_mistakes_are_explained(item: dict[str, object], words: str) -> None:
    parsed = parse_feed_document(feed(wifi=[item]))
    assert parsed.feed.wifi == ()
    assert words in parsed.dropped[0].reason


def test_slot_ending_before_it_starts_is_dropped() -> None:
    parsed = parse_feed_document(
        feed(semainier=[{"weekday": "monday", "start": "14:00", "end": "09:00", "title": "x"}])
    )
    assert "end must be after start" in parsed.dropped[0].reason


def test_app_url_must_be_a_web_address() -> None:
    parsed = parse_feed_document(feed(apps=[{"name": "x", "description": "y", "url": "caf.fr"}]))
    assert "not a web address" in parsed.dropped[0].reason


def test_a_section_of_the_wrong_type_is_dropped_not_the_feed() -> None:
    parsed = parse_feed_document(feed(workshops={"oops": 1}, apps=[]))
    assert parsed.dropped[0].section == "workshops"
    assert "not a list" in parsed.dropped[0].reason


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"[1, 2]", "JSON array"),
        (b'{"hello": "world"}', "not a signage feed"),
        (b'{"format": "esc-signage-feed", "version": 2}', "version 2 is not supported"),
        (b'{"format": "esc-signage-feed", "version": 1', "not valid JSON"),
        (b"<html><body>502 Bad Gateway</body></html>", "not valid JSON"),
        (b"\xff\xfe\x00", "not UTF-8"),
    ],
)
def test_a_document_that_is_not_a_feed_is_refused_whole(data: bytes, words: str) -> None:
    with pytest.raises(FeedRefused, match=words):
        parse_feed_bytes(data)


def test_translations_are_picked_by_language_with_french_fallback() -> None:
    parsed = parse_feed_document(
        feed(
            announcements=[
                {
                    "title": {
                        "fr": "Fermé lundi",
                        "en": "Closed on Monday",
                        "ar": "مغلق يوم الاثنين",
                    }
                },
                {"title": {"fr": "Seulement en français"}},
            ]
        )
    )
    first, second = (a.title for a in parsed.feed.announcements)
    assert first.pick("en") == "Closed on Monday"
    assert first.pick("ar") == "مغلق يوم الاثنين"
    assert second.pick("en") == "Seulement en français"


def test_control_characters_are_removed_and_markup_kept_as_text() -> None:
    parsed = parse_feed_document(feed(announcements=[{"title": "<b>Gras\x07</b>"}]))
    assert parsed.feed.announcements[0].title.pick("fr") == "<b>Gras</b>"


def test_site_targeting() -> None:
    parsed = parse_feed_document(feed(workshops=[WORKSHOP, {**WORKSHOP, "sites": ["villejean"]}]))
    everywhere, villejean_only = parsed.feed.workshops
    assert everywhere.for_site("maurepas") and everywhere.for_site("villejean")
    assert villejean_only.for_site("villejean") and not villejean_only.for_site("maurepas")


def test_committed_schema_matches_the_model() -> None:
    committed = json.loads((ROOT / "docs" / "feed-schema.json").read_text(encoding="utf-8"))
    assert committed == feed_json_schema(), (
        "docs/feed-schema.json is out of date: run `signage schema > docs/feed-schema.json`"
    )


def test_schema_describes_every_section() -> None:
    schema = feed_json_schema()
    assert set(field_names(Feed)) <= set(schema["properties"])
    assert schema["properties"]["version"]["const"] == 1
