"""The Flask application factory: layered config, then one register_* step per concern."""

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask

from qsort import cli, config, errors, extensions, jobs_runner, resources, security, sessions
from qsort.domain.hyphenation import hyphenate
from qsort.domain.phases import CLOSED_PHASES, JOINABLE, PHASES, Phase
from qsort.views import (
    auth,
    facilitator,
    imports,
    jobs,
    labels,
    live,
    participant,
    presenter,
    results,
    sort_api,
)
from qsort.warm_up import warm_up


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults → instance/config.py → environment → ``test_config``.

    The instance folder (database, secret key, local config) is ``instance/`` at the top of the
    project, or ``QSORT_INSTANCE_PATH`` when set.
    """
    app = Flask(
        __name__,
        instance_path=os.environ.get("QSORT_INSTANCE_PATH") or None,
        instance_relative_config=True,
        template_folder=str(resources.TEMPLATES),
        static_folder=str(resources.STATIC),
    )
    config.load(app, test_config)
    register_extensions(app)
    register_blueprints(app)
    errors.register(app)
    security.register(app)
    sessions.register(app)
    cli.register(app)
    register_template_context(app)
    warm_up(app)
    return app


def register_extensions(app: Flask) -> None:
    extensions.init_app(app)
    jobs_runner.init_app(app)


def register_template_context(app: Flask) -> None:
    app.add_template_filter(labels.signed, "signed")
    app.add_template_filter(hyphenate, "hyphenate")
    app.add_template_global(labels.phase_label, "phase_label")
    app.jinja_env.globals.update(
        Phase=Phase, PHASES=PHASES, JOINABLE_PHASES=JOINABLE, CLOSED_PHASES=CLOSED_PHASES
    )

    @app.context_processor
    def language() -> dict[str, str]:
        return {"current_lang": extensions.current_language()}


def register_blueprints(app: Flask) -> None:
    app.register_blueprint(auth.bp)
    app.register_blueprint(facilitator.bp)
    app.register_blueprint(imports.bp)
    app.register_blueprint(participant.bp)
    app.register_blueprint(sort_api.bp)
    app.register_blueprint(live.bp)
    app.register_blueprint(live.public)
    app.register_blueprint(presenter.bp)
    app.register_blueprint(results.bp)
    app.register_blueprint(results.assets)
    app.register_blueprint(jobs.bp)
    app.add_url_rule("/", endpoint="index", view_func=facilitator.home)
