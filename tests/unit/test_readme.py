"""The README stays true to the code."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_environment_variable_the_config_reads_is_documented():
    config = (ROOT / "app" / "config.py").read_text()
    readme = (ROOT / "README.md").read_text()
    read = set(re.findall(r'env_(?:bool|int|list)\("([A-Z_]+)"|getenv\(\s*"([A-Z_]+)"', config))
    names = {name for pair in read for name in pair if name}
    missing = sorted(name for name in names if f"`{name}`" not in readme)
    assert not missing, f"undocumented variables: {missing}"


def test_the_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    first_block = readme.split("```sh", 1)[1].split("```", 1)[0]
    assert [line.split()[0:2] for line in first_block.strip().splitlines()] == [
        ["make", "dev"],
        ["make", "test"],
    ]
