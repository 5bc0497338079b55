"""Between two versions of a project's genome: what was renamed, and what cannot be applied.

`evolution_problems(base, new)` lists the changes a database with rows cannot take (in
the validator's Problem format); `renames(base, new)` says which entities, fields and
relations of `new` continue which ones of `base`, by name or through `renamed_from`.
The migration between the two versions is built from these (app.codegen.migration).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.genome import load
from app.genome.model import Entity, Field, Genome, Relation
from app.genome.problems import Problem, closest

# Column types a value survives moving between (PostgreSQL casts them without loss, or
# fails loudly on a value that does not fit, e.g. a string longer than the new length).
_TEXT_TYPES = frozenset({"string", "email", "url", "text"})
_INTEGER_TYPES = frozenset({"integer", "bigint"})


@dataclass(frozen=True, slots=True)
class Renames:
    """Which names of the new version continue which of the base version."""

    entities: dict[str, str]  # new entity name -> base entity name (kept or renamed)
    fields: dict[tuple[str, str], str]  # (new entity, new field) -> base field
    relations: dict[tuple[str, str], str]  # (new entity, new relation) -> base relation


def as_genome(value: Genome | str | bytes) -> Genome:
    """A normalized genome from a Genome or its text (YAML or JSON)."""
    return value if isinstance(value, Genome) else load(value)


def _source_entity(genome: Genome, name: str) -> Mapping:
    for raw in genome.source.get("entities", ()):
        if isinstance(raw, Mapping) and raw.get("name") == name:
            return raw
    return {}


def _renamed_from(spec: object) -> str | None:
    old = spec.get("renamed_from") if isinstance(spec, Mapping) else None
    return old if isinstance(old, str) else None


def _entity_path(genome: Genome, entity: Entity) -> str:
    return f"entities[{genome.entities.index(entity)}]"


class _Checker:
    def __init__(self, base: Genome, new: Genome) -> None:
        self.base = base
        self.new = new
        self.problems: list[Problem] = []
        self.entities: dict[str, str] = {}
        self.fields: dict[tuple[str, str], str] = {}
        self.relations: dict[tuple[str, str], str] = {}
        self.unmatched: set[str] = set()  # entities whose renamed_from was refused

    def add(self, path: str, code: str, message: str, suggestion: str | None = None) -> None:
        if suggestion:
            message = f"{message} Did you mean '{suggestion}'?"
        self.problems.append(Problem(path, code, message, suggestion))

    def run(self) -> None:
        if self.base.tenancy != self.new.tenancy:
            self.add(
                "tenancy",
                "tenancy_changed",
                f"The tenancy cannot change from {self.base.tenancy} to {self.new.tenancy} "
                "between versions of a project: every table keys its rows by the tenant. "
                f"Keep `tenancy: {self.base.tenancy}`.",
            )
        base_names = {entity.name for entity in self.base.entities}
        new_names = {entity.name for entity in self.new.entities}
        for entity in self.new.entities:
            old = self._entity_base(entity, base_names, new_names)
            if old is not None:
                self.entities[entity.name] = old
            elif _renamed_from(_source_entity(self.new, entity.name)) is not None:
                self.unmatched.add(entity.name)
        for entity in self.new.entities:
            if entity.name in self.entities:
                self._entity(self.base.entity(self.entities[entity.name]), entity)

    def _entity_base(self, entity: Entity, base_names: set[str], new_names: set[str]) -> str | None:
        if entity.name in base_names:
            return entity.name  # kept; a leftover renamed_from of an earlier step is ignored
        old = _renamed_from(_source_entity(self.new, entity.name))
        if old is None:
            return None
        path = f"{_entity_path(self.new, entity)}.renamed_from"
        if old in new_names:
            self.add(
                path,
                "invalid_rename",
                f"'renamed_from: {old}' names an entity that still exists in this version; "
                "name the entity's name in the previous version, or leave it out.",
            )
            return None
        if old not in base_names:
            gone = sorted(base_names - new_names)
            self.add(
                path,
                "unknown_rename",
                f"The previous version has no entity '{old}' to rename"
                + (f" (entities no longer present: {', '.join(gone)})." if gone else "."),
                closest(old, gone),
            )
            return None
        if old in self.entities.values():
            self.add(path, "duplicate_rename", f"'{old}' is already renamed to another entity.")
            return None
        return old

    def _members(
        self, kind: str, base_names: list[str], new_items: list[tuple[str, object]], entity: Entity
    ) -> dict[str, str]:
        """new name -> base name for the fields or relations of one entity."""
        found: dict[str, str] = {}
        new_names = {name for name, _ in new_items}
        entity_path = _entity_path(self.new, entity)
        for name, spec in new_items:
            if name in base_names:
                found[name] = name
                continue
            old = _renamed_from(spec)
            if old is None:
                continue
            path = f"{entity_path}.{kind}s.{name}.renamed_from"
            gone = [candidate for candidate in base_names if candidate not in new_names]
            if old in new_names:
                continue  # reported by the validator
            if old not in base_names:
                self.add(
                    path,
                    "unknown_rename",
                    f"{entity.name} had no {kind} '{old}' in the previous version to rename"
                    + (f" ({kind}s no longer present: {', '.join(gone)})." if gone else "."),
                    closest(old, gone),
                )
                continue
            found[name] = old
        return found

    def _entity(self, old: Entity, entity: Entity) -> None:
        source = _source_entity(self.new, entity.name)
        raw_fields = source.get("fields") if isinstance(source.get("fields"), Mapping) else {}
        raw_relations = (
            source.get("relations") if isinstance(source.get("relations"), Mapping) else {}
        )
        fields = self._members(
            "field",
            [f.name for f in old.fields],
            [(f.name, raw_fields.get(f.name)) for f in entity.fields],
            entity,
        )
        relations = self._members(
            "relation",
            [r.name for r in old.relations],
            [(r.name, raw_relations.get(r.name)) for r in entity.relations],
            entity,
        )
        old_fields = {f.name: f for f in old.fields}
        old_relations = {r.name: r for r in old.relations}
        path = f"{_entity_path(self.new, entity)}"
        for field in entity.fields:
            field_path = f"{path}.fields.{field.name}"
            if field.name in fields:
                self.fields[(entity.name, field.name)] = fields[field.name]
                self._field_change(old_fields[fields[field.name]], field, entity, field_path)
            elif field.required and not field.has_default:
                self.add(
                    field_path,
                    "needs_default",
                    f"{entity.name} already has rows in a deployed database, and the new "
                    f"required field '{field.name}' has no value for them. Give it a "
                    "`default:` (it fills the existing rows), or leave out `required`.",
                )
        for relation in entity.relations:
            if relation.name in relations:
                self.relations[(entity.name, relation.name)] = relations[relation.name]
                self._relation_change(
                    old_relations[relations[relation.name]], relation, entity, path
                )
            elif relation.column and relation.required:
                self.add(
                    f"{path}.relations.{relation.name}",
                    "needs_default",
                    f"{entity.name} already has rows in a deployed database, and the new "
                    f"required relation '{relation.name}' has no row to point them at. Add it "
                    "without `required`, fill it in, then make it required in a later version.",
                )

    def _field_change(self, old: Field, field: Field, entity: Entity, path: str) -> None:
        if old.type != field.type and not _compatible(old.type, field.type):
            self.add(
                f"{path}.type",
                "type_changed",
                f"'{field.name}' cannot change from {old.type} to {field.type} with its "
                "values kept. Add a new field of the new type (and drop this one later), or "
                f"keep `type: {old.type}`.",
            )
            return
        if field.required and not old.required and not field.has_default:
            self.add(
                f"{path}.required",
                "needs_default",
                f"'{field.name}' of {entity.name} becomes required, but existing rows may "
                "have no value. Give it a `default:` (it fills the rows that have none), or "
                "leave out `required`.",
            )
        if old.type == "enum" and field.type == "enum":
            removed = [value for value in old.values if value not in field.values]
            if removed:
                self.add(
                    f"{path}.values",
                    "enum_value_removed",
                    f"Removing {', '.join(repr(v) for v in removed)} from '{field.name}' is "
                    "refused: existing rows may hold it, and PostgreSQL cannot drop a value "
                    "from an enum type. Keep the value (a transition can stop leading to it).",
                    removed[0],
                )

    def _relation_change(
        self, old: Relation, relation: Relation, entity: Entity, path: str
    ) -> None:
        if relation.target in self.unmatched:
            return  # the target's own rename is the problem
        old_target = self.entities.get(relation.target, relation.target)
        if relation.target_is_user != old.target_is_user or (
            not relation.target_is_user and old_target != old.target
        ):
            self.add(
                f"{path}.relations.{relation.name}.target",
                "target_changed",
                f"The relation '{relation.name}' of {entity.name} cannot move from "
                f"{old.target} to {relation.target}: its existing values point at "
                f"{old.target} rows. Add a new relation instead.",
            )


def _compatible(old: str, new: str) -> bool:
    return {old, new} <= _TEXT_TYPES or {old, new} <= _INTEGER_TYPES


def check(base: Genome | str | bytes, new: Genome | str | bytes) -> tuple[list[Problem], Renames]:
    """The problems of moving from `base` to `new`, and what continues what."""
    checker = _Checker(as_genome(base), as_genome(new))
    checker.run()
    renames = Renames(checker.entities, checker.fields, checker.relations)
    return checker.problems, renames


def evolution_problems(base: Genome | str | bytes, new: Genome | str | bytes) -> list[Problem]:
    """Why a database made from `base` (with rows) cannot move to `new`; [] when it can.

    Both genomes are valid on their own (Genome objects or text that `load` accepts).
    """
    return check(base, new)[0]


def renames(base: Genome | str | bytes, new: Genome | str | bytes) -> Renames:
    """Which entities, fields and relations of `new` continue which of `base`."""
    return check(base, new)[1]
