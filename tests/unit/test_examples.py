"""The examples under examples/: what app.examples finds, and the extra folder variable."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from app import examples

ROOT = Path(__file__).resolve().parents[2]


def test_the_examples_live_in_the_repository():
    assert examples.EXAMPLES_DIR == ROOT / "examples"
    assert examples.genome_path("clinic.yaml").is_file()


def test_the_genomes_are_the_repositorys_without_the_variable(monkeypatch):
    # That every one validates is test_genome_normalize's job (the example_paths fixture).
    monkeypatch.delenv(examples.EXTRA_EXAMPLES_ENV, raising=False)
    paths = examples.genome_paths()
    assert {path.name for path in paths} >= {"clinic.yaml", "shop.yaml", "tasks.yaml"}
    assert {path.parent for path in paths} == {examples.EXAMPLES_DIR / "genomes"}


def test_every_example_description_has_its_gold_and_a_one_sentence_summary():
    found = examples.example_descriptions()
    assert len(found) >= 6
    for item in found:
        gold = examples.EXAMPLES_DIR / "descriptions" / f"{item.name}.gold.json"
        assert gold.is_file(), item.name
        assert item.text.startswith(item.summary.split()[0])
        assert item.summary.endswith((".", "!", "?")), item.summary
        assert len(item.summary) < len(item.text)


def test_the_extra_folder_adds_genomes_and_descriptions_after_ours(monkeypatch, tmp_path):
    (tmp_path / "genomes").mkdir()
    (tmp_path / "genomes" / "zoo.yaml").write_text("genome: 1\n", encoding="utf-8")
    (tmp_path / "descriptions").mkdir()
    monkeypatch.setenv(examples.EXTRA_EXAMPLES_ENV, str(tmp_path))
    assert examples.genome_paths()[-1] == tmp_path / "genomes" / "zoo.yaml"
    assert examples.genome_paths()[0].parent == examples.EXAMPLES_DIR / "genomes"
    assert examples.description_dirs()[-1] == tmp_path / "descriptions"
    # The product's list stays the repository's own.
    assert all(item.name != "zoo" for item in examples.example_descriptions())


def test_no_tracked_file_reads_the_shared_folder_beside_the_repository():
    files = subprocess.run(
        ["git", "ls-files", "*.py", "*.md", "*.sh", "*.yml", "Makefile", ".ci/*"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    # The shared folder beside the repository, by relative path or joined with pathlib.
    outside = re.compile(r"\.\./shared|/ *[\"']shared[\"']")
    hits = [
        f"{name}:{number}"
        for name in files
        for number, line in enumerate((ROOT / name).read_text(encoding="utf-8").splitlines(), 1)
        if outside.search(line)
    ]
    assert not hits, hits
