"""The files of a stored generation, read from its zip (never re-rendered), and one file
highlighted on the server with Pygments for the code browser."""

from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass

from pygments import highlight
from pygments.formatters.html import HtmlFormatter
from pygments.lexers import get_lexer_for_filename
from pygments.lexers.diff import DiffLexer
from pygments.lexers.special import TextLexer
from pygments.util import ClassNotFound

from app.errors import ApiError
from app.models import Generation, GenerationStatus
from app.services import generation_rules, generation_service, storage
from app.services.tenancy import Tenant

MAX_SHOWN_BYTES = 512 * 1024  # larger files are offered as part of the zip only
FORMATTER_OPTIONS = {"cssclass": "code", "linenos": "table", "wrapcode": True, "style": "xcode"}
DIFF_OPTIONS = {"cssclass": "code", "wrapcode": True, "style": "xcode"}
# xcode: the light Pygments style whose every colour keeps 4.5:1 contrast (WCAG AA).


@dataclass(frozen=True, slots=True)
class Entry:
    path: str  # inside the project folder, e.g. "app/models.py"
    size: int

    @property
    def depth(self) -> int:
        return self.path.count("/")

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def folder(self) -> str:
        return self.path.rsplit("/", 1)[0] if "/" in self.path else ""


@dataclass(frozen=True, slots=True)
class Shown:
    entry: Entry
    html: str | None  # None: too large or not text
    reason: str | None = None


def _zip_bytes(generation: Generation) -> bytes:
    store = storage.artifact_store()
    key = generation.artifact_key or ""
    path = store.local_path(key)
    if path is not None:
        return path.read_bytes()
    return b"".join(store.open(key))


def ready_generation(tenant: Tenant, generation_id: uuid.UUID) -> Generation:
    """The tenant's generation whose zip is stored; 404 otherwise, 409 while not ready."""
    generation = generation_service.get(tenant, generation_id)
    if generation.status != GenerationStatus.SUCCEEDED or not generation.artifact_key:
        raise ApiError(409, "conflict", "This generation has no files yet.")
    plan = generation_rules.plan_of(tenant.workspace)
    store = storage.artifact_store()
    if generation_rules.is_expired(generation, plan) or not store.exists(generation.artifact_key):
        raise ApiError(410, "gone", "These files have expired. Generate the project again.")
    return generation


def _open(generation: Generation) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(_zip_bytes(generation)))


def _strip_root(name: str) -> str:
    """Archive names are "<slug>/<path>": the browser shows the path inside the project."""
    return name.split("/", 1)[1] if "/" in name else name


def _ordered(entries: list[Entry]) -> list[Entry]:
    """README first, then folders before files, alphabetically, as a tree reads."""

    def key(entry: Entry):
        top_readme = entry.depth == 0 and entry.name.lower().startswith("readme")
        return (not top_readme, entry.path.split("/")[:-1], entry.depth, entry.name.lower())

    return sorted(entries, key=key)


def list_files(generation: Generation) -> list[Entry]:
    with _open(generation) as archive:
        entries = [
            Entry(_strip_root(info.filename), info.file_size)
            for info in archive.infolist()
            if not info.is_dir() and _strip_root(info.filename)
        ]
    return _ordered(entries)


def first_file(entries: list[Entry]) -> Entry | None:
    for entry in entries:
        if entry.depth == 0 and entry.name.lower().startswith("readme"):
            return entry
    return entries[0] if entries else None


def show(generation: Generation, path: str) -> Shown:
    """One file, highlighted; 404 for a path the zip does not hold."""
    with _open(generation) as archive:
        for info in archive.infolist():
            if info.is_dir() or _strip_root(info.filename) != path:
                continue
            entry = Entry(path, info.file_size)
            if info.file_size > MAX_SHOWN_BYTES:
                return Shown(entry, None, "This file is too large to show; it is in the zip.")
            data = archive.read(info)
            break
        else:
            raise ApiError(404, "not_found", "This generation has no such file.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return Shown(entry, None, "This is a binary file; it is in the zip.")
    return Shown(entry, highlight(text, _lexer(entry.name), HtmlFormatter(**FORMATTER_OPTIONS)))


def _lexer(filename: str):
    try:
        return get_lexer_for_filename(filename, stripnl=False)
    except ClassNotFound:
        return TextLexer(stripnl=False)


def highlight_diff(text: str) -> str:
    """A unified diff as highlighted HTML (every character escaped by Pygments)."""
    return highlight(text, DiffLexer(stripnl=False), HtmlFormatter(**DIFF_OPTIONS))


def stylesheet() -> str:
    """The CSS of the highlighting classes (served as a static-like file; CSP-friendly)."""
    return HtmlFormatter(**FORMATTER_OPTIONS).get_style_defs(".code")
