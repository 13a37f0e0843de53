"""Flask CLI commands: ``flask --app qsort create-facilitator | seed-demo | demo``."""

import sys

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from qsort.services import auth as auth_service
from qsort.services import demo as demo_service


@click.command("create-facilitator")
@click.argument("email")
@with_appcontext
def create_facilitator(email: str) -> None:
    """Create a facilitator account; the password comes from a prompt or from stdin."""
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        facilitator = auth_service.create_facilitator(email, password)
    except auth_service.AccountError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Created facilitator {facilitator.email}.")


@click.command("seed-demo")
@click.option("--reset-password", is_flag=True, help="Give the demo account a new password.")
@with_appcontext
def seed_demo(reset_password: bool) -> None:
    """Create the demo facilitator, the customer-focus clinic and ~30 submitted sorts."""
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


@click.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, envvar="FLASK_RUN_PORT")
@with_appcontext
def demo(host: str, port: int) -> None:
    """Upgrade the database, seed the demo and serve the app with a fresh demo password."""
    from flask_migrate import upgrade
    from werkzeug.serving import run_simple

    upgrade()
    info = demo_service.seed_demo(reset_password=True)
    click.echo("")
    _print_demo(info, url=f"http://{host}:{port}/")
    click.echo("Press CTRL+C to stop.\n")
    run_simple(host, port, current_app._get_current_object(), threaded=True)


def _pass_through(name: str) -> click.Command:
    """``flask --app qsort NAME ...`` runs ``qsort NAME ...`` (the analysis command line)."""

    @click.command(
        name,
        context_settings={
            "ignore_unknown_options": True,
            "allow_extra_args": True,
            "help_option_names": [],
        },
        help=f"Same as 'qsort {name}' (run 'qsort {name} --help' for its options).",
    )
    @click.argument("args", nargs=-1, type=click.UNPROCESSED)
    def command(args: tuple[str, ...]) -> None:
        from qsort.cli import main

        sys.exit(main([name, *args]))

    return command


def register(app: Flask) -> None:
    for command in (
        create_facilitator,
        seed_demo,
        demo,
        _pass_through("analyse"),
        _pass_through("export-dat"),
    ):
        app.cli.add_command(command)
