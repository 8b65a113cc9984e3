"""Screens managed from the console (issue 16), on the console's side: pairing codes
(single use, expiring, rate-limited, useless on their own), the signed settings document
with site and screen settings merged, actions limited to the roles that may, their
answers and full-size captures, and proof of display per item with the partner's
sentence and a CSV."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from PIL import Image

from signage.console.content.publishing import public_key, publish, record
from signage.console.models import (
    DisplayCount,
    PairingRequest,
    Role,
    Screen,
    ScreenCommand,
    ScreenSettings,
)
from signage.remote.document import accept
from tests.console_content import member, with_example

pytestmark = pytest.mark.django_db(transaction=True)


def ask_code(client: Client, token: str, address: str = "10.0.0.5") -> Any:
    body = json.dumps({"token_hash": hashlib.sha256(token.encode()).hexdigest()})
    return client.post(
        "/api/v1/pairing", body, content_type="application/json", REMOTE_ADDR=address
    )


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def pair(referent: Client, code: str, site: str = "maurepas", name: str = "Hall") -> Any:
    return referent.post("/ecrans/associer/", {"code": code, "site": site, "name": name})


def referent(sites: list[str]) -> Client:
    return member(f"referente-{secrets.token_hex(3)}", Role.REFERENT, sites=sites)


def test_a_code_typed_by_a_referent_gives_the_screen_its_identity_once(
    settings: Any, tmp_path: Path
) -> None:
    with_example(settings, tmp_path)
    screen_side = Client()
    token = secrets.token_urlsafe(32)
    asked = ask_code(screen_side, token)
    assert asked.status_code == 201
    code = asked.json()["code"]
    assert len(code) == 6 and not set(code) & set("0O1IL2Z5S8B")
    waiting = screen_side.get("/api/v1/pairing", **bearer(token))
    assert waiting.status_code == 202
    # Someone who only saw the code on the screen gets nothing with it.
    assert screen_side.get("/api/v1/pairing", **bearer(code)).status_code == 410
    assert screen_side.get("/api/v1/screen", **bearer(code)).status_code == 401
    # The referent types it (with a space and in lower case, as people do).
    person = referent(["maurepas"])
    answer = pair(person, f"{code[:3].lower()} {code[3:]}")
    assert answer.status_code == 302, answer.content.decode()[:2000]
    screen = Screen.objects.get(name="Hall")
    assert screen.site == "maurepas"
    paired = screen_side.get("/api/v1/pairing", **bearer(token)).json()
    assert paired["screen_id"] == screen.pk and paired["public_key"] == public_key()
    assert paired["feed"].endswith("/flux/feed.json")
    # Its settings, signed with the admins' key, name its site.
    got = screen_side.get("/api/v1/screen", **bearer(token))
    signature = got["X-Signature"].encode()
    document = accept(got.content, signature, (public_key(),), screen.pk, 0)
    assert document["settings"]["site"] == {"id": "maurepas"}
    # Single use: the same code again, by anyone, matches nothing.
    again = pair(person, code, name="Autre")
    assert "ne correspond à aucun écran en attente" in again.content.decode()
    assert not Screen.objects.filter(name="Autre").exists()
    assert not PairingRequest.objects.exists()  # the screen fetched its settings: done


def test_codes_expire_are_limited_per_address_and_wrong_guesses_are_stopped(
    settings: Any, tmp_path: Path
) -> None:
    with_example(settings, tmp_path)
    screen_side = Client()
    codes = [ask_code(screen_side, secrets.token_urlsafe(32)) for _ in range(11)]
    assert [c.status_code for c in codes] == [201] * 10 + [429]
    assert codes[10]["Retry-After"] == "300"
    assert ask_code(screen_side, secrets.token_urlsafe(32), "10.0.0.6").status_code == 201
    # Behind nginx on the same machine: the address nginx saw counts, not the proxy's.
    behind = [
        screen_side.post(
            "/api/v1/pairing",
            json.dumps({"token_hash": hashlib.sha256(secrets.token_bytes(8)).hexdigest()}),
            content_type="application/json",
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(12)
    ]
    assert behind == [201] * 12
    expired = PairingRequest.objects.get(code=codes[0].json()["code"])
    expired.expires_at = timezone.now() - timedelta(seconds=1)
    expired.save()
    person = referent(["maurepas"])
    assert "aucun écran en attente" in pair(person, expired.code).content.decode()
    for _ in range(9):
        pair(person, "AAAAAA")
    stopped = pair(person, codes[1].json()["code"]).content.decode()
    assert "Trop de codes erronés" in stopped
    assert not Screen.objects.exists()
    # A referent of another site cannot place a screen in Maurepas.
    other = referent(["villejean"])
    refused = pair(other, codes[2].json()["code"], site="maurepas")
    assert refused.status_code == 200 and not Screen.objects.exists()


def _screen_with_token() -> tuple[Screen, str]:
    """A screen registered an hour ago: its counts may cover up to an hour of showings."""
    screen, token = Screen.register("Hall", "maurepas")
    Screen.objects.filter(pk=screen.pk).update(created_at=timezone.now() - timedelta(hours=1))
    screen.refresh_from_db()
    return screen, token


def test_settings_of_the_site_and_of_the_screen_are_merged_and_signed(
    settings: Any, tmp_path: Path
) -> None:
    with_example(settings, tmp_path)
    screen, token = _screen_with_token()
    person = referent(["maurepas"])
    form = {
        "p0_kind": "wifi",
        "p0_duration": "12",
        "p1_kind": "agenda",
        "p1_duration": "20",
        "p1_days": "lundi, jeudi",
        "p1_from": "8h30",
        "p1_until": "12h",
        "p1_phone": "no",  # no « Sur votre téléphone » code on this screen's agenda
        "theme": "dark",
        "h_monday": "8h30-12h30, 13h30-17h",
        "h_closures": "25/12/2026 Noël",
        "urgent_mode": "alternate",
    }
    assert person.post("/sites/maurepas/reglages/", form).status_code == 302
    assert person.post(f"/ecrans/{screen.pk}/reglages/", {"theme": "contrast"}).status_code == 302
    got = Client().get("/api/v1/screen", **bearer(token))
    document = accept(got.content, got["X-Signature"].encode(), (public_key(),), screen.pk, 0)
    values = document["settings"]
    assert values["display"] == {"theme": "contrast"}  # the screen's own, over the site's
    assert values["playlist"] == [
        {"kind": "wifi", "duration": 12.0},
        {
            "kind": "agenda",
            "duration": 20.0,
            "weekdays": ["monday", "thursday"],
            "from": "08:30",
            "until": "12:00",
            "phone": False,
        },
    ]
    page = person.get("/sites/maurepas/reglages/").content.decode()
    assert re.search(r'<option value="no" selected>non</option>', page)  # shown back
    assert values["hours"]["monday"] == ["08:30-12:30", "13:30-17:00"]
    assert values["hours"]["closures"] == [{"day": "2026-12-25", "reason": "Noël"}]
    assert values["urgent"] == {"mode": "alternate"}
    # Unchanged: 304; a change: a new body and a higher revision.
    again = Client().get("/api/v1/screen", HTTP_IF_NONE_MATCH=got["ETag"], **bearer(token))
    assert again.status_code == 304
    person.post(f"/ecrans/{screen.pk}/reglages/", {"theme": "light"})
    changed = Client().get("/api/v1/screen", HTTP_IF_NONE_MATCH=got["ETag"], **bearer(token))
    assert changed.status_code == 200
    assert json.loads(changed.content)["revision"] > document["revision"]


def test_a_sites_settings_name_it_before_its_first_publication(
    settings: Any, tmp_path: Path
) -> None:
    # A site typed in the console, nothing published yet: its name, not its id.
    with_example(settings, tmp_path)
    person = referent(["maurepas"])
    page = person.get("/sites/maurepas/reglages/").content.decode()
    assert "<h1>Réglages de tous les écrans du site ESC Maurepas</h1>" in page
    assert person.get("/sites/nulle-part/reglages/").status_code in (403, 404)


def test_a_mistake_in_the_settings_is_said_in_french_next_to_its_field(
    settings: Any, tmp_path: Path
) -> None:
    with_example(settings, tmp_path)
    person = referent(["maurepas"])
    page = person.post(
        "/sites/maurepas/reglages/",
        {
            "p0_kind": "wifi",
            "p0_from": "25h",
            "p1_duration": "20",
            "accent": "vert",
            "h_tuesday": "9h-8h",
        },
    ).content.decode()
    assert "« 25h » n&#x27;est pas une heure. Exemple : 8h30" in page
    assert "Choisissez ce que montre cette diapositive." in page
    assert "Un code couleur" in page and "#0b6e4f" in page
    assert "« 9h-8h » n&#x27;est pas une plage horaire" in page
    assert not ScreenSettings.objects.exists()


def test_the_playlist_shows_the_rows_in_use_and_keeps_the_others_folded(
    settings: Any, tmp_path: Path
) -> None:
    """Eight rows of six boxes are forty-eight boxes on a phone: the rows in use and one
    more are shown, the rest fold behind « Plus de diapositives »."""
    with_example(settings, tmp_path)
    person = referent(["maurepas"])

    def rows(page: str) -> tuple[int, int]:
        shown, _, more = page.partition('<details class="more">')
        return shown.count('id="id_p') // 6, more.count('id="id_p') // 6

    assert rows(person.get("/sites/maurepas/reglages/").content.decode()) == (2, 6)
    form = {"p0_kind": "wifi", "p1_kind": "agenda", "p2_kind": "apps"}
    assert person.post("/sites/maurepas/reglages/", form).status_code == 302
    assert rows(person.get("/sites/maurepas/reglages/").content.decode()) == (4, 4)
    wrong = person.post("/sites/maurepas/reglages/", {"p0_kind": "wifi", "p6_from": "25h"})
    assert rows(wrong.content.decode()) == (8, 0)  # up to the wrong row: all shown


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#0b4f8a").save(out, "PNG")
    return out.getvalue()


def test_actions_are_for_referents_and_admins_and_a_full_capture_comes_back(
    settings: Any, tmp_path: Path
) -> None:
    with_example(settings, tmp_path)
    screen, token = _screen_with_token()
    for role in (Role.PARTNER, Role.VIEWER):
        someone = member(f"x-{role}", role, partner="arcs" if role == Role.PARTNER else "")
        assert someone.post(f"/ecrans/{screen.pk}/actions/restart/").status_code in {403, 404}
    assert referent(["villejean"]).post(f"/ecrans/{screen.pk}/actions/sync/").status_code == 404
    assert not ScreenCommand.objects.exists()
    person = referent(["maurepas"])
    assert person.post(f"/ecrans/{screen.pk}/actions/screenshot/").status_code == 302
    command = ScreenCommand.objects.get()
    got = Client().get("/api/v1/screen", **bearer(token))
    listed = json.loads(got.content)["commands"]
    assert [(c["id"], c["action"]) for c in listed] == [(command.pk, "screenshot")]
    # Another screen cannot answer for it.
    _, stranger = Screen.register("Autre", "maurepas")
    assert (
        Client().post(f"/api/v1/commands/{command.pk}", {"ok": "1"}, **bearer(stranger)).status_code
        == 404
    )
    shot = io.BytesIO(png(3840, 2160))
    done = Client().post(
        f"/api/v1/commands/{command.pk}",
        {"ok": "1", "detail": "capture en taille réelle", "screenshot": shot},
        **bearer(token),
    )
    assert done.status_code == 200
    command.refresh_from_db()
    assert command.ok and command.capture
    picture = person.get(f"/ecrans/{screen.pk}/captures/{command.pk}.png")
    assert Image.open(io.BytesIO(b"".join(picture.streaming_content))).size == (3840, 2160)
    page = person.get(f"/ecrans/{screen.pk}/").content.decode()
    assert "capture en taille réelle" in page and f"captures/{command.pk}.png" in page
    # Done: no longer in the document.
    again = Client().get("/api/v1/screen", **bearer(token))
    assert json.loads(again.content)["commands"] == []
    journal = member("chef", Role.ADMIN).get("/journal/").content.decode()
    assert "Capture d&#x27;écran maintenant" in journal


def test_a_revoked_screen_is_told_so(settings: Any, tmp_path: Path) -> None:
    with_example(settings, tmp_path)
    screen, token = _screen_with_token()
    referent(["maurepas"]).post(f"/ecrans/{screen.pk}/revoquer/")
    answer = Client().get("/api/v1/screen", **bearer(token))
    assert answer.status_code == 401 and answer.json() == {"error": "revoked"}
    assert Client().get("/api/v1/screen", **bearer("x" * 40)).json() == {"error": "unknown"}


def _beat(token: str, rows: list[list[Any]]) -> int:
    status = {"display": "awake", "shown": {"since": "2026-12-01T10:00:00+01:00", "rows": rows}}
    files = {"status": io.BytesIO(json.dumps(status).encode())}
    return int(Client().post("/api/v1/heartbeat", files, **bearer(token)).status_code)


def test_proof_of_display_per_item_reaches_the_partner_in_a_sentence_and_a_csv(
    settings: Any, tmp_path: Path
) -> None:
    out = with_example(settings, tmp_path)
    record(publish())
    feed = json.loads((out / "feed.json").read_bytes())
    wifi = feed["wifi"][0]["id"]
    screen, token = _screen_with_token()
    assert _beat(token, [["wifi", "", 40, 480.0], ["wifi", wifi, 40, 480.0]]) == 201
    assert (
        _beat(token, [["wifi", wifi, 2, 24.0], ["bogus", "x", 1, 1.0], ["wifi", 3, "a", 1]]) == 201
    )
    counted = DisplayCount.objects.get(screen=screen, item=wifi)
    assert (counted.shows, counted.seconds) == (42, 504.0)
    assert "shown" not in Screen.objects.get(pk=screen.pk).last_status
    arcs = member("arcs-user", Role.PARTNER, partner="arcs")
    page = arcs.get("/affichages/").content.decode()
    assert (
        "Vos affiches wifi ont été affichées 42 fois cette semaine à l&#x27;ESC Maurepas." in page
    )
    other = member("ccas-user", Role.PARTNER, partner="ccas").get("/affichages/").content.decode()
    assert "Vos affiches wifi" not in other and wifi not in other
    admin = member("chef", Role.ADMIN)
    sheet = admin.get("/affichages.csv")
    text = b"".join([sheet.content]).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert lines[0][:3] == ["semaine du", "site", "type"]
    assert any(line[2] == "Affiche wifi" and line[6] == "40" for line in lines[1:])
    assert any(line[3] == wifi and line[5] == "arcs" and line[6] == "42" for line in lines[1:])


def test_the_published_folder_is_served_to_screens_and_nothing_beside_it(
    settings: Any, tmp_path: Path
) -> None:
    out = with_example(settings, tmp_path)
    record(publish())
    (out / ".secret").write_text("state")
    (out / "images").mkdir(exist_ok=True)
    got = Client().get("/flux/feed.json")
    assert (
        got.status_code == 200
        and b"".join(got.streaming_content) == (out / "feed.json").read_bytes()
    )
    again = Client().get("/flux/feed.json", HTTP_IF_MODIFIED_SINCE=got["Last-Modified"])
    assert again.status_code == 304
    version = Client().get("/flux/version.json")
    assert version.status_code == 200
    version.close()
    for path in (".secret", "images/../.secret", "../keys/publish.key", "images/%2e%2e/.secret"):
        assert Client().get(f"/flux/{path}").status_code == 404, path


def test_under_pressure_codes_expire_sooner_and_a_new_hall_still_gets_one(
    settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from signage.console.screens import api as screen_api  # noqa: PLC0415

    with_example(settings, tmp_path)
    monkeypatch.setattr(screen_api, "OPEN_AT_MOST", 20)
    screen_side = Client()
    # Twenty networks ask (an attack spread over addresses, or a busy morning).
    first = [ask_code(screen_side, secrets.token_urlsafe(32), f"192.0.2.{n}") for n in range(20)]
    assert all(a.status_code == 201 and a.json()["expires_in"] == 900 for a in first[:10])
    assert all(a.json()["expires_in"] == 900 for a in first[10:])  # each network's first
    # The pool is full: a network that already shows a code waits…
    again = ask_code(screen_side, secrets.token_urlsafe(32), "192.0.2.1")
    assert again.status_code == 429
    # …but a hall whose screen shows none yet still gets one: nobody elsewhere can stop
    # a referent from pairing the screen in front of them.
    hall = ask_code(screen_side, secrets.token_urlsafe(32), "198.51.100.7")
    assert hall.status_code == 201 and hall.json()["expires_in"] == 900
    person = referent(["maurepas"])
    assert pair(person, hall.json()["code"], name="Hall du matin").status_code == 302
    # Half full: a second code for a network is short-lived (3 minutes), still typeable.
    PairingRequest.objects.filter(address__startswith="192.0.2.").exclude(
        address__in=["192.0.2.1", "192.0.2.2"]
    ).delete()
    monkeypatch.setattr(screen_api, "OPEN_AT_MOST", 4)  # two waiting: half full
    short = ask_code(screen_side, secrets.token_urlsafe(32), "192.0.2.1")
    assert short.status_code == 201 and short.json()["expires_in"] == 180
