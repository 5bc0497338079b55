"""Reading product prose: sentences, clauses, noun phrases and the facts they state.

Pure functions over lower-cased tokens; no knowledge of any one product.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from app.drafting import lexicon as lex
from app.drafting import prose
from app.drafting import words as vocab

_SENTENCE_RE = re.compile(r"(?<=[.!?;])\s+|\n+")
_PAREN_RE = re.compile(r"\(([^()]{0,300})\)")
_RANGE_RE = re.compile(
    r"\b(?:from|between)\s+(-?\d+(?:\.\d+)?)\s*(?:to|and|-|\u2013)\s*(-?\d+(?:\.\d+)?)\b"
)
_TOKEN_RE = re.compile(r"§\d+|[^\W_](?:[\w'-]*\w)?|[,:]")
_BULLET_RE = re.compile(r"^\s*(?:[-*•]+|\d+[.)])\s*")
_MAX_SENTENCE_CHARS = 2000
_RANGE_TEXT_RE = re.compile(r"-?\d+(?:\.\d+)? to -?\d+(?:\.\d+)?")


def pluralize(word: str) -> str:
    """The English plural of a lower-case noun."""
    return vocab.plural(word)


def singularize(word: str) -> str:
    """The singular of a lower-case noun, or the word itself when it is not a plural."""
    return vocab.singular(word)


def is_plural(word: str) -> bool:
    return word not in lex.STRONG_VERBS and vocab.is_plural(word)


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
    previous = None
    while previous != text:  # inner groups first: `(name, projector (yes/no))`
        previous, text = text, _PAREN_RE.sub(keep, text)
    text = re.sub(r"'s\b", "", text)
    return [t for t in _TOKEN_RE.findall(text) if t.strip("'-")]


def is_group(token: str) -> bool:
    return token.startswith("§")


def _verb_like(tokens: list[str], k: int) -> bool:
    """Whether tokens[k], standing after a comma or `and`, starts a new verb phrase."""
    tok = tokens[k]
    nxt = tokens[k + 1] if k + 1 < len(tokens) else ""
    after = tokens[k + 2] if k + 2 < len(tokens) else ","
    if nxt in ("at", "on") and after in (",", "and", "or"):
        return False  # `starts at, ends at`: a listed field named for its event, no object
    if tok in lex.STRONG_VERBS and tok not in ("need", "get"):
        return True
    known = (
        tok in lex.HAS_VERBS
        or vocab.is_third_person(tok)
        or (
            vocab.can_be(tok, "VERB")
            and not vocab.is_participle(tok)
            and not is_plural(tok)
            and (nxt in lex.DETERMINERS or vocab.only_verb(tok))
        )
    )
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
        compound = j == 1 and start == 0 and not is_plural(prev) and is_plural(tok)
        third = vocab.is_third_person(tok) and not compound
        if third and prev not in lex.DETERMINERS and nxt not in lex.STRONG_VERBS:
            return j
        plural_prev = is_plural(prev) or prev in lex.PERSON_WORDS
        if prev != "of" and plural_prev and not singular_det and not is_plural(tok):
            return j
        ends_like_verb = tok.endswith("s") and not is_plural_noun_only(tok)
        if singular_det and ends_like_verb and (nxt in lex.DETERMINERS or nxt in lex.PREPOSITIONS):
            return j
    return None


def is_plural_noun_only(word: str) -> bool:
    return not vocab.can_be(word, "VERB") and not vocab.is_third_person(word)


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
        nxt = tokens[k + 1] if k + 1 < len(tokens) else ""
        joined = tok == "," and nxt in ("and", "but", "while", "so")
        if tok == ":" or joined or (tok == "," and _new_clause(tokens[k + 1 :])):
            skip = 2 if joined else 1
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


def _new_clause(tokens: list[str]) -> bool:
    """`, each payment has ...` / `, landlords have ...`: a subject and its verb follow."""
    verb = find_verb(tokens[:12])
    if verb is None or verb > 3 or tokens[0] in lex.PRONOUNS or tokens[0] == "whether":
        return False  # `, whether it is anonymous`: a listed yes/no field
    return tokens[verb] in lex.STRONG_VERBS or tokens[verb] in lex.HAS_VERBS


def _clause_head(tokens: list[str]) -> list[str]:
    return tokens[:12]


def parse(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    for raw in split_sentences(prose.prepare(text)):
        for said in prose.rewrite(raw, _is_clause):
            groups: list[str] = []
            tokens = tokenize(_colon_lists(said), groups)
            tokens, lifted = lift_definitions(tokens, groups)
            sent = Sentence(tokens=tokens, groups=groups, index=len(sentences), text=said)
            sent.clauses = clauses_of(open_phrase(tokens), sent.index)
            sentences.append(sent)
            for noun, fields in lifted:
                more: list[str] = []
                subject = tokenize(noun, more)
                toks = ["have", *tokenize(fields, more)]
                text = f"{noun} have {fields}"
                sub = Sentence(tokens=subject + toks, groups=more, index=len(sentences), text=text)
                sub.clauses = [Clause(subject=tuple(subject), segments=[toks], sentence=sub.index)]
                sentences.append(sub)
    return sentences


_GRAMMAR = lex.DETERMINERS | lex.PREPOSITIONS | lex.STRONG_VERBS | {",", "and", "or", ":"}


def _group_text(text: str, groups: list[str]) -> str:
    """A group's text with the groups nested in it spelled out again."""

    def spell(match: re.Match) -> str:
        inner = groups[int(match[1])]
        return f"from {inner}" if _RANGE_TEXT_RE.fullmatch(inner) else f"({inner})"

    return re.sub(r"§(\d+)", spell, text)


def _is_list(text: str) -> bool:
    if "->" in text or text.strip().lower() in ("yes/no",) or _RANGE_TEXT_RE.fullmatch(text):
        return False
    return len([p for p in re.split(r",|\band\b|\bor\b|/", text) if p.strip()]) >= 2


def _looks_like_fields(text: str) -> bool:
    """Whether a group lists fields (`name, capacity, price`) rather than values."""
    words = set(re.findall(r"[a-z]+", text.lower()))
    return bool(words & lex.FIELD_CUES) or "§" in text


def lift_definitions(
    tokens: list[str], groups: list[str]
) -> tuple[list[str], list[tuple[str, str]]]:
    """`Owners register pets (name, species)`: the group defines `pets`, lifted out as
    `pets have name, species`; a group after a field (`a status (open, closed)`) stays."""
    out: list[str] = []
    lifted: list[tuple[str, str]] = []
    for k, tok in enumerate(tokens):
        if not is_group(tok) or not _is_list(groups[int(tok[1:])]):
            out.append(tok)
            continue
        start = len(out)
        while start > 0 and out[start - 1] not in _GRAMMAR and not is_group(out[start - 1]):
            start -= 1
        verb = find_verb(out)
        if verb is not None and start <= verb < len(out):
            start = verb + 1
        noun = out[start:]
        start, noun, named = _described_noun(out, start, noun)
        if not noun or len(noun) > 4:
            out.append(tok)
            continue
        text = groups[int(tok[1:])]
        if named or _defines(
            out[:start],
            verb,
            text,
            bare_plural=is_plural(noun[-1])
            and (start == 0 or out[start - 1] not in lex.DETERMINERS),
        ):
            spelled = _group_text(text, groups)
            fields = re.sub(r"(^|,\s*)(is|has|can) ", r"\1whether it \2 ", spelled)
            lifted.append((" ".join(noun), fields))
        else:
            out.append(tok)
        del k
    return out, lifted


def _described_noun(out: list[str], start: int, noun: list[str]) -> tuple[int, list[str], bool]:
    """The noun a list group describes when it is not simply the last one.

    `log hours on each job (start, end)` / `pay a fee per application (amount)`: a noun
    taken one at a time (each, every, per) only says what the thing is for; the group
    describes the thing before it. `the parts they used (part, quantity)`: a reduced
    relative clause names the thing by its verb (`used parts`), a thing of its own.
    """
    if len(noun) >= 3 and noun[-2] in lex.SUBJECT_PRONOUNS and vocab.can_be(noun[-1], "VERB"):
        return start, [noun[-1], *noun[:-2]], True
    k = start - 1
    while k >= 0 and out[k] in ("each", "every", "a", "an"):
        k -= 1
    distributive = k >= 0 and (
        out[k] == "per"
        or (out[k] in lex.PREPOSITIONS and out[k + 1 : start][:1] in (["each"], ["every"]))
    )
    if not distributive:
        return start, noun, False
    end = k
    first = end
    while first > 0 and out[first - 1] not in _GRAMMAR and not is_group(out[first - 1]):
        first -= 1
    if first == end or end - first > 4:
        return start, noun, False
    return first, out[first:end], False


def _defines(before: list[str], verb: int | None, text: str, *, bare_plural: bool) -> bool:
    """Whether a list group after a noun describes that noun as a thing of its own:
    after an action verb or a preposition yes, as an item of a `has` / `with` list no."""
    k = len(before) - 1
    while k >= 0 and before[k] in lex.DETERMINERS:
        k -= 1
    if k < 0:
        return True
    if before[k] not in (",", "and", "or"):
        word = before[k]
    else:
        while k >= 0 and before[k] != "with" and before[k] not in lex.HAS_VERBS and k != verb:
            k -= 1
        if k < 0:
            return True
        word = before[k]
    if word in lex.HAS_VERBS:
        return bare_plural and _looks_like_fields(text)
    return word not in ("with", ":")


def _is_clause(text: str) -> int | None:
    """Index (in words) of the verb of `text`, or None when it is a noun phrase."""
    tokens = tokenize(text, [])
    verb = find_verb(tokens)
    if verb is None or len(tokens) != len(text.split()):
        return None if verb is None else max(verb, 0)
    return verb


def open_phrase(tokens: list[str]) -> list[str]:
    """Drop an opening `After a lesson` / `When an order ships,` before the subject."""
    if not tokens or tokens[0] not in ("after", "before", "when", "once", "whenever", "if"):
        return tokens
    if "," in tokens[:8]:
        return tokens[tokens.index(",") + 1 :]
    for k in range(2, min(len(tokens), 7)):
        if tokens[k] in lex.SUBJECT_PRONOUNS and k + 1 < len(tokens):
            return tokens[k:]  # `when the job is done we send ...`: the main clause's subject
        if tokens[k] in lex.DETERMINERS and k + 1 < len(tokens) and k < 6:
            return tokens[k:]
    return tokens


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
    """Drop leading determiners, filler adjectives and counts (`the three new`)."""
    k = 0
    while k < len(tokens) and (
        tokens[k] in lex.DETERMINERS
        or tokens[k] in lex.FILLER_ADJECTIVES
        or vocab.is_number(tokens[k])
        or (
            tokens[k] in ("about", "around", "over", "some")
            and k + 1 < len(tokens)
            and vocab.is_number(tokens[k + 1])
        )
    ):
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
        if tok in lex.DETERMINERS:  # `want a booking tool`: a verb and its object
            return None
        if tok in lex.PREPOSITIONS or tok in lex.RELATIVES or tok in lex.STRONG_VERBS:
            break
        if tok in (",", "and", "or") or is_group(tok) or not tok.isalpha():
            return None
        words.append(ascii_word(tok))
    if not words or len(words) > 4 or len(words) != len(toks) or not all(words):
        return None
    if words[0] in lex.OBJECT_PRONOUNS or words[0] in lex.PRONOUNS:
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
    return [_object_of_clause(item) for item in items]


def _object_of_clause(item: list[str]) -> list[str]:
    """`we track the stock` listed among fields: the field is the verb's object (`stock`)."""
    if len(item) >= 3 and item[0] in lex.SUBJECT_PRONOUNS and vocab.can_be(item[1], "VERB"):
        return strip_determiners(item[2:]) or item
    if len(item) >= 3 and item[-2] in lex.SUBJECT_PRONOUNS and vocab.can_be(item[-1], "VERB"):
        return [item[-1], *strip_determiners(item[:-2])]  # `the parts they used`
    return item
