"""Reading API requests: a JSON object in, validated by a schema, or a documented error."""

from __future__ import annotations

from flask import request
from marshmallow import Schema, ValidationError

from app.errors import ApiError
from app.schemas.accounts import PageArgsSchema


def json_object() -> dict:
    """The request body as a JSON object; an empty body counts as `{}`."""
    if not request.get_data(cache=True):
        return {}
    data = request.get_json(silent=True, force=True)
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
