"""The app factory and its configuration layers."""

import os
import subprocess
import sys

import pytest

import qsort
from qsort import config
from qsort.extensions import db


def test_config(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-env")
    app = qsort.create_app()
    assert not app.testing
    assert app.config["SECRET_KEY"] == "from-env"
    assert qsort.create_app({"TESTING": True, "SECRET_KEY": "t"}).testing
    with app.app_context():
        db.engine.dispose()


def test_database_url_from_environment(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example/qsort")
    app = qsort.create_app({"SECRET_KEY": "t"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@db.example/qsort"
    with app.app_context():
        db.engine.dispose()


def test_secret_key_is_generated_once_with_private_permissions(tmp_path):
    key = config._instance_secret_key(tmp_path)
    assert len(key) == 64
    assert config._instance_secret_key(tmp_path) == key
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_package_root_does_not_load_flask():
    code = "import sys, qsort; assert 'flask' not in sys.modules; print('ok')"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "ok", result.stderr


def test_lazy_create_app_and_unknown_attribute():
    assert callable(qsort.create_app)
    with pytest.raises(AttributeError):
        qsort.does_not_exist  # noqa: B018


def test_templates_and_static_at_top_level():
    app = qsort.create_app({"SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    root = os.path.dirname(os.path.dirname(os.path.abspath(qsort.__file__)))
    assert os.path.samefile(app.static_folder, os.path.join(root, "static"))
    assert os.path.isfile(os.path.join(root, "templates", "base.html"))
    with app.app_context():
        db.engine.dispose()
