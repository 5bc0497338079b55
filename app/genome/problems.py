"""Problems found in a genome, the exception that carries them, and their API shape."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    path: str  # e.g. entities[2].relations.owner.target; "" for the document as a whole
    code: str  # snake_case, stable
    message: str  # for a person; says what to do
    suggestion: str | None = None  # a close valid name, already mentioned in the message

    def as_dict(self) -> dict:
        return {"path": self.path, "code": self.code, "message": self.message}

    def __str__(self) -> str:
        return f"{self.path or '(document)'}: {self.code}: {self.message}"


class GenomeError(ValueError):
    """The genome cannot be used; `.problems` lists every reason."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(summary(len(self.problems)))


def summary(count: int) -> str:
    return f"The genome has {count} problem{'' if count == 1 else 's'}."


def problems_payload(problems: Iterable[Problem]) -> dict:
    """The documented 422 body: {"error": "invalid_genome", "message": ..., "details": [...]}."""
    details = [problem.as_dict() for problem in problems]
    return {"error": "invalid_genome", "message": summary(len(details)), "details": details}


def closest(word: object, candidates: Iterable[str]) -> str | None:
    """The candidate closest to `word`, when one is close enough to suggest."""
    if not isinstance(word, str):
        return None
    pool = list(candidates)
    matches = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if not matches:
        lowered = {candidate.lower(): candidate for candidate in pool}
        matches = [lowered[word.lower()]] if word.lower() in lowered else []
    return matches[0] if matches else None
