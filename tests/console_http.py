"""Helpers for the console tests that talk to a real console over HTTP, as a browser
without JavaScript would: sign in, register a screen."""

from __future__ import annotations

import re
import socket
import time

import requests

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_answers(url: str, seconds: float = 30, **options: object) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            requests.get(url, timeout=5, allow_redirects=False, **options)  # type: ignore[arg-type]
            return
        except requests.ConnectionError:
            assert time.monotonic() < deadline, f"{url} did not answer in {seconds:g} s"
            time.sleep(0.2)


def post_form(session: requests.Session, url: str, fields: dict[str, str]) -> requests.Response:
    """GET the form at ``url``, then POST ``fields`` with its CSRF token, as a browser."""
    form = session.get(url, timeout=10)
    token = CSRF.search(form.text)
    assert token is not None, f"no form at {url}"
    return session.post(
        url,
        {**fields, "csrfmiddlewaretoken": token.group(1)},
        headers={"Referer": url},
        timeout=10,
    )


def sign_in(session: requests.Session, base: str, name: str, password: str) -> None:
    answer = post_form(session, f"{base}/connexion/", {"username": name, "password": password})
    assert answer.url == f"{base}/", f"not signed in: {answer.url}"


def register_screen(session: requests.Session, base: str, name: str, site: str) -> tuple[str, str]:
    """Register a screen; its token and the heartbeat address the token page gives."""
    page = post_form(session, f"{base}/ecrans/nouveau/", {"name": name, "site": site})
    token = re.search(r'token = "([^"]+)"', page.text)
    url = re.search(r'url = "([^"]+)"', page.text)
    assert token is not None and url is not None, page.text[:500]
    return token.group(1), url.group(1)
