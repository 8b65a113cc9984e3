"""Change files (issue 27): a screen asks its console "anything new for me?" with one
request a static file answers, and for its settings document only when the answer
changed. On the console's side each change (settings of its site or its own, an action,
its name, its revocation) rewrites exactly the files of the screens concerned; on the
screen's side a real link polls a live console and asks for nothing more while nothing
changed."""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from signage.console.content.publishing import public_key
from signage.console.models import Role, Screen, ScreenCommand
from signage.console.screens import changes
from signage.remote.client import ConsoleClient, Reply, change_name, token_hash
from signage.remote.document import Command
from signage.remote.identity import Identity, read_identity, write_identity
from signage.remote.link import SettingsLink
from tests.console_content import member, with_example

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def example(settings: Any, tmp_path: Path) -> Path:
    settings.STATE = tmp_path / "state"
    settings.STATE.mkdir()
    with_example(settings, tmp_path)
    return tmp_path


def change_url(token: str) -> str:
    return f"/api/v1/changes/{change_name(token_hash(token))}.json"


def poll(token: str, etag: str | None = None) -> Any:
    headers = {"HTTP_IF_NONE_MATCH": etag} if etag else {}
    response = Client().get(change_url(token), **headers)
    response.close()  # a file's answer: its file closed
    return response


def referent() -> Client:
    return member(f"referente-{secrets.token_hex(3)}", Role.REFERENT, sites=["maurepas"])


def test_each_change_moves_exactly_the_files_of_the_screens_it_concerns(example: Path) -> None:
    hall, hall_token = Screen.register("Hall", "maurepas")
    desk, desk_token = Screen.register("Accueil", "maurepas")
    other, other_token = Screen.register("Hall", "villejean")
    tags = {t: poll(t)["ETag"] for t in (hall_token, desk_token, other_token)}
    assert all(poll(t, tag).status_code == 304 for t, tag in tags.items())

    def moved() -> set[str]:
        found = {t for t, tag in tags.items() if poll(t, tag).status_code == 200}
        tags.update({t: poll(t)["ETag"] for t in found})
        return found

    person = referent()
    # The site's settings: both Maurepas screens, not Villejean's.
    assert person.post("/sites/maurepas/reglages/", {"theme": "dark"}).status_code == 302
    assert moved() == {hall_token, desk_token}
    # One screen's own settings, then an action asked of it: that screen only, each time
    # (twice within the same second still moves it: nginx's ETag counts in seconds).
    assert person.post(f"/ecrans/{hall.pk}/reglages/", {"theme": "light"}).status_code == 302
    assert moved() == {hall_token}
    assert person.post(f"/ecrans/{hall.pk}/actions/sync/").status_code == 302
    assert moved() == {hall_token}
    # Nothing for anyone: nothing moves.
    assert moved() == set()
    # A revoked screen's file is gone: the screen asks for its settings and is told.
    assert person.post(f"/ecrans/{desk.pk}/revoquer/").status_code == 302
    assert poll(desk_token).status_code == 404
    told = Client().get("/api/v1/screen", HTTP_AUTHORIZATION=f"Bearer {desk_token}")
    assert told.status_code == 401 and told.json() == {"error": "revoked"}
    assert other.pk and moved() == set()


def test_a_settings_poll_answered_304_reads_one_row(
    example: Path, django_assert_max_num_queries: Any
) -> None:
    screen, token = Screen.register("Hall", "maurepas")
    first = Client().get("/api/v1/screen", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert first.status_code == 200
    with django_assert_max_num_queries(1):
        again = Client().get(
            "/api/v1/screen", HTTP_IF_NONE_MATCH=first["ETag"], HTTP_AUTHORIZATION=f"Bearer {token}"
        )
    assert again.status_code == 304
    ScreenCommand.objects.create(screen=screen, action="screenshot")
    changed = Client().get(
        "/api/v1/screen", HTTP_IF_NONE_MATCH=first["ETag"], HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert changed.status_code == 200
    assert [c["action"] for c in json.loads(changed.content)["commands"]] == ["screenshot"]


def test_a_lost_change_folder_is_written_again_at_start_and_kept_ones_are_left(
    example: Path,
) -> None:
    _, token = Screen.register("Hall", "maurepas")
    _, revoked_token = Screen.register("Ancien", "maurepas")
    Screen.objects.filter(name="Ancien").update(revoked_at="2026-01-01T00:00Z")
    kept = poll(token)["ETag"]
    assert changes.write_missing() == 0  # every file is there: none rewritten
    assert poll(token, kept).status_code == 304
    for path in changes.folder().glob("*.json"):
        path.unlink()
    assert changes.write_missing() == 1  # the revoked screen gets none
    assert poll(token).status_code == 200 and poll(revoked_token).status_code == 404


class Counting(ConsoleClient):
    """The screen's real client, counting what it asks."""

    def __init__(self, url: str) -> None:
        super().__init__(url, "test")
        self.asked: list[str] = []

    def settings(self, token: str, etag: str | None) -> Reply:
        self.asked.append("settings")
        return super().settings(token, etag)

    def changes(self, token: str, etag: str | None) -> Reply:
        reply = super().changes(token, etag)
        self.asked.append(f"changes {reply.status}")
        return reply


def test_a_screen_asks_for_its_settings_only_when_something_changed_for_it(
    example: Path, live_server: Any
) -> None:
    screen, token = Screen.register("Hall", "maurepas")
    folder = example / "screen"
    config = example / "screen.toml"
    config.write_text(f'[console]\nurl = "{live_server.url}/"\nfolder = "screen"\n', "utf-8")
    write_identity(
        folder,
        Identity(
            f"{live_server.url}/",
            token,
            screen.pk,
            f"{live_server.url}/flux/feed.json",
            public_key(),
        ),
    )
    identity = read_identity(folder)
    assert identity is not None
    client = Counting(f"{live_server.url}/")
    done: list[Command] = []
    link = SettingsLink(
        identity,
        folder,
        config,
        (),
        10,
        on_command=done.append,
        on_revoked=lambda: None,
        client=client,
    )
    link.poll()  # at start: the document itself
    link.poll()  # the change file, first seen: the document again (a 304)
    assert client.asked == ["settings", "changes 200", "settings"]
    client.asked.clear()
    for _ in range(5):
        link.poll()
    assert client.asked == ["changes 304"] * 5 and link.problem is None
    client.asked.clear()
    ScreenCommand.objects.create(screen=screen, action="screenshot")
    link.poll()
    assert client.asked == ["changes 200", "settings"]
    assert [c.action for c in done] == ["screenshot"]
    client.asked.clear()
    link.poll()
    assert client.asked == ["changes 304"]


def test_a_change_file_a_full_disk_kept_back_is_written_within_the_minute(
    example: Path,
) -> None:
    screen, token = Screen.register("Hall", "maurepas")
    before = poll(token)["ETag"]
    # The folder cannot take the file (here: a file where the folder should be).
    folder = changes.folder()
    moved = folder.with_name("changes-kept")
    folder.rename(moved)
    folder.write_text("not a folder")
    ScreenCommand.objects.create(screen=screen, action="sync")
    screen.refresh_from_db()
    assert screen.change_written < screen.settings_version  # what is owed is known
    folder.unlink()
    moved.rename(folder)
    assert poll(token, before).status_code == 304  # the screen does not know yet
    assert changes.write_pending() == 1  # the console's minute check
    assert poll(token, before).status_code == 200
    assert changes.write_pending() == 0  # nothing owed any more
