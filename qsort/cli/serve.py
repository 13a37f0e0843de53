"""``qsort serve``: run the app on this computer with a production server, for a clinic in a
room without internet (the facilitator's laptop is the server, tablets join over its network).

Without ``--lan`` it listens on localhost only. With ``--lan`` it listens on every interface,
shows the join URL and QR with the laptop's LAN address, and refuses a weak secret key.

The server is waitress: one process whose event loop reads every request whole (headers and
body) before a thread runs it, so a slow or half-open connection costs a socket, never a
thread, and one device on the room's Wi-Fi cannot freeze the clinic (gunicorn's sync and
gthread workers give a thread to a half-sent request; measured in benchmarks/servers.py and
docs/deploy.md). One process also makes the in-memory rate limits exact.
"""

import signal
from types import SimpleNamespace

import click

from qsort.cli.group import CommandError, StudyCommand
from qsort.domain.phases import JOINABLE
from qsort.resources import MIGRATIONS

THREADS = 8
# Tablets keep their connection open between autosaves; a room of 300 plus dashboards and
# projectors fits well below this (poll() instead of select(), so beyond 1024 descriptors).
CONNECTION_LIMIT = 1000
CHANNEL_TIMEOUT_S = 60  # an idle or stalled connection is closed after this long
#: waitress's settings that do not depend on the command line.
WAITRESS = {
    "connection_limit": CONNECTION_LIMIT,
    "channel_timeout": CHANNEL_TIMEOUT_S,
    "asyncore_use_poll": True,
    "ident": "qsort",
}
WEAK_KEYS = {"", "dev", "test", "secret", "changeme", "change-me", "development", "qsort"}
MIN_KEY_LENGTH = 32


@click.command(
    "serve",
    cls=StudyCommand,
    short_help="run the web app with a production server (add --lan for tablets on this network)",
)
@click.option("--lan", is_flag=True, help="listen on the local network, not just this computer")
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--threads", type=int, default=THREADS, show_default=True, help="request threads")
@click.option("--address", help="the LAN address to show tablets (default: detected)")
def command(**options) -> int:
    """Run qsort with waitress (one process, several threads) on SQLite in instance/."""
    return run(SimpleNamespace(**options))


def run(args: SimpleNamespace) -> int:
    from flask_migrate import upgrade

    from qsort.app import create_app
    from qsort.extensions import db

    app = create_app()
    _check_secret_key(app.config["SECRET_KEY"], args.lan)
    host, public = _addresses(args)
    app.config["PUBLIC_URL"] = public
    with app.app_context():
        upgrade(directory=str(MIGRATIONS))
        clinics = _open_clinics()
        db.engine.dispose()  # no connection may cross the fork into the workers
    return _run_server(app, host, args.port, args.threads, _banner(app, public, clinics, args))


def _check_secret_key(key: str, lan: bool) -> None:
    if lan and (key.strip().lower() in WEAK_KEYS or len(key) < MIN_KEY_LENGTH):
        raise CommandError(
            "refusing to serve on the network with a weak secret key: remove SECRET_KEY from the "
            f"environment and instance/config.py (a strong one is then generated into "
            f"instance/secret_key) or set one of at least {MIN_KEY_LENGTH} random characters"
        )


def _addresses(args: SimpleNamespace) -> tuple[str, str]:
    if not args.lan:
        return "127.0.0.1", f"http://127.0.0.1:{args.port}"
    from qsort.lan import lan_addresses

    address = args.address or next(iter(lan_addresses()), None)
    if address is None:
        raise CommandError(
            "no network address found: connect to the room's Wi-Fi or start the laptop's hotspot, or give --address"
        )
    return "0.0.0.0", f"http://{address}:{args.port}"


def _open_clinics() -> list[tuple[str, str]]:
    from qsort.extensions import db
    from qsort.models import Clinic

    query = db.select(Clinic).where(Clinic.phase.in_(JOINABLE)).order_by(Clinic.id)
    return [(c.title_for("en"), c.join_code) for c in db.session.scalars(query)]


def _banner(app, public: str, clinics: list[tuple[str, str]], args: SimpleNamespace) -> str:
    database = app.config["SQLALCHEMY_DATABASE_URI"]
    lines = [
        "qsort is running."
        if args.lan
        else "qsort is running on this computer only (add --lan for tablets).",
        f"  Facilitator:   {public}/",
        f"  Participants:  {public}/join" + ("" if clinics else "  (no clinic is open yet)"),
    ]
    lines += [
        f"                 {title}: code {code}  ->  {public}/join/{code}"
        for title, code in clinics
    ]
    lines += [f"  Database:      {database.removeprefix('sqlite:///')}", "  Stop with Ctrl+C."]
    return "\n".join(lines)


def _run_server(app, host: str, port: int, threads: int, banner: str) -> int:
    """Serve until stopped (Ctrl+C or SIGTERM); the banner is printed once the server listens."""
    from waitress.server import create_server

    from qsort import jobs_runner

    # A body over the app's limit is refused by waitress before it is buffered.
    body_limit = int(app.config["MAX_CONTENT_LENGTH"]) + 1024
    server = create_server(
        app, host=host, port=port, threads=threads, max_request_body_size=body_limit, **WAITRESS
    )
    jobs_runner.start(app)  # also picks up jobs a killed server left behind
    print(banner, flush=True)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.run()  # returns after Ctrl+C or SIGTERM, once the request threads are done
    finally:
        jobs_runner.stop(app)
    return 0


def _interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt  # waitress' loop ends on it and shuts its threads down
