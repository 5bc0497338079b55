"""One list item of English prose (`a duration in minutes`) -> a field name and spec."""

from __future__ import annotations

import re

from app.drafting import lexicon as lex
from app.drafting.text import ascii_word, is_group, is_plural, strip_determiners

_NUMBER_RE = re.compile(r"-?\d+(?:\.\d+)?")
_RANGE_RE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(?:to|-|\u2013)\s*(-?\d+(?:\.\d+)?)\s*$")
_AUXILIARIES = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "been",
        "be",
        "being",
        "can",
        "will",
        "does",
        "did",
    ]
)
_STOP_NAME = frozenset(
    [
        "to",
        "into",
        "on",
        "at",
        "for",
        "from",
        "by",
        "with",
        "without",
        "about",
        "against",
        "under",
        "over",
        "through",
        "within",
        "between",
        "that",
        "which",
        "who",
        "where",
        "when",
        "in",
    ]
)
MAX_NAME = 40


def snake(words: list[str]) -> str:
    text = "_".join(w for w in (ascii_word(w) for w in words) if w)
    text = re.sub(r"[^a-z0-9_]+", "_", text)
    text = re.sub(r"_+", "_", text).strip("_")
    if text and not text[0].isalpha():
        text = "n_" + text
    return text[:MAX_NAME].rstrip("_")


def enum_values(group: str) -> list[str]:
    """`low, normal, high or urgent` -> [low, normal, high, urgent]; [] when not a list."""
    parts = re.split(r",|/|\||->|\bor\b|\band\b|;", group.lower())
    values: list[str] = []
    for part in parts:
        words = strip_determiners(part.split())
        value = snake(words)
        if value and value not in values:
            values.append(value[:63])
    return values[:100] if len(values) >= 2 else []


def transitions_of(group: str) -> dict[str, list[str]]:
    """`new -> paid -> shipped / cancelled`: each state may move to the step after it."""
    steps = [
        [snake(strip_determiners(v.split())) for v in re.split(r"/|\||\bor\b", step)]
        for step in group.lower().split("->")
    ]
    steps = [[v for v in step if v] for step in steps]
    allowed: dict[str, list[str]] = {}
    for index, step in enumerate(steps):
        after = steps[index + 1] if index + 1 < len(steps) else []
        for value in step:
            allowed.setdefault(value, [])
            allowed[value] += [v for v in after if v not in allowed[value] and v != value]
    return allowed


class FieldSpec:
    """What one item says about a field: its words and the cues around them."""

    def __init__(self, tokens: list[str], groups: list[str]):
        self.required = any(t in ("required", "mandatory") for t in tokens[:3])
        self.unique = "unique" in tokens[:3]
        self.boolean = False
        self.values: list[str] = []
        self.bounds: tuple[str, str] | None = None
        self.unit: str | None = None
        self.count_of = False
        self.transitions: dict[str, list[str]] | None = None
        self.words = self._read(tokens, groups)

    def _read(self, tokens: list[str], groups: list[str]) -> list[str]:
        toks = strip_determiners(tokens)
        if toks[:1] == ["whether"]:
            self.boolean = True
            return _whether_words(toks[1:])
        words: list[str] = []
        k = 0
        while k < len(toks):
            tok = toks[k]
            if is_group(tok):
                self._group(groups[int(tok[1:])])
            elif tok == "on" and k == len(toks) - 1 and words:
                words.append(tok)  # `submitted on`: the day it happened
            elif (
                tok in _STOP_NAME
                and tok != "at"
                and words
                and not (len(words) == 1 and words[0] in lex.FLOAT_UNITS and tok in ("in", "on"))
            ):
                k = self._after_stop(toks, k)
            elif tok in lex.DETERMINERS or tok in lex.FILLER_ADJECTIVES:
                pass
            elif tok == "at" and toks[k + 1 : k + 2] and toks[k + 1] not in ("timestamp", "time"):
                k = self._after_stop(toks, k)
            else:
                words.append(lex.ABBREVIATIONS.get(tok, tok))
            k += 1
        return self._number_of(words)

    def _after_stop(self, toks: list[str], k: int) -> int:
        """Read units and ranges after a preposition; the name stops there."""
        for tok in toks[k + 1 :]:
            if is_group(tok):
                continue
            if tok in lex.DURATION_UNITS or tok in lex.FLOAT_UNITS or tok in lex.MONEY_UNITS:
                self.unit = self.unit or tok
            elif toks[k] == "in" and not self.unit:
                self.unit = tok
        return len(toks)

    def _group(self, group: str) -> None:
        match = _RANGE_RE.match(group)
        if match:
            self.bounds = (match[1], match[2])
            return
        text = group.strip().lower()
        if text.startswith("in "):
            self.unit = text.split()[1] if len(text.split()) > 1 else None
            return
        if text in ("optional",):
            return
        if text in ("required", "mandatory"):
            self.required = True
            return
        values = enum_values(group)
        if values and set(values) <= {"yes", "no", "y", "n", "true", "false"}:
            self.boolean = True
            return
        if text in lex.DURATION_UNITS or text in lex.FLOAT_UNITS or text in lex.MONEY_UNITS:
            self.unit = text
            return
        if values and "->" in group:
            self.transitions = transitions_of(group)
        self.values = values or self.values

    def _number_of(self, words: list[str]) -> list[str]:
        for k in range(len(words) - 1):
            if words[k] == "number" and words[k + 1] == "of":
                self.count_of = True
                return words[:k] + words[k + 2 :]
        if words[-1:] == ["flag"] and len(words) > 1:
            self.boolean = True
            return words[:-1]
        return words

    @property
    def name(self) -> str:
        words = [w for w in self.words if w != "timestamp"]
        if words[-2:] == ["email", "address"]:
            words = words[:-1]
        if "timestamp" in self.words and words and words[-1] != "at":
            words.append("at")
        return snake(words)

    def spec(self) -> dict:
        ftype, extra = self._type()
        out: dict = {"type": ftype}
        if self.required:
            out["required"] = True
        if self.unique:
            out["unique"] = True
        out.update(extra)
        return out

    def _type(self) -> tuple[str, dict]:
        words = self.words
        last = words[-1] if words else ""
        unit = self.unit or ""
        if self.values:
            return "enum", {"values": self.values, "default": self.values[0]}
        if self.boolean or (len(words) == 1 and last in lex.FLAG_WORDS):
            return "boolean", {"default": False}
        if words[:1] in (["is"], ["has"], ["can"]) and len(words) > 1:
            return "boolean", {"default": False}
        if unit in lex.DURATION_UNITS or self.count_of:
            return "integer", {"min": 0}
        if self.bounds:
            return self._bounded()
        return _type_from_words(words, unit)

    def _bounded(self) -> tuple[str, dict]:
        low, high = self.bounds or ("0", "0")
        if "." in low or "." in high:
            lo, hi = sorted((float(low), float(high)))
            return "float", {"min": lo, "max": hi}
        lo_i, hi_i = sorted((int(low), int(high)))
        return "integer", {"min": lo_i, "max": hi_i}


def _whether_words(toks: list[str]) -> list[str]:
    """`it was returned` -> [returned]; `the member attended` -> [attended]."""
    for k, tok in enumerate(toks[:5]):
        if tok in _AUXILIARIES:
            rest = [t for t in toks[k + 1 :] if t not in _AUXILIARIES and t != "not"]
            out = []
            for tok2 in rest:
                if tok2 in lex.PREPOSITIONS or tok2 in lex.DETERMINERS or is_group(tok2):
                    break
                out.append(tok2)
            return out[:3]
    words = [t for t in toks if not is_group(t)]
    return words[-1:]


def _type_from_words(words: list[str], unit: str) -> tuple[str, dict]:
    if "per" in words[1:]:  # `price per group`, `cost per kg`: the thing measured decides
        words = words[: words.index("per")]
    if len(words) > 1 and words[0] in lex.FLOAT_UNITS and words[1] in ("in", "on", "out"):
        return "float", {}  # `kg in stock`, `kg out`: a quantity in that unit
    last = words[-1] if words else ""
    wordset = set(words)
    if last == "email" or (wordset & {"email"} and last in ("address", "email")):
        return "email", {}
    if last in lex.URL_WORDS or (last == "address" and "web" in wordset):
        return "url", {}
    if last in ("at", "timestamp"):
        return "datetime", {}
    if last in lex.DATE_WORDS or last == "on" or (words[:2] == ["date", "of"]):
        return "date", {}
    if last == "time":
        if len(words) > 1 and words[-2] in lex.TIME_OF_DAY:
            return "time", {}
        return "datetime", {}
    if last == "hours" and len(words) > 1 and words[-2] in lex.NAMED_HOURS:
        return "string", {}
    if last in lex.FLOAT_UNITS and len(words) > 1:
        return "float", {}
    if last in lex.MONEY_WORDS or unit in lex.MONEY_UNITS:
        return "decimal", {"precision": 12, "scale": 2, "min": 0}
    if (last in lex.DURATION_UNITS and len(words) > 1) or words[:1] in (["max"], ["min"]):
        return "integer", {"min": 0}
    if last in lex.INTEGER_WORDS or last in lex.DURATION_UNITS or last == "points":
        return "integer", {"min": 0}
    if last in lex.FLOAT_WORDS or unit in lex.FLOAT_UNITS:
        return "float", {}
    if last in lex.TEXT_WORDS:
        return "text", {}
    if len(words) == 1 and is_plural(last) and not unit:
        return "integer", {"min": 0}  # `bags` listed as a field: how many
    return "string", {}


def is_field_like(tokens: list[str]) -> bool:
    """Whether an item carries cues that make it a field even if it names an entity."""
    return any(is_group(t) or _NUMBER_RE.fullmatch(t) for t in tokens) or "whether" in tokens
