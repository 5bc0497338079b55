"""Test values for pattern fields, drawn when the project is generated (not when it runs).

rstr draws strings from the pattern with a fixed seed, so a genome always gives the same
values (a reproducible zip); only strings RE2 (the engine the generated API validates
with) fully matches within the field's length bounds are kept, sorted by code point so the
n-th value grows with n (the generated sort tests rely on it; PostgreSQL's C collation
orders text the same way).
"""

from __future__ import annotations

import functools
import random
import string
from itertools import chain

from rstr.xeger import Xeger

from app.genome.linear_regex import compile_linear

WANTED = 32  # distinct values per field: more than any generated test creates at once
ATTEMPTS = 200  # per spread
VISIBLE = string.ascii_letters + string.digits + string.punctuation + " "
SEED = 20_251_105
NON_MATCHING_CANDIDATES = (
    "!",
    "~~",
    " ",
    "?!?",
    "\t",
    "é",
    "0",
    "a",
    "A",
    "-",
    "_",
    "Z9",
    '"',
    "'",
    "\\",
)


class _SeededXeger(Xeger):
    """rstr's Xeger with a deterministic choice for negated classes and a repeat spread."""

    def __init__(self, spread: int, floor: int = 0) -> None:
        rng = random.Random(SEED)  # noqa: S311  # nosec B311 - test data, not secrets
        super().__init__(rng, printable=VISIBLE, whitespace=" ", nonwhitespace=VISIBLE.strip())
        self.spread, self.floor = spread, floor

    def _handle_repeat(self, start_range, end_range, value):  # rstr caps at 100, even below {n,}
        low = max(start_range, min(end_range, self.floor))
        times = self._random.randint(low, min(end_range, low + self.spread))
        return "".join("".join(self._handle_state(item) for item in value) for _ in range(times))

    def _handle_in(self, value):  # rstr picks from a set there, whose order varies per process
        candidates = list(chain(*(self._handle_state(item) for item in value)))
        if candidates and candidates[0] is False:
            excluded = set(candidates[1:])
            candidates = [char for char in VISIBLE if char not in excluded]
        return self._random.choice(candidates)


def _usable(text: str) -> bool:
    """No control characters: values travel through JSON, SQL and test ids unchanged."""
    return not any(ord(char) < 0x20 or ord(char) == 0x7F for char in text)


@functools.lru_cache(maxsize=512)
def samples(pattern: str, min_length: int = 0, max_length: int | None = None) -> tuple[str, ...]:
    """Up to WANTED distinct strings `pattern` fully matches within the bounds, sorted."""
    program = compile_linear(pattern)
    found: set[str] = set()
    # Short values first; longer repeats only when the length bounds need them.
    for spread, floor in ((6, 0), (60, 0), (6, min_length)):
        xeger = _SeededXeger(spread, floor)
        for _ in range(ATTEMPTS):
            text = xeger.xeger(pattern)
            fits = len(text) >= min_length and (max_length is None or len(text) <= max_length)
            if fits and _usable(text) and program.fullmatch(text):
                found.add(text)
                if len(found) == WANTED:
                    return _ordered(found)
    return _ordered(found)


def _ordered(found: set[str]) -> tuple[str, ...]:
    """Sorted by code point; the empty string only when nothing else matches (filters skip it)."""
    return tuple(sorted(found - {""})) or tuple(found)


@functools.lru_cache(maxsize=512)
def miss(pattern: str) -> str | None:
    """A short string `pattern` matches nowhere, or None when it matches every string."""
    program = compile_linear(pattern)
    for candidate in NON_MATCHING_CANDIDATES:
        if program.search(candidate) is None:
            return candidate
    return None
