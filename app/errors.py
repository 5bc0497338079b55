"""One error format: JSON for /api/*, a friendly page elsewhere; never a traceback."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

HTTP_CODES = {
    400: "bad_request",
    401: "authentication_required",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    410: "gone",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "internal_error",
    503: "service_unavailable",
}
FRIENDLY = {
    404: "Nothing exists at this address.",
    413: "That upload is larger than we accept (1 MB).",
    429: "Too many attempts. Please wait a moment and try again.",
    500: "Something went wrong on our side. We have logged it; please try again.",
}


class ApiError(Exception):
    """An error a service raises to answer with a status, a code and a message."""

    def __init__(self, status: int, code: str, message: str, details: object = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def error_response(status: int, code: str, message: str, details: object = None, headers=None):
    if wants_json():
        body: dict[str, object] = {"error": code, "message": message}
        if details is not None:
            body["details"] = details
        response = jsonify(body)
    else:
        retry_after = (headers or {}).get("Retry-After")
        response = make_response(
            render_template("error.html", status=status, message=message, retry_after=retry_after)
        )
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _retry_after(value: str | None) -> str:
    """Whole seconds, at least 1: a window that ends within the second still means "not now"."""
    try:
        return str(max(1, int(value)))
    except (TypeError, ValueError):
        return "60"


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def handle_api_error(exc: ApiError):
        return error_response(exc.status, exc.code, exc.message, exc.details)

    @app.errorhandler(HTTPException)
    def handle_http_error(exc: HTTPException):
        status = exc.code or 500
        code = HTTP_CODES.get(status, "error")
        message = FRIENDLY.get(status) or exc.description or "Request failed."
        headers = {}
        if status == 429 and exc.response is not None:
            headers["Retry-After"] = _retry_after(exc.response.headers.get("Retry-After"))
        if status == 405 and exc.valid_methods:
            headers["Allow"] = ", ".join(sorted(exc.valid_methods))
        return error_response(status, code, message, headers=headers)

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception):
        log.exception("unhandled error: %s", type(exc).__name__)
        return error_response(500, "internal_error", FRIENDLY[500])
