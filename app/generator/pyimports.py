"""Import blocks of generated Python: keep the names the module uses, in ruff's isort order.

Templates list the imports a module may need (`from datetime import date, datetime, time`);
`resolve_imports` drops the names the rest of the module never mentions and writes each
block the way `ruff check --select I,F401 --fix` would (sections future, standard library,
third party, first party; straight imports before `from` imports; members ordered
constants, classes, then the rest; long lines wrapped one name per line). It is plain
text processing, a few milliseconds for a whole project, so no formatter process is needed.

A name counts as used when it appears as an identifier outside string literals and
comments (f-strings count as code, `name=` keyword arguments and `.name` attributes do
not). Lines with a noqa comment and modules with `__all__` keep their names.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field

LINE_LENGTH = 100
FIRST_PARTY = frozenset({"app", "tests"})
STDLIB = frozenset(sys.stdlib_module_names)
_SECTIONS = ("future", "stdlib", "third", "first")

_STATEMENT = re.compile(
    r"(?P<indent>[ ]*)(?:import (?P<names>[\w.]+(?: as \w+)?(?:, [\w.]+(?: as \w+)?)*)"
    r"|from (?P<module>[\w.]+) import (?P<members>.*))\Z"
)
_MEMBER = re.compile(r"(\w+)(?: as (\w+))?\Z")
_STRINGS_AND_COMMENTS = re.compile(
    r"\"\"\"[^\\\"]*(?:(?:\\.|\"(?!\"\"))[^\\\"]*)*\"\"\"|'''(?:\\.|[^\\])*?'''"
    r"|\"[^\"\\\n]*(?:\\.[^\"\\\n]*)*\"|'[^'\\\n]*(?:\\.[^'\\\n]*)*'|#[^\n]*",
    re.DOTALL,
)
# f-strings: their text counts as code, so a name used in a replacement field is kept.
_F_STRINGS = re.compile(
    r"(?<!\w)[fF][rR]?(?:\"\"\"(?:\\.|[^\\])*?\"\"\"|\"[^\"\\\n]*(?:\\.[^\"\\\n]*)*\""
    r"|'[^'\\\n]*(?:\\.[^'\\\n]*)*')",
    re.DOTALL,
)
_DIGITS = re.compile(r"(\d+)")


@dataclass
class _Block:
    """A run of import statements at one indentation."""

    indent: str
    start: int  # first line index
    end: int  # one past the last line index
    straight: list[tuple[str, str | None]] = field(default_factory=list)  # (module, alias)
    members: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)
    aliased_from: list[tuple[str, str, str]] = field(default_factory=list)  # module, name, alias
    keep: bool = False  # a line with a noqa comment: leave the whole block as written


def _natural(text: str) -> tuple:
    """ruff's natural order: case-insensitive, numbers by value, then case-sensitive."""
    parts = _DIGITS.split(text)
    lower = tuple(int(part) if part.isdigit() else part.lower() for part in parts)
    return (lower, text)


def _section(module: str) -> str:
    top = module.split(".")[0]
    if top == "__future__":
        return "future"
    if top in FIRST_PARTY:
        return "first"
    if top in STDLIB:
        return "stdlib"
    return "third"


def _member_key(name: str) -> tuple:
    if len(name) > 1 and name.isupper():
        kind = 0
    elif name[:1].isupper():
        kind = 1
    else:
        kind = 2
    return (kind, _natural(name))


def _statement_end(lines: list[str], index: int) -> tuple[int, str] | None:
    """(index after the statement, statement on one line) when lines[index] starts an import."""
    line = lines[index]
    stripped = line.lstrip(" ")
    if not stripped.startswith(("import ", "from ")):
        return None
    if "#" in line:
        return None
    if stripped.endswith("("):
        parts = [line.rstrip("(").rstrip()]
        end = index + 1
        names = []
        while end < len(lines) and lines[end].strip() != ")":
            item = lines[end].strip()
            if "#" in item or not item:
                return None
            names.append(item.rstrip(","))
            end += 1
        if end == len(lines):
            return None
        return end + 1, parts[0] + " " + ", ".join(names)
    return index + 1, line


def _add(block: _Block, statement: str) -> bool:
    match = _STATEMENT.match(statement)
    if match is None:
        return False
    if match["names"]:
        for item in match["names"].split(", "):
            module, _, alias = item.partition(" as ")
            block.straight.append((module, alias or None))
        return True
    module = match["module"]
    for item in match["members"].split(", "):
        member = _MEMBER.match(item.strip())
        if member is None:
            return False
        name, alias = member.groups()
        if alias:
            block.aliased_from.append((module, name, alias))
        else:
            block.members.setdefault(module, []).append((name, None))
    return True


def _blocks(lines: list[str]) -> list[_Block]:
    """Every run of import statements (blank lines inside a run belong to it)."""
    found: list[_Block] = []
    index = 0
    while index < len(lines):
        started = _statement_end(lines, index)
        if started is None:
            index += 1
            continue
        indent = lines[index][: len(lines[index]) - len(lines[index].lstrip(" "))]
        block = _Block(indent=indent, start=index, end=index)
        cursor = index
        while cursor < len(lines):
            if not lines[cursor].strip():
                cursor += 1
                continue
            if not lines[cursor].startswith(indent) or lines[cursor][len(indent)] == " ":
                break
            step = _statement_end(lines, cursor)
            if step is None:
                if "# noqa" in lines[cursor] and _STATEMENT.match(lines[cursor].split("  #")[0]):
                    block.keep = True
                    cursor += 1
                    block.end = cursor
                    continue
                break
            if not _add(block, step[1]):
                block.keep = True
            cursor = step[0]
            block.end = cursor
        found.append(block)
        index = max(block.end, index + 1)
    return found


def _code_text(code: str) -> str:
    """The code with string literals and comments blanked (f-strings appended as code)."""
    stripped = _STRINGS_AND_COMMENTS.sub(" ", code)
    if 'f"' in code or "f'" in code:
        stripped += "\n" + "\n".join(_F_STRINGS.findall(code))
    return stripped


def _starts_line(code: str, position: int) -> bool:
    """True when only indentation precedes position on its line (`x: Any = 1` reads Any)."""
    return not code[code.rfind("\n", 0, position) + 1 : position].strip()


def _is_used(name: str, code: str) -> bool:
    """True when name occurs as a read identifier.

    Not `.name`, not a `name=` keyword, not a `name = ...` assignment target (a schema
    field named `date` does not use `from datetime import date`).
    """
    size = len(name)
    position = code.find(name)
    while position != -1:
        before = code[position - 1] if position else " "
        after = code[position + size : position + size + 3]
        if not (before.isalnum() or before in "._") and not (
            after[:1].isalnum()
            or after[:1] == "_"
            or (after[:1] == "=" and after[1:2] != "=")
            or (after[:2] == " =" and after[2:3] != "=" and _starts_line(code, position))
        ):
            return True
        position = code.find(name, position + 1)
    return False


def _bindings(block: _Block) -> set[str]:
    """Every name the block's imports bind."""
    names = {_binding(module, alias) for module, alias in block.straight}
    names.update(name for members in block.members.values() for name, _ in members)
    names.update(alias for _, _, alias in block.aliased_from)
    return names


def _binding(module: str, alias: str | None) -> str:
    return alias or module.split(".")[0]


def _from_lines(indent: str, module: str, names: list[str]) -> list[str]:
    line = f"{indent}from {module} import {', '.join(names)}"
    if len(line) <= LINE_LENGTH:
        return [line]
    return [
        f"{indent}from {module} import (",
        *(f"{indent}    {name}," for name in names),
        f"{indent})",
    ]


def _write(block: _Block, used: set[str]) -> list[str]:
    """The block's lines in isort order, without unused names."""
    sections: dict[str, list[str]] = {name: [] for name in _SECTIONS}
    straight = sorted(
        {item for item in block.straight if _binding(*item) in used},
        key=lambda item: (_natural(item[0]), item[1] or ""),
    )
    for module, alias in straight:
        text = f"import {module}" + (f" as {alias}" if alias else "")
        sections[_section(module)].append(block.indent + text)
    froms: dict[str, list[str]] = {}
    for module, members in block.members.items():
        kept = {name for name, _ in members if name in used or module == "__future__"}
        if kept:
            froms.setdefault(module, []).extend(sorted(kept, key=_member_key))
    aliased = sorted(
        {item for item in block.aliased_from if item[2] in used},
        key=lambda item: (_natural(item[0]), _member_key(item[1])),
    )
    modules = sorted({*froms, *(item[0] for item in aliased)}, key=_natural)
    for module in modules:
        out = sections[_section(module)]
        if module in froms:
            out.extend(_from_lines(block.indent, module, froms[module]))
        for _, name, alias in (item for item in aliased if item[0] == module):
            out.extend(_from_lines(block.indent, module, [f"{name} as {alias}"]))
    lines: list[str] = []
    for name in _SECTIONS:
        if sections[name]:
            if lines:
                lines.append("")
            lines.extend(sections[name])
    return lines


def resolve_imports(source: str) -> str:
    """Return the module with unused imports dropped and every import block sorted."""
    lines = source.split("\n")
    blocks = [block for block in _blocks(lines) if not block.keep]
    if not blocks:
        return source
    inside = set()
    for block in blocks:
        inside.update(range(block.start, block.end))
    rest = "\n".join(line for number, line in enumerate(lines) if number not in inside)
    code = _code_text(rest)
    if "__all__" in rest:
        code += "\n" + " ".join(re.findall(r"[\"'](\w+)[\"']", rest))
    used = {name for block in blocks for name in _bindings(block) if _is_used(name, code)}
    out: list[str] = []
    position = 0
    for block in blocks:
        out.extend(lines[position : block.start])
        written = _write(block, used)
        if written:
            out.extend(written)
            position = block.end
        else:
            # Nothing left: drop the block and the blank lines that followed it.
            position = block.end
            while position < len(lines) and not lines[position].strip():
                position += 1
            while out and not out[-1].strip():
                out.pop()
            if out:
                out.append("")
    out.extend(lines[position:])
    return "\n".join(out)
