"""Reading product prose: sentences, clauses, noun phrases and the facts they state.

Pure functions over lower-cased tokens; no knowledge of any one product.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from app.generator import draft_lexicon as lex

# Words whose plural no suffix rule gives; inflect (7 s to import with typeguard on a busy
# machine) is left out so the command answers at once.
_IRREGULAR_PLURALS = {
    "person": "people",
    "child": "children",
    "man": "men",
    "woman": "women",
    "foot": "feet",
    "tooth": "teeth",
    "mouse": "mice",
    "goose": "geese",
    "ox": "oxen",
    "datum": "data",
    "criterion": "criteria",
    "phenomenon": "phenomena",
    "analysis": "analyses",
    "crisis": "crises",
    "thesis": "theses",
    "leaf": "leaves",
    "life": "lives",
    "knife": "knives",
    "wife": "wives",
    "half": "halves",
    "shelf": "shelves",
    "wolf": "wolves",
    "calf": "calves",
    "loaf": "loaves",
    "thief": "thieves",
    "photo": "photos",
    "piano": "pianos",
    "video": "videos",
    "radio": "radios",
    "zoo": "zoos",
    "studio": "studios",
    "portfolio": "portfolios",
    "logo": "logos",
    "memo": "memos",
    "hero": "heroes",
    "potato": "potatoes",
    "tomato": "tomatoes",
    "echo": "echoes",
    "quiz": "quizzes",
    "bus": "buses",
    "virus": "viruses",
    "alias": "aliases",
    "canvas": "canvases",
    "atlas": "atlases",
    "lens": "lenses",
    "gas": "gases",
    "campus": "campuses",
    "status": "statuses",
    "staff": "staff",
    "series": "series",
    "species": "species",
    "news": "news",
    "sheep": "sheep",
    "fish": "fish",
    "deer": "deer",
    "equipment": "equipment",
    "information": "information",
    "software": "software",
    "feedback": "feedback",
}
_IRREGULAR_SINGULARS = {v: k for k, v in _IRREGULAR_PLURALS.items()}
_NOT_PLURAL_ENDINGS = ("ss", "us", "is", "ics", "ous")

_SENTENCE_RE = re.compile(r"(?<=[.!?;])\s+|\n+")
_PAREN_RE = re.compile(r"\(([^()]{0,300})\)")
_RANGE_RE = re.compile(
    r"\b(?:from|between)\s+(-?\d+(?:\.\d+)?)\s*(?:to|and|-|\u2013)\s*(-?\d+(?:\.\d+)?)\b"
)
_TOKEN_RE = re.compile(r"§\d+|[^\W_](?:[\w'-]*\w)?|[,:]")
_BULLET_RE = re.compile(r"^\s*(?:[-*•]+|\d+[.)])\s*")
_MAX_SENTENCE_CHARS = 2000


@lru_cache(maxsize=8192)
def pluralize(word: str) -> str:
    """The English plural of a lower-case noun."""
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


@lru_cache(maxsize=8192)
def singularize(word: str) -> str:
    """The singular of a lower-case noun, or the word itself when it is not a plural."""
    if word in _IRREGULAR_SINGULARS:
        return _IRREGULAR_SINGULARS[word]
    if not is_plural(word):
        return word
    if word.endswith("ies") and pluralize(word[:-3] + "y") == word:
        return word[:-3] + "y"
    if word.endswith("es") and word[:-2].endswith(("ss", "x", "z", "ch", "sh")):
        return word[:-2]
    return word[:-1] if pluralize(word[:-1]) == word else word


@lru_cache(maxsize=8192)
def is_plural(word: str) -> bool:
    if word in _IRREGULAR_SINGULARS:
        return True
    if len(word) < 3 or not word.isalpha() or not word.endswith("s"):
        return False
    return not word.endswith(_NOT_PLURAL_ENDINGS) and word not in lex.STRONG_VERBS


@lru_cache(maxsize=16384)
def ascii_word(word: str) -> str:
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()


@dataclass(frozen=True)
class Ref:
    """A noun phrase that may name an entity: its singular words and how many it means."""

    words: tuple[str, ...]
    plural: bool = False
    many: bool = False  # "several", "a list of": many-to-many

    @property
    def head(self) -> str:
        return self.words[-1]


@dataclass
class Clause:
    subject: tuple[str, ...]  # raw tokens of the subject noun phrase
    segments: list[list[str]]  # verb phrases, each starting with its verb
    sentence: int


@dataclass
class Sentence:
    tokens: list[str]
    groups: list[str]
    index: int
    text: str
    clauses: list[Clause] = field(default_factory=list)


def split_sentences(text: str) -> list[str]:
    out = []
    for raw in _SENTENCE_RE.split(text):
        part = _BULLET_RE.sub("", raw).strip().rstrip(".!?;").strip()
        if part:
            out.append(part[:_MAX_SENTENCE_CHARS])
    return out


def tokenize(sentence: str, groups: list[str]) -> list[str]:
    """Lower-case tokens; parenthesised text and numeric ranges become `§N` group tokens."""

    def keep(match: re.Match) -> str:
        groups.append(match.group(1) if match.lastindex == 1 else f"{match[1]} to {match[2]}")
        return f" §{len(groups) - 1} "

    text = sentence.lower().replace("e-mail", "email").replace("\u2019", "'")
    text = _RANGE_RE.sub(keep, text)
    text = _PAREN_RE.sub(keep, text)
    text = re.sub(r"'s\b", "", text)
    return [t for t in _TOKEN_RE.findall(text) if t.strip("'-")]


def is_group(token: str) -> bool:
    return token.startswith("§")


def _verb_like(tokens: list[str], k: int) -> bool:
    """Whether tokens[k], standing after a comma or `and`, starts a new verb phrase."""
    tok = tokens[k]
    if tok in lex.STRONG_VERBS and tok not in ("need", "get"):
        return True
    nxt = tokens[k + 1] if k + 1 < len(tokens) else ""
    stem = tok[:-1] if tok.endswith("s") else tok
    known = tok in lex.VERBS_3S or tok in lex.HAS_VERBS or stem + "s" in lex.VERBS_3S
    return (
        known
        and bool(nxt)
        and (
            nxt in lex.DETERMINERS or nxt in lex.PREPOSITIONS or nxt in ("place", "part", "whether")
        )
    )


def find_verb(tokens: list[str]) -> int | None:
    """Index of the main verb of a clause, or None for a title or fragment."""
    if not tokens:
        return None
    if tokens[0] in lex.PRONOUNS:
        return 1 if len(tokens) > 1 else None
    start = 1 if tokens[0] in lex.DETERMINERS else 0
    singular_det = tokens[0] in ("a", "an", "each", "every", "one", "this", "that")
    end = min(len(tokens), start + 7)
    for j in range(start, end):
        tok = tokens[j]
        if tok == "," or is_group(tok) or tok in lex.RELATIVES:
            return None
        if tok in lex.PREPOSITIONS and tok != "of":
            return None
        if j == start or tok == "of" or tok in lex.DETERMINERS:
            continue
        nxt = tokens[j + 1] if j + 1 < len(tokens) else ""
        prev = tokens[j - 1]
        if tok in lex.STRONG_VERBS:
            return j
        if tok in lex.VERBS_3S and prev not in lex.DETERMINERS and nxt not in lex.STRONG_VERBS:
            return j
        if prev != "of" and is_plural(prev) and not singular_det and not is_plural(tok):
            return j
        ends_like_verb = tok.endswith("s") and not is_plural_noun_only(tok)
        if singular_det and ends_like_verb and (nxt in lex.DETERMINERS or nxt in lex.PREPOSITIONS):
            return j
    return None


def is_plural_noun_only(word: str) -> bool:
    return word.endswith(_NOT_PLURAL_ENDINGS)


def split_segments(predicate: list[str]) -> list[list[str]]:
    """Split `is assigned to a driver, has a start time and ...` into verb phrases."""
    cuts = [0]
    for k in range(1, len(predicate)):
        if predicate[k - 1] not in (",", "and"):
            continue
        if _verb_like(predicate, k):
            cuts.append(k)
    cuts.append(len(predicate))
    segments = []
    for a, b in itertools.pairwise(cuts):
        seg = predicate[a:b]
        while seg and seg[-1] in (",", "and"):
            seg = seg[:-1]
        if seg:
            segments.append(seg)
    return segments


def strip_time_phrase(tokens: list[str]) -> list[str]:
    """Drop an opening `every night,` / `once a week` / `nightly` so the subject comes first."""
    toks = tokens
    if toks[:1] and toks[0] in ("every", "each", "once", "on", "at", "in") and len(toks) > 2:
        k = 1
        while k < len(toks) and k <= 3 and toks[k] not in lex.TIME_WORDS:
            k += 1
        if k < len(toks) and toks[k] in lex.TIME_WORDS:
            toks = toks[k + 1 :]
    elif toks[:1] and toks[0] in lex.TIME_ADVERBS:
        toks = toks[1:]
    while toks[:1] == [","]:
        toks = toks[1:]
    return toks


def clauses_of(tokens: list[str], sentence: int) -> list[Clause]:
    """Cut a sentence at `, and` / `, but` / `:` where a new clause starts, and parse each."""
    tokens = strip_time_phrase(tokens)
    pieces: list[list[str]] = []
    current: list[str] = []
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        if tok == ":" or (
            tok == "," and k + 1 < len(tokens) and tokens[k + 1] in ("and", "but", "while", "so")
        ):
            skip = 1 if tok == ":" else 2
            rest = tokens[k + skip :]
            if find_verb(_clause_head(rest)) is not None:
                pieces.append(current)
                current = []
                k += skip
                continue
        current.append("," if tok == ":" else tok)
        k += 1
    pieces.append(current)
    out = []
    for piece in pieces:
        verb = find_verb(piece)
        if verb is None:
            out.append(Clause(subject=tuple(piece), segments=[], sentence=sentence))
            continue
        out.append(
            Clause(
                subject=tuple(piece[:verb]),
                segments=split_segments(piece[verb:]),
                sentence=sentence,
            )
        )
    return out


def _clause_head(tokens: list[str]) -> list[str]:
    return tokens[:12]


def parse(text: str) -> list[Sentence]:
    sentences = []
    for index, raw in enumerate(split_sentences(text)):
        groups: list[str] = []
        colon_fixed = _colon_lists(raw)
        tokens = tokenize(colon_fixed, groups)
        sent = Sentence(tokens=tokens, groups=groups, index=index, text=raw)
        sent.clauses = clauses_of(tokens, index)
        sentences.append(sent)
    return sentences


def _colon_lists(sentence: str) -> str:
    """`a status: open, closed or pending` -> `a status (open, closed or pending)`."""
    head, sep, tail = sentence.partition(":")
    if not sep:
        return sentence
    tail_tokens = tokenize(tail, [])
    looks_like_list = (
        ("," in tail_tokens or "or" in tail_tokens)
        and find_verb(tail_tokens[:12]) is None
        and len(tail_tokens) <= 40
        and not any(t in lex.DETERMINERS for t in tail_tokens[:1])
    )
    if looks_like_list:
        return f"{head} ({tail.strip()})"
    return f"{head} : {_colon_lists(tail)}"


def strip_determiners(tokens: list[str]) -> list[str]:
    k = 0
    while k < len(tokens) and (tokens[k] in lex.DETERMINERS or tokens[k] in lex.FILLER_ADJECTIVES):
        k += 1
    return tokens[k:]


def many_marker(tokens: list[str]) -> int:
    """Length of a leading `several` / `a list of` marker, or 0."""
    for marker in lex.M2M_MARKERS:
        if tuple(tokens[: len(marker)]) == marker:
            return len(marker)
    return 0


def noun_phrase(tokens: list[str]) -> Ref | None:
    """The noun phrase a list item or object is, or None when it is more than a noun phrase."""
    return _noun_phrase(tuple(tokens))


@lru_cache(maxsize=16384)
def _noun_phrase(tokens: tuple[str, ...]) -> Ref | None:
    toks = list(tokens)
    many = False
    marker = many_marker(toks)
    if marker:
        toks = toks[marker:]
        many = True
    toks = strip_determiners(toks)
    words = []
    for tok in toks:
        if tok in lex.PREPOSITIONS or tok in lex.RELATIVES or tok in lex.STRONG_VERBS:
            break
        if tok in (",", "and", "or") or is_group(tok) or not tok.isalpha():
            return None
        words.append(ascii_word(tok))
    if not words or len(words) > 4 or len(words) != len(toks) or not all(words):
        return None
    plural = is_plural(words[-1])
    key = (*words[:-1], singularize(words[-1]))
    return Ref(words=key, plural=plural, many=many)


def split_items(tokens: list[str]) -> list[list[str]]:
    """Split a list `a, b and c` at top-level commas, `and`, `or`."""
    items: list[list[str]] = []
    current: list[str] = []
    for k, tok in enumerate(tokens):
        if tok in (",", "and", "or"):
            # keep "one or more" together
            if tok == "or" and current == ["one"] and tokens[k + 1 : k + 2] == ["more"]:
                current.append(tok)
                continue
            if current:
                items.append(current)
            current = []
            continue
        current.append(tok)
    if current:
        items.append(current)
    return items
