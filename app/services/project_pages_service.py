"""What the project pages show, computed once: the review of a genome and a form's draft."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import yaml

from app.codegen.render import SUPPORTED
from app.errors import ApiError
from app.genome.model import Genome
from app.genome.schema import FIELD_TYPES, RELATION_KINDS
from app.genome.schema import ON_DELETE as ON_DELETE_CHOICES
from app.models import Project
from app.services import er_diagram, generation_rules, genome_service, genome_versions
from app.services.plan_meters import PlanView

BACKENDS = ("flask", "fastapi")
FRONTENDS = ("nextjs", "none")  # the first is the form's default
# What this generator version produces; the other choices are shown as coming soon.
AVAILABLE = {"backend": SUPPORTED["backend"], "frontend": SUPPORTED["frontend"]}
BACKEND_LABELS = {"flask": "Flask", "fastapi": "FastAPI"}
# The backend's API in the stack's words ("FastAPI" already says API).
API_LABELS = {"flask": "Flask API", "fastapi": "FastAPI"}
# What a frontend adds to the backend's API, in the words the pages use.
FRONTEND_LABELS = {"nextjs": "{api} + Next.js", "none": "{api} only"}
TYPES = tuple(FIELD_TYPES)
KINDS = RELATION_KINDS
ON_DELETE = ON_DELETE_CHOICES
PRO_FEATURES = {"billing": "Billing (Stripe)", "async_jobs": "Async jobs (Celery)"}
TENANCIES = ("workspace", "organization")
EMAIL_PROVIDERS = ("console", "smtp", "sendgrid", "postmark")


@dataclass(frozen=True)
class Review:
    genome: Genome | None
    problems: list[dict] = field(default_factory=list)
    message: str | None = None

    @property
    def relations(self) -> list[tuple[str, object]]:
        if self.genome is None:
            return []
        return [(entity.name, rel) for entity in self.genome.entities for rel in entity.relations]

    def diagram(self) -> str | None:
        return er_diagram.svg(self.genome) if self.genome is not None else None


def backend_label(backend: str) -> str:
    """The backend's name as people write it (FastAPI, Flask)."""
    return BACKEND_LABELS.get(backend, backend)


def stack_label(backend: str, frontend: str) -> str:
    """The stack in words, e.g. "Flask API + Next.js" or "Flask API only"."""
    template = FRONTEND_LABELS.get(frontend, "{api} + " + frontend)
    return template.format(api=API_LABELS.get(backend, f"{backend_label(backend)} API"))


def stack_choices(backend: str | None) -> list[tuple[str, str]]:
    """The form's frontend choices as (value, label), labelled for the chosen backend."""
    chosen = backend if backend in BACKENDS else BACKENDS[0]
    return [(value, stack_label(chosen, value)) for value in FRONTENDS]


@lru_cache(maxsize=512)
def _stack_of(genome_yaml: str) -> tuple[str, str] | None:
    try:
        data = yaml.safe_load(genome_yaml)
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict):
        return None
    stack = data.get("stack") if isinstance(data.get("stack"), dict) else {}
    backend, frontend = stack.get("backend", "flask"), stack.get("frontend", "nextjs")
    if backend not in BACKENDS or frontend not in FRONTENDS:
        return None
    return backend, frontend


def stack_label_of(genome_yaml: str | None) -> str | None:
    """The stack a genome (e.g. a generation's snapshot) holds, in words; None if unreadable.

    Defaults are the genome format's (flask, nextjs), so a genome without `stack` says so.
    """
    found = _stack_of(genome_yaml) if genome_yaml else None
    return stack_label(*found) if found else None


def review_of(text: str | None) -> Review:
    """The genome of `text` for the review page, or its problems with their lines."""
    if not text:
        return Review(genome=None, message="No genome yet: draft one or paste it below.")
    try:
        checked = genome_service.check(text)
    except ApiError as error:
        return Review(genome=None, problems=list(error.details or []), message=error.message)
    try:
        genome_service.check_generatable(checked)
    except ApiError as error:
        return Review(
            genome=checked.genome, problems=list(error.details or []), message=error.message
        )
    return Review(genome=checked.genome)


def check_stack_choice(form) -> None:
    """422 when the form picks a stack this generator cannot produce yet."""
    for key, available in AVAILABLE.items():
        chosen = form.get(key) or available[0]
        if chosen not in available:
            raise ApiError(
                422,
                "unsupported_stack",
                f"The {chosen} {key} is coming soon; this version generates "
                f"{' and '.join(available)}. Choose {available[0]} to continue.",
                [{"path": f"stack.{key}", "code": "unsupported_stack", "message": "coming soon"}],
            )


def requirements_genome(form) -> str | None:
    """The genome of the requirements form: the pasted YAML, else a draft of the description."""
    check_stack_choice(form)
    pasted = (form.get("genome_yaml") or "").strip()
    if pasted:
        return pasted + "\n"
    description = (form.get("description") or "").strip()
    if not description:
        return None
    drafted = genome_service.draft(
        description,
        name=form.get("name") or None,
        stack={
            "backend": form.get("backend", "flask"),
            "frontend": form.get("frontend", FRONTENDS[0]),
        },
        tenancy=form.get("tenancy") or None,
        features=explicit_features(form),
    )
    return drafted["genome_yaml"]


def explicit_features(form: dict) -> dict:
    """The features the user chose on the form; `auto` (or nothing) leaves them to the text."""
    chosen: dict = {}
    for key in ("billing", "async_jobs"):
        value = (form.get(key) or "auto").strip().lower()
        if value in ("on", "1", "true", "yes"):
            chosen[key] = True
        elif value in ("off", "0", "false", "no"):
            chosen[key] = False
    email = (form.get("email_provider") or "auto").strip().lower()
    if email in EMAIL_PROVIDERS:
        chosen["email"] = email
    return chosen


def problems_by_line(text: str, problems: list[dict]) -> list[tuple[int, str, list[dict]]]:
    """Each line of `text` with the problems that sit on it (document-wide ones on line 1)."""
    lines = text.splitlines() or [""]
    found: dict[int, list[dict]] = {}
    for problem in problems:
        line = problem.get("line") or 1
        found.setdefault(min(max(line, 1), len(lines)), []).append(problem)
    return [(number, line, found.get(number, [])) for number, line in enumerate(lines, 1)]


@dataclass(frozen=True)
class GenerateState:
    """Whether Generate is available on a project, and if not, why (in words)."""

    allowed: bool
    reason: str | None = None
    reuses: bool = False  # an identical earlier zip is reused, spending no quota
    needs_pro: bool = False


def generate_state(workspace, project: Project, view: PlanView) -> GenerateState:
    if not project.genome_yaml:
        return GenerateState(False, "This project has no genome yet: draft one on its review page.")
    previous = genome_versions.latest_generated(project)
    try:
        checked = genome_service.check(project.genome_yaml)
        genome_service.check_generatable(checked)
        genome_versions.check_evolution(checked, previous)
    except ApiError as error:
        return GenerateState(False, f"Fix the genome on the review page first: {error.message}")
    plan = view.plan
    if len(checked.genome.entities) > plan.max_entities:
        return GenerateState(
            False,
            f"This genome has {len(checked.genome.entities)} entities; the {plan.title} plan "
            f"allows {plan.max_entities}.",
            needs_pro=True,
        )
    for feature, label in PRO_FEATURES.items():
        if getattr(checked.genome.features, feature) and not view.offers(feature):
            return GenerateState(
                False,
                f"{label} is a Pro feature and this workspace is on {plan.title}: turn it off "
                "on the review page, or upgrade.",
                needs_pro=True,
            )
    newest = genome_versions.newest_of(project)
    earlier = generation_rules.earlier_artifact(
        workspace,
        genome_service.sha256_of(checked),
        genome_service.generator_version(),
        project_id=project.id,
        lineage=genome_versions.lineage_after(previous, newest.number if newest else None),
    )
    if earlier is not None:
        return GenerateState(True, reuses=True)
    meter = view.meter("generations_this_month")
    if meter.full:
        return GenerateState(
            False,
            f"All {meter.limit} generations of the {plan.title} plan are used this month "
            f"(counted over every free workspace the owner owns). More on "
            f"{view.next_month.strftime('%B %-d')}, or upgrade.",
            needs_pro=True,
        )
    return GenerateState(True)


MAX_EDITOR_YAML = 200_000
ALIAS = re.compile(r"(^|[\s\[{,:-])[&*][^\s,\]}]", re.M)


def convert(body: dict) -> dict:
    """{"genome_yaml"} -> its data; {"model"} -> its YAML; both with problems and diagram."""
    if "model" in body:
        if not isinstance(body["model"], dict):
            raise ApiError(422, "validation_error", "model must be an object.", [])
        text = yaml.safe_dump(body["model"], sort_keys=False, allow_unicode=True, width=100)
        model = body["model"]
    else:
        text = body.get("genome_yaml")
        if not isinstance(text, str) or len(text) > MAX_EDITOR_YAML:
            raise ApiError(
                422,
                "validation_error",
                "genome_yaml must be text of at most 200,000 characters.",
                [],
            )
        try:
            # Anchors and aliases (and so alias bombs) are left to the validator alone.
            model = None if ALIAS.search(text) else yaml.safe_load(text)
        except yaml.YAMLError:
            model = None
        if not isinstance(model, dict):
            model = None
    found = review_of(text)
    return {
        "genome_yaml": text,
        "model": model,
        "problems": found.problems,
        "message": found.message,
        "svg": found.diagram(),
    }
