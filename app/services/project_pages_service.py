"""What the project pages show, computed once: the review of a genome and a form's draft."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.errors import ApiError
from app.generator.model import Genome
from app.services import er_diagram, genome_service

BACKENDS = ("flask", "fastapi")
FRONTENDS = ("none", "nextjs")
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


def requirements_genome(form: dict) -> str | None:
    """The genome of the requirements form: the pasted YAML, else a draft of the description."""
    pasted = (form.get("genome_yaml") or "").strip()
    if pasted:
        return pasted + "\n"
    description = (form.get("description") or "").strip()
    if not description:
        return None
    drafted = genome_service.draft(
        description,
        name=form.get("name") or None,
        stack={"backend": form.get("backend", "flask"), "frontend": form.get("frontend", "none")},
        tenancy=form.get("tenancy") or None,
        features={
            "billing": bool(form.get("billing")),
            "async_jobs": bool(form.get("async_jobs")),
            "email": form.get("email_provider") or "console",
        },
    )
    return drafted["genome_yaml"]


def problems_by_line(text: str, problems: list[dict]) -> list[tuple[int, str, list[dict]]]:
    """Each line of `text` with the problems that sit on it (document-wide ones on line 1)."""
    lines = text.splitlines() or [""]
    found: dict[int, list[dict]] = {}
    for problem in problems:
        line = problem.get("line") or 1
        found.setdefault(min(max(line, 1), len(lines)), []).append(problem)
    return [(number, line, found.get(number, [])) for number, line in enumerate(lines, 1)]
