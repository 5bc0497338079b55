"""What the browser journeys check on every page: no sideways scrolling, no serious or
critical axe-core violation, and a screenshot kept for the CI artifact."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

AXE_VERSION = "4.14.1"
AXE_CACHE = Path(os.getenv("HELIX_AXE_CACHE", "/tmp/helix-axe-cache")) / AXE_VERSION
SHOTS = Path(os.getenv("HELIX_E2E_SCREENSHOTS", "/tmp/helix-e2e-screenshots"))
PASSWORD = "journey password 123"


def axe_source() -> str:
    script = AXE_CACHE / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        AXE_CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--no-save", "--prefix", str(AXE_CACHE), f"axe-core@{AXE_VERSION}"],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return script.read_text(encoding="utf-8")


class Checker:
    """Runs the per-page checks and keeps a screenshot of every page."""

    def __init__(self, page, width: int, axe: str):
        self.page = page
        self.width = width
        self.axe = axe
        self.step = 0

    def __call__(self, name: str) -> None:
        page = self.page
        page.wait_for_load_state("networkidle")
        self.step += 1
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=str(SHOTS / f"{self.width}-{self.step:02d}-{name}.png"), full_page=True
        )
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {self.width}px"
        page.evaluate(self.axe + "\n;0")  # through DevTools, so the page's CSP still holds
        found = page.evaluate(
            """() => axe.run(document, {resultTypes: ['violations']}).then(result =>
                result.violations
                  .filter(v => v.impact === 'serious' || v.impact === 'critical')
                  .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' '))))"""
        )
        assert not found, f"{name} at {self.width}px: {found}"
