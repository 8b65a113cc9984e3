"""The ``signage publish`` command: check, report every problem, write or refuse."""

from __future__ import annotations

import argparse
import contextlib
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from signage.publish.build import Build
    from signage.publish.write import Written

EXIT_OK, EXIT_REFUSED, EXIT_UNWRITABLE, EXIT_PARTNER_HELD = 0, 1, 2, 3


def add_parser(commands: Any) -> None:
    publish = commands.add_parser(
        "publish", help="check content folders and publish one feed (refused on any error)"
    )
    publish.add_argument("source", type=Path, help="the admins' content folder")
    publish.add_argument("out", type=Path, help="the published folder (served to screens)")
    publish.add_argument(
        "--key",
        type=Path,
        action="append",
        help="private key from keygen: sign the feed (twice during a key rotation)",
    )
    publish.add_argument(
        "--announce-key",
        action="append",
        default=[],
        metavar="PUBLIC_KEY",
        help="a next key for screens to trust from this feed on (rotation: docs/security.md)",
    )
    publish.add_argument(
        "--new-key",
        action="store_true",
        help="sign with a key the published feed does not name (screens given it by hand)",
    )
    publish.add_argument(
        "--replace-future",
        action="store_true",
        help="replace a published feed dated in the future (written by a wrong clock)",
    )
    publish.add_argument(
        "--dry-run", action="store_true", help="check and say what would change; write nothing"
    )
    publish.add_argument(
        "--weeks", type=int, default=8, help="weeks of calendar workshops to publish (8)"
    )
    publish.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Imported here: `signage run` on a screen should not load the publishing code.
    from signage.publish.build import build  # noqa: PLC0415
    from signage.publish.write import PublishRefused, Written, publish_lock  # noqa: PLC0415
    from signage.sources.http import HttpFetcher  # noqa: PLC0415
    from signage.sources.sync import user_agent  # noqa: PLC0415

    signer = None
    if args.key:
        from signage.feed import check_key_text  # noqa: PLC0415
        from signage.publish.signing import Signer, load_private_key  # noqa: PLC0415

        try:
            keys = [load_private_key(path) for path in args.key]
            signer = Signer(keys, [check_key_text(k) for k in args.announce_key])
        except (OSError, ValueError) as exc:
            print(f"signage: key: {exc}", file=sys.stderr)
            return EXIT_UNWRITABLE
    elif args.announce_key:
        print("signage: --announce-key needs --key (only a signed feed announces keys)")
        return EXIT_REFUSED
    written = Written()
    weeks = min(max(args.weeks, 1), 52)
    fetcher = HttpFetcher(user_agent("publish"))
    try:
        # A dry run takes no lock: it writes nothing, and may run beside a publication.
        lock = contextlib.nullcontext() if args.dry_run else publish_lock(args.out)
        with lock:
            result = build(
                args.source,
                args.out,
                now=datetime.now(UTC),
                weeks=weeks,
                fetcher=fetcher,
                dry_run=args.dry_run,
            )
            return _report(result, args, None if args.dry_run else args.out, signer, written)
    except PublishRefused as exc:
        print(f"signage: nothing published: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    except OSError as exc:
        done = f" (only written: {len(written.images_added)} new image(s), not named yet)"
        print(
            f"signage: {args.out}: cannot write ({exc.strerror or exc}); the published feed "
            f"and its signature are unchanged{done if written.images_added else ''}",
            file=sys.stderr,
        )
        return EXIT_UNWRITABLE
    finally:
        fetcher.close()


def _report(
    result: Build, args: argparse.Namespace, out: Path | None, signer: Any, written: Written
) -> int:
    from signage.publish.build import FEED_NAME  # noqa: PLC0415
    from signage.publish.write import changes, previous, write  # noqa: PLC0415

    for line in result.notes:
        print(line)
    for problem in result.warnings:
        print(problem, file=sys.stderr)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if not result.ok:
        count = len(result.problems)
        print(
            f"nothing published: {count} problem{'s' if count != 1 else ''} "
            f"(fix {'them' if count != 1 else 'it'} and run again)",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    held = [p for p in result.partners if p.held]
    for partner in held:
        kept = "its previous part is kept" if partner.sections else "nothing of it is published"
        print(f"{partner.policy.label}: held back ({kept}):", file=sys.stderr)
        for problem in partner.problems:
            print(f"  {problem}", file=sys.stderr)
    before = previous(args.out)
    summary = changes(result, before)
    if out is None:
        print(f"dry run, nothing written: {summary}")
    elif write(
        result,
        out,
        before,
        signer,
        written=written,
        new_key=args.new_key,
        replace_future=args.replace_future,
    ):
        what = f" ({written})" if str(written) else ""
        print(f"published {out / FEED_NAME}{what}: {summary}")
    else:
        print(f"{out / FEED_NAME} already up to date: nothing written")
    for note in written.notes:
        print(f"signage: {note}", file=sys.stderr)
    return EXIT_PARTNER_HELD if held else EXIT_OK
