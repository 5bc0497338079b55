"""Founders' shorthand rewritten as the plain prose the drafter reads.

`Job: title, salary min/max` -> `Job has title, min salary, max salary`; `remote or not`,
`yes/no` -> a `(yes/no)` group; `1-5` -> `from 1 to 5`; `a -> b -> c` -> a status group;
`status open/closed` -> `status (open/closed)`; `date/time` -> `date time`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_ARROW_RE = re.compile(r"\s*(?:-->|->|=>|→|⟶|—>)\s*")
_QUESTION_YES_RE = re.compile(r"(\w)\?\s+(?=(?:yes|y)\s*/\s*(?:no|n)\b)", re.I)
# `ship date, shipped?`: a listed item asked as a question is a yes/no field
_LISTED_QUESTION_RE = re.compile(r"(,\s*(?:and\s+)?[a-z]+(?: [a-z]+){0,2})\?(?=[\s,;.]|$)", re.I)
_YES_NO_RE = re.compile(
    r"\(\s*(?:yes|y)\s*(?:/|or)\s*(?:no|n)\s*\)|\b(?:yes|y)\s*/\s*(?:no|n)\b|\byes or no\b", re.I
)
_OR_NOT_RE = re.compile(r"\b([a-z]+) or (?:not|un\1|non-?\1|in\1|im\1|dis\1)\b", re.I)
# `online or in person`, `remote or on site`: a choice whose other side is a place or manner
_OR_PHRASE_RE = re.compile(
    r"\b(?!(?:in|on|at|by)\b)([a-z]+) or (?:in|on|at|by) [a-z]+\b",
    re.I,
)
_PAREN_RANGE_RE = re.compile(r"\(\s*(-?\d+(?:\.\d+)?)\s*(?:-|\u2013|to)\s*(-?\d+(?:\.\d+)?)\s*\)")
_BARE_RANGE_RE = re.compile(r"(?<![\w.-])(-?\d+(?:\.\d+)?)\s*[-\u2013]\s*(\d+(?:\.\d+)?)(?![\w-])")
_MIN_MAX_AFTER_RE = re.compile(r"\b([a-z]+) (?:min|minimum)\s*/\s*(?:max|maximum)\b", re.I)
_MIN_MAX_BEFORE_RE = re.compile(r"\b(?:min|minimum)\s*/\s*(?:max|maximum) ([a-z]+)\b", re.I)
_HEAD_RE = re.compile(r"^\s*([A-Za-z][\w' ]{0,60}?)\s*(?::|=|\s-\s|\s\u2013\s|\x00)\s*(.+)$")
_SLASH_RE = re.compile(
    r"(?<![\w/])([a-z][\w-]*)((?:\s*/\s*(?:[a-z][\w-]*)(?:\s+(?!(?:and|or|with|for|at|to|on|by)\b)"
    r"[a-z][\w-]*)?)+)",
    re.I,
)
_SUBJECT_DEFINED_RE = re.compile(
    r"^\s*([A-Za-z][\w']*(?: [A-Za-z][\w']*){0,2})\s+\(([^()]+)\)\s+(.+)$"
)
_JOINERS = frozenset(["a", "an", "the", "and", "or", "with", "for", "at", "on", "by", "of", ","])
PREPOSITION_WORDS = frozenset(["from", "by", "for", "on", "to", "against", "at", "in", "with"])


def prepare(text: str) -> str:
    """Whole-text fixes that must come before sentences are split (`active? yes/no`)."""
    return _LISTED_QUESTION_RE.sub(r"\1 (yes/no)", _QUESTION_YES_RE.sub(r"\1 ", text))


def rewrite(sentence: str, is_clause: Callable[[str], int | None]) -> list[str]:
    """One sentence of shorthand as one or more sentences of prose."""
    text = sentence
    lowered = text.lower()
    if ">" in text or "\u2192" in text or "\u27f6" in text:
        text = _ARROW_RE.sub("\x00", text)
    if "/" in text:  # the cheap test first: most sentences have none of these
        text = _YES_NO_RE.sub(" (yes/no)", text)
        text = _MIN_MAX_AFTER_RE.sub(r"min \1, max \1", text)
        text = _MIN_MAX_BEFORE_RE.sub(r"min \1, max \1", text)
        text = _outside_parens(text, _slashes)
    if " or " in lowered:
        text = _YES_NO_RE.sub(" (yes/no)", text)
        text = _OR_NOT_RE.sub(r"\1 (yes/no)", text)
        text = _OR_PHRASE_RE.sub(_choice, text)
    if any(c.isdigit() for c in text):
        text = _PAREN_RANGE_RE.sub(r"from \1 to \2", text)
        text = _BARE_RANGE_RE.sub(r"from \1 to \2", text)
    subject = _SUBJECT_DEFINED_RE.match(text)
    if (
        subject
        and "," in subject[2]
        and is_clause(subject[1]) is None  # a noun phrase, not `clients log workouts (...)`
        and is_clause(f"{subject[1]} {subject[3]}") is not None
    ):
        # `Applicants (name, email) submit applications: ...`: the subject defined inline
        said = f"{subject[1]} {subject[3]}"
        fields = re.sub(r"(^|,\s*)(is|has|can) ", r"\1whether it \2 ", subject[2])
        return [
            f"{subject[1]} have {fields}",
            *rewrite(said.replace("\x00", " -> "), is_clause),
        ]
    out = _definition(text, is_clause)
    if out is None:
        out = [_chain_clause(text)]
    return [s.replace("\x00", " -> ") for s in out]


def _choice(match: re.Match) -> str:
    """`online or in person` -> `online (yes/no)`; `on route or in maintenance`, one state of
    a list, stays."""
    before = match.string[: match.start()].rstrip()
    last = before.split()[-1].lower() if before.split() else ""
    if last in PREPOSITION_WORDS or before.endswith(",") or ":" in before[-40:]:
        return match[0]
    return f"{match[1]} (yes/no)"


def _outside_parens(text: str, change: Callable[[str], str]) -> str:
    parts = re.split(r"(\([^()]*\))", text)
    return "".join(f" {p} " if p.startswith("(") else change(p) for p in parts)


def _slashes(chunk: str) -> str:
    def one(match: re.Match) -> str:
        before = chunk[: match.start()].split()
        prev = before[-1].lower().strip(",") if before else ""
        values = [match[1]] + [v.strip() for v in match[2].split("/") if v.strip()]
        if not prev or prev in _JOINERS or chunk[: match.start()].rstrip().endswith(","):
            return " ".join(values)  # `a date/time`: one thing said two ways
        return f"({'/'.join(values)})"

    return _SLASH_RE.sub(one, chunk)


def _top_level(text: str, sep: str) -> int:
    depth = count = 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        count += ch == sep and depth == 0
    return count


def _definition(text: str, is_clause: Callable[[str], int | None]) -> list[str] | None:
    """`Job: title, ...` / `Plan = ...` / `Shoot -> client, ...` -> `Job has title, ...`."""
    match = _HEAD_RE.match(text)
    if not match:
        return None
    head, tail = match[1].strip(), match[2].strip()
    words = head.split()
    verb = is_clause(head)
    if verb is not None and not (len(words) == 2 and verb == 1):
        return _clause_then_fields(words, verb, tail, is_clause)
    if not words or len(words) > 6:
        return None
    prep_at = next((k for k, w in enumerate(words) if w.lower() in PREPOSITION_WORDS), len(words))
    noun, preps = words[:prep_at], words[prep_at:]
    if not noun or len(noun) > 4:
        return None
    states = _top_level(tail, "\x00")
    if states and _top_level(tail, ",") == 0:
        field = noun[-1] if len(noun) > 1 else "status"
        owner = " ".join(noun[:-1]) if len(noun) > 1 else " ".join(noun)
        return [f"{owner} has a {field} ({tail})"]
    if _top_level(tail, ",") == 0 and " and " not in tail:
        return None
    if is_clause(tail.split(",")[0]) is not None:
        return None
    out = [f"{' '.join(noun)} have {_item_chains(tail)}"]
    out += _prep_links(" ".join(noun), preps)
    return out


def _clause_then_fields(
    words: list[str], verb: int, tail: str, is_clause: Callable[[str], int | None]
) -> list[str] | None:
    """`Episodes belong to shows: title, ...`: the fields are the subject's; after an action
    verb (`Recruiters schedule interviews: ...`) they are its object's."""
    if _top_level(tail, ",") == 0 or is_clause(tail.split(",")[0]) is not None:
        return None
    head = " ".join(words)
    for k in range(len(words) - 2, verb, -1):  # `... and we create a ticket: a, b`
        if words[k].lower() == "and":
            later = is_clause(" ".join(words[k + 1 :]))
            if later is not None:
                words, verb = words[k + 1 :], later
                break
    if words[verb].lower() in ("has", "have", "is", "are", "was", "were"):
        return None  # `a shipment has a status: pending, shipped`: the values of the last item
    if words[verb].lower() in ("belong", "belongs"):
        owner = words[:verb]
    else:
        rest = words[verb + 1 :]
        cut = next((k for k, w in enumerate(rest) if w.lower() in PREPOSITION_WORDS), len(rest))
        owner = rest[:cut]
    if not owner or len(owner) > 4:
        return None
    return [head, f"{' '.join(owner)} have {tail}"]


def _item_chains(tail: str) -> str:
    """`title, status open -> closed`: a listed field followed by its states becomes
    `status (open -> closed)`; a bare chain in the list is the thing's status."""
    items = re.split(r"(,)(?![^()]*\))", tail)
    for index, item in enumerate(items):
        if "\x00" not in item or "(" in item:
            continue
        head, _, rest = item.partition("\x00")
        words = head.split()
        if not words:
            continue
        field = " ".join(words[:-1]) or "status"
        items[index] = f" {field} ({words[-1]}\x00{rest.strip()})"
    return "".join(items)


def _prep_links(noun: str, preps: list[str]) -> list[str]:
    out = []
    k = 0
    while k < len(preps):
        prep = preps[k].lower()
        obj = []
        k += 1
        while k < len(preps) and preps[k].lower() not in PREPOSITION_WORDS:
            obj.append(preps[k])
            k += 1
        if obj:
            verb = "made" if prep == "by" else "linked"
            out.append(f"{noun} are {verb} {prep} {' '.join(obj)}")
    return out


def _chain_clause(text: str) -> str:
    """`bookings go requested -> confirmed` -> `bookings have a status (requested -> ...)`."""
    if "\x00" not in text or _top_level(text, "\x00") == 0:
        return text
    parts = re.split(r"(\([^()]*\))", text)
    for index, part in enumerate(parts):
        if part.startswith("(") or "\x00" not in part:
            continue
        head, _, rest = part.partition("\x00")
        head_words = head.split()
        take = 2 if len(head_words) >= 2 and head_words[-2].lower() in ("in", "on", "no") else 1
        first = " ".join(head_words[-take:])
        lead = head_words[:-take]
        end = re.search(r"[,;]| and (?=\w+ \w)", rest)
        chain_rest = rest[: end.start()] if end else rest
        after = rest[end.start() :] if end else ""
        chain = f"({first}\x00{chain_rest.strip()})"
        if lead and lead[-1].endswith(":"):
            lead[-1] = lead[-1][:-1]
        if lead and lead[-1].lower() not in ("a", "an", "the", "status", "state", "stage"):
            lead = [*lead[:-1], "has a status"]  # `bookings go a -> b`
        parts[index] = " ".join([*lead, chain]) + after
        break
    return "".join(parts)
