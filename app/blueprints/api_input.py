"""Reading API requests: a JSON object in, validated by a schema, or a documented error."""

from __future__ import annotations

from flask import request
from marshmallow import Schema, ValidationError

from app.errors import ApiError
from app.schemas.accounts import PageArgsSchema


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
    if not request.get_data(cache=True):
        return {}
    data = request.get_json(silent=True)
    if data is None:
        raise ApiError(400, "bad_request", "The body is not valid JSON.")
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
