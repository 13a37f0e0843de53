"""The command line's app commands (create-facilitator, the demo seed) and the one command group
behind both `qsort` and `flask --app qsort`."""

import json
from collections import Counter

from qsort.extensions import db
from qsort.models import Clinic, Facilitator, Participant, QSort
from qsort.services import auth as auth_service
from qsort.services.demo import DEMO_EMAIL


def test_create_facilitator_from_stdin(app, runner):
    result = runner.invoke(
        args=["create-facilitator", "New@Example.org"], input="a long password\n"
    )
    assert result.exit_code == 0, result.output
    assert "Created facilitator new@example.org" in result.output
    with app.app_context():
        assert auth_service.authenticate("new@example.org", "a long password") is not None


def test_create_facilitator_refuses_bad_input(app, runner, make_facilitator):
    make_facilitator("taken@example.org")
    result = runner.invoke(
        args=["create-facilitator", "taken@example.org"], input="a long password\n"
    )
    assert result.exit_code == 1
    assert "already exists" in result.output
    result = runner.invoke(args=["create-facilitator", "x@example.org"], input="short\n")
    assert result.exit_code == 1
    assert "at least 10 characters" in result.output
    with app.app_context():
        assert db.session.scalars(db.select(Facilitator.email)).all() == ["taken@example.org"]


def test_seed_demo_is_idempotent_and_every_sort_fits_the_grid(app, runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert f"Demo login: {DEMO_EMAIL}" in first.output
    password = first.output.split("Password:")[1].split()[0]
    second = runner.invoke(args=["seed-demo"])
    assert "Password:   unchanged" in second.output
    with app.app_context():
        assert auth_service.authenticate(DEMO_EMAIL, password) is not None
        clinics = db.session.scalars(db.select(Clinic)).all()
        assert len(clinics) == 1
        clinic = clinics[0]
        assert clinic.join_code in first.output
        assert len(clinic.statements) == 24
        sorts = db.session.scalars(db.select(QSort)).all()
        assert 25 <= len(sorts) <= 35
        expected = Counter({c["value"]: c["height"] for c in clinic.grid})
        for q_sort in sorts:
            assert q_sort.status == "submitted"
            assert Counter(p.column_value for p in q_sort.placements) == expected
            assert {p.statement_id for p in q_sort.placements} == {s.id for s in clinic.statements}
        assert len(db.session.scalars(db.select(Participant)).all()) == len(sorts)


def test_seed_demo_reset_password(app, runner):
    runner.invoke(args=["seed-demo"])
    result = runner.invoke(args=["seed-demo", "--reset-password"])
    password = result.output.split("Password:")[1].split()[0]
    with app.app_context():
        assert auth_service.authenticate(DEMO_EMAIL, password) is not None


def test_demo_top_five_come_out_on_top(app, runner):
    """The planted viewpoints all value the clinic's reported top five."""
    runner.invoke(args=["seed-demo"])
    with app.app_context():
        clinic = db.session.scalars(db.select(Clinic)).one()
        totals = Counter()
        for participant in clinic.participants:
            for p in participant.q_sort.placements:
                totals[p.statement.code] += p.column_value
        top = [code for code, _ in totals.most_common(5)]
    assert set(top) & {"S01", "S02", "S03", "S04", "S05"}
    assert len(set(top) & {"S01", "S02", "S03", "S04", "S05"}) >= 4


def test_analysis_cli_runs_under_flask(runner, tmp_path):
    """Does 'flask --app qsort analyse' run the qsort analysis command with its options?"""
    from tests.helpers import FIXTURES

    out = tmp_path / "out.json"
    result = runner.invoke(
        args=[
            "analyse",
            str(FIXTURES / "lipset" / "sorts.csv"),
            "--factors",
            "3",
            "--json",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["n_factors"] == 3
    bad = runner.invoke(args=["analyse", str(FIXTURES / "lipset" / "sorts.csv"), "--factors", "40"])
    assert bad.exit_code == 2


def test_one_command_group_behind_qsort_and_flask(app):
    """Does ``flask --app qsort`` carry every command of ``qsort``, as the same objects?"""
    from qsort.cli import COMMANDS, cli

    for name in COMMANDS:
        assert app.cli.commands[name] is cli.get_command(None, name), name


def test_app_commands_run_under_qsort_itself(tmp_path):
    """``qsort create-facilitator`` makes the app from the instance folder (no ``flask``): the
    account is created once, a second time is refused with a reason and exit status 1, and
    nothing stored changes."""
    import os
    import sqlite3
    import subprocess
    import sys
    from pathlib import Path

    qsort = str(Path(sys.executable).parent / "qsort")
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DATABASE_URL")}
    env["QSORT_INSTANCE_PATH"] = str(tmp_path)

    def create() -> subprocess.CompletedProcess:
        return subprocess.run(
            [qsort, "create-facilitator", "Team@Example.org"],
            input="a long enough password\n",
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    first = create()
    assert first.returncode == 0, first.stderr
    assert "Created facilitator team@example.org." in first.stdout
    database = next(tmp_path.glob("*.sqlite"))
    with sqlite3.connect(database) as connection:
        before = connection.execute("SELECT id, email, password_hash FROM facilitators").fetchall()
    again = create()
    assert again.returncode == 1
    assert "already exists" in again.stderr and "Traceback" not in again.stderr
    with sqlite3.connect(database) as connection:
        after = connection.execute("SELECT id, email, password_hash FROM facilitators").fetchall()
    assert after == before and len(after) == 1
