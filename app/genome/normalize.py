"""Validated genome data -> the frozen model, with every derived name computed once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import replace
from decimal import Decimal, localcontext

from app.genome.model import Entity, Features, Field, Genome, Job, Relation, Transitions
from app.genome.naming import (
    pluralize,
    singularize,
    slugify,
    snake_case,
    url_segment,
    with_article,
    words,
)
from app.genome.schema import (
    DEFAULT_PERMISSIONS,
    FIELD_TYPES,
    FILTERABLE_TYPES,
    FIXED_MAX_LENGTH,
    JSON_FORMATS,
    JSON_TYPES,
    ROLES,
)
from app.genome.values import coerce_default, to_decimal

USER = "User"
MAX_DECIMAL_DIGITS = 80  # above numeric's precision (38) plus any scale
USER_TABLE = "users"
TENANTS = {
    "workspace": ("Workspace", "workspace", "workspaces"),
    "organization": ("Organization", "organization", "organizations"),
}


def entity_names(entity: Mapping) -> tuple[str, str]:
    """(snake, plural) of an entity whose name is valid."""
    snake = snake_case(entity["name"])
    plural = entity.get("plural")
    return snake, plural if isinstance(plural, str) else pluralize(snake)


def inverse_names(
    snake: str, plural: str, relations: Iterable[tuple[str, str, str, str | None]]
) -> dict[str, str | None]:
    """Inverse attribute per relation name, from (name, kind, target, explicit inverse).

    Two or more relations to one target get `<relation>_<default>` so they stay apart.
    """
    relations = list(relations)
    per_target = Counter(target for _, _, target, _ in relations)
    names: dict[str, str | None] = {}
    for name, kind, target, explicit in relations:
        if target == USER:
            names[name] = None
        elif explicit:
            names[name] = explicit
        else:
            base = snake if kind == "one_to_one" else plural
            names[name] = f"{name}_{base}" if per_target[target] > 1 else base
    return names


def relation_column(name: str, kind: str) -> str | None:
    return f"{name}_id" if kind in ("many_to_one", "one_to_one") else None


def relation_wire_name(name: str, kind: str) -> str:
    return relation_column(name, kind) or f"{singularize(name)}_ids"


def association_table(snake: str, name: str) -> str:
    return f"{snake}_{name}"


def association_columns(snake: str, name: str) -> tuple[str, str]:
    """(source, target) columns of a many_to_many's association table, never equal.

    A self-reference whose singular is the entity's own name (Event.events) would give
    `event_id` twice; its target column becomes `related_event_id`.
    """
    source, target = f"{snake}_id", f"{singularize(name)}_id"
    return source, (f"related_{target}" if target == source else target)


def enum_type_name(snake: str, field_name: str) -> str:
    return f"{snake}_{field_name}"


def _field(snake: str, name: str, spec: Mapping) -> Field:
    field_type = spec["type"]
    options = FIELD_TYPES[field_type]
    default = spec.get("default")
    has_default = default is not None
    if has_default:
        default = coerce_default(field_type, default)
    precision = scale = None
    minimum, maximum = spec.get("min"), spec.get("max")
    if field_type == "decimal":
        precision = spec.get("precision", options["precision"].default)
        scale = spec.get("scale", options["scale"].default)
        minimum, maximum = to_decimal(minimum), to_decimal(maximum)
        if has_default:
            # numeric(38, 38) needs 38 digits; the default context keeps only 28
            with localcontext(prec=MAX_DECIMAL_DIGITS):
                default = default.quantize(Decimal(1).scaleb(-scale))
    elif field_type == "float":
        minimum = float(minimum) if minimum is not None else None
        maximum = float(maximum) if maximum is not None else None
    unique = spec.get("unique", False)
    return Field(
        name=name,
        type=field_type,
        required=spec.get("required", False),
        unique="global" if unique == "global" else ("tenant" if unique is True else False),
        default=default,
        has_default=has_default,
        index=spec.get("index", False),
        immutable=spec.get("immutable", False),
        description=spec.get("description") or "",
        max_length=spec.get("max_length", FIXED_MAX_LENGTH.get(field_type)),
        min_length=spec.get("min_length"),
        pattern=spec.get("pattern"),
        min=minimum,
        max=maximum,
        precision=precision,
        scale=scale,
        values=tuple(spec.get("values", ())),
        enum_type_name=enum_type_name(snake, name) if field_type == "enum" else None,
        json_type=JSON_TYPES[field_type],
        json_format=JSON_FORMATS.get(field_type),
    )


def _relations(
    snake: str, plural: str, specs: Mapping, tables: Mapping[str, str]
) -> tuple[Relation, ...]:
    inverses = inverse_names(
        snake,
        plural,
        ((name, spec["kind"], spec["target"], spec.get("inverse")) for name, spec in specs.items()),
    )
    relations = []
    for name, spec in specs.items():
        kind, target = spec["kind"], spec["target"]
        source_column, target_column = (
            association_columns(snake, name) if kind == "many_to_many" else (None, None)
        )
        relations.append(
            Relation(
                name=name,
                kind=kind,
                target=target,
                target_is_user=target == USER,
                required=spec.get("required", False),
                on_delete=spec.get("on_delete", "restrict"),
                inverse=inverses[name],
                column=relation_column(name, kind),
                wire_name=relation_wire_name(name, kind),
                association_table=association_table(snake, name)
                if kind == "many_to_many"
                else None,
                target_table=USER_TABLE if target == USER else tables[target],
                association_source_column=source_column,
                association_target_column=target_column,
            )
        )
    return tuple(relations)


def permissions(spec: Mapping | None) -> dict[str, frozenset[str]]:
    """Every role's actions, defaults filled in; owner and admin keep all that member has."""
    spec = spec or {}
    granted = {role: frozenset(spec.get(role, DEFAULT_PERMISSIONS[role])) for role in ROLES}
    granted["owner"] |= granted["member"]
    granted["admin"] |= granted["member"]
    return granted


def _columns(groups: Iterable[Iterable[str]], relations: Mapping) -> tuple[tuple[str, ...], ...]:
    return tuple(
        tuple(f"{member}_id" if member in relations else member for member in group)
        for group in groups
    )


def _entity(raw: Mapping, tables: Mapping[str, str]) -> Entity:
    snake, plural = entity_names(raw)
    relation_specs = raw.get("relations") or {}
    transitions = raw.get("transitions")
    fields = tuple(_field(snake, name, spec) for name, spec in raw["fields"].items())
    relations = _relations(snake, plural, relation_specs, tables)
    columns = [relation.column for relation in relations if relation.column]
    return Entity(
        name=raw["name"],
        snake=snake,
        plural=plural,
        table=plural,
        url_segment=url_segment(plural),
        label=words(snake),
        label_plural=words(plural),
        a_label=with_article(words(snake)),
        description=raw.get("description") or "",
        fields=fields,
        relations=relations,
        mutable_fields=tuple(field for field in fields if not field.immutable),
        column_relations=tuple(relation for relation in relations if relation.column),
        many_to_many=tuple(r for r in relations if r.kind == "many_to_many"),
        sortable=(
            "id",
            *(field.name for field in fields if field.type != "json"),
            *columns,
            "created_at",
            "updated_at",
        ),
        filter_fields=tuple(field for field in fields if field.type in FILTERABLE_TYPES),
        filterable=(
            *(field.name for field in fields if field.type in FILTERABLE_TYPES),
            *columns,
        ),
        relation_targets=tuple(
            dict.fromkeys(
                relation.target
                for relation in relations
                if not relation.target_is_user and relation.target != raw["name"]
            )
        ),
        references_user=any(relation.target_is_user for relation in relations),
        create_required=tuple(
            [field.name for field in fields if field.required and not field.has_default]
            + [relation.wire_name for relation in relations if relation.required]
        ),
        search=tuple(raw.get("search") or ()),
        unique_together=_columns(raw.get("unique_together") or (), relation_specs),
        indexes=_columns(raw.get("indexes") or (), relation_specs),
        permissions=permissions(raw.get("permissions")),
        transitions=Transitions(
            field=transitions["field"],
            allowed={state: tuple(targets) for state, targets in transitions["allowed"].items()},
        )
        if transitions
        else None,
    )


def build_genome(data: Mapping) -> Genome:
    """The model of a genome that validate() found no problem in."""
    tables = {raw["name"]: entity_names(raw)[1] for raw in data["entities"]}
    entities = [_entity(raw, tables) for raw in data["entities"]]
    pointing: dict[str, list[tuple[str, str, Relation]]] = {entity.name: [] for entity in entities}
    for entity in entities:
        for relation in entity.relations:
            if relation.inverse is not None:
                pointing[relation.target].append((relation.inverse, entity.name, relation))
    entities = [_with_inverses(entity, tuple(pointing[entity.name])) for entity in entities]

    tenancy = data.get("tenancy", "workspace")
    tenant_class, tenant_snake, tenant_plural = TENANTS[tenancy]
    stack = data.get("stack") or {}
    features = data.get("features") or {}
    return Genome(
        format=data["genome"],
        name=data["name"],
        slug=data.get("slug") or slugify(data["name"]),
        description=data.get("description") or "",
        backend=stack.get("backend", "flask"),
        frontend=stack.get("frontend", "nextjs"),
        tenancy=tenancy,
        tenant_class=tenant_class,
        tenant_snake=tenant_snake,
        tenant_plural=tenant_plural,
        tenant_column=f"{tenant_snake}_id",
        a_tenant=with_article(words(tenant_snake)),
        features=Features(
            billing=features.get("billing", False),
            async_jobs=features.get("async_jobs", False),
            email=features.get("email", "console"),
        ),
        entities=tuple(entities),
        jobs=tuple(
            Job(
                name=job["name"],
                description=job.get("description") or "",
                schedule=job.get("schedule"),
                entity=job.get("entity"),
            )
            for job in data.get("jobs") or ()
        ),
        source=dict(data),
    )


def _with_inverses(entity: Entity, inverses: tuple[tuple[str, str, Relation], ...]) -> Entity:
    sources = {source for _attr, source, _relation in inverses if source != entity.name}
    return replace(
        entity,
        inverses=tuple((attr, source, relation.name) for attr, source, relation in inverses),
        inverse_relations=inverses,
        model_imports=tuple(sorted(set(entity.relation_targets) | sources)),
    )
