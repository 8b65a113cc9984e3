"""``signage console``: run the console, or create its first admin account.

Nothing here imports Django until the command runs: a screen, which never installs the
console, still lists the command and is told how to install it.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_INVALID, EXIT_MISSING = 0, 1, 2


def add_parser(commands: Any) -> None:
    console = commands.add_parser(
        "console", help="run the web console (admins, partners, referents); see docs/console.md"
    )
    console.add_argument(
        "action",
        nargs="?",
        choices=["serve", "createadmin", "migrate", "demo", "import", "export", "publish"],
        default="serve",
        help="serve (default), createadmin, migrate, demo (the demo sites, screen and "
        "login, beside ./run-demo's player), import FOLDER (a content folder, replacing "
        "the console's content), export FOLDER (the content as folders for publish) or "
        "publish (what is saved, now: for cron)",
    )
    console.add_argument(
        "folder",
        nargs="?",
        type=Path,
        help="import: the admins' content folder; export: an empty folder to write into",
    )
    console.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    console.add_argument("--port", type=int, default=8000, help="port (8000)")
    console.add_argument("--state", type=Path, help="state folder (database, screenshots, key)")
    console.add_argument("--workers", type=int, default=2, help="server processes (2)")
    console.add_argument("--username", help="createadmin: the account's name")
    console.add_argument(
        "--password-stdin",
        action="store_true",
        help="createadmin: read the password from standard input",
    )
    console.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.action == "demo":
        _prepare_demo_environment(args)
    if args.state is not None:
        os.environ["SIGNAGE_CONSOLE_STATE"] = str(args.state.resolve())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "signage.console.settings")
    if args.host not in {"127.0.0.1", "localhost"}:
        hosts = os.environ.get("SIGNAGE_CONSOLE_HOSTS", "127.0.0.1,localhost")
        os.environ["SIGNAGE_CONSOLE_HOSTS"] = f"{hosts},{args.host}"
    try:
        import django  # noqa: PLC0415
    except ImportError:
        print(
            "signage: the console is not installed: pip install 'esc-signage[console]'",
            file=sys.stderr,
        )
        return EXIT_MISSING
    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    call_command("migrate", interactive=False, verbosity=0)
    if args.action == "migrate":
        print("console database up to date")
        return EXIT_OK
    if args.action == "createadmin":
        return _create_admin(args)
    if args.action in {"import", "export"}:
        return _import_export(args)
    if args.action == "publish":
        return _publish()
    if args.action == "demo":
        _seed_demo(args)
    return _serve(args)


DEMO_USER, DEMO_PASSWORD = "demo", "demo-esc-maurepas"


def _publish() -> int:
    """What is saved in the console, published now (a cron job: calendars by address
    refreshed, the weeks ahead moved on). Nothing is rewritten when nothing changed."""
    from signage.console.content.publishing import NotConfigured, publish, record  # noqa: PLC0415
    from signage.publish.write import PublishRefused  # noqa: PLC0415

    try:
        outcome = publish()
    except (NotConfigured, PublishRefused, OSError) as exc:
        print(f"signage: nothing published: {exc}", file=sys.stderr)
        return EXIT_INVALID
    for problem in outcome.problems + outcome.warnings:
        print(problem, file=sys.stderr)
    if outcome.problems:
        return EXIT_INVALID
    if outcome.published:
        record(outcome)
        print(f"published: {outcome.summary}")
    else:
        print("already up to date: nothing written")
    return EXIT_OK


def _import_export(args: argparse.Namespace) -> int:
    from signage.console.content.folder import (  # noqa: PLC0415
        ImportRefused,
        export_folder,
        import_folder,
    )

    if args.folder is None:
        print(f"signage: console {args.action} needs a folder", file=sys.stderr)
        return EXIT_INVALID
    if args.action == "export":
        if args.folder.exists() and any(args.folder.iterdir()):
            print(f"signage: {args.folder} is not empty; give a new folder", file=sys.stderr)
            return EXIT_INVALID
        admins = export_folder(args.folder, backup=True)
        print(f"exported into {args.folder}; publish with: signage publish {admins} OUT")
        return EXIT_OK
    try:
        counts = import_folder(args.folder)
    except ImportRefused as exc:
        print(f"signage: nothing imported: {exc}", file=sys.stderr)
        return EXIT_INVALID
    listed = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
    print(f"imported from {args.folder}: {listed or 'nothing'}")
    return EXIT_OK


def _demo_folder() -> Path:
    from platformdirs import user_cache_dir  # noqa: PLC0415

    return Path(user_cache_dir("esc-signage", appauthor=False)) / "demo"


def _prepare_demo_environment(args: argparse.Namespace) -> None:
    """The demo's own state folder, and the demo feed (re-dated) as what is published."""
    from datetime import UTC, datetime  # noqa: PLC0415

    from platformdirs import user_state_dir  # noqa: PLC0415

    from signage.demo import prepare_demo  # noqa: PLC0415

    if args.state is None:
        args.state = Path(user_state_dir("esc-signage", appauthor=False)) / "console-demo"
    prepare_demo(_demo_folder(), datetime.now(UTC).date())
    # What the console publishes goes to a folder of its own: /flux/ serves it, and the
    # demo screen's config (its heartbeat token) and cache stay out of it.
    published = _demo_folder() / "published"
    published.mkdir(exist_ok=True)
    os.environ["SIGNAGE_CONSOLE_FEED"] = str(published / "feed.json")


def _seed_demo(args: argparse.Namespace) -> None:
    """The demo login and the demo screen; the player's config (with its heartbeat) is
    written beside the demo feed, for ./run-demo to start the player with."""
    from django.contrib.auth import get_user_model  # noqa: PLC0415

    from signage.console.people.models import Membership, Role  # noqa: PLC0415
    from signage.console.screens.models import Screen  # noqa: PLC0415

    users = get_user_model()
    user = users.objects.filter(username=DEMO_USER).first()
    if user is None:
        user = users.objects.create_superuser(DEMO_USER, "", DEMO_PASSWORD)
        Membership.objects.create(user=user, role=Role.ADMIN)
    # A new token at each demo start: the old one is revoked with its screen.
    Screen.objects.filter(name="Écran de démonstration", revoked_at__isnull=True).delete()
    _, token = Screen.register("Écran de démonstration", "maurepas")
    key = _demo_content()
    config = _demo_folder() / "demo.toml"
    url = f"http://{args.host}:{args.port}/api/v1/heartbeat"
    text = config.read_text("utf-8")
    # The demo screen checks the console's signature, and looks for new content every
    # minute: a password changed in the console shows on it within a minute.
    text = text.replace("[source]\n", f'[source]\npublic_key = "{key}"\nrefresh_minutes = 1\n', 1)
    text = text.replace('feed = "feed.json"', 'feed = "published/feed.json"', 1)
    text += f'\n[heartbeat]\nurl = "{url}"\ntoken = "{token}"\nminutes = 1\n'
    with_console = _demo_folder() / "demo-console.toml"
    with_console.write_text(text, "utf-8")
    print(f"demo login: {DEMO_USER} / {DEMO_PASSWORD}", flush=True)
    print(f"demo screen config: {with_console}", flush=True)


def _demo_content() -> str:
    """The example content in the console, put back and published into the demo folder
    at every start; the public key the demo screen is to trust."""
    from signage.console.content.folder import import_folder  # noqa: PLC0415
    from signage.console.content.publishing import public_key, publish, record  # noqa: PLC0415
    from signage.resources import assets_dir  # noqa: PLC0415

    # The demo starts from its own content every time: what a visitor tried last time
    # (an urgent message left on, a deleted wifi) does not greet the next one.
    import_folder(assets_dir() / "example-content" / "admins")
    outcome = publish()
    record(outcome)
    for problem in outcome.problems:
        print(f"demo content: {problem}", file=sys.stderr)
    return public_key()


def _create_admin(args: argparse.Namespace) -> int:
    import getpass  # noqa: PLC0415

    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from django.contrib.auth.password_validation import (  # noqa: PLC0415
        ValidationError,
        validate_password,
    )

    from signage.console.people.models import Membership, Role  # noqa: PLC0415

    username = args.username or input("Nom d'utilisateur : ").strip()
    if not username:
        print("signage: a name is needed (--username)", file=sys.stderr)
        return EXIT_INVALID
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Mot de passe (10 caractères au moins) : ")
    users = get_user_model()
    try:
        validate_password(password)
    except ValidationError as exc:
        for message in exc.messages:
            print(f"signage: {message}", file=sys.stderr)
        return EXIT_INVALID
    if users.objects.filter(username=username).exists():
        print(f"signage: the account {username!r} exists already", file=sys.stderr)
        return EXIT_INVALID
    user = users.objects.create_superuser(username=username, password=password, email="")
    Membership.objects.create(user=user, role=Role.ADMIN)
    print(f"admin account {username!r} created; sign in at the console's address")
    return EXIT_OK


def _freeze_before_fork(server: Any, worker: Any) -> None:
    """What the console loaded (Django, its apps, the URL and template machinery: 100,000
    objects) is set apart from the garbage collector before a worker is forked from it:
    a worker's full collection walked them all, 27 ms holding its four threads (a
    heartbeat or a fleet page waiting behind it), and touched every page shared with
    the others; after ``gc.freeze`` it walks what the worker made itself (0.2 ms)."""
    gc.freeze()


def _serve(args: argparse.Namespace) -> int:
    from django.conf import settings  # noqa: PLC0415
    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from gunicorn.app.base import BaseApplication  # noqa: PLC0415

    from signage.console.wsgi import application  # noqa: PLC0415

    address = f"http://{args.host}:{args.port}/"
    print(f"console on {address} (state: {settings.STATE}; Ctrl-C stops)", flush=True)
    if not get_user_model().objects.exists():
        print(
            "no account yet: create the first admin with `signage console createadmin`", flush=True
        )

    from django.db import connections  # noqa: PLC0415

    from signage.console.fleet.alerts import AlertLoop  # noqa: PLC0415
    from signage.console.screens.changes import write_missing  # noqa: PLC0415

    write_missing()  # a new state folder, or files lost: every screen has its change file
    connections.close_all()  # the workers are forked from this process: no shared connection
    alerts = AlertLoop()
    alerts.start()

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{args.host}:{args.port}")
            self.cfg.set("workers", max(1, args.workers))
            self.cfg.set("threads", 4)
            self.cfg.set("timeout", 30)
            self.cfg.set("graceful_timeout", 5)
            self.cfg.set("accesslog", None)
            self.cfg.set("limit_request_line", 4096)
            # nginx keeps its connections to the console open (docs/console.md): a
            # request no longer pays for a new one.
            self.cfg.set("keepalive", 30)
            self.cfg.set("pre_fork", _freeze_before_fork)
            # Its control socket in its state folder, named by its port: several consoles
            # on one machine (two instances on one database, one state folder) must not
            # share ~/.gunicorn/gunicorn.ctl.
            control = settings.STATE / f"gunicorn-{args.port}.ctl"
            if len(str(control)) < 100:  # a Unix socket's path is at most 107 bytes
                self.cfg.set("control_socket", str(control))
            else:
                self.cfg.set("control_socket_disable", True)

        def load(self) -> Any:
            return application

    try:
        Server().run()
    finally:
        alerts.stop()
    return EXIT_OK
