"""Strings that match, or fail, a field's `pattern`, for valid and invalid test values.

Walks the pattern with Python's own regular-expression parser, so any pattern the
genome accepted yields a deterministic example; `n` varies the example for unique fields.
"""

from __future__ import annotations

import re

# The parser's opcode constants are created at import time, hence no-member.
# pylint: disable=no-member
from re import _constants as sre  # pylint: disable=protected-access
from re import _parser as sre_parse  # pylint: disable=protected-access

REPEAT_OPS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}
CATEGORY_CHARS = {
    sre.CATEGORY_DIGIT: "0123456789",
    sre.CATEGORY_NOT_DIGIT: "abcdefghijklmnopqrstuvwxyz",
    sre.CATEGORY_WORD: "abcdefghijklmnopqrstuvwxyz0123456789",
    sre.CATEGORY_NOT_WORD: "-. !",
    sre.CATEGORY_SPACE: " ",
    sre.CATEGORY_NOT_SPACE: "abcdefghijklmnopqrstuvwxyz",
}
LETTERS = "abcdefghijklmnopqrstuvwxyz"
NON_MATCHING_CANDIDATES = ("!", "~~", " ", "?!?", "\t", "é", "0", "a", "A", "-", "_", "Z9")


class _Choices:
    """Spends the digits of `n` on successive choices, so each `n` gives its own string."""

    def __init__(self, n: int) -> None:
        self.rest = n

    def pick(self, options: str) -> str:
        index = self.rest % len(options)
        self.rest //= len(options)
        return options[index]


def _set_chars(items: list) -> str:
    chars: list[str] = []
    negate = False
    for op, arg in items:
        if op is sre.NEGATE:
            negate = True
        elif op is sre.LITERAL:
            chars.append(chr(arg))
        elif op is sre.RANGE:
            low, high = arg
            chars.extend(chr(code) for code in range(low, min(high, low + 61) + 1))
        elif op is sre.CATEGORY:
            chars.extend(CATEGORY_CHARS.get(arg, ""))
    if negate:
        excluded = set(chars)
        return "".join(c for c in LETTERS + LETTERS.upper() + "0123456789" if c not in excluded)
    return "".join(dict.fromkeys(chars))


def _emit(items, choices: _Choices, extra: int, out: list[str]) -> None:
    for op, arg in items:
        if op is sre.LITERAL:
            out.append(chr(arg))
        elif op is sre.NOT_LITERAL:
            out.append(choices.pick(LETTERS.replace(chr(arg), "")))
        elif op is sre.ANY:
            out.append(choices.pick(LETTERS))
        elif op is sre.IN:
            out.append(choices.pick(_set_chars(arg) or "a"))
        elif op in REPEAT_OPS:
            low, high, sub = arg
            count = low if high == low else min(high, max(low, 1) + extra)
            for _ in range(count):
                _emit(sub, choices, extra, out)
        elif op is sre.SUBPATTERN:
            _emit(arg[-1], choices, extra, out)
        elif op is sre.BRANCH:
            branches = arg[1]
            _emit(branches[choices.rest % len(branches)], choices, extra, out)


def matching(pattern: str, n: int = 0, min_length: int = 0, max_length: int | None = None) -> str:
    """A string that fully matches `pattern` within the length bounds, distinct per `n`."""
    parsed = sre_parse.parse(pattern)
    for extra in (3, 2, 1, 0, 6, 12):
        for attempt in range(20):
            out: list[str] = []
            _emit(list(parsed), _Choices(n + attempt * 7919), extra, out)
            text = "".join(out)
            fits = len(text) >= min_length and (max_length is None or len(text) <= max_length)
            if fits and re.fullmatch(pattern, text):
                return text
    raise ValueError(f"No example found for pattern {pattern!r}; give the field a default.")


def not_matching(pattern: str) -> str | None:
    """A short string that `pattern` does not match anywhere, or None if it matches all."""
    for candidate in NON_MATCHING_CANDIDATES:
        if re.search(pattern, candidate) is None:
            return candidate
    return None
