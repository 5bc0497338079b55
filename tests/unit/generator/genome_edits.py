"""Edits of a small valid genome, for the rule tests."""

import copy
import re

DELETE = "<delete>"
_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
E0, E1 = "entities[0]", "entities[1]"
LABEL = f"{E1}.fields.label"


def edited(base: dict, changes: list[tuple[str, object]]) -> dict:
    """A deep copy of `base` with each (path, value) set; DELETE removes the key."""
    data = copy.deepcopy(base)
    for path, value in changes:
        *parents, last = [int(index) if index else key for key, index in _TOKEN.findall(path)]
        node = data
        for token in parents:
            node = node.setdefault(token, {}) if isinstance(node, dict) else node[token]
        if value == DELETE:
            del node[last]
        elif isinstance(node, list) and last == len(node):
            node.append(value)
        else:
            node[last] = value
    return data


def field(path_value: object, **options: object) -> list[tuple[str, object]]:
    return [(LABEL, {"type": path_value, **options})]


def relation(**spec: object) -> list[tuple[str, object]]:
    return [(f"{E1}.relations.owner", {"kind": "many_to_one", "target": "Owner", **spec})]


def entity(index: int, name: str, **extra: object) -> tuple[str, object]:
    return (f"entities[{index}]", {"name": name, "fields": {"title": {"type": "string"}}, **extra})


def many_entities(count: int) -> list[tuple[str, object]]:
    names = [f"Thing{chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(count)]
    return [("entities", [{"name": n, "fields": {"title": {"type": "string"}}} for n in names])]


def transitions(allowed: dict, name: str = "state") -> list[tuple[str, object]]:
    return [
        (f"{E1}.fields.state", {"type": "enum", "values": ["open", "done"]}),
        (f"{E1}.transitions", {"field": name, "allowed": allowed}),
    ]


JOB = {"name": "nightly", "schedule": "0 2 * * *", "entity": "Item"}
ASYNC = ("features", {"async_jobs": True})

# (rule, changes that keep the rule, changes that break it, path of the problem, its code)
