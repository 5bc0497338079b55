"""The file trees of generations: rendered with their manifest, read back from the stored
zip (or rendered again from the recorded genome version when the zip was purged), and
compared: a git patch from one generation to a later one, and the changed files.

Every tree carries `.helix/manifest.json`: the generator version, the genome version and
hash, the generation it was made for, its lineage and the SHA-256 of every other file,
in sorted-key JSON, so that the same generation always yields the same bytes and a
user's repository says which generation it started from.
"""

from __future__ import annotations

import difflib
import hashlib
import inspect
import io
import json
import os
import shutil
import subprocess  # nosec B404 - runs git on files we wrote, with fixed arguments
import tempfile
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from dulwich.index import commit_tree
from dulwich.object_store import MemoryObjectStore
from dulwich.objects import Blob
from dulwich.repo import Repo
from sqlalchemy import select

from app.errors import ApiError
from app.extensions import db
from app.genome import GenomeError, problems_payload
from app.models import Generation, GenerationStatus
from app.services import genome_service, genome_versions, storage
from app.services.tenancy import Tenant

MANIFEST_PATH = ".helix/manifest.json"
MANIFEST_FORMAT = 1
REGULAR = 0o100644
EXECUTABLE = 0o100755
GIT_TIMEOUT = 60
MAX_SHOWN_DIFF = 256 * 1024  # a longer diff of one file is left to the patch


@dataclass(frozen=True, slots=True)
class File:
    data: bytes
    mode: int = REGULAR  # git's file mode: 0o100644 or 0o100755


Tree = dict[str, File]


# Rendering


def manifest(files: dict[str, bytes], generation: Generation, generator_version: str) -> bytes:
    """The manifest of these files (which must not hold it) made for `generation`."""
    version = generation.genome_version
    document = {
        "files": {path: hashlib.sha256(data).hexdigest() for path, data in files.items()},
        "format": MANIFEST_FORMAT,
        "generation_id": str(generation.id),
        "generator_version": generator_version,
        "genome_sha256": generation.genome_sha256,
        "genome_version": version.number if version is not None else None,
        "lineage": [int(number) for number in generation.lineage or []],
        "project_id": str(generation.project_id),
    }
    return (json.dumps(document, indent=2, sort_keys=True) + "\n").encode("utf-8")


def render_files(
    generation: Generation, checked: genome_service.CheckedGenome, generator_version: str
) -> dict[str, bytes]:
    """Render `generation`'s project from its genome and lineage, manifest included."""
    from app.codegen.render import render

    lineage = _lineage_genomes(generation)
    # Earlier versions reach the migrations once the generator takes a lineage.
    options = {"lineage": lineage} if "lineage" in inspect.signature(render).parameters else {}
    try:
        files = render(checked.genome, generator_version, **options)
    except GenomeError as error:  # a step of the lineage cannot be migrated
        body = problems_payload(error.problems)
        raise ApiError(422, "invalid_genome", body["message"], body["details"]) from None
    files = {path: data for path, data in files.items() if path != MANIFEST_PATH}
    files[MANIFEST_PATH] = manifest(files, generation, generator_version)
    return dict(sorted(files.items()))


def _lineage_genomes(generation: Generation) -> list:
    """The genomes of the generation's lineage, oldest first, normalized."""
    versions = genome_versions.versions_numbered(
        generation.project_id, generation.workspace_id, list(generation.lineage or [])
    )
    genomes = []
    for version in versions:
        try:
            genomes.append(genome_service.check(version.genome_yaml).genome)
        except ApiError:
            raise ApiError(
                422,
                "invalid_genome",
                f"Genome version {version.number}, which an earlier generation of this "
                "project was made from, no longer validates; its migrations cannot be "
                "rebuilt.",
            ) from None
    return genomes


def mode_of(path: str) -> int:
    from app.codegen.archive import is_executable

    return EXECUTABLE if is_executable(path) else REGULAR


# Reading trees back


def _origin(generation: Generation) -> Generation:
    """The generation whose render produced this generation's zip (itself, or the one it
    reused)."""
    if generation.reused_from_id is None:
        return generation
    return db.session.get(Generation, generation.reused_from_id) or generation


class Snapshot:
    """A generation's files read on demand: each path's mode, its SHA-256 when known
    without reading it (from the manifest of a stored zip), and its bytes. Comparing two
    snapshots inflates only the files whose hashes differ."""

    def __init__(self, modes: dict[str, int], hashes: dict[str, str], read) -> None:
        self.modes = modes
        self.hashes = hashes
        self._read = read

    def read(self, path: str) -> bytes:
        return self._read(path)

    def tree(self) -> Tree:
        return {path: File(self.read(path), mode) for path, mode in self.modes.items()}

    @classmethod
    def of_tree(cls, tree: Tree) -> Snapshot:
        hashes = {path: hashlib.sha256(file.data).hexdigest() for path, file in tree.items()}
        modes = {path: file.mode for path, file in tree.items()}
        return cls(modes, hashes, lambda path: tree[path].data)

    @classmethod
    def of_zip(cls, data: bytes) -> Snapshot:
        """A stored zip: the top folder dropped, modes from the archive, hashes from its
        manifest (none for zips made before manifests)."""
        archive = zipfile.ZipFile(io.BytesIO(data))  # pylint: disable=consider-using-with
        infos = {
            info.filename.split("/", 1)[1]: info
            for info in archive.infolist()
            if not info.is_dir() and "/" in info.filename
        }
        modes = {
            path: EXECUTABLE if (info.external_attr >> 16) & 0o111 else REGULAR
            for path, info in infos.items()
        }
        hashes: dict[str, str] = {}
        if MANIFEST_PATH in infos:
            try:
                listed = json.loads(archive.read(infos[MANIFEST_PATH])).get("files", {})
            except (ValueError, AttributeError):
                listed = {}
            if isinstance(listed, dict):
                hashes = {
                    path: digest
                    for path, digest in listed.items()
                    if path in infos and isinstance(digest, str)
                }
        return cls(modes, hashes, lambda path: archive.read(infos[path]))


def snapshot_of(generation: Generation) -> Snapshot:
    """The files of a succeeded generation, paths inside the project folder: from its
    stored zip, or rendered again from its recorded genome version and lineage when the
    zip is gone (only the generator version that made it can do that: 410 otherwise)."""
    store = storage.artifact_store()
    key = generation.artifact_key
    if key and store.exists(key):
        path = store.local_path(key)
        data = path.read_bytes() if path is not None else b"".join(store.open(key))
        return Snapshot.of_zip(data)
    origin = _origin(generation)
    current = genome_service.generator_version()
    if origin.generator_version != current:
        raise ApiError(
            410,
            "gone",
            f"The files of this generation were purged, and they were made by Helix "
            f"generator {origin.generator_version}; this one is {current} and cannot "
            "rebuild them exactly. Use a later generation as the base.",
        )
    checked = genome_service.check(origin.genome_yaml)
    files = render_files(origin, checked, current)
    return Snapshot.of_tree({path: File(data, mode_of(path)) for path, data in files.items()})


def read_zip(data: bytes) -> Tree:
    """A generation's zip as a whole tree."""
    return Snapshot.of_zip(data).tree()


def differing(old: Snapshot, new: Snapshot) -> tuple[Tree, Tree]:
    """The parts of two snapshots that differ: files added, removed, or changed in
    content or mode (unchanged files are left out: they make no part of a patch)."""
    old_tree: Tree = {}
    new_tree: Tree = {}
    for path in sorted(old.modes.keys() | new.modes.keys()):
        before, after = old.modes.get(path), new.modes.get(path)
        if before is not None and after is not None:
            old_hash, new_hash = old.hashes.get(path), new.hashes.get(path)
            if before == after and old_hash is not None and old_hash == new_hash:
                continue
            old_data, new_data = old.read(path), new.read(path)
            if before == after and old_data == new_data:
                continue
            old_tree[path] = File(old_data, before)
            new_tree[path] = File(new_data, after)
        elif before is not None:
            old_tree[path] = File(old.read(path), before)
        elif after is not None:
            new_tree[path] = File(new.read(path), after)
    return old_tree, new_tree


# Comparing


def git_patch(old: Tree, new: Tree) -> bytes:
    """A git-format patch from `old` to `new` (binary-safe, with modes, additions,
    deletions and renames, full blob ids so `git apply -3` can merge), made by
    `git diff-tree` over the two trees written into a throwaway bare repository."""
    with tempfile.TemporaryDirectory(prefix="helix-patch-", dir=_scratch_dir()) as temporary:
        git_dir = Path(temporary) / "repo.git"
        Repo.init_bare(str(git_dir), mkdir=True).close()
        store = MemoryObjectStore()
        old_id, new_id = _tree_id(store, old), _tree_id(store, new)
        _write_loose(store, git_dir / "objects")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": temporary,
            "GIT_DIR": str(git_dir),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "LC_ALL": "C",
        }
        arguments = ["diff-tree", "-p", "--binary", "--full-index", "-M", "--no-color"]
        return _git([*arguments, "--no-ext-diff", old_id, new_id], env)


def _scratch_dir() -> str | None:
    """Memory-backed /dev/shm when there is one (the repository lives for one request; a
    busy disk made creating and removing its files most of the time), else the default."""
    shm = Path("/dev/shm")  # noqa: S108  # nosec B108 - mkdtemp makes a private dir in it
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) else None


def _tree_id(store: MemoryObjectStore, tree: Tree) -> str:
    """Put the files' blobs and trees into `store`; the root tree's id."""
    entries = []
    for path in sorted(tree):
        blob = Blob.from_string(tree[path].data)
        store.add_object(blob)
        entries.append((path.encode("utf-8"), blob.id, tree[path].mode))
    return bytes(commit_tree(store, entries)).decode("ascii")


def _write_loose(store: MemoryObjectStore, objects: Path) -> None:
    """Every object of `store` as a loose object file (git's own format, zlib), without
    the fsync per object that an on-disk object store does."""
    for object_id in store:
        name = object_id.decode("ascii")
        folder = objects / name[:2]
        folder.mkdir(exist_ok=True)
        (folder / name[2:]).write_bytes(store[object_id].as_legacy_object())


def _git(arguments: list[str], env: dict[str, str]) -> bytes:
    git = shutil.which("git", path=env["PATH"])
    if git is None:
        raise RuntimeError("git is not installed; it computes patches.")
    result = subprocess.run(  # nosec B603 - fixed git arguments, no shell
        [git, *arguments],
        env=env,
        capture_output=True,
        timeout=GIT_TIMEOUT,
        check=False,
    )
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise RuntimeError(f"git {arguments[0]} failed: {message}")
    return result.stdout


@dataclass(frozen=True, slots=True)
class Change:
    path: str
    status: str  # added, changed, removed
    diff: str | None  # unified diff; None for binary or too long
    reason: str | None = None


def changes(old: Tree, new: Tree) -> list[Change]:
    """The files added, changed (content or mode) and removed from `old` to `new`, by
    path, each with its unified diff."""
    found: list[Change] = []
    for path in sorted(old.keys() | new.keys()):
        before, after = old.get(path), new.get(path)
        if before == after:
            continue
        status = "added" if before is None else "removed" if after is None else "changed"
        found.append(_change(path, status, before, after))
    return found


def _change(path: str, status: str, before: File | None, after: File | None) -> Change:
    try:
        old_text = before.data.decode("utf-8") if before is not None else ""
        new_text = after.data.decode("utf-8") if after is not None else ""
    except UnicodeDecodeError:
        return Change(path, status, None, "Binary file; see the patch.")
    lines = difflib.unified_diff(
        old_text.splitlines(keepends=True),
        new_text.splitlines(keepends=True),
        fromfile="/dev/null" if before is None else f"a/{path}",
        tofile="/dev/null" if after is None else f"b/{path}",
    )
    text = "".join(line if line.endswith("\n") else line + "\n" for line in lines)
    if before is not None and after is not None and before.mode != after.mode:
        text = f"old mode {before.mode:o}\nnew mode {after.mode:o}\n" + text
    if len(text) > MAX_SHOWN_DIFF:
        return Change(path, status, None, "This diff is too long to show; see the patch.")
    return Change(path, status, text)


# Requests


def _succeeded(generation: Generation, what: str) -> Generation:
    if generation.status != GenerationStatus.SUCCEEDED:
        raise ApiError(
            409,
            "conflict",
            f"The {what} generation has no files: it is {generation.status.value}.",
        )
    return generation


def pair(
    tenant: Tenant, generation_id: uuid.UUID, base_id: object
) -> tuple[Generation, Generation]:
    """(base, generation): both the tenant's, of the same project, finished, base not
    later. 404 for ids not the tenant's; 422 for a missing or unrelated base."""
    if base_id is None or base_id == "":
        raise ApiError(
            422,
            "validation_error",
            "Give the earlier generation as ?base=<generation id>.",
            {"base": ["Missing data for required field."]},
        )
    try:
        base_uuid = uuid.UUID(str(base_id))
    except ValueError:
        raise ApiError(
            422,
            "validation_error",
            "base must be the id of an earlier generation of the same project.",
            {"base": ["Not a valid UUID."]},
        ) from None
    generation = tenant.get_or_404(Generation, generation_id)
    base = tenant.get_or_404(Generation, base_uuid)
    if base.project_id != generation.project_id and not _reuses(generation, base):
        raise ApiError(
            422,
            "validation_error",
            "base must be a generation of the same project as this one.",
            {"base": ["A generation of another project."]},
        )
    if base.id != generation.id and (base.created_at, base.id) > (
        generation.created_at,
        generation.id,
    ):
        raise ApiError(
            422,
            "validation_error",
            "base must be an earlier generation than this one.",
            {"base": ["A later generation."]},
        )
    return _succeeded(base, "base"), _succeeded(generation, "requested")


def _reuses(generation: Generation, base: Generation) -> bool:
    """True when a generation of `generation`'s project reused `base`'s zip (so a user of
    that project holds base's tree and its manifest names base)."""
    statement = (
        select(Generation.id)
        .where(
            Generation.workspace_id == generation.workspace_id,
            Generation.project_id == generation.project_id,
            Generation.reused_from_id == base.id,
        )
        .limit(1)
    )
    return db.session.scalar(statement) is not None


def patch(tenant: Tenant, generation_id: uuid.UUID, base_id: object) -> tuple[bytes, str]:
    """(patch bytes, file name) from generation `base_id` to `generation_id`."""
    base, generation = pair(tenant, generation_id, base_id)
    data = git_patch(*differing(snapshot_of(base), snapshot_of(generation)))
    name = f"{generation.project_slug}-{str(base.id)[:8]}-to-{str(generation.id)[:8]}.patch"
    return data, name


def previous_of(generation: Generation) -> Generation | None:
    """The project's newest succeeded generation requested before this one."""
    return genome_versions.latest_generated(generation.project, before=generation)
