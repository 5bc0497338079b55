"""Long lines of generated Python, split the way `ruff format` splits them.

Templates write each statement on one line; a line longer than the limit (long names,
many fields) is split here at its last bracket pair, with ruff's rules: call arguments
and parameters first on one indented line, then one per line with a trailing comma;
a collection literal one element per line. Anything else (operators before the bracket,
trailing comments, call chains, strings) is left as it is: `render.needs_formatting`
then hands that file to ruff. tests/unit/generator/test_rendered_style.py checks that
what this module writes is what ruff writes.
"""

from __future__ import annotations

import re

LINE_LENGTH = 100
_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {")", "]", "}"}
_STRING = re.compile(r"[rRbBuUfF]{0,2}(?:\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*')")
_TRIPLE = re.compile(r"\"\"\"(?:\\.|[^\\])*?\"\"\"|'''(?:\\.|[^\\])*?'''", re.DOTALL)
_HEAD = re.compile(
    r"(?:(?:return|raise|await) |@|def |class |\w+=|"
    r"[\w.]+(?:: [\w.\[\], |]+)? = )?[\w.]*(?:\([^()]*\))?[\w.]*\Z"
)
_LITERAL_HEAD = re.compile(
    r"(?:(?:return|raise|await) |[\w.]+(?:: [\w.\[\], |]+)? = |\"[\w.-]*\": )?\Z"
)
_TAILS = ("", ":", ",")
_ATTRIBUTE_TAIL = re.compile(r"(?:\.\w+)+,?\Z")


def width(line: str) -> int:
    """Columns of a line (non-ASCII counted as two, which is never less than ruff counts)."""
    if line.isascii():
        return len(line)
    return len(line) + sum(ord(char) > 0x7F for char in line)


def _scan(line: str) -> list[tuple[int, str]] | None:
    """Bracket characters outside strings as (position, char); None on a comment or quote."""
    found: list[tuple[int, str]] = []
    index = 0
    while index < len(line):
        char = line[index]
        prefixed = char.isalpha() and line[index : index + 3].lstrip("rRbBuUfF")[:1] in "\"'"
        if char in "\"'" or prefixed:
            match = _STRING.match(line, index)
            if match is None or match.start() != index:
                if char in "\"'":
                    return None
                index += 1
                continue
            if match.group().lstrip("rRbBuUfF").startswith(('"""', "'''")):
                return None
            index = match.end()
            continue
        if char == "#":
            return None
        if char in _OPEN or char in _CLOSE:
            found.append((index, char))
        index += 1
    return found


def _split_items(text: str, offset: int, brackets: list[tuple[int, str]]) -> list[str]:
    """Top-level comma-separated items of text (which starts at offset in the line)."""
    depth_at = {}
    depth = 0
    for position, char in brackets:
        depth += 1 if char in _OPEN else -1
        depth_at[position] = depth
    items: list[str] = []
    start = 0
    depth = 0
    index = 0
    marks = {position - offset: char for position, char in brackets}
    while index < len(text):
        char = marks.get(index)
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth -= 1
        elif text[index] == "," and depth == 0 and not _inside_string(text, index):
            items.append(text[start:index].strip())
            start = index + 1
        index += 1
    last = text[start:].strip()
    if last:
        items.append(last)
    return items


def _inside_string(text: str, index: int) -> bool:
    for match in _STRING.finditer(text):
        if match.start() < index < match.end():
            return True
        if match.start() > index:
            break
    return False


def split_line(line: str) -> list[str] | None:
    """The line split like ruff format, or None when this module cannot be sure."""
    if width(line) <= LINE_LENGTH:
        return [line]
    assigned = _STRING_ASSIGNMENT.match(line)
    if assigned:
        # ruff parenthesizes a long string value when that makes it fit, else leaves it.
        inner = f"{assigned['indent']}    {assigned['value']}"
        if width(inner) > LINE_LENGTH:
            return [line]
        return [f"{assigned['indent']}{assigned['target']} = (", inner, f"{assigned['indent']})"]
    brackets = _scan(line)
    if not brackets:
        return None
    body = line.rstrip()
    indent = line[: len(line) - len(line.lstrip(" "))]
    close_at, close = brackets[-1]
    tail = body[close_at + 1 :]
    if close not in _CLOSE or not (
        tail in _TAILS or (close == ")" and _ATTRIBUTE_TAIL.match(tail))
    ):
        return None
    depth = 0
    open_at = None
    for position, char in reversed(brackets):
        depth += 1 if char in _CLOSE else -1
        if depth == 0:
            open_at = position
            break
    if open_at is None or _OPEN[line[open_at]] != close:
        return None
    head = line[len(indent) : open_at]
    is_call = bool(head) and (head[-1].isalnum() or head[-1] in "_)")
    if not (_HEAD if is_call else _LITERAL_HEAD).match(head) or head.count(").") > 1:
        return None
    if "lambda" in head or (not is_call and close == ")"):
        return None  # a parenthesized expression or tuple: ruff has its own rules
    inner = line[open_at + 1 : close_at]
    inner_brackets = [(pos, char) for pos, char in brackets if open_at < pos < close_at]
    items = _split_items(inner, open_at + 1, inner_brackets)
    if not items or inner.rstrip().endswith(","):
        return None
    first = f"{indent}{head}{line[open_at]}"
    last = f"{indent}{close}{body[close_at + 1 :]}"
    inner_indent = indent + "    "
    if len(items) == 1 or is_call:
        hugged = f"{inner_indent}{', '.join(items)}"
        if width(hugged) <= LINE_LENGTH:
            return [first, hugged, last]
        if len(items) == 1:
            nested = split_line(hugged)
            return None if nested is None else [first, *nested, last]
    lines = [first]
    for item in items:
        nested = split_line(f"{inner_indent}{item},")
        if nested is None:
            return None
        lines.extend(nested)
    lines.append(last)
    return lines


_PRAGMA = re.compile(r"  # (?:type:|noqa|pylint:|nosec|pyright:).*\Z")
_STRING_ONLY = re.compile(r" *(?:\"[\w.-]*\": )?[rRbBuUfF]{0,2}\"(?:\\.|[^\"\\])*\",?\Z")
_STRING_ASSIGNMENT = re.compile(
    r"(?P<indent> *)(?P<target>[\w.]+(?:: [\w.\[\], |]+)?) = "
    r"(?P<value>[rRbBuUfF]{0,2}\"(?:\\.|[^\"\\])*\")\Z"
)


def _protected_lines(source: str) -> set[int]:
    """Line numbers inside (or starting) a triple-quoted string."""
    protected: set[int] = set()
    for match in _TRIPLE.finditer(source):
        first = source.count("\n", 0, match.start())
        last = first + match.group().count("\n")
        protected.update(range(first, last + 1))
    return protected


def too_wide(source: str) -> bool:
    """True when some line is longer than ruff allows and ruff would change it.

    Lines ruff leaves alone do not count: docstrings and other triple-quoted text, a lone
    string literal, and pragma comments (`# type:`, `# noqa`, `# pylint:`), which ruff does
    not count in the width.
    """
    lines = source.split("\n")
    wide = [
        number
        for number, line in enumerate(lines)
        if width(line) > LINE_LENGTH and width(_PRAGMA.sub("", line)) > LINE_LENGTH
    ]
    if not wide:
        return False
    protected = _protected_lines(source)
    return any(
        number not in protected
        and not _STRING_ONLY.match(lines[number])
        and split_line(lines[number]) != [lines[number]]
        for number in wide
    )


def wrap_long_lines(source: str) -> str:
    """Split every long line that is code (not inside a multi-line string)."""
    lines = source.split("\n")
    if all(width(line) <= LINE_LENGTH for line in lines):
        return source
    protected = _protected_lines(source)
    out: list[str] = []
    for number, line in enumerate(lines):
        if width(_PRAGMA.sub("", line)) > LINE_LENGTH and number not in protected:
            split = split_line(line)
            if split is not None:
                out.extend(split)
                continue
        out.append(line)
    return "\n".join(out)
