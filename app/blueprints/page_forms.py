"""HTML forms shared by the page blueprints: read one through a schema, show it again with
a message per field."""

from __future__ import annotations

from flask import render_template, request
from marshmallow import EXCLUDE, Schema, ValidationError

from app.errors import ApiError


class FormError(Exception):
    """A form to show again with a message per field."""

    def __init__(self, errors: dict, message: str = "Please correct the fields marked below."):
        super().__init__(message)
        self.errors = {
            key: value if isinstance(value, list) else [value] for key, value in errors.items()
        }
        self.message = message


def form_data(schema_class: type[Schema]) -> dict:
    try:
        return schema_class(unknown=EXCLUDE).load(request.form.to_dict())
    except ValidationError as exc:
        raise FormError(exc.messages) from None


def form_failure(exc: ApiError) -> FormError:
    details = exc.details if isinstance(exc.details, dict) else {}
    return FormError(details, exc.message)


def render_form(
    template: str, status: int = 200, errors: dict | None = None, message=None, **context
):
    return (
        render_template(
            template, errors=errors or {}, form=request.form, message=message, **context
        ),
        status,
    )
