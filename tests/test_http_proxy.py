"""A screen behind a proxy (HTTP_PROXY, NO_PROXY: read once per site) reaches its feed."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from signage.sources.fetch_error import FetchError
from signage.sources.http import HttpFetcher
from tests.httpd import FeedServer, ok

FEED = "http://ecrans.example.invalid/feed.json"  # a name only the proxy knows


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[FeedServer]:
    server = FeedServer()  # answers absolute-URI requests, as a forward proxy does
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    monkeypatch.setenv("http_proxy", server.url(""))
    yield server
    server.stop()


def get(fetcher: HttpFetcher, url: str) -> bytes:
    return fetcher.get(url, max_bytes=10_000, deadline=time.monotonic() + 5).body


def test_every_request_goes_through_the_proxy_the_environment_names(proxy: FeedServer) -> None:
    proxy.route(FEED, ok(b'{"v": 1}'), ok(b'{"v": 2}'))
    fetcher = HttpFetcher("test", retries=0)
    assert get(fetcher, FEED) == b'{"v": 1}'
    assert get(fetcher, FEED) == b'{"v": 2}'  # the environment read once, still applied
    assert [seen.path for seen in proxy.seen] == [FEED, FEED]
    fetcher.close()


def test_no_proxy_hosts_are_reached_directly(
    proxy: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("no_proxy", "127.0.0.1,ecrans.example.invalid")
    direct = FeedServer()
    url = direct.route("/feed.json", ok(b"{}"))
    fetcher = HttpFetcher("test", retries=0)
    assert get(fetcher, url) == b"{}"
    with pytest.raises(FetchError):  # not sent to the proxy: the name resolves nowhere
        get(fetcher, FEED)
    assert proxy.seen == [] and [seen.path for seen in direct.seen] == ["/feed.json"]
    fetcher.close()
    direct.stop()
