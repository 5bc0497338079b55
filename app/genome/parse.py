"""Reading genome text (YAML or JSON) safely: size, nesting and alias expansion are bounded."""

from __future__ import annotations

import json
import re

import yaml
from yaml.nodes import MappingNode, SequenceNode

from app.genome.problems import GenomeError, Problem

MAX_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_EXPANDED_NODES = 500_000


def _problem(code: str, message: str) -> GenomeError:
    return GenomeError([Problem("", code, message)])


class _GenomeLoader(yaml.SafeLoader):  # pylint: disable=too-many-ancestors
    """SafeLoader with YAML 1.2 scalars and a bound on nesting depth.

    YAML 1.1 reads `no` as false and `10:30` as 630; a genome means the strings.
    """

    yaml_implicit_resolvers: dict = {}
    depth = 0

    def compose_node(self, parent, index):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise _too_deep(f" (line {mark.line + 1}, column {mark.column + 1})")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_mapping(self, node, deep=False):
        if isinstance(node, MappingNode):
            self.flatten_mapping(node)
            seen: set = set()
            for key_node, _ in node.value:
                key = key_node.value if key_node.tag == "tag:yaml.org,2002:str" else None
                if key is not None and key in seen:
                    mark = key_node.start_mark
                    raise GenomeError(
                        [
                            Problem(
                                "",
                                "duplicate_key",
                                f"Line {mark.line + 1}, column {mark.column + 1}: the key '{key}' "
                                "appears twice in the same mapping; keep one.",
                            )
                        ]
                    )
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _too_deep(where: str = "") -> GenomeError:
    return _problem(
        "too_deep",
        f"The document nests deeper than {MAX_DEPTH} levels{where}; a genome never needs that.",
    )


for _first, _tag, _regex in [
    ("tTfF", "bool", r"^(?:true|True|TRUE|false|False|FALSE)$"),
    ("-+0123456789", "int", r"^(?:[-+]?(?:0|[1-9][0-9_]*)|0x[0-9a-fA-F_]+|0o[0-7_]+)$"),
    (
        "-+0123456789.",
        "float",
        r"^(?:[-+]?[0-9][0-9_]*(?:\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[eE][-+]?[0-9]+)"
        r"|[-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
    ),
]:
    _GenomeLoader.add_implicit_resolver(
        f"tag:yaml.org,2002:{_tag}", re.compile(_regex), list(_first)
    )
for _key in ("~", "n", "N", "", "<", "=", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"):
    for _tag, _regex in yaml.SafeLoader.yaml_implicit_resolvers.get(_key, []):
        if _tag in (
            "tag:yaml.org,2002:null",
            "tag:yaml.org,2002:merge",
            "tag:yaml.org,2002:value",
            "tag:yaml.org,2002:timestamp",
        ):
            _GenomeLoader.add_implicit_resolver(_tag, _regex, [_key])


def _construct_octal_free_int(loader, node):
    text = loader.construct_scalar(node).replace("_", "")
    if text.startswith("0o"):
        return int(text[2:], 8)
    return int(text, 0) if text.startswith(("0x", "0X")) else int(text)


_GenomeLoader.add_constructor("tag:yaml.org,2002:int", _construct_octal_free_int)


def _expanded_size(root) -> int:
    """Node count with aliases expanded, computed without expanding (memoized per node)."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise _problem(
                "recursive_alias",
                "An alias refers to the node that contains it; a genome must be a tree.",
            )
        active.add(key)
        total = 1
        if isinstance(node, SequenceNode):
            total += sum(size(child) for child in node.value)
        elif isinstance(node, MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        active.discard(key)
        sizes[key] = total
        if total > MAX_EXPANDED_NODES:
            raise _problem(
                "too_large",
                "Aliases expand the document beyond "
                f"{MAX_EXPANDED_NODES} nodes; write it out plainly.",
            )
        return total

    return size(root)


def _yaml_error(error: yaml.YAMLError) -> GenomeError:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    text = f"{context}, {problem}" if context else problem
    if mark is not None:
        text = f"Line {mark.line + 1}, column {mark.column + 1}: {text}"
    return _problem("yaml_syntax", f"YAML syntax error. {text[:1].upper()}{text[1:]}.")


def _parse_yaml(text: str) -> object:
    loader = _GenomeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        _expanded_size(root)
        return loader.construct_document(root)
    finally:
        loader.dispose()


def _check_json_depth(data: object) -> None:
    stack = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _too_deep()
        if isinstance(node, dict):
            stack.extend((value, depth + 1) for value in node.values())
        elif isinstance(node, list):
            stack.extend((value, depth + 1) for value in node)


def _no_duplicates(pairs: list) -> dict:
    result = {}
    for key, value in pairs:
        if key in result:
            raise _problem(
                "duplicate_key", f"The key '{key}' appears twice in the same object; keep one."
            )
        result[key] = value
    return result


def _parse_json(text: str) -> object:
    data = json.loads(text, object_pairs_hook=_no_duplicates)
    _check_json_depth(data)
    return data


def parse(text: str | bytes) -> object:
    """YAML or JSON text -> plain data; raises GenomeError (with line and column) on bad input."""
    if isinstance(text, bytes | bytearray):
        if len(text) > MAX_BYTES:
            raise _too_large(len(text))
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise _problem(
                "invalid_encoding", f"The genome is not UTF-8 text (byte {error.start} is invalid)."
            ) from None
    elif not isinstance(text, str):
        raise _problem("invalid_type", "A genome is text (YAML or JSON).")
    else:
        if len(text) > MAX_BYTES // 4 and len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
            raise _too_large(len(text.encode("utf-8", "surrogatepass")))
        text = text.removeprefix("\ufeff")
    if not text.strip():
        raise _problem("empty_document", "The genome is empty; start with `genome: 1`.")
    try:
        data = _parse_text(text)
    except GenomeError:
        raise
    except RecursionError:
        raise _too_deep() from None
    except Exception as error:  # pylint: disable=broad-exception-caught
        # e.g. a timestamp like 2024-13-45 that matches the pattern but is not a date
        raise _problem("invalid_value", f"The genome could not be read: {error}.") from None
    if data is None:
        raise _problem("empty_document", "The genome is empty; start with `genome: 1`.")
    return data


def _parse_text(text: str) -> object:
    if text.lstrip()[:1] in "{[":
        try:
            return _parse_json(text)
        except json.JSONDecodeError as json_error:
            try:
                return _parse_yaml(text)
            except yaml.YAMLError:
                raise _problem(
                    "json_syntax",
                    f"JSON syntax error. Line {json_error.lineno}, "
                    f"column {json_error.colno}: {json_error.msg}.",
                ) from None
    try:
        return _parse_yaml(text)
    except yaml.YAMLError as error:
        raise _yaml_error(error) from None


def _too_large(size: int) -> GenomeError:
    return _problem("too_large", f"The genome is {size} bytes; the limit is {MAX_BYTES} bytes.")
