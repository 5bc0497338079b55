"""Static gates: lint and security of the Python, and the infrastructure files."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import yaml

from helix_gates.commands import Result, run

HELIX_BIN = Path(sys.executable).parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PYLINT_MIN_SCORE = 9.5
PYTHON_PACKAGES = ("app", "tests", "migrations")


def python_targets(project_root: Path) -> list[str]:
    return [name for name in PYTHON_PACKAGES if (project_root / name).exists()]


def pylint(
    python: Path, project_root: Path, env: dict[str, str]
) -> tuple[Result, float, list[str]]:
    """Run pylint with the project's settings; return the result, its score and its errors."""
    # Under pytest-xdist the other worker already uses the second core.
    jobs = "1" if os.getenv("PYTEST_XDIST_WORKER") else "2"
    result = run(
        [
            python,
            "-m",
            "pylint",
            f"--jobs={jobs}",
            "--output-format=json2",
            *python_targets(project_root),
        ],
        cwd=project_root,
        env=env,
        timeout=900,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError as error:
        raise AssertionError(f"pylint printed no JSON report:\n{result.describe()}") from error
    errors = [
        f"{item['path']}:{item['line']}: {item['symbol']} ({item['messageId']}) {item['message']}"
        for item in report.get("messages", [])
        if item.get("type") in {"error", "fatal"}
    ]
    return result, float(report.get("statistics", {}).get("score", 0.0)), errors


def pylint_summary(report_stdout: str, limit: int = 40) -> str:
    """The first messages of a json2 pylint report, one per line."""
    report = json.loads(report_stdout)
    messages = report.get("messages", [])
    lines = [
        f"{item['path']}:{item['line']}: {item['symbol']} {item['message']}"
        for item in messages[:limit]
    ]
    return "\n".join(lines) + (
        f"\n... {len(messages) - limit} more" if len(messages) > limit else ""
    )


def _has_bandit_settings(project_root: Path) -> bool:
    pyproject = project_root / "pyproject.toml"
    return pyproject.exists() and "[tool.bandit]" in pyproject.read_text(encoding="utf-8")


def bandit_findings(project_root: Path) -> list[str]:
    """Medium and high severity findings of bandit over the project's Python.

    The project's own `[tool.bandit]` settings in pyproject.toml apply, as in its CI.
    """
    config = ["--configfile", "pyproject.toml"] if _has_bandit_settings(project_root) else []
    result = run(
        [
            HELIX_BIN / "bandit",
            *config,
            "--quiet",
            "--format",
            "json",
            "--recursive",
            *python_targets(project_root),
        ],
        cwd=project_root,
        timeout=300,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError as error:
        raise AssertionError(f"bandit printed no JSON report:\n{result.describe()}") from error
    assert not report.get("errors"), f"bandit could not read files: {report['errors']}"
    return [
        f"{item['filename']}:{item['line_number']}: {item['test_id']} "
        f"{item['issue_severity']}/{item['issue_confidence']} {item['issue_text']}"
        for item in report.get("results", [])
        if item["issue_severity"] in {"MEDIUM", "HIGH"}
    ]


def hadolint(project_root: Path) -> Result:
    return run([HELIX_BIN / "hadolint", "Dockerfile"], cwd=project_root, timeout=60)


def check_jsonschema(schema: str, files: list[Path]) -> Result:
    return run([HELIX_BIN / "check-jsonschema", "--builtin-schema", schema, *files], timeout=120)


def compose_service_names(compose_file: Path) -> list[str]:
    document = yaml.safe_load(compose_file.read_text(encoding="utf-8"))
    return sorted((document.get("services") or {}).keys())


def nginx_test(config: Path, service_names: list[str], workdir: Path) -> Result:
    """`nginx -t` on a copy whose compose hostnames point at 127.0.0.1.

    Compose service names resolve only inside the compose network; everything else in the
    configuration is tested as written.
    """
    text = config.read_text(encoding="utf-8")
    for name in service_names:
        text = re.sub(rf"(?<![\w.-]){re.escape(name)}:(\d+)", r"127.0.0.1:\1", text)
    workdir.mkdir(parents=True, exist_ok=True)
    copy = workdir / "nginx.conf"
    copy.write_text(text, encoding="utf-8")
    return run(
        [NGINX, "-t", "-c", copy, "-p", workdir, "-g", f"pid {workdir / 'nginx.pid'};"],
        timeout=60,
    )
