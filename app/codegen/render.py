"""Render templates_gen/ into the files of a generated project.

`render(genome)` returns `{relative path: bytes}`; it is a pure function of the genome
and the generator version. User text reaches templates only as data, through the
escaping filters of `app.codegen.escaping`.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml

from app.codegen import escaping, pattern_samples
from app.codegen.formatting import format_python
from app.codegen.migration import revisions
from app.genome.evolution import as_genome
from app.genome.generated_files import TEMPLATES_ROOT
from app.genome.model import Entity, Genome

GENERATOR_VERSION = "0.1.0"
MACROS_DIR = "_macros"
OPENAPI_YAML = "openapi.yaml"
OPENAPI_JSON = "app/openapi.json"  # served at /api/v1/openapi.json
SUPPORTED = {"backend": ("flask", "fastapi"), "frontend": ("nextjs", "none")}
FRONTEND_DIRS = {"nextjs": "nextjs", "none": None}
# Features the FastAPI templates do not generate yet (billing, Celery jobs).
FLASK_ONLY_FEATURES = ("billing", "async_jobs")
# libyaml's safe loader reads the OpenAPI document about twice as fast; same data.
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class UnsupportedStackError(ValueError):
    """The genome asks for a stack this generator version cannot produce yet."""

    code = "unsupported_stack"

    def __init__(self, part: str, value: str, message: str | None = None) -> None:
        super().__init__(
            message
            or f"stack.{part}: {value!r} is not supported yet; use "
            + " or ".join(repr(name) for name in SUPPORTED[part])
            + "."
        )
        self.path = f"stack.{part}" if "." not in part else part


@dataclass(frozen=True, slots=True)
class _Source:
    """One template file and where its output goes."""

    name: str  # template name relative to templates_gen/
    out: str  # output path pattern, `.j2` removed
    per_entity: bool
    is_template: bool


def check_stack(genome: Genome) -> None:
    """Raise UnsupportedStackError when the genome's stack cannot be generated."""
    if genome.backend not in SUPPORTED["backend"]:
        raise UnsupportedStackError("backend", genome.backend)
    if genome.frontend not in SUPPORTED["frontend"]:
        raise UnsupportedStackError("frontend", genome.frontend)
    for feature in FLASK_ONLY_FEATURES if genome.backend != "flask" else ():
        if getattr(genome.features, feature):
            raise UnsupportedStackError(
                f"features.{feature}",
                "true",
                f"features.{feature}: the {genome.backend} backend does not generate it yet; "
                "use backend 'flask' or turn the feature off.",
            )


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates on disk, so a new process (worker, CLI) skips compiling them.

    HELIX_JINJA_CACHE names the directory, or "off"; by default Jinja's per-user
    directory in the temporary folder (mode 0700, owner checked). Entries are keyed
    by template name and source checksum, so editing a template invalidates them.
    """
    where = os.environ.get("HELIX_JINJA_CACHE", "")
    if where == "off":
        return None
    if where:
        Path(where).mkdir(parents=True, exist_ok=True)
        return jinja2.FileSystemBytecodeCache(where)
    return jinja2.FileSystemBytecodeCache()


@functools.cache
def _environment() -> jinja2.Environment:
    """The one Jinja2 environment for generated projects (built once per process)."""
    env = jinja2.Environment(  # nosec B701 - generates code, not HTML; filters escape per language
        bytecode_cache=_bytecode_cache(),
        # Template names are relative to templates_gen/; `_macros/...` resolves in the stack.
        loader=jinja2.FileSystemLoader([str(TEMPLATES_ROOT), str(TEMPLATES_ROOT / "flask")]),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # noqa: S701 - code, not HTML; user text goes through escaping filters
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.do"],
    )
    env.filters.update(escaping.FILTERS)
    env.globals.update(pattern_samples=pattern_samples.samples, pattern_miss=pattern_samples.miss)
    return env


def _stacks(genome: Genome) -> tuple[str, ...]:
    """The template folders of this genome: the backend's, then the frontend's if any."""
    frontend = FRONTEND_DIRS[genome.frontend]
    return (genome.backend,) if frontend is None else (genome.backend, frontend)


@functools.cache
def _sources(stack: str, *more: str) -> tuple[_Source, ...]:
    """Every template of the stacks, in a stable order."""
    found: list[_Source] = []
    for base in (stack, *more):
        root = TEMPLATES_ROOT / base
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root).as_posix()
            if not path.is_file() or rel.split("/")[0] == MACROS_DIR:
                continue
            is_template = rel.endswith(".j2")
            out = rel[: -len(".j2")] if is_template else rel
            found.append(
                _Source(
                    name=f"{base}/{rel}",
                    out=out,
                    per_entity="{entity}" in out,
                    is_template=is_template,
                )
            )
    return tuple(found)


def warm_up(*stacks: str) -> None:
    """Load every template and copied file of the stacks once (templates compiled, or read
    from the bytecode cache); by default every stack this version generates.

    A worker calls this at start-up so its first generation does not pay for compiling;
    forked worker processes inherit the loaded templates.
    """
    env = _environment()
    chosen = stacks or (*SUPPORTED["backend"], *filter(None, FRONTEND_DIRS.values()))
    for source in _sources(*chosen):
        if source.is_template:
            env.get_template(source.name)
        else:
            _copied(source.name)


def _copied(name: str) -> bytes:
    """The bytes of a file copied as it is (package-lock.json, ...), read once per version."""
    path = TEMPLATES_ROOT / name
    return _read_cached(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=1024)
def _read_cached(path: Path, _mtime_ns: int) -> bytes:
    return path.read_bytes()


def _render_one(source: _Source, context: dict[str, object]) -> bytes | None:
    """Render one template (None when its output is blank)."""
    if not source.is_template:
        return _copied(source.name)
    text = _environment().get_template(source.name).render(context)
    if not text.strip():
        return None
    return text.encode("utf-8")


def openapi_json(document: bytes) -> bytes:
    """The OpenAPI document as the app serves it: JSON, keys in the document's order, and
    non-ASCII text escaped as in every other literal, so no invisible character lands raw."""
    spec = yaml.load(document, Loader=_YamlLoader)  # noqa: S506 - a safe loader (libyaml's when built)
    text = json.dumps(spec, indent=2, default=_iso)
    return (text + "\n").encode("utf-8")


def _iso(value: object) -> str:
    """Dates and times that YAML read as such, back in ISO 8601 (as the document wrote them)."""
    return value.isoformat()  # type: ignore[attr-defined]


INITIAL_REVISION = "migrations/versions/0001_initial.py"


def _migrations(
    lineage: Sequence[Genome | str | bytes], genome: Genome, generator_version: str
) -> dict[str, bytes]:
    """The initial revision of the oldest version, then one revision per schema change.

    The initial revision is rendered from the first genome of the lineage, as that
    generation wrote it; each later step is computed from two normalized genomes.
    """
    versions = [as_genome(item) for item in lineage]
    context = {"genome": versions[0], "generator_version": generator_version}
    initial = _render_one(_initial_source(versions[0]), context)
    files = {INITIAL_REVISION: initial or b""}
    for path, text in revisions(versions, genome).items():
        files[path] = text.encode("utf-8")
    return files


def _initial_source(genome: Genome) -> _Source:
    return next(s for s in _sources(*_stacks(genome)) if s.out == INITIAL_REVISION)


def render(
    genome: Genome,
    generator_version: str = GENERATOR_VERSION,
    *,
    format_code: bool = True,
    lineage: Sequence[Genome | str | bytes] | None = None,
) -> dict[str, bytes]:
    """Render the whole project of this genome as {relative path: bytes}.

    `lineage`: the genome versions this project's earlier generations were made from,
    oldest first. With one, migrations/versions/ holds the initial revision of the oldest
    and a revision per later schema change (app.codegen.migration), so a database of
    any earlier generation upgrades with its rows; without, only the initial revision.
    """
    check_stack(genome)
    base: dict[str, object] = {"genome": genome, "generator_version": generator_version}
    files: dict[str, bytes] = {}
    for source in _sources(*_stacks(genome)):
        out = source.out.replace("{tenant}", genome.tenant_snake)
        entities: tuple[Entity | None, ...] = genome.entities if source.per_entity else (None,)
        for entity in entities:
            context = dict(base)
            path = out
            if entity is not None:
                context["entity"] = entity
                path = out.replace("{entity}", entity.snake)
            data = _render_one(source, context)
            if data is not None:
                files[path] = data
    if OPENAPI_YAML in files:
        files[OPENAPI_JSON] = openapi_json(files[OPENAPI_YAML])
    if lineage:
        files.update(_migrations(lineage, genome, generator_version))
    if format_code:
        files = format_python(files)
    return dict(sorted(files.items()))
