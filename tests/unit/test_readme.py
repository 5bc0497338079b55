"""The README stays true to the code."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_configuration_table_lists_exactly_what_the_settings_read():
    from app import config

    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    documented = set()
    for line in table.splitlines():
        if line.startswith("| `"):
            documented |= set(re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1]))
    read = set(config.environment_variables())
    assert not read - documented, f"undocumented variables: {sorted(read - documented)}"
    assert not documented - read, f"documented but never read: {sorted(documented - read)}"


def test_the_readme_starts_with_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    first_block = readme.split("```sh", 1)[1].split("```", 1)[0]
    assert [line.split()[0:2] for line in first_block.strip().splitlines()] == [
        ["make", "dev"],
        ["make", "test"],
    ]
