"""Liveness and readiness probes."""

from flask import Blueprint, jsonify

from app.services import health_service

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    checks = health_service.check_dependencies()
    failed = sorted(name for name, ok in checks.items() if not ok)
    if failed:
        return jsonify(
            status="unavailable",
            failed=failed,
            message="Not ready: " + ", ".join(failed) + " did not answer.",
        ), 503
    return jsonify(status="ok", checks=dict.fromkeys(checks, "ok"))
