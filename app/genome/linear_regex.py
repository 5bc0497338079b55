"""User-supplied patterns, compiled and run only by RE2, whose matching is linear in the input.

A pattern must also be valid Python syntax (test values are drawn from it with a parser of
that syntax) and fit RE2's memory budget; anything else is refused at validation.
"""

from __future__ import annotations

import functools
import re

import re2

# RE2's program size budget: generous for real field patterns, small enough that a
# pattern like `(a{1000}){1000}` is refused instead of taking memory and time.
_MAX_MEM = 8 << 20
_OPTIONS = re2.Options()
_OPTIONS.log_errors = False
_OPTIONS.max_mem = _MAX_MEM


class PatternError(ValueError):
    """The pattern cannot be used: not valid, or not matchable in linear time."""


@functools.lru_cache(maxsize=256)
def compile_linear(pattern: str) -> re2._Regexp:  # pylint: disable=protected-access
    """The RE2 program of `pattern`; PatternError says why it cannot be one."""
    try:
        re.compile(pattern)
    except (re.error, RecursionError, OverflowError) as error:
        raise PatternError(f"is not a valid regular expression: {error}") from None
    try:
        return re2.compile(pattern, _OPTIONS)
    except re2.error as error:
        reason = error.args[0] if error.args else error
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        raise PatternError(
            "cannot be matched in linear time (backreferences, lookahead, lookbehind and "
            f"possessive or atomic groups are not supported; RE2 says: {reason})"
        ) from None


def search(pattern: str, text: str) -> bool:
    """Whether `pattern` matches somewhere in `text`, in time linear in both."""
    return compile_linear(pattern).search(text) is not None
