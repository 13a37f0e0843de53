"""The app's management commands: ``qsort create-facilitator | set-password | seed-demo | demo |
run-jobs`` (also under ``flask --app qsort``, see :mod:`qsort.cli`).

Every command that touches the database first brings it up to date (``db upgrade``), so each
works on a fresh instance folder.
"""

import contextlib
import functools
import sys
from collections.abc import Callable

import click
from flask import current_app, has_app_context
from flask.cli import ScriptInfo

from qsort.services import auth as auth_service
from qsort.services import demo as demo_service


def in_app_context(command: Callable) -> Callable:
    """Run ``command`` in the app's context: the app ``flask --app qsort`` loaded, else (under
    ``qsort``) the app :func:`qsort.app.create_app` makes from the instance folder."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        if has_app_context():
            return command(*args, **kwargs)
        info = click.get_current_context().find_object(ScriptInfo)
        if info is not None:
            app = info.load_app()
        else:
            from qsort.app import create_app

            app = create_app()
        with app.app_context():
            return command(*args, **kwargs)

    return run


def _upgrade() -> None:
    """Apply the migrations (a no-op when the database is current)."""
    from flask_migrate import upgrade

    if current_app.config.get("CLI_UPGRADES_DATABASE", True):
        upgrade()


def _password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@click.command(
    "create-facilitator",
    short_help="create a facilitator account (password from a prompt or stdin)",
)
@click.argument("email")
@in_app_context
def create_facilitator(email: str) -> None:
    """Create a facilitator account; the password comes from a prompt or from stdin."""
    _upgrade()
    password = _password()
    try:
        facilitator = auth_service.create_facilitator(email, password)
    except auth_service.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Created facilitator {facilitator.email}.")


@click.command("set-password", short_help="give a facilitator a new password; their sessions end")
@click.argument("email")
@in_app_context
def set_password(email: str) -> None:
    """Give a facilitator a new password (prompt or stdin); every session of theirs ends."""
    from qsort.extensions import db
    from qsort.models import Facilitator

    _upgrade()
    facilitator = db.session.scalar(
        db.select(Facilitator).where(Facilitator.email == auth_service.normalise_email(email))
    )
    if facilitator is None:
        raise click.ClickException(f"no facilitator with email {email}")
    try:
        auth_service.set_password(facilitator, _password())
    except auth_service.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Password of {facilitator.email} changed; every session of theirs has ended.")


@click.command("seed-demo", short_help="create the demo facilitator and clinic with ~30 sorts")
@click.option("--reset-password", is_flag=True, help="Give the demo account a new password.")
@in_app_context
def seed_demo(reset_password: bool) -> None:
    """Create the demo facilitator, the customer-focus clinic and ~30 submitted sorts."""
    _upgrade()
    info = demo_service.seed_demo(reset_password=reset_password)
    _print_demo(info)


def _print_demo(info: demo_service.DemoInfo, url: str | None = None) -> None:
    if url:
        click.echo(f"qsort is running at {url}")
    click.echo(f"Demo login: {info.facilitator.email}")
    if info.password:
        click.echo(f"Password:   {info.password}   (shown once; reset with --reset-password)")
    else:
        click.echo("Password:   unchanged (run 'flask --app qsort seed-demo --reset-password')")
    click.echo(f"Join code:  {info.clinic.join_code}  ({info.clinic.title_for('en')})")


@click.command(
    "demo", short_help="seed the demo and serve it on this computer (development server)"
)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, envvar="FLASK_RUN_PORT")
@in_app_context
def demo(host: str, port: int) -> None:
    """Upgrade the database, seed the demo and serve the app with a fresh demo password."""
    from werkzeug.serving import run_simple

    _upgrade()
    info = demo_service.seed_demo(reset_password=True)
    click.echo("")
    _print_demo(info, url=f"http://{host}:{port}/")
    click.echo("Press CTRL+C to stop.\n")
    run_simple(host, port, current_app._get_current_object(), threaded=True)


@click.command(
    "run-jobs", short_help="run background jobs in this process (web workers with jobs off)"
)
@in_app_context
def run_jobs() -> None:
    """Run background jobs (analysis, stability) in this process until Ctrl+C: for servers
    whose web workers are started with QSORT_JOBS_MODE=off."""
    from qsort.jobs_runner import Runner

    _upgrade()
    click.echo("Running background jobs; stop with Ctrl+C.")
    with contextlib.suppress(KeyboardInterrupt):
        runner = Runner(current_app._get_current_object())
        runner.listener.start()  # PostgreSQL: the web workers' new jobs wake it at once
        runner.run_forever()
