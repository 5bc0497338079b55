"""A user's pattern is matched in linear time: a catastrophic-backtracking pattern is harmless."""

import json
import subprocess
import sys
from pathlib import Path

from genome_edits import LABEL, edited, field

# `re` would try 2**60 ways to split the a's before failing on the "!" (hours), holding the GIL.
REPO = Path(__file__).resolve().parents[3]
EVIL = field("string", pattern="^(a+)+$", default="a" * 60 + "!")
CHECK = (
    "import json, sys\n"
    "from app.genome import validate\n"
    "print(json.dumps([[p.path, p.code] for p in validate(json.load(sys.stdin))]))\n"
)


def test_a_backtracking_pattern_is_checked_in_linear_time(base_genome):
    # A child process, so that a regression fails on the timeout instead of hanging the suite.
    done = subprocess.run(
        [sys.executable, "-c", CHECK],
        input=json.dumps(edited(base_genome, EVIL)),
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,  # the import alone takes seconds on a loaded machine
        check=True,
    )
    assert [f"{LABEL}.default", "invalid_default"] in json.loads(done.stdout)
