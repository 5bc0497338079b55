"""Literal values in a genome: defaults coerced to Python types, and cron schedules."""

from __future__ import annotations

import math
import re
import uuid
from datetime import date, datetime, time
from decimal import Context, Decimal, InvalidOperation
from urllib.parse import urlsplit

from app.genome import linear_regex
from app.genome.schema import FIELD_TYPES, FIXED_MAX_LENGTH, INT32, INT64

EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+\Z")
TIME_RE = re.compile(r"[0-9]{2}:[0-9]{2}(:[0-9]{2})?\Z")
_TEXT_TYPES = ("string", "text", "email", "url", "enum")
_WIDE = Context(prec=100)


def is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: object) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return is_int(value)


def to_decimal(value: object) -> Decimal | None:
    """A finite Decimal from an int, float or numeric string; None when it is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return None
    try:
        number = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _coerce_temporal(field_type: str, value: object) -> object:
    if field_type == "date":
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, str):
            return date.fromisoformat(value)
        raise ValueError("a date such as 2024-05-31")
    if field_type == "datetime":
        parsed = value
        if isinstance(value, str):
            parsed = datetime.fromisoformat(value)
        if not isinstance(parsed, datetime):
            raise ValueError("a date and time such as 2024-05-31T09:00:00+00:00")
        if parsed.tzinfo is None:
            raise ValueError("a date and time with an offset, e.g. 2024-05-31T09:00:00+00:00")
        return parsed
    if isinstance(value, time):
        return value
    if isinstance(value, str) and TIME_RE.match(value):
        return time.fromisoformat(value)
    raise ValueError("a time such as 09:30 or 09:30:00")


def _coerce_text(field_type: str, value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("a string")
    if field_type == "email" and not EMAIL_RE.match(value):
        raise ValueError("an email address such as ada@example.com")
    if field_type == "url":
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("an http(s) URL such as https://example.com")
    return value


def coerce_default(field_type: str, value: object) -> object:
    """The Python value of a `default` literal; ValueError names what was expected."""
    if field_type in _TEXT_TYPES:
        return _coerce_text(field_type, value)
    if field_type in ("integer", "bigint"):
        low, high = INT32 if field_type == "integer" else INT64
        if not is_int(value) or not low <= value <= high:
            raise ValueError(f"a whole number between {low} and {high}")
        return value
    if field_type == "float":
        if not is_number(value):
            raise ValueError("a finite number")
        return float(value)
    if field_type == "decimal":
        number = to_decimal(value)
        if number is None:
            raise ValueError('a decimal number such as 12.50 or "12.50"')
        return number
    if field_type == "boolean":
        if not isinstance(value, bool):
            raise ValueError("true or false")
        return value
    if field_type in ("date", "datetime", "time"):
        try:
            return _coerce_temporal(field_type, value)
        except (TypeError, ValueError) as error:
            message = str(error)
            if not message.startswith("a "):
                message = _coerce_temporal_hint(field_type)
            raise ValueError(message) from None
    if field_type == "uuid":
        try:
            if isinstance(value, str):
                return uuid.UUID(value)
        except ValueError:
            pass
        raise ValueError("a UUID such as 123e4567-e89b-12d3-a456-426614174000")
    if not is_json(value):
        raise ValueError("plain JSON (objects, arrays, strings, finite numbers, booleans, null)")
    return value


def _coerce_temporal_hint(field_type: str) -> str:
    return {
        "date": "a date such as 2024-05-31",
        "datetime": "a date and time such as 2024-05-31T09:00:00+00:00",
        "time": "a time such as 09:30 or 09:30:00",
    }[field_type]


def is_json(value: object) -> bool:
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if not all(isinstance(key, str) for key in node):
                return False
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, float):
            if not math.isfinite(node):
                return False
        elif node is not None and not isinstance(node, str | int):
            return False
    return True


def default_violation(field_type: str, value: object, spec: dict) -> str | None:
    """Why a coerced default breaks the field's other constraints, or None."""
    if field_type == "enum":
        values = spec.get("values") or []
        return None if value in values else f"'{value}' is not one of the values"
    if field_type in ("string", "text", "email", "url"):
        return _length_violation(field_type, value, spec)
    if field_type in ("integer", "bigint", "float", "decimal"):
        number = Decimal(str(value))
        low, high = to_decimal(spec.get("min")), to_decimal(spec.get("max"))
        if low is not None and number < low:
            return f"{value} is below min {spec['min']}"
        if high is not None and number > high:
            return f"{value} is above max {spec['max']}"
        if field_type == "decimal":
            return decimal_fit(value, spec)
    return None


def _length_violation(field_type: str, value: str, spec: dict) -> str | None:
    max_length = spec.get("max_length", FIXED_MAX_LENGTH.get(field_type))
    if is_int(max_length) and len(value) > max_length:
        return f"it is longer than max_length {max_length}"
    min_length = spec.get("min_length")
    if is_int(min_length) and len(value) < min_length:
        return f"it is shorter than min_length {min_length}"
    pattern = spec.get("pattern")
    if isinstance(pattern, str):
        try:
            if not linear_regex.search(pattern, value):
                return f"it does not match pattern {pattern}"
        except linear_regex.PatternError:
            return None
    return None


def decimal_fit(value: Decimal, spec: dict) -> str | None:
    options = FIELD_TYPES["decimal"]
    precision = spec.get("precision", options["precision"].default)
    scale = spec.get("scale", options["scale"].default)
    if not is_int(precision) or not is_int(scale):
        return None
    if value != 0 and value.adjusted() + 1 > precision - scale:
        return f"{value} has more than {precision - scale} digits before the point"
    exponent = value.normalize(_WIDE).as_tuple().exponent
    if is_int(exponent) and -exponent > scale:
        return f"{value} has more than {scale} decimal places"
    return None


_CRON_FIELDS = (
    ("minute", 0, 59, {}),
    ("hour", 0, 23, {}),
    ("day of month", 1, 31, {}),
    (
        "month",
        1,
        12,
        {
            name: index + 1
            for index, name in enumerate(
                ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
            )
        },
    ),
    (
        "day of week",
        0,
        7,
        {
            name: index
            for index, name in enumerate(["sun", "mon", "tue", "wed", "thu", "fri", "sat"])
        },
    ),
)
_CRON_ITEM = re.compile(r"(\*|[0-9a-z]+(?:-[0-9a-z]+)?)(?:/([0-9]+))?\Z")


def cron_problem(schedule: str) -> str | None:
    """Why a 5-field cron expression is invalid, or None."""
    parts = schedule.split()
    if len(parts) != 5:
        return f"a cron schedule has 5 fields (minute hour day month weekday), not {len(parts)}"
    for part, (label, low, high, names) in zip(parts, _CRON_FIELDS, strict=True):
        for item in part.lower().split(","):
            match = _CRON_ITEM.match(item)
            if not match:
                return f"'{part}' is not a valid {label} field"
            span, step = match.groups()
            if step is not None and int(step) == 0:
                return f"the step in '{part}' must be at least 1"
            if span == "*":
                continue
            for bound in span.split("-"):
                number = names.get(bound, int(bound) if bound.isdigit() else None)
                if number is None or not low <= number <= high:
                    return f"'{bound}' is out of range for {label} ({low}-{high})"
    return None
