"""``signage fetch``: one sync in the foreground, told in plain words for a referent."""

from __future__ import annotations

from signage.config import Orientation, ScreenConfig
from signage.feed import SECTIONS
from signage.playlist import unknown_site
from signage.sources.sync import Syncer, site_zone


def fetch_report(config: ScreenConfig) -> tuple[bool, str]:
    """Run one sync for ``config``; return whether it worked and a report to print."""
    portrait = config.display.orientation is Orientation.PORTRAIT
    syncer = Syncer(
        config.source,
        config.site.id,
        image_box=(1080, 1920) if portrait else (1920, 1080),
        extras=config.sources,
        zone=site_zone(config),
    )
    try:
        cached = syncer.start()
        report = syncer.sync()
    finally:
        syncer.close()
    lines = [f"source:  {config.source.feed}"]
    if report.status is not None:
        lines.append(f"HTTP:    {report.status}")
    lines.append(f"result:  {report.outcome.value}: {report.message}")
    if cached is not None:
        lines.append(
            f"cached:  content confirmed {cached.confirmed_at.isoformat(timespec='seconds')}"
        )
    snapshot = report.snapshot
    if snapshot is not None:
        counts = ", ".join(f"{len(getattr(snapshot.feed, name))} {name}" for name in SECTIONS)
        lines.append(f"content: {counts}")
        lines.append(
            f"version: {snapshot.version[:16]} (fetched "
            f"{snapshot.fetched_at.isoformat(timespec='seconds')})"
        )
    for dropped in report.dropped:
        lines.append(f"dropped: {dropped}")
    if report.images_fetched or report.images_reused:
        lines.append(
            f"images:  {report.images_fetched} fetched, {report.images_reused} already cached"
        )
    for refused in report.images_refused:
        lines.append(f"refused: {refused}")
    for line in report.sources:
        lines.append(f"source:  {line}")
    if report.cache_error:
        lines.append(f"cache:   {report.cache_error}")
    lines.append(f"cache folder: {syncer.cache.folder}")
    unknown = unknown_site(snapshot.feed, config.site.id) if snapshot is not None else None
    if unknown is not None:
        # The content is kept (what is for every site still shows), but this is the
        # referent's mistake to fix: the command fails.
        lines.append(f"SITE:    {unknown} ([site] id in the config)")
    return report.ok and unknown is None, "\n".join(lines)
