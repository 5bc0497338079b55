"""Parts of speech, lemmas and plurals of English words, from lemminflect's shipped lexicon.

lemminflect loads its tables on first use (about a second), so it is imported lazily:
only drafting pays for it, never `flask generate`.
"""

from __future__ import annotations

from functools import lru_cache

# Spelled numbers: "three spaces" counts spaces, it does not name a thing.
_CARDINAL_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred hundreds thousand thousands dozen dozens couple few"
)
CARDINALS = frozenset(_CARDINAL_WORDS.split(" "))


def _lemminflect():
    import lemminflect  # pylint: disable=import-outside-toplevel

    return lemminflect


@lru_cache(maxsize=16384)
def lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """Universal part of speech -> lemmas, for a word of the lexicon ({} when unknown)."""
    if not word.isalpha():
        return {}
    return dict(_lemminflect().getAllLemmas(word))


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
        if word in _lemminflect().getInflection(lemma, "VBZ"):
            return True
    return False


@lru_cache(maxsize=16384)
def is_participle(word: str) -> bool:
    """`assigned`, `kept`, `written`: a past participle of a known verb."""
    for lemma in lemmas(word).get("VERB", ()):
        if word in _lemminflect().getInflection(lemma, "VBN"):
            return True
    return False


@lru_cache(maxsize=16384)
def singular(word: str) -> str:
    """The singular of a noun; a word that is not a plural comes back unchanged."""
    if not word.isalpha():
        return word
    nouns = lemmas(word).get("NOUN")
    if nouns:
        for lemma in nouns:  # `courses` is listed as a lemma too; `course` is its singular
            if lemma != word and word in _lemminflect().getInflection(lemma, "NNS"):
                return lemma
        return word if word in nouns else nouns[0]
    guess = _lemminflect().getAllLemmasOOV(word, "NOUN").get("NOUN", (word,))
    return guess[0] if guess and guess[0] else word


@lru_cache(maxsize=16384)
def is_plural(word: str) -> bool:
    if len(word) < 3 or not word.isalpha():
        return False
    if lemmas(word).get("NOUN"):
        return singular(word) != word
    guess = _lemminflect().getAllLemmasOOV(word, "NOUN").get("NOUN", (word,))
    return bool(guess) and guess[0] != word


@lru_cache(maxsize=16384)
def plural(word: str) -> str:
    """The plural of a singular noun."""
    if not word.isalpha():
        return word + "s"
    lemma = singular(word)
    forms = _lemminflect().getInflection(lemma, "NNS")
    if forms:
        return forms[0]
    if lemma.endswith(("s", "x", "z", "ch", "sh")):
        return lemma + "es"
    if lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ies"
    return lemma + "s"


@lru_cache(maxsize=16384)
def is_number(word: str) -> bool:
    """`3`, `three`, `200-person`: a count, never the name of a thing."""
    head = word.split("-")[0]
    return head.isdigit() or head in CARDINALS
