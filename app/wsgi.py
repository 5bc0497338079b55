"""The WSGI entry point for gunicorn (`gunicorn app.wsgi:app`).

Refuses to start, with one line naming the problem, when the configuration is incomplete
or PostgreSQL or Redis does not answer.
"""

import sys

from app import create_app
from app.config import ConfigError
from app.services import health_service


def build():
    try:
        application = create_app()
    except ConfigError as exc:
        sys.exit(str(exc))
    with application.app_context():
        failed = [name for name, ok in health_service.check_dependencies().items() if not ok]
    if failed:
        sys.exit(f"Cannot start Helix: {', '.join(failed)} did not answer; check the URLs.")
    return application


app = build()
