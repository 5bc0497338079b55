"""Checks of single option values (booleans, numbers, names, choices, patterns, cron)."""

from __future__ import annotations

from app.genome import schema
from app.genome.linear_regex import PatternError, compile_linear
from app.genome.naming import ENTITY_NAME_RE, IDENTIFIER_RE
from app.genome.schema import Opt
from app.genome.values import cron_problem, is_int, is_number, to_decimal

_TYPE_NAMES = {
    dict: "a mapping",
    list: "a list",
    str: "a string",
    bool: "true or false",
    int: "a whole number",
    float: "a number",
    type(None): "empty",
}


def describe(value: object) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def quote(value: object) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "..."


def scalar_problem(value: object, opt: Opt) -> tuple[str, str] | None:
    kind = opt.kind
    if kind == "bool":
        return None if isinstance(value, bool) else ("invalid_type", "must be true or false.")
    if kind == "int":
        if not is_int(value):
            return ("invalid_type", f"must be a whole number, not {describe(value)}.")
        return _bounds(value, opt)
    if kind == "number":
        if not is_number(value):
            return ("invalid_type", f"must be a finite number, not {describe(value)}.")
        return _bounds(value, opt)
    if kind == "decimal":
        return (
            None
            if to_decimal(value) is not None
            else ("invalid_type", f"must be a number, not {quote(value)}.")
        )
    if kind == "text":
        if not isinstance(value, str):
            return ("invalid_type", f"must be text, not {describe(value)}.")
        if opt.minimum is not None and len(value) < opt.minimum:
            return ("invalid_length", f"must have at least {opt.minimum} character(s).")
        if opt.maximum is not None and len(value) > opt.maximum:
            return (
                "invalid_length",
                f"must have at most {opt.maximum} characters, not {len(value)}.",
            )
        return None
    if kind == "identifier":
        if isinstance(value, str) and IDENTIFIER_RE.match(value):
            return None
        return (
            "invalid_name",
            f"must be snake_case ({schema.IDENTIFIER_PATTERN}), not {quote(value)}.",
        )
    if kind in ("entity_name", "target"):
        if isinstance(value, str) and ENTITY_NAME_RE.match(value):
            return None
        return (
            "invalid_name",
            f"must be a PascalCase singular name such as 'OrderLine' "
            f"({schema.ENTITY_NAME_PATTERN}), not {quote(value)}.",
        )
    if kind == "choice":
        if isinstance(value, str) and value in opt.choices:
            return None
        return ("invalid_choice", f"must be one of {', '.join(opt.choices)}, not {quote(value)}.")
    if kind == "unique":
        if isinstance(value, bool) or value == "global":
            return None
        return ("invalid_choice", f"must be false, true or global, not {quote(value)}.")
    if kind == "regex":
        return _regex_problem(value)
    if kind == "cron":
        if not isinstance(value, str):
            return ("invalid_type", f"must be a cron string, not {describe(value)}.")
        problem = cron_problem(value)
        return None if problem is None else ("invalid_cron", f"is not a valid schedule: {problem}.")
    return None  # const is checked by run(); any by the caller


def _bounds(value: float, opt: Opt) -> tuple[str, str] | None:
    if opt.minimum is not None and value < opt.minimum:
        return ("out_of_range", f"must be at least {opt.minimum}, not {value}.")
    if opt.maximum is not None and value > opt.maximum:
        return ("out_of_range", f"must be at most {opt.maximum}, not {value}.")
    return None


def _regex_problem(value: object) -> tuple[str, str] | None:
    if not isinstance(value, str):
        return ("invalid_type", f"must be a regular expression string, not {describe(value)}.")
    try:
        compile_linear(value)
    except PatternError as error:
        return ("invalid_pattern", f"{error}.")
    return None
