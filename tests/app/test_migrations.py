"""The Alembic migrations build exactly the schema the models describe."""

import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade

from qsort import create_app
from qsort.extensions import db


def _app(url: str) -> Flask:
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "t"})


def test_upgrade_on_empty_sqlite_matches_models(tmp_path):
    app = _app(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
            mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
            fks = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
        db.engine.dispose()
    assert diff == []
    assert mode == "wal"
    assert fks == 1


def test_bilingual_texts_migration_keeps_what_every_screen_showed(tmp_path):
    """Does the bilingual-texts migration keep an existing clinic's title and question? Yes: the
    one title goes into both languages, the old instruction texts become the question, and a
    downgrade gives them back."""
    import sqlalchemy as sa

    app = _app(f"sqlite:///{tmp_path / 'old.sqlite'}")
    with app.app_context():
        upgrade(revision="5c7e1f0a9d3b")
        with db.engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO facilitators (id, email, password_hash, created_at)"
                    " VALUES (1, 'a@example.org', 'x', '2026-01-01')"
                )
            )
            connection.execute(
                sa.text(
                    "INSERT INTO clinics (id, owner_id, title, instruction_nl, instruction_en,"
                    " grid, join_code, phase, created_at, projector_token) VALUES (1, 1, 'Zaal 3',"
                    " 'Wat telt?', 'What counts?', '[]', 'ABCDEF', 'lobby', '2026-01-01', 't')"
                )
            )
        upgrade()
        with db.engine.connect() as connection:
            row = connection.execute(
                sa.text(
                    "SELECT title_nl, title_en, question_nl, question_en, instruction_nl,"
                    " instruction_en FROM clinics"
                )
            ).one()
        assert tuple(row) == ("Zaal 3", "Zaal 3", "Wat telt?", "What counts?", "", "")
        downgrade(revision="5c7e1f0a9d3b")
        with db.engine.connect() as connection:
            old = connection.execute(
                sa.text("SELECT title, instruction_nl, instruction_en FROM clinics")
            ).one()
        db.engine.dispose()
    assert tuple(old) == ("Zaal 3", "Wat telt?", "What counts?")


OLD_ROWS = (
    "INSERT INTO facilitators (id, email, password_hash, created_at)"
    " VALUES (1, 'a@example.org', 'x', '2026-01-01')",
    "INSERT INTO clinics (id, owner_id, title, instruction_nl, instruction_en, grid, join_code,"
    " phase, created_at, projector_token) VALUES (1, 1, 'Zaal 3', 'Wat telt?', 'What counts?',"
    " '[]', 'ABCDEF', 'sorting', '2026-01-01', 't')",
    "INSERT INTO statements (id, clinic_id, position, code, text_nl, text_en)"
    " VALUES (1, 1, 1, 'S1', 'nl', 'en')",
    "INSERT INTO participants (id, clinic_id, display_name, language, resume_code, created_at)"
    " VALUES (1, 1, 'Anouk', 'nl', 'RRRRRRRR', '2026-01-01')",
    "INSERT INTO q_sorts (id, participant_id, status, version, created_at, updated_at)"
    " VALUES (1, 1, 'draft', 3, '2026-01-01', '2026-01-01')",
    "INSERT INTO placements (id, q_sort_id, statement_id, column_value, position)"
    " VALUES (1, 1, 1, 2, 0)",
    "INSERT INTO comments (id, q_sort_id, statement_id, text) VALUES (1, 1, 1, 'Mooi')",
    "INSERT INTO analysis_runs (id, clinic_id, created_at, settings)"
    " VALUES (1, 1, '2026-01-01', '{}')",
    "INSERT INTO audit_events (id, clinic_id, action, detail, created_at)"
    " VALUES (1, 1, 'phase', '{}', '2026-01-01')",
)


def _upgrade_holding_old_rows() -> None:
    """In an app context: the schema of revision 5c7e1f0a9d3b holding ``OLD_ROWS``, upgraded."""
    import sqlalchemy as sa

    upgrade(revision="5c7e1f0a9d3b")
    with db.engine.begin() as connection:
        for statement in OLD_ROWS:
            connection.execute(sa.text(statement))
    upgrade()


OLD_TABLES = ("facilitators", "clinics", "statements", "participants", "q_sorts", "placements",
              "comments", "analysis_runs", "audit_events")  # fmt: skip


def test_upgrading_an_instance_in_use_keeps_every_row(tmp_path):
    """Does upgrading a database that already holds a clinic keep all of it? Yes: SQLite's
    batch migrations rebuild tables with foreign keys off, so no rebuild cascades a delete
    (a rebuilt 'facilitators' table once deleted every clinic)."""
    import sqlalchemy as sa

    app = _app(f"sqlite:///{tmp_path / 'used.sqlite'}")
    with app.app_context():
        _upgrade_holding_old_rows()
        with db.engine.connect() as connection:
            counts = {t: connection.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar()
                      for t in OLD_TABLES}  # fmt: skip
            fks = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
            document = connection.execute(sa.text("SELECT draft FROM q_sorts")).scalar()
        db.engine.dispose()
    # The draft's placement and comment moved into its document (i18room_draft_documents).
    assert counts == {**dict.fromkeys(OLD_TABLES, 1), "placements": 0, "comments": 0}
    assert json.loads(document) == {
        "step": "intro", "piles": {}, "columns": {"2": [1]}, "comments": {"1": "Mooi"},
        "free_choice": "",
    }  # fmt: skip
    assert fks == 1


def test_draft_documents_go_back_to_rows_on_downgrade(tmp_path):
    """A draft's document becomes placement and comment rows again on downgrade; a submitted
    sort's rows are left alone either way."""
    import sqlalchemy as sa

    app = _app(f"sqlite:///{tmp_path / 'down.sqlite'}")
    with app.app_context():
        _upgrade_holding_old_rows()
        downgrade(revision="i19live_presenter")
        with db.engine.connect() as connection:
            cards = connection.execute(
                sa.text("SELECT q_sort_id, statement_id, column_value, position FROM placements")
            ).all()
            texts = connection.execute(sa.text("SELECT statement_id, text FROM comments")).all()
            document = connection.execute(sa.text("SELECT draft FROM q_sorts")).scalar()
        db.engine.dispose()
    assert [tuple(c) for c in cards] == [(1, 1, 2, 0)]
    assert [tuple(t) for t in texts] == [(1, "Mooi")]
    assert json.loads(document) == {"step": "intro", "piles": {}}


def _round_migration_roundtrip(url: str) -> tuple:
    """Upgrade a database holding a one-round sort, add its round-2 sort, downgrade again."""
    import sqlalchemy as sa

    app = _app(url)
    with app.app_context():
        _upgrade_holding_old_rows()
        with db.engine.begin() as connection:
            upgraded = connection.execute(sa.text("SELECT round FROM q_sorts")).scalars().all()
            clinic = connection.execute(
                sa.text("SELECT current_round, show_first_sort, round2_question_nl FROM clinics")
            ).one()
            run_round = connection.execute(sa.text("SELECT round FROM analysis_runs")).scalar()
            connection.execute(sa.text(
                "INSERT INTO q_sorts (id, participant_id, status, version, created_at, updated_at,"
                " round) VALUES (2, 1, 'draft', 1, '2026-01-02', '2026-01-02', 2)"))  # fmt: skip
        with db.engine.begin() as connection, pytest.raises(sa.exc.IntegrityError):
            connection.execute(sa.text(
                "INSERT INTO q_sorts (id, participant_id, status, version, created_at, updated_at,"
                " round) VALUES (3, 1, 'draft', 1, '2026-01-02', '2026-01-02', 2)"))  # fmt: skip
        downgrade(revision="i16results_group_question")
        with db.engine.connect() as connection:
            left = connection.execute(sa.text("SELECT id FROM q_sorts")).scalars().all()
        db.engine.dispose()
    return upgraded, tuple(clinic), run_round, left


def test_rounds_migration_keeps_every_sort_in_round_one_and_downgrades(tmp_path):
    """Do existing sorts and runs become round 1, and does a downgrade drop only round 2?"""
    upgraded, clinic, run_round, left = _round_migration_roundtrip(
        f"sqlite:///{tmp_path / 'rounds.sqlite'}"
    )
    assert upgraded == [1] and clinic == (1, 0, "") and run_round == 1
    assert left == [1]
