"""A project through a series of genome changes, the way a user lives it: each version is
saved and generated through the API, and the patch from the previous generation applies
with `git apply -3` onto the user's repository, where they edited a service and a test;
their lines survive every step and everything else equals the new generation exactly."""

from __future__ import annotations

import copy
import importlib.util
import inspect
import io
import json
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml

from app.codegen.render import render
from app.services import genome_service

pytestmark = pytest.mark.integration

GIT = ["git", "-c", "user.name=User", "-c", "user.email=user@example.com"]
SERVICE = "app/services/note_service.py"
TEST = "tests/test_note.py"
MY_SERVICE_LINES = (
    '\n\ndef my_helper() -> str:\n    """Mine: kept across patches."""\n    return "mine"\n'
)
MY_TEST_LINES = "\n\ndef test_mine_survives():\n    assert 'mine' == 'mine'\n"
BASE = {
    "genome": 1,
    "name": "Evolving Notes",
    "slug": "evolving_notes",
    "stack": {"backend": "flask", "frontend": "none"},
    "entities": [
        {
            "name": "Note",
            "fields": {
                "title": {"type": "string", "required": True, "max_length": 80},
                "body": {"type": "text"},
                "status": {"type": "enum", "values": ["draft", "done"], "default": "draft"},
            },
        }
    ],
}


def note(genome: dict) -> dict:
    return genome["entities"][0]


def add_entity(genome: dict) -> None:
    genome["entities"].append(
        {"name": "Tag", "fields": {"label": {"type": "string", "required": True}}}
    )


def add_required_field_with_default(genome: dict) -> None:
    note(genome)["fields"]["priority"] = {"type": "integer", "required": True, "default": 3}


def add_enum_value_and_transition(genome: dict) -> None:
    note(genome)["fields"]["status"]["values"].append("archived")
    note(genome)["transitions"] = {
        "field": "status",
        "allowed": {"draft": ["done"], "done": ["archived"], "archived": []},
    }


def add_many_to_many(genome: dict) -> None:
    note(genome)["relations"] = {"tags": {"kind": "many_to_many", "target": "Tag"}}


def drop_field(genome: dict) -> None:
    del note(genome)["fields"]["body"]


def add_unique_together(genome: dict) -> None:
    note(genome)["unique_together"] = [["title", "priority"]]


def rename_field(genome: dict) -> None:
    fields = note(genome)["fields"]
    fields["heading"] = {**fields.pop("title"), "renamed_from": "title"}
    note(genome)["unique_together"] = [["heading", "priority"]]


STEPS = [
    add_entity,
    add_required_field_with_default,
    add_enum_value_and_transition,
    add_many_to_many,
    drop_field,
    add_unique_together,
]
if importlib.util.find_spec("app.genome.evolution") is not None:  # genomes say renamed_from
    STEPS.append(rename_field)


# With schema evolution, each generation keeps the earlier revisions and adds its own.
INCREMENTAL = "lineage" in inspect.signature(render).parameters


def revisions(files: dict[str, bytes]) -> dict[str, bytes]:
    return {path: data for path, data in files.items() if path.startswith("migrations/versions/")}


def versions() -> list[str]:
    genome = copy.deepcopy(BASE)
    found = [yaml.safe_dump(genome, sort_keys=False)]
    for step in STEPS:
        step(genome)
        found.append(yaml.safe_dump(genome, sort_keys=False))
    return found


def git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*GIT, *args], cwd=repo, capture_output=True, text=True, timeout=60, check=False
    )


def files_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            info.filename.split("/", 1)[1]: archive.read(info)
            for info in archive.infolist()
            if not info.is_dir()
        }


def tree_of(repo: Path) -> dict[str, bytes]:
    return {
        path.relative_to(repo).as_posix(): path.read_bytes()
        for path in repo.rglob("*")
        if path.is_file() and ".git" not in path.relative_to(repo).parts
    }


def test_every_patch_of_a_series_applies_and_keeps_the_users_edits(
    owner, owner_api, workspace_path, set_plan, tmp_path
):
    set_plan(owner.own_workspace, "pro")
    series = versions()
    project = owner_api.post(
        f"{workspace_path}/projects", json={"name": "Evolving", "genome_yaml": series[0]}
    ).get_json()
    project_path = f"{workspace_path}/projects/{project['id']}"
    repo = tmp_path / "repo"
    previous = None
    previous_files: dict[str, bytes] = {}
    for number, text in enumerate(series, start=1):
        if number > 1:
            saved = owner_api.patch(project_path, json={"genome_yaml": text})
            assert saved.status_code == 200, (number, saved.get_json())
        generation = owner_api.get(
            owner_api.post(f"{project_path}/generations").headers["Location"]
        ).get_json()
        assert generation["status"] == "succeeded", (number, generation)
        assert generation["genome_version"] == number
        files = files_of(owner_api.get(generation["download_url"]).get_data())
        if INCREMENTAL and previous is not None:
            earlier, now = revisions(previous_files), revisions(files)
            assert earlier.items() < now.items(), (number, sorted(earlier), sorted(now))
        if previous is None:
            for path, data in files.items():
                (repo / path).parent.mkdir(parents=True, exist_ok=True)
                (repo / path).write_bytes(data)
            git(repo, "init", "-q")
            git(repo, "add", "-A")
            git(repo, "commit", "-qm", "Generated by Helix")
            (repo / SERVICE).write_text((repo / SERVICE).read_text() + MY_SERVICE_LINES)
            (repo / TEST).write_text((repo / TEST).read_text() + MY_TEST_LINES)
            git(repo, "commit", "-qam", "My edits")
        else:
            patch = owner_api.get(
                f"{workspace_path}/generations/{generation['id']}/patch?base={previous['id']}"
            )
            assert patch.status_code == 200, (number, patch.get_json())
            (tmp_path / f"v{number}.patch").write_bytes(patch.get_data())
            applied = git(repo, "apply", "-3", str(tmp_path / f"v{number}.patch"))
            assert applied.returncode == 0, (number, STEPS[number - 2].__name__, applied.stderr)
            git(repo, "add", "-A")
            git(repo, "commit", "-qm", f"Helix v{number}")
        tree = tree_of(repo)
        assert MY_SERVICE_LINES in tree[SERVICE].decode(), number
        assert MY_TEST_LINES in tree[TEST].decode(), number
        tree[SERVICE] = tree[SERVICE].replace(MY_SERVICE_LINES.encode(), b"")
        tree[TEST] = tree[TEST].replace(MY_TEST_LINES.encode(), b"")
        assert sorted(tree) == sorted(files), number
        changed = [path for path in files if tree[path] != files[path]]
        assert changed == [], (number, changed)
        manifest = json.loads(tree[".helix/manifest.json"])
        assert manifest["generation_id"] == generation["id"]
        assert manifest["genome_version"] == number
        previous, previous_files = generation, files


def test_a_newer_generator_on_an_unchanged_genome_patches_code_but_adds_no_revision(
    owner, owner_api, workspace_path, set_plan, monkeypatch
):
    set_plan(owner.own_workspace, "pro")
    series = versions()
    project = owner_api.post(
        f"{workspace_path}/projects", json={"name": "Upgraded", "genome_yaml": series[0]}
    ).get_json()
    project_path = f"{workspace_path}/projects/{project['id']}"
    generated = []
    for text in series[:2]:
        owner_api.patch(project_path, json={"genome_yaml": text})
        location = owner_api.post(f"{project_path}/generations").headers["Location"]
        generated.append(owner_api.get(location).get_json())
    older = generated[-1]
    newer_version = f"{older['generator_version']}.1"
    monkeypatch.setattr(genome_service, "generator_version", lambda: newer_version)
    location = owner_api.post(f"{project_path}/generations").headers["Location"]
    newer = owner_api.get(location).get_json()
    assert newer["status"] == "succeeded"
    assert newer["generator_version"] == newer_version
    assert newer["genome_version"] == older["genome_version"] == 2
    assert newer["sha256"] != older["sha256"]  # rendered anew, not the stored zip reused
    before = files_of(owner_api.get(older["download_url"]).get_data())
    after = files_of(owner_api.get(newer["download_url"]).get_data())
    assert revisions(after) == revisions(before)
    patch = owner_api.get(f"{workspace_path}/generations/{newer['id']}/patch?base={older['id']}")
    assert patch.status_code == 200
    text = patch.get_data(as_text=True)
    assert "migrations/versions/" not in text
    assert f'+  "generator_version": "{newer_version}",' in text
