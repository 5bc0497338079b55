"""A missing system tool skips with one line saying how to install it; CI makes that a failure."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
# A test asking for nginx while PATH holds no nginx and Debian's path is pointed elsewhere.
PROBE = textwrap.dedent(
    """
    import system_tools

    system_tools.TOOLS["nginx"] = ("/nonexistent/nginx", "apt-get install -y nginx")


    def test_needs_nginx():
        system_tools.system_tool("nginx")
    """
)


def _run_probe(tmp_path: Path, require: str) -> subprocess.CompletedProcess:
    (tmp_path / "test_probe.py").write_text(PROBE, encoding="utf-8")
    env = {
        "PATH": str(tmp_path),
        "PYTHONPATH": str(ROOT / "tests"),
        "HELIX_REQUIRE_SYSTEM_TOOLS": require,
    }
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "test_probe.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_missing_tool_skips_naming_the_tool_and_how_to_install_it(tmp_path):
    done = _run_probe(tmp_path, "")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 skipped" in done.stdout
    assert "nginx is not installed (install it: apt-get install -y nginx)" in done.stdout


def test_ci_forbids_the_skip(tmp_path):
    done = _run_probe(tmp_path, "1")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 failed" in done.stdout
    assert "HELIX_REQUIRE_SYSTEM_TOOLS=1 forbids skipping" in done.stdout


def test_ci_forbids_skipping_for_a_missing_tool():
    lines = (ROOT / ".ci/run").read_text(encoding="utf-8").splitlines()
    assert lines.index("export HELIX_REQUIRE_SYSTEM_TOOLS=1") < lines.index("make test")
    workflow = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    assert workflow["jobs"]["test"]["env"]["HELIX_REQUIRE_SYSTEM_TOOLS"] == "1"
