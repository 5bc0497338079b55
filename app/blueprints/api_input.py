"""Reading API requests: a JSON object in, validated by a schema, or a documented error."""

from __future__ import annotations

from flask import request
from marshmallow import Schema, ValidationError
from werkzeug.exceptions import RequestEntityTooLarge

from app.errors import ApiError
from app.json_limits import MAX_JSON_DEPTH, JSONTooDeepError, loads_bounded
from app.schemas.accounts import PageArgsSchema


def request_body() -> bytes:
    """The raw body; 413 when it is over MAX_CONTENT_LENGTH, chunked bodies included.

    Werkzeug stops reading a chunked body at the limit without saying so; one more byte
    in the stream tells a body cut at the limit from one that ends there.
    """
    raw = request.get_data(cache=True)
    limit = request.max_content_length
    cut = request.content_length is None and limit is not None and len(raw) >= limit
    if cut and request.environ["wsgi.input"].read(1):
        raise RequestEntityTooLarge()
    return raw


def json_object() -> dict:
    """The request body as a JSON object; an empty body counts as `{}`."""
    if not request.is_json:
        if request.content_length or request.get_data(cache=True) or request.form:
            # A cross-site HTML form can post text/plain that parses as JSON (login CSRF);
            # requiring the JSON media type forces browsers into a CORS preflight.
            raise ApiError(
                400, "bad_request", "Send the body as JSON (Content-Type: application/json)."
            )
        return {}
    raw = request_body()
    if not raw:
        return {}
    try:
        data = loads_bounded(raw)
    except JSONTooDeepError:
        raise ApiError(
            400, "bad_request", f"The body nests deeper than {MAX_JSON_DEPTH} levels."
        ) from None
    except ValueError:
        raise ApiError(400, "bad_request", "The body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise ApiError(400, "bad_request", "The body must be a JSON object.")
    return data


def validated(schema: Schema, data: dict) -> dict:
    try:
        return schema.load(data)
    except ValidationError as exc:
        raise ApiError(
            422, "validation_error", "Some fields are missing or not valid.", exc.messages
        ) from None


def body(schema_class: type[Schema]) -> dict:
    return validated(schema_class(), json_object())


def page_args() -> tuple[int, int]:
    args = validated(PageArgsSchema(), request.args.to_dict())
    return args["page"], args["per_page"]
