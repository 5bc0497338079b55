"""Alembic commands of a generated project, many in one process of its own interpreter.

Starting the project's app takes seconds on a busy machine; the evolution gate runs five
commands per genome version, so one process per version serves them all. The process
reads JSON lines [upgrade|downgrade|check, database URL, migrations folder] and answers
`ok` or `error <text>`;
Flask-Migrate runs each command in an app created for that database.
"""

from __future__ import annotations

import json
import subprocess  # nosec B404 - runs the project's own interpreter
import tempfile
from pathlib import Path

SERVER = r"""
import json, os, sys
sys.path.insert(0, os.getcwd())
answers = os.fdopen(os.dup(sys.stdout.fileno()), "w")
sys.stdout = sys.stderr  # Alembic and the app log; the answers channel stays clean
from flask_migrate import check, downgrade, upgrade
from app import create_app
commands = {"upgrade": upgrade, "downgrade": downgrade, "check": check}
apps = {}
for line in sys.stdin:
    name, url, directory = json.loads(line)
    try:
        if url not in apps:
            os.environ["DATABASE_URL"] = url
            apps[url] = create_app()
        with apps[url].app_context():
            commands[name](directory=directory)
        answers.write("ok\n")
    except BaseException as error:  # SystemExit from Flask-Migrate's error handler too
        answers.write("error " + json.dumps(repr(error)) + "\n")
    answers.flush()
"""


class AlembicSession:
    """One long-lived process of the project's interpreter, in the project's folder."""

    def __init__(self, python: Path, root: Path, env: dict[str, str]) -> None:
        self._root = root
        # Both live as long as the session; close() ends them (a context manager, too).
        self._log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")  # noqa: SIM115
        # pylint: disable-next=consider-using-with
        self._process = subprocess.Popen(  # nosec B603 - fixed arguments, no shell
            [str(python), "-c", SERVER],
            cwd=root,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
        )

    def run(self, command: str, url: str, migrations: Path | None = None) -> None:
        """`flask db <command>` on `url` (the project's own migrations unless another folder
        is named); fails with the process's log when the command fails."""
        assert self._process.stdin is not None
        assert self._process.stdout is not None
        directory = migrations or self._root / "migrations"
        self._process.stdin.write(json.dumps([command, url, str(directory)]) + "\n")
        self._process.stdin.flush()
        answer = self._process.stdout.readline().strip()
        if answer != "ok":
            self._log.seek(0)
            detail = json.loads(answer[6:]) if answer.startswith("error ") else "no answer"
            raise AssertionError(f"flask db {command}: {detail}\n{self._log.read()[-6000:]}")

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait(timeout=60)
        self._log.close()

    def __enter__(self) -> AlembicSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
