"""Static gates of the infrastructure files (the Python goes through `make lint`)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from helix_gates.commands import Result, run

HELIX_BIN = Path(sys.executable).parent


def hadolint(project_root: Path) -> Result:
    return run([HELIX_BIN / "hadolint", "Dockerfile"], cwd=project_root, timeout=60)


def check_jsonschema(schema: str, files: list[Path]) -> Result:
    return run([HELIX_BIN / "check-jsonschema", "--builtin-schema", schema, *files], timeout=120)


def compose_service_names(compose_file: Path) -> list[str]:
    document = yaml.safe_load(compose_file.read_text(encoding="utf-8"))
    return sorted((document.get("services") or {}).keys())


def nginx_test(nginx: str, config: Path, service_names: list[str], workdir: Path) -> Result:
    """`nginx -t` (`nginx` is its executable) on a copy whose compose hostnames point at 127.0.0.1.

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
        [nginx, "-t", "-c", copy, "-p", workdir, "-g", f"pid {workdir / 'nginx.pid'};"],
        timeout=60,
    )
