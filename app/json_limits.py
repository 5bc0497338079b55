"""JSON request bodies are parsed with a nesting limit, so no body can exhaust the stack."""

from __future__ import annotations

import json
from typing import Any

from flask.json.provider import DefaultJSONProvider

# Far deeper than any Helix body needs (a genome with a JSON default is about 10 levels);
# shallow enough that every later step (schemas, YAML, the generator) stays well inside
# Python's recursion limit.
MAX_JSON_DEPTH = 64


class JSONTooDeepError(ValueError):
    """The document nests arrays or objects deeper than MAX_JSON_DEPTH."""


def depth_of(value: object) -> int:
    """How deeply arrays and objects nest in `value` (0 for a scalar), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        deepest = max(deepest, level)
        if level > MAX_JSON_DEPTH:
            break
        stack.extend((child, level + 1) for child in children)
    return deepest


def loads_bounded(text: str | bytes, **kwargs: Any) -> Any:
    """json.loads that raises JSONTooDeepError (a ValueError) for too deep a document."""
    try:
        data = json.loads(text, **kwargs)
    except RecursionError:
        raise JSONTooDeepError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels") from None
    if depth_of(data) > MAX_JSON_DEPTH:
        raise JSONTooDeepError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    return data


class BoundedJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider with a nesting limit on everything it parses (request bodies)."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return loads_bounded(s, **kwargs)
