"""Genomes for the web app: read from YAML or JSON, validate with places, draft, hash.

The generator package does the real work; this module turns its answers into the API's
shapes: a 422 `invalid_genome` whose details carry the line of each problem in the text.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

import yaml
from flask import current_app

from app import genome as genome_format
from app.codegen.render import GENERATOR_VERSION, UnsupportedStackError, check_stack
from app.errors import ApiError
from app.genome.model import Genome

PATH_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


@dataclass(frozen=True, slots=True)
class CheckedGenome:
    genome: Genome
    text: str  # the YAML as stored

    @property
    def data(self) -> dict:
        return self.genome.source


def to_yaml(data: dict) -> str:
    """A genome mapping as YAML, keys in genome order (422 when it nests too deeply)."""
    try:
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    except RecursionError:
        raise ApiError(422, "validation_error", "genome nests too deeply to be a genome.") from None


def text_of(genome: object = None, genome_yaml: object = None) -> str | None:
    """The genome text a request gave, as `genome` (an object) or `genome_yaml` (text)."""
    if genome is not None and genome_yaml is not None:
        raise ApiError(422, "validation_error", "Send either genome or genome_yaml, not both.")
    if genome is not None:
        if not isinstance(genome, dict):
            raise ApiError(422, "validation_error", "genome must be a JSON object.")
        return to_yaml(genome)
    if genome_yaml is not None:
        if not isinstance(genome_yaml, str):
            raise ApiError(422, "validation_error", "genome_yaml must be a string.")
        return genome_yaml
    return None


def check(text: str) -> CheckedGenome:
    """Parse, validate and normalize `text`; 422 `invalid_genome` listing every problem."""
    try:
        genome = genome_format.load(text)
    except genome_format.GenomeError as error:
        body = genome_format.problems_payload(error.problems)
        lines = lines_of(text, [item["path"] for item in body["details"]])
        details = [
            {**item, "line": line} for item, line in zip(body["details"], lines, strict=True)
        ]
        raise ApiError(422, "invalid_genome", body["message"], details) from None
    return CheckedGenome(genome=genome, text=text)


def check_generatable(checked: CheckedGenome) -> None:
    """422 `unsupported_stack` when this generator version cannot produce the stack yet."""
    try:
        check_stack(checked.genome)
    except UnsupportedStackError as error:
        raise ApiError(
            422,
            "unsupported_stack",
            str(error),
            [{"path": error.path, "code": error.code, "message": str(error)}],
        ) from None


def sha256_of(checked: CheckedGenome) -> str:
    """SHA-256 of the normalized genome: formatting and comments do not change it."""
    canonical = json.dumps(checked.data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def generator_version() -> str:
    return GENERATOR_VERSION


def line_of(text: str, path: str) -> int | None:
    """The 1-based line where `path` (e.g. `entities[2].fields.name.type`) sits in `text`."""
    return lines_of(text, [path])[0]


def lines_of(text: str, paths: list[str]) -> list[int | None]:
    """The line of each path in `text`, composing the YAML once (linear in the document).

    When a path ends at a key that is missing, the line of its nearest parent.
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return [mark.line + 1 if mark is not None else None] * len(paths)
    except RecursionError:  # nesting deeper than the parser can follow: no places
        return [None] * len(paths)
    if root is None:
        return [None] * len(paths)
    keys: dict[int, dict[str, yaml.Node]] = {}
    return [_line_in(root, path, keys) for path in paths]


def _line_in(root: yaml.Node, path: str, keys: dict[int, dict[str, yaml.Node]]) -> int:
    node, line = root, root.start_mark.line + 1
    for name, index in PATH_TOKEN.findall(path or ""):
        node = _child(node, name, index, keys)
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _child(node: yaml.Node, name: str, index: str, keys: dict[int, dict[str, yaml.Node]]):
    if index and isinstance(node, yaml.SequenceNode):
        position = int(index)
        return node.value[position] if position < len(node.value) else None
    if name and isinstance(node, yaml.MappingNode):
        if id(node) not in keys:
            found: dict[str, yaml.Node] = {}
            for key, value in node.value:
                # A scalar value sits on its key's line; a block under the key starts below.
                target = value if not isinstance(value, yaml.ScalarNode) else key
                found.setdefault(str(getattr(key, "value", "")), target)
            keys[id(node)] = found
        return keys[id(node)].get(name)
    return None


def draft(description: str, **options: object) -> dict:
    """`{genome, genome_yaml, notes, features_detected, drafter}` drafted from a description.

    DRAFTER chooses the rules drafter (default) or the language model, which falls back to
    the rules when it fails (a note says why). `features` holds only the caller's explicit
    choices; the rest follow the description.
    """
    from app.drafting import draft as drafter
    from app.drafting import model as draft_model

    model = draft_model.ModelSettings.from_config(current_app.config)
    try:
        if model is None:
            result = drafter.draft(description, **options)  # type: ignore[arg-type]
        else:
            result = draft_model.draft(description, model, **options)  # type: ignore[arg-type]
    except drafter.DraftError as error:
        raise ApiError(422, "validation_error", str(error)) from None
    return {
        "genome": result.genome,
        "genome_yaml": drafter.to_yaml(result.genome),
        "notes": list(result.notes),
        "features_detected": result.detected,
        "drafter": result.drafter,
    }


def schema() -> dict:
    return genome_format.json_schema()


def entity_count(text: str | None) -> int:
    if not text:
        return 0
    try:
        return len(genome_format.load(text).entities)
    except genome_format.GenomeError:
        return 0


def data_of(text: str | None) -> dict | None:
    """The stored genome text as an object (None when there is none)."""
    if not text:
        return None
    try:
        data = genome_format.parse(text)
    except genome_format.GenomeError:
        return None
    return data if isinstance(data, dict) else None
