"""The Alembic migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from qsort import create_app
from qsort.extensions import db


def test_upgrade_on_empty_sqlite_matches_models(tmp_path):
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'fresh.sqlite'}", "SECRET_KEY": "t"}
    )
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
    from flask_migrate import downgrade

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.sqlite'}", "SECRET_KEY": "t"}
    )
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
