"""The package layout holds: the import-linter contracts of pyproject.toml are kept.

genome is the base; drafting and codegen build on it and not on each other.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def test_import_contracts_are_kept():
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", "pyproject.toml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_layers_are_real_dependencies():
    """The contract is not vacuous: both upper packages do build on the genome."""
    graph = grimp.build_graph("app", cache_dir=None)
    for upper in ("app.drafting", "app.codegen"):
        assert graph.find_shortest_chain(importer=upper, imported="app.genome", as_packages=True)
        assert not graph.find_shortest_chain(
            importer="app.genome", imported=upper, as_packages=True
        )


def test_every_task_a_service_sends_by_name_is_registered():
    """Services send tasks by name (they never import app.tasks); create_app registers them."""
    from app.celery_app import TASK_MODULES, register_tasks
    from app.extensions import celery
    from app.services import auth_service, email_service, generation_queue

    register_tasks()
    sent = {
        generation_queue.GENERATE_TASK,
        email_service.DELIVER_TASK,
        auth_service.PASSWORD_RESET_TASK,
    }
    assert sent <= set(celery.tasks)
    graph = grimp.build_graph("app", cache_dir=None)
    assert set(TASK_MODULES) == {m for m in graph.modules if m.startswith("app.tasks.")}
