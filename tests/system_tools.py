"""System tools a few tests need (nginx, chromium): found, or one skip line saying how to get it.

With HELIX_REQUIRE_SYSTEM_TOOLS=1 (`.ci/run` sets it) a missing tool fails the test instead.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REQUIRE_ENV = "HELIX_REQUIRE_SYSTEM_TOOLS"
NODE_HINT = "Node.js 20.9 or newer with npm, e.g. NodeSource's nodejs 20 package"
# name -> (where Debian installs it when it is not on PATH, how to install it)
TOOLS = {
    "nginx": ("/usr/sbin/nginx", "apt-get install -y nginx"),
    "chromium": ("/usr/bin/chromium", "apt-get install -y chromium"),
    # The generated frontend (Next.js 16) needs Node.js 20.9 or newer; Debian 12's is 18.
    "node": ("/usr/bin/node", NODE_HINT),
    "npm": ("/usr/bin/npm", NODE_HINT),
}


def find_tool(name: str) -> str | None:
    """The tool's executable on PATH or at Debian's path, or None."""
    fallback = TOOLS[name][0]
    return shutil.which(name) or (fallback if Path(fallback).is_file() else None)


def system_tool(name: str) -> str:
    """The tool's executable; skips the test (fails it under REQUIRE_ENV=1) when it is missing."""
    path = find_tool(name)
    if path is None:
        message = f"{name} is not installed (install it: {TOOLS[name][1]})"
        if os.getenv(REQUIRE_ENV) == "1":
            pytest.fail(f"{message}; {REQUIRE_ENV}=1 forbids skipping", pytrace=False)
        pytest.skip(message)
    return path
