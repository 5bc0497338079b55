"""Parts of speech and lemmas of English words, from lemminflect's shipped lexicon.

Plurals and singulars come from `naming`, Helix's one pluralizer (on the same lexicon,
imported on first use).
"""

from __future__ import annotations

from functools import lru_cache

from app.genome import naming

# Spelled numbers: "three spaces" counts spaces, it does not name a thing.
_CARDINAL_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred hundreds thousand thousands dozen dozens couple few"
)
CARDINALS = frozenset(_CARDINAL_WORDS.split(" "))


@lru_cache(maxsize=16384)
def lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """Universal part of speech -> lemmas, for a word of the lexicon ({} when unknown)."""
    if not word.isalpha():
        return {}
    return dict(naming.lexicon().getAllLemmas(word))


@lru_cache(maxsize=16384)
def is_known(word: str) -> bool:
    return bool(lemmas(word))


@lru_cache(maxsize=16384)
def can_be(word: str, upos: str) -> bool:
    """Whether the lexicon lists `word` as a form of that part of speech (NOUN, VERB, ADJ)."""
    return upos in lemmas(word)


@lru_cache(maxsize=16384)
def only_verb(word: str) -> bool:
    """A word the lexicon knows only as a verb, never as a noun or an adjective."""
    found = lemmas(word)
    return "VERB" in found and "NOUN" not in found and "ADJ" not in found and "PROPN" not in found


@lru_cache(maxsize=16384)
def is_third_person(word: str) -> bool:
    """`books`, `writes`: a verb form with -s (the plural of a noun may look the same)."""
    for lemma in lemmas(word).get("VERB", ()):
        if word in naming.lexicon().getInflection(lemma, "VBZ"):
            return True
    return False


@lru_cache(maxsize=16384)
def is_participle(word: str) -> bool:
    """`assigned`, `kept`, `written`: a past participle of a known verb."""
    for lemma in lemmas(word).get("VERB", ()):
        if word in naming.lexicon().getInflection(lemma, "VBN"):
            return True
    return False


def singular(word: str) -> str:
    """The singular of a noun; a word that is not a plural comes back unchanged."""
    return naming.singular_word(word)


@lru_cache(maxsize=16384)
def is_plural(word: str) -> bool:
    if len(word) < 3 or not word.isalpha():
        return False
    return naming.singular_word(word) != word


def plural(word: str) -> str:
    """The plural of a singular noun (Helix's one pluralizer, `naming.plural_forms`)."""
    return naming.plural_forms(naming.singular_word(word))[0]


@lru_cache(maxsize=16384)
def is_number(word: str) -> bool:
    """`3`, `three`, `200-person`: a count, never the name of a thing."""
    head = word.split("-")[0]
    return head.isdigit() or head in CARDINALS
