"""Helix: the application factory.

Importing the package is cheap: the web stack is imported by `create_app`, so the
generator's command line (`flask generate`, run through its entry point) and the generator
modules do not pay for Flask extensions, SQLAlchemy, Celery and the blueprints.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

log = logging.getLogger(__name__)


def create_app(config_name: str | None = None, **overrides: object) -> Flask:
    """Build the Helix app for `config_name` (development, test or production)."""
    from flask import Flask

    from app import config as config_module
    from app.errors import register_error_handlers
    from app.json_limits import BoundedJSONProvider
    from app.logs import configure_logging
    from app.security import register_security_headers

    app = Flask(__name__)
    app.json = BoundedJSONProvider(app)
    settings = config_module.load(config_name)
    # Overrides of settings fields (by variable name) go through Settings, so it stays true.
    fields = {name: field for field, name in config_module.field_variables().items()}
    known = {fields[key]: value for key, value in overrides.items() if key in fields}
    app.config.update(dataclasses.replace(settings, **known).flask_config())
    app.config.update({key: value for key, value in overrides.items() if key not in fields})
    trust_proxies(app)
    configure_logging(app)
    register_extensions(app)
    register_blueprints(app)
    register_page_session(app)
    register_error_handlers(app)
    register_security_headers(app)
    register_commands(app)
    return app


def trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies (nginx: 1), take the client address, scheme and
    host from the X-Forwarded-* headers they set; with 0, from the socket."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    hops = int(app.config["TRUSTED_PROXIES"])
    if hops:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )


def register_extensions(app: Flask) -> None:
    from app import config as config_module
    from app.celery_app import init_celery
    from app.extensions import cache, cors, db, jwt, limiter, migrate
    from app.jwt_callbacks import register_jwt_callbacks

    db.init_app(app)
    migrate.init_app(app, db, directory=str(config_module.PROJECT_DIR / "migrations"))
    jwt.init_app(app)
    register_jwt_callbacks(app)
    cache.init_app(app)
    limiter.init_app(app)
    cors.init_app(
        app,
        resources={r"/api/*": {"origins": app.config["CORS_ORIGINS"]}},
        supports_credentials=True,
    )
    init_celery(app)
    from app import models  # noqa: F401  # pylint: disable=unused-import  # registers the models


def register_blueprints(app: Flask) -> None:
    from app.blueprints import (
        account_pages,
        api_auth,
        api_billing,
        api_docs,
        api_genomes,
        api_projects,
        api_workspaces,
        billing_pages,
        health,
        pages,
        project_pages,
        workspace_pages,
    )

    app.register_blueprint(health.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api_auth.bp)
    app.register_blueprint(api_workspaces.bp)
    app.register_blueprint(account_pages.bp)
    app.register_blueprint(workspace_pages.bp)
    app.register_blueprint(api_genomes.bp)
    app.register_blueprint(api_projects.bp)
    app.register_blueprint(project_pages.bp)
    app.register_blueprint(api_billing.bp)
    app.register_blueprint(billing_pages.bp)
    app.register_blueprint(api_docs.bp)


def register_page_session(app: Flask) -> None:
    """Pages' session: cookie rules, template helpers and renewed-cookie delivery."""
    from app.blueprints.page_session import init_page_session

    init_page_session(app)


def register_commands(app: Flask) -> None:
    """`flask genome validate|schema|draft` and `flask generate`: no server or database needed.

    With Helix installed (`make install`) Flask finds them as plugin commands first and does
    not build the app for them; these registrations serve a checkout that is not installed.
    """
    from app.cli_commands import generate_command, genome_cli

    app.cli.add_command(genome_cli)
    app.cli.add_command(generate_command)
