"""Draft a genome (SPEC.md, format 1) from an English product description.

Deterministic and offline: rules of English product prose, no model. The draft is a
starting point the user reviews; every assumption is returned as a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from app.drafting import lexicon as lex
from app.drafting import words as vocab
from app.drafting.fields import FieldSpec, is_field_like, snake
from app.drafting.jobs import detect_features
from app.drafting.text import (
    Clause,
    Ref,
    Sentence,
    ascii_word,
    many_marker,
    noun_phrase,
    parse,
    pluralize,
    split_items,
    strip_determiners,
)
from app.genome.naming import slugify
from app.genome.normalize import entity_names
from app.genome.schema import MAX_ENTITIES, MAX_FIELDS

MAX_CHARS = 20_000
_ADVERBS = frozenset(
    [
        "also",
        "always",
        "usually",
        "only",
        "then",
        "often",
        "optionally",
        "directly",
        "later",
        "just",
    ]
)
_BE = frozenset(["be", "is", "are", "was", "were", "been", "being", "get", "gets"])
_USER = "User"


class DraftError(ValueError):
    """The description cannot be drafted (too long); the message says what to do."""


@dataclass(frozen=True)
class Draft:
    genome: dict
    notes: tuple[str, ...]
    # what the description asks for, before the caller's explicit choices
    detected: dict = field(default_factory=dict)
    drafter: str = "rules"  # which drafter wrote it: rules | model (app.drafting.model)


@dataclass
class _Fact:
    kind: str  # fields | link | declare | tag | action
    subject: Ref | None
    items: list[list[str]]
    sentence: Sentence
    refs: tuple[Ref, ...] = ()
    preps: tuple[tuple[str, tuple[Ref, ...]], ...] = ()
    required: bool = False
    person: bool = False  # link "by": the target is a person
    verb: str = ""
    # said of a word that usually means the product (`application`): fields only when the
    # text makes it an entity elsewhere
    generic: bool = False


@dataclass
class _Entity:
    key: tuple[str, ...]
    fields: dict
    relations: dict
    name: str = ""
    transitions: dict | None = None


def draft(
    description: str,
    *,
    name: str | None = None,
    stack: dict | None = None,
    tenancy: str | None = None,
    features: dict | None = None,
) -> Draft:
    """Draft a genome from `description`; raise DraftError when it is over 20,000 characters."""
    text = description if isinstance(description, str) else ""
    if len(text) > MAX_CHARS:
        raise DraftError(
            f"The description has {len(text):,} characters; the limit is {MAX_CHARS:,}. "
            "Shorten it to the entities, their fields and how they relate."
        )
    text = text.replace("\x00", " ").strip()
    drafter = _Drafter(text)
    drafter.run()
    genome = _assemble(text, drafter, name=name, stack=stack, tenancy=tenancy, features=features)
    return Draft(genome=genome, notes=tuple(drafter.notes), detected=detected_features(drafter))


def to_yaml(genome: dict) -> str:
    """The genome as YAML, keys in genome order, any Unicode kept."""
    return yaml.safe_dump(genome, sort_keys=False, allow_unicode=True, width=100)


class _Drafter:
    def __init__(self, text: str):
        self.text = text
        self.sentences = parse(text)
        self.facts: list[_Fact] = []
        self.notes: list[str] = []
        self.keys: dict[tuple[str, ...], tuple[str, ...]] = {}  # alias -> canonical key
        self.entities: dict[tuple[str, ...], _Entity] = {}
        self.users: dict[tuple[str, ...], str] = {}  # person key -> how the text said it
        self.actors: dict[tuple[str, ...], str] = {}
        self.domain = _domain_word(self.sentences)
        self.jobs: list[dict] = []
        self.features: dict = {}
        self.reasons: dict[str, str] = {}
        self.last_subject: Ref | None = None

    # ---- pass 1: facts -------------------------------------------------------------
    def run(self) -> None:
        for sent in self.sentences:
            for clause in sent.clauses:
                self._read_clause(clause, sent)
        self._choose_entities()
        self._build()
        self.features, self.jobs, self.reasons = detect_features(
            self.sentences, {e.key: e.name for e in self.entities.values()}
        )

    def _read_clause(self, clause: Clause, sent: Sentence) -> None:
        if not clause.segments:
            if sent.index > 0:
                self._read_fragment(list(clause.subject), sent)
            return
        subj_tokens = list(clause.subject)
        if subj_tokens == ["it"] and self.last_subject is not None:
            for segment in clause.segments:
                self._read_segment(self.last_subject, segment, sent)
            return
        owner = None
        if "of" in subj_tokens:
            cut = subj_tokens.index("of")
            owner = noun_phrase(subj_tokens[cut + 1 :])
            subj_tokens = subj_tokens[:cut]
        stripped = strip_determiners(subj_tokens)
        generic = (
            not stripped or stripped[-1] in lex.GENERIC_SUBJECTS or stripped[0] in lex.PRONOUNS
        )
        subject = None if generic else noun_phrase(subj_tokens)
        if generic and stripped and stripped[0] not in lex.PRONOUNS:
            self._read_generic(noun_phrase(subj_tokens), clause, sent)
        if not generic and subject is None:
            return
        if subject is not None and owner is not None:
            self.facts.append(_Fact("link", subject, [], sent, refs=(owner,), required=True))
        self.last_subject = subject
        for segment in clause.segments:
            self._read_segment(subject, segment, sent)

    def _read_generic(self, subject: Ref | None, clause: Clause, sent: Sentence) -> None:
        """`Application has a status (...)`: kept for when applications are entities."""
        if subject is None:
            return
        for segment in clause.segments:
            if segment and segment[0] in lex.HAS_VERBS and segment[0] not in ("include",):
                items = split_items(segment[1:])
                self.facts.append(_Fact("fields", subject, items, sent, generic=True))

    def _read_fragment(self, tokens: list[str], sent: Sentence) -> None:
        """`reviews by customers on plants with a rating`: a thing, its links and fields."""
        cut = next((k for k, t in enumerate(tokens) if t in lex.PREPOSITIONS), len(tokens))
        subject = noun_phrase(tokens[:cut])
        if subject is None or not subject.plural or cut == len(tokens):
            return
        parts: list[tuple[str, list[str]]] = []
        for tok in tokens[cut:]:
            if tok in lex.PREPOSITIONS and tok != "of" and (not parts or parts[-1][0] != "with"):
                parts.append((tok, []))
            else:
                parts[-1][1].append(tok)
        for prep, toks in parts:
            if prep == "with":
                self.facts.append(_Fact("fields", subject, split_items(toks), sent))
            else:
                refs = _refs(toks)
                self.facts.append(_Fact("link", subject, [], sent, refs=refs, person=prep == "by"))

    def _read_segment(self, subject: Ref | None, segment: list[str], sent: Sentence) -> None:
        seg = list(segment)
        while seg and (seg[0] in lex.MODALS or seg[0] in _ADVERBS or seg[0] == "not"):
            seg = seg[1:]
        if not seg:
            return
        verb, rest = seg[0], seg[1:]
        while rest and rest[0] in _ADVERBS:
            rest = rest[1:]
        if verb in _BE:
            if subject is not None:
                self._read_passive(subject, rest, sent)
            return
        if verb in ("belongs", "belong") and rest[:1] == ["to"] and subject is not None:
            refs = _refs(rest[1:])
            self.facts.append(_Fact("link", subject, [], sent, refs=refs, required=True))
            return
        if subject is None:
            self._read_declaration(rest, sent)
            return
        person_acts = subject.head in lex.PERSON_WORDS and verb not in ("has", "have", "had")
        if verb in lex.HAS_VERBS and not person_acts:
            if rest[:1] == ["to"]:
                return
            if "with" in rest:  # `a plan has exercises with sets, reps`
                cut = rest.index("with")
                items = split_items(rest[:cut])
                child = noun_phrase(items[-1]) if items else None
                if child is not None and child.plural:
                    self.facts.append(_Fact("fields", subject, items, sent))
                    self.facts.append(_Fact("fields", child, split_items(rest[cut + 1 :]), sent))
                    return
            self.facts.append(_Fact("fields", subject, split_items(rest), sent))
            return
        self._read_action(subject, verb, rest, sent)

    def _read_passive(self, subject: Ref, rest: list[str], sent: Sentence) -> None:
        if not rest:
            return
        if "with" in rest[1:]:  # `are filed for a rental with photos url, description`
            cut = rest.index("with", 1)
            self.facts.append(_Fact("fields", subject, split_items(rest[cut + 1 :]), sent))
            rest = rest[:cut]
        if len(rest) == 2 and rest[1].startswith("§"):  # `are paid (yes/no)`
            self.facts.append(_Fact("fields", subject, [rest], sent))
            return
        states = split_items(rest)
        if len(states) >= 2 and all(
            len(s) == 1 and s[0].replace("-", "").isalpha() for s in states
        ):
            # `bookings can be pending, confirmed or no-show`: the states it may be in
            sent.groups.append(", ".join(s[0] for s in states))
            item = ["status", f"§{len(sent.groups) - 1}"]
            self.facts.append(_Fact("fields", subject, [item], sent))
            return
        word = rest[0]
        if word in lex.TAG_PARTICIPLES:
            target = Ref(words=(lex.TAG_PARTICIPLES[word],), plural=True, many=True)
            if rest[1:2] == ["with"]:
                refs = _refs(rest[2:])
                target = Ref(refs[0].words, True, True) if refs else target
            self.facts.append(_Fact("tag", subject, [], sent, refs=(target,)))
            return
        if rest[:2] == ["part", "of"]:
            self.facts.append(_Fact("link", subject, [], sent, refs=_refs(rest[2:]), required=True))
            return
        participle = word in lex.LINK_PARTICIPLES or (word.endswith("ed") and len(word) > 4)
        if participle and len(rest) > 2 and rest[1] in lex.PREPOSITIONS and rest[1] != "of":
            refs = _refs(rest[2:])
            self.facts.append(_Fact("link", subject, [], sent, refs=refs, person=rest[1] == "by"))

    def _read_declaration(self, rest: list[str], sent: Sentence) -> None:
        while rest and rest[0] in lex.PHRASAL_PARTICLES:
            rest = rest[1:]
        with_at = rest.index("with") if "with" in rest else len(rest)
        objects = rest[:with_at]
        owners: tuple[Ref, ...] = ()
        if "of" in objects[1:] and not many_marker(objects):  # `inspections of an application`
            cut = objects.index("of")
            objects, owners = objects[:cut], _refs(objects[cut + 1 :])
        refs = tuple(r for r in _refs(objects) if r.head not in lex.GENERIC_SUBJECTS)
        if refs:
            self.facts.append(_Fact("declare", None, [], sent, refs=refs))
        if len(refs) == 1 and owners:
            self.facts.append(_Fact("link", refs[0], [], sent, refs=owners, required=True))
        if refs and with_at < len(rest):
            target = refs[-1]
            self.facts.append(_Fact("fields", target, split_items(rest[with_at + 1 :]), sent))

    def _read_action(self, subject: Ref, verb: str, rest: list[str], sent: Sentence) -> None:
        if verb in ("take", "takes", "took") and rest[:1] in (["place"], ["part"]):
            rest = rest[1:]
        while rest and rest[0] in lex.PHRASAL_PARTICLES:
            rest = rest[1:]
        parts: list[tuple[str, list[str]]] = [("", [])]
        for tok in rest:
            if tok in lex.PREPOSITIONS and tok != "of":  # `a fee per application`: linked
                parts.append((tok, []))
            else:
                parts[-1][1].append(tok)
        direct = _refs(parts[0][1])
        preps = []
        with_items: list[list[str]] = []
        for prep, toks in parts[1:]:
            if prep == "with":
                for item in split_items(toks):
                    ref = noun_phrase(item)
                    thing = ref is not None and not is_field_like(item)
                    if thing and ref and ((ref.plural and len(ref.words) == 1) or _person(ref)):
                        preps.append(("with", (ref,)))
                    else:
                        with_items.append(item)
            else:
                preps.append((prep, _refs(toks)))
                if prep in ("for", "at"):  # `for a number of players`: more than a noun
                    with_items += [i for i in split_items(toks) if _counted(i)]
        self.facts.append(
            _Fact("action", subject, with_items, sent, refs=direct, preps=tuple(preps), verb=verb)
        )

    # ---- pass 2: which noun phrases are entities ------------------------------------
    def _choose_entities(self) -> None:
        evidence: dict[tuple[str, ...], set[str]] = {}
        weak: dict[tuple[str, ...], int] = {}

        def mark(key: tuple[str, ...], *kinds: str) -> None:
            evidence.setdefault(key, set()).update(kinds)

        for fact in self.facts:
            subj = fact.subject.words if fact.subject else None
            if fact.generic:
                continue
            if fact.kind == "fields" and subj:
                mark(subj, "strong", "own" if fact.items else "strong")
                for words, kind in _item_things(fact.items):
                    mark(words, kind)
            elif fact.kind in ("link", "tag") and subj:
                mark(subj, "strong", "own")
                for ref in fact.refs:
                    mark(ref.words, "strong", "person" if fact.person else "target")
            elif fact.kind == "declare":
                for ref in fact.refs:
                    mark(ref.words, "strong", "declared")
            elif fact.kind == "action" and subj:
                mark(subj, "actor")
                self.actors.setdefault(subj, _said(fact.subject))
                for ref in fact.refs:
                    mark(ref.words, "strong")
                for prep, refs in fact.preps:
                    for ref in refs:
                        if prep == "with":
                            mark(ref.words, "strong" if ref.plural else "target")
                        else:
                            mark(ref.words, "weak")
                        weak[ref.words] = weak.get(ref.words, 0) + 1
        self._merge_aliases(set(evidence))
        canon: dict[tuple[str, ...], set[str]] = {}
        for key, kinds in evidence.items():
            canon.setdefault(self.keys.get(key, key), set()).update(kinds)
        for key, count in weak.items():
            if count >= 2:
                canon[self.keys.get(key, key)].add("strong")
        candidates = {k for k, kinds in canon.items() if kinds & {"strong", "target", "person"}}
        for fact in self.facts:  # a singular object after a preposition is the actor's own
            if fact.kind == "action" and fact.subject:
                for prep, refs in fact.preps:
                    if prep != "with" and any(
                        not r.plural and self.keys.get(r.words, r.words) in candidates for r in refs
                    ):
                        canon[self.keys.get(fact.subject.words, fact.subject.words)].add("own")
        candidates |= {k for k, kinds in canon.items() if "own" in kinds}
        candidates = {  # `a start time`, `the price`: values, unless described as things
            k for k in candidates if k[-1] not in lex.VALUE_HEADS or canon[k] & {"own", "declared"}
        }
        for key, kinds in canon.items():
            if kinds & {"own", "declared"}:
                continue
            person = key[-1] in lex.PERSON_WORDS or "person" in kinds
            if key[-1] == "user" or "actor" in kinds or (person and key in candidates):
                self.users[key] = pluralize_phrase(" ".join(key))
        for key in sorted(candidates, key=self._first_seen):
            if key in self.users or key[-1] == "user":
                continue
            if len(self.entities) >= MAX_ENTITIES:
                self.notes.append(f"kept the first {MAX_ENTITIES} entities; the rest were dropped")
                break
            self.entities[key] = _Entity(key=key, fields={}, relations={})
        for key, said in self.users.items():
            if key[-1] not in ("user",):
                self.notes.append(f"treated '{said}' as users (the built-in User)")

    def _merge_aliases(self, keys: set[tuple[str, ...]]) -> None:
        """`gym location` is the `location` the text also names alone."""
        listed: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
        for fact in self.facts:
            if fact.kind == "fields" and fact.subject is not None:
                refs = (noun_phrase(item) for item in fact.items)
                listed.setdefault(fact.subject.words, set()).update(r.words for r in refs if r)
        for key in keys:
            for start in range(1, len(key)):
                # `used parts have part, quantity`: a thing that refers to parts is not one
                if key[start:] in keys and key[start:] not in listed.get(key, ()):
                    self.keys[key] = key[start:]
                    break

    def _first_seen(self, key: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
        for index, fact in enumerate(self.facts):
            keys = [fact.subject.words] if fact.subject else []
            keys += [r.words for r in fact.refs]
            keys += [r.words for _p, refs in fact.preps for r in refs]
            if key in {self.keys.get(k, k) for k in keys}:
                return (index, key)
        return (len(self.facts), key)

    # ---- pass 3: fields and relations ------------------------------------------------
    def _resolve(self, ref: Ref | None) -> tuple[str, ...] | None:
        """The canonical key an entity or user reference stands for, or None."""
        if ref is None:
            return None
        key = self.keys.get(ref.words, ref.words)
        if key in self.entities or key in self.users:
            return key
        if key[-1] == "user" or (len(key) == 1 and key[0] in lex.PERSON_WORDS):
            self.users.setdefault(key, " ".join(key))
            return key
        ends = [k for k in self.entities if k[-len(key) :] == key and len(k) > len(key)]
        return ends[0] if len(ends) == 1 else None

    def _build(self) -> None:
        self._name_entities()
        for fact in self.facts:
            subj = self._resolve(fact.subject) if fact.subject else None
            entity = self.entities.get(subj) if subj else None
            if fact.kind == "fields" and entity:
                for item in fact.items:
                    self._add_item(entity, item, fact.sentence)
            elif fact.kind == "link" and entity:
                for ref in fact.refs:
                    self._link(entity, ref, required=fact.required, person=fact.person)
            elif fact.kind == "tag" and entity:
                for ref in fact.refs:
                    self._link(entity, ref, many=True)
        for fact in self.facts:
            if fact.kind == "action":
                self._action(fact)
        self._finish_entities()

    def _name_entities(self) -> None:
        taken: set[str] = set()
        for key, entity in self.entities.items():
            words = [w for w in (ascii_word(x) for x in key) if w.isalnum()]
            name = "".join(w[:1].upper() + w[1:] for w in words)[:40]
            snake_name = snake(words)
            if (
                not name
                or not name[0].isalpha()
                or name in lex.BUILT_IN_ENTITIES
                or snake_name in lex.RESERVED_ENTITY_SNAKES
            ):
                prefix = self.domain if self.domain and self.domain != snake_name else "app"
                renamed = (prefix[:1].upper() + prefix[1:] + (name or "Item"))[:40]
                self.notes.append(
                    f"named the entity '{' '.join(key)}' {renamed} ({name or '?'} is reserved)"
                )
                name = renamed
            while name in taken:
                name = (name + "Item")[:40]
            taken.add(name)
            entity.name = name

    def _target_name(self, key: tuple[str, ...]) -> str:
        return _USER if key in self.users else self.entities[key].name

    def _add_item(self, entity: _Entity, item: list[str], sent: Sentence) -> None:
        ref = noun_phrase(item)
        if ref is not None and not is_field_like(item):
            target = self._resolve(ref)
            if _person(ref) and ref.plural:
                return  # `clinics have vets`: people are users
            if target in self.entities and _bare_plural(item, ref):
                # `invoices have line items`: each line item belongs to its invoice
                self._link(self.entities[target], Ref(entity.key), required=True)
                return
            if target is not None:
                many = ref.many or ref.plural
                self._link(entity, ref, many=many)
                return
        if not item or len(entity.fields) >= MAX_FIELDS:
            return
        spec = FieldSpec(item, sent.groups)
        name = spec.name
        if not name:
            return
        if name in ("created_at", "updated_at", "id"):
            self.notes.append(f"left out '{name}' of {entity.name}: every entity gets it")
            return
        if name in lex.RESERVED_NAMES:
            renamed = f"{snake(_pascal_words(entity.name))}_{name}"[:40]
            self.notes.append(f"named the field '{name}' of {entity.name} {renamed} (reserved)")
            name = renamed
        if name in entity.fields or name in entity.relations:
            return
        entity.fields[name] = spec.spec()
        values = entity.fields[name].get("values")
        if spec.transitions and entity.transitions is None and values:
            allowed = {v: [t for t in spec.transitions.get(v, []) if t in values] for v in values}
            entity.transitions = {"field": name, "allowed": allowed}

    def _link(
        self,
        entity: _Entity,
        ref: Ref,
        *,
        required: bool = False,
        person: bool = False,
        many: bool = False,
    ) -> str | None:
        target = self._resolve(ref)
        if target is None:
            if not person:
                return None
            target = ref.words
            self.users.setdefault(target, " ".join(ref.words))
        target_name = self._target_name(target)
        many = many or ref.many
        words = list(ref.words)
        if many:
            words[-1] = pluralize(words[-1])
        rel_name = snake(words)
        if rel_name in lex.RESERVED_NAMES or not rel_name:
            rel_name = snake(_pascal_words(target_name)) if target_name != _USER else "user"
            if rel_name in lex.RESERVED_NAMES:
                rel_name = f"{rel_name}_ref"
            if many:
                rel_name = pluralize(rel_name)
        for existing, spec in entity.relations.items():
            if spec["target"] == target_name and (existing == rel_name or target_name != _USER):
                return existing
        if rel_name in entity.fields:
            del entity.fields[rel_name]
        if f"{rel_name}_id" in entity.fields or rel_name in entity.relations:
            return None
        if many:
            spec = {"kind": "many_to_many", "target": target_name}
        elif target_name == _USER:
            spec = {"kind": "many_to_one", "target": _USER, "on_delete": "set_null"}
        elif required:
            spec = {
                "kind": "many_to_one",
                "target": target_name,
                "required": True,
                "on_delete": "cascade",
            }
        else:
            spec = {"kind": "many_to_one", "target": target_name, "on_delete": "set_null"}
        entity.relations[rel_name] = spec
        return rel_name

    def _linked(self, a: _Entity, b_name: str) -> bool:
        """Whether `a` and `b` are already tied, directly or through one entity."""
        if any(r["target"] == b_name for r in a.relations.values()):
            return True
        b = next((e for e in self.entities.values() if e.name == b_name), None)
        if b is not None and any(r["target"] == a.name for r in b.relations.values()):
            return True
        for other in self.entities.values():
            targets = {r["target"] for r in other.relations.values()}
            if a.name in targets and b_name in targets:
                return True
        return False

    def _action(self, fact: _Fact) -> None:
        actor_key = self._resolve(fact.subject)
        actor_name = self._target_name(actor_key) if actor_key else None
        created = [self.entities[k] for k in map(self._resolve, fact.refs) if k in self.entities]
        parents: list[Ref] = []
        items = list(fact.items)
        nominal = self._nominal(fact.verb)
        if nominal is not None and nominal not in created:
            # `members book rooms` when bookings are described: the booking ties them
            parents.extend(r for r in fact.refs if self._resolve(r) in self.entities)
            created = [nominal]
        for prep, refs in fact.preps:
            for ref in refs:
                key = self._resolve(ref)
                if prep == "with" and key in self.entities and ref.plural:
                    created.append(self.entities[key])
                elif key is not None or (prep == "with" and _person(ref)):
                    parents.append(ref)
                elif ref.head in lex.VALUE_HEADS or prep == "with" or _slot(ref, prep):
                    items.append(list(ref.words))  # `at a date and time`: the thing's fields
        if created and items:
            for item in items:
                self._add_item(created[0], item, fact.sentence)
        actor = self.entities.get(actor_key) if actor_key else None
        for thing in created:
            if actor_name and fact.subject and not self._linked(thing, actor_name):
                self._link(thing, fact.subject)
            for parent in parents:
                key = self._resolve(parent)
                if key in self.users or (key is None and _person(parent)):
                    self._link(thing, parent, person=True)
                elif key in self.entities and not self._linked(thing, self.entities[key].name):
                    self._link(thing, Ref(parent.words))
        if not created and actor is not None:
            for parent in parents:
                key = self._resolve(parent)
                known = key in self.entities and not parent.plural
                if known and not self._linked(actor, self.entities[key].name):
                    self._link(actor, parent)
        if not created and actor is None and actor_key in self.users and fact.subject:
            for parent in parents:  # `volunteers sign up for events`: people of the event
                key = self._resolve(parent)
                if key in self.entities and parent.plural:
                    self._link(self.entities[key], fact.subject, many=True, person=True)

    def _nominal(self, verb: str) -> _Entity | None:
        """The entity named by the verb's noun (`book` -> Booking, `rent` -> Rental)."""
        for lemma in vocab.lemmas(verb).get("VERB", ()):
            forms = {lemma, lemma + "ing", lemma + "ment", lemma + "al", lemma + "ion"}
            stem = lemma[:-1] if lemma.endswith("e") else lemma
            forms |= {stem + "ing", stem + "ation", stem + "ion", stem + "al"}
            if lemma.endswith("y"):
                forms |= {lemma[:-1] + "ication", lemma[:-1] + "ies"}
            if len(lemma) > 2 and lemma[-1] not in "aeiouwy" and lemma[-2] in "aeiou":
                forms.add(lemma + lemma[-1] + "ing")
            for key, entity in self.entities.items():
                if len(key) == 1 and key[0] in forms:
                    return entity
        return None

    def _finish_entities(self) -> None:
        for entity in self.entities.values():
            if not entity.fields:
                if entity.key[-1] in lex.TEXT_WORDS:  # a visit note is its text
                    entity.fields["text"] = {"type": "text"}
                else:
                    entity.fields["name"] = {"type": "string", "required": True, "max_length": 200}
                    self.notes.append(f"gave {entity.name} a name field; the text names none")
        self._fix_inverses()

    def _fix_inverses(self) -> None:
        by_name = {e.name: e for e in self.entities.values()}
        used: dict[str, set[str]] = {
            e.name: set(e.fields) | set(e.relations) | {f"{r}_id" for r in e.relations}
            for e in self.entities.values()
        }
        for entity in self.entities.values():
            counts: dict[str, int] = {}
            for spec in entity.relations.values():
                counts[spec["target"]] = counts.get(spec["target"], 0) + 1
            own_plural = pluralize_snake(snake(_pascal_words(entity.name)))
            for rel_name, spec in list(entity.relations.items()):
                target = spec["target"]
                if target == _USER or target not in by_name:
                    continue
                inverse = own_plural if counts[target] == 1 else f"{rel_name}_{own_plural}"
                if inverse in used[target]:
                    inverse = f"{rel_name}_{own_plural}"[:40]
                    if inverse in used[target]:
                        del entity.relations[rel_name]
                        continue
                    spec["inverse"] = inverse
                used[target].add(inverse)


def _item_things(items: list[list[str]]) -> list[tuple[tuple[str, ...], str]]:
    """Items of a `has` list that name things: `several authors`, people, `line items`."""
    refs = [noun_phrase(item) for item in items]
    bare = len(refs) <= 2 and all(
        r is not None and _bare_plural(i, r) and not is_field_like(i)
        for i, r in zip(items, refs, strict=True)
    )
    out = []
    for item, ref in zip(items, refs, strict=True):
        if ref is None or is_field_like(item) or not ref.plural:
            continue
        if _person(ref):
            out.append((ref.words, "person"))
        elif ref.many or (bare and ref.head not in lex.FIELD_CUES):
            out.append((ref.words, "strong"))
    return out


def _slot(ref: Ref, prep: str) -> bool:
    """`for a time slot`: a compound whose first word names a value (time, date, price)."""
    return prep in ("for", "at") and len(ref.words) > 1 and ref.words[0] in lex.VALUE_HEADS


def _counted(item: list[str]) -> bool:
    """`a number of players`, `the amount of guests`: a count said as a phrase."""
    words = strip_determiners(item)
    return len(words) >= 3 and words[0] in lex.VALUE_HEADS and words[1] == "of"


def _person(ref: Ref) -> bool:
    return ref.head in lex.PERSON_WORDS


def _bare_plural(item: list[str], ref: Ref) -> bool:
    """`line items`, not `a list of items` or `several authors`: a collection it owns."""
    return ref.plural and not ref.many and item[:1] != [] and item[0] not in lex.DETERMINERS


def _refs(tokens: list[str]) -> tuple[Ref, ...]:
    out = []
    for item in split_items(tokens):
        ref = noun_phrase(item)
        if ref is not None:
            out.append(ref)
    return tuple(out)


def _pascal_words(name: str) -> list[str]:
    return re.findall(r"[A-Z][a-z0-9]*|[a-z0-9]+", name)


def _said(ref: Ref | None) -> str:
    return " ".join(ref.words) if ref else ""


def pluralize_phrase(phrase: str) -> str:
    words = phrase.split()
    if not words:
        return phrase
    return " ".join([*words[:-1], pluralize(words[-1])])


def pluralize_snake(name: str) -> str:
    head, _, last = name.rpartition("_")
    return (head + "_" if head else "") + pluralize(last)


def _domain_word(sentences: list[Sentence]) -> str:
    """The product's domain noun (`gym` in `Gym membership management`), for renames."""
    for sent in sentences[:1]:
        for tok in sent.tokens:
            word = ascii_word(tok)
            if word.isalpha() and word not in lex.DETERMINERS and word not in lex.PRONOUNS:
                return word[:20]
    return ""


def detected_features(drafter: _Drafter) -> dict:
    """The features the description asks for: `{billing, async_jobs, email}`."""
    return {
        "billing": bool(drafter.features.get("billing", False)),
        "async_jobs": bool(drafter.features.get("async_jobs", False)),
        "email": drafter.features.get("email", "console"),
    }


def _feature_notes(drafter: _Drafter, final: dict) -> list[str]:
    """One note per detected feature, saying what the genome finally has (never the opposite)."""
    detected = detected_features(drafter)
    labels = {"billing": "billing", "async_jobs": "async jobs", "email": "e-mail"}
    notes = []
    for key, reason in drafter.reasons.items():
        on = final[key] == detected[key]
        if on:
            notes.append(f"turned on {labels[key]}: {reason}")
        else:
            shown = final[key] if key == "email" else "off"
            notes.append(f"left {labels[key]} {shown} as chosen; the text suggests: {reason}")
    return notes


def _title(text: str, sentences: list[Sentence]) -> str:
    if sentences:
        first = sentences[0]
        if len(first.tokens) <= 8 and not any(c.segments for c in first.clauses):
            words = first.text.split()
            while words and words[0].lower() in lex.DETERMINERS:
                words = words[1:]
            title = " ".join(w[:1].upper() + w[1:] for w in words if w)
            title = re.sub(r"\s+", " ", title).strip(" :,-")
            if title:
                return title[:80]
    domain = _domain_word(sentences)
    if domain:
        return f"{domain.capitalize()} App"
    return "Drafted App" if text else "New App"


def _assemble(
    text: str,
    drafter: _Drafter,
    *,
    name: str | None,
    stack: dict | None,
    tenancy: str | None,
    features: dict | None,
) -> dict:
    title = (name or "").strip()[:80] or _title(text, drafter.sentences)
    entities = []
    for entity in drafter.entities.values():
        ent: dict = {"name": entity.name, "fields": entity.fields}
        snake_name, plural = entity_names(ent)
        if plural == snake_name:  # `feedback`: lists and single rows need two names
            ent["plural"] = f"{snake_name}_items"
        if entity.relations:
            ent["relations"] = entity.relations
        if entity.transitions:
            ent["transitions"] = entity.transitions
        searchable = [n for n, f in entity.fields.items() if n in ("name", "title", "subject")]
        if searchable and entity.fields[searchable[0]]["type"] == "string":
            ent["search"] = searchable[:1]
        entities.append(ent)
    if not entities:
        drafter.notes.append(
            "found no entities in the description (is it English prose naming the things "
            "the product keeps?); drafted one Item entity to start from"
        )
        entities.append(
            {
                "name": "Item",
                "fields": {
                    "name": {"type": "string", "required": True, "max_length": 200},
                    "description": {"type": "text"},
                },
            }
        )
    feats = {
        "billing": bool(drafter.features.get("billing", False)),
        "async_jobs": bool(drafter.features.get("async_jobs", False)),
        "email": drafter.features.get("email", "console"),
    }
    if features:
        for key in ("billing", "async_jobs", "email"):
            if key in features:
                feats[key] = features[key]
    drafter.notes.extend(_feature_notes(drafter, feats))
    genome: dict = {"genome": 1, "name": title, "slug": slugify(title)}
    if text:
        genome["description"] = text
    genome["stack"] = {"backend": "flask", "frontend": "nextjs", **(stack or {})}
    genome["tenancy"] = tenancy or "workspace"
    genome["features"] = feats
    genome["entities"] = entities
    if feats["async_jobs"] and drafter.jobs:
        names = {e["name"] for e in entities}
        genome["jobs"] = [
            {k: v for k, v in job.items() if k != "entity" or v in names} for job in drafter.jobs
        ]
    return genome
