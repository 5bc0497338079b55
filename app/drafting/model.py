"""Draft a genome with a language model behind an OpenAI-compatible chat completions API.

Optional (DRAFTER=model); the rules drafter stays the default. The request carries the
genome's JSON Schema as structured output; the answer goes through the genome validator,
its problems are sent back once for a repair, and any failure (HTTP error, timeout, an
answer that is not JSON or is too large, still invalid after the repair) falls back to the
rules drafter with a note saying why. The API key travels only in the Authorization header:
no note, error or log line carries it.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass

import requests

from app.drafting import draft as rules
from app.genome.schema import FEATURES, TOP_LEVEL, json_schema
from app.genome.validate import validate

log = logging.getLogger(__name__)
# The genome text limit (genome_parse.MAX_BYTES) plus room for the chat completion around it.
MAX_ANSWER_BYTES = 1_100_000
SHOWN_PROBLEMS = 40  # problems sent back for the repair; a longer list is cut with a count
SCHEMA_NAME = "helix_genome"
SYSTEM_PROMPT = """\
You turn a product description into a Helix genome: one JSON object, format 1, that a
code generator reads. Answer with the genome only, matching the JSON Schema given.

- "genome": 1; "name": the product's name; omit "description" (it is added for you).
- "entities": the things the product keeps. Name: PascalCase singular (LineItem).
  Never make an entity of a number, a count, a date, a time, a price, an amount, a
  rating or a URL: those are fields. People who log in (owners, staff, agents) are the
  built-in User (relation target "User"), unless the text keeps records about them.
  User, Role, Workspace, Organization, Membership, Invitation and Subscription are
  built in: never declare them.
- "fields": a mapping of snake_case name to spec. Types: string, text, integer, bigint,
  float, decimal (money: precision 12, scale 2), boolean, date, datetime, time, email,
  url, uuid, json, enum (with "values": snake_case strings). A list of states becomes an
  enum; "paid or unpaid" and "yes/no" become booleans; "1-5" becomes an integer with min
  and max. Never name a field id, created_at, updated_at, workspace_id or organization_id.
- "relations": a mapping of snake_case name to {kind: many_to_one | one_to_one |
  many_to_many, target: an entity of this genome or "User", required, on_delete:
  restrict | cascade | set_null}. "X has Y" where Y is an entity: Y gets a many_to_one
  relation to X. set_null only when the relation is not required; many_to_many takes no
  "required".
- "transitions" (optional): {field: an enum field, allowed: every value -> the values it
  may move to}.
- "features": {billing, async_jobs, email}: billing when the text charges money for the
  product, async_jobs when it asks for scheduled or background work (then "jobs": each
  {name, description, schedule: 5-field cron, entity}).
"""


class ModelDraftError(Exception):
    """The model's draft cannot be used; `reason` says why, for a person, without secrets."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ModelSettings:
    """Where the model is and how long to wait for it (DRAFT_MODEL_* settings)."""

    api_base: str
    api_key: str
    model: str
    timeout_seconds: float

    def __repr__(self) -> str:  # the key stays out of any repr that reaches a log
        return f"ModelSettings(api_base={self.api_base!r}, model={self.model!r})"

    @classmethod
    def from_config(cls, config: Mapping[str, object]) -> ModelSettings | None:
        """The model drafter's settings when DRAFTER is model, else None (the rules drafter)."""
        if str(config.get("DRAFTER", "rules")) != "model":
            return None
        return cls(
            api_base=str(config.get("DRAFT_MODEL_API_BASE", "")).rstrip("/"),
            api_key=str(config.get("DRAFT_MODEL_API_KEY", "")),
            model=str(config.get("DRAFT_MODEL_NAME", "")),
            timeout_seconds=float(str(config.get("DRAFT_MODEL_TIMEOUT_SECONDS", 30))),
        )


def draft(
    description: str,
    model: ModelSettings,
    *,
    name: str | None = None,
    stack: dict | None = None,
    tenancy: str | None = None,
    features: dict | None = None,
) -> rules.Draft:
    """A draft by the model, or by the rules drafter (with the reason) when the model fails.

    Raises DraftError, like the rules drafter, when the description is over the limit.
    """
    options = {"name": name, "stack": stack, "tenancy": tenancy, "features": features}
    text = description if isinstance(description, str) else ""
    if len(text) > rules.MAX_CHARS:
        return rules.draft(text, **options)  # raises DraftError naming the limit
    text = text.replace("\x00", " ").strip()
    try:
        return _model_draft(text, model, options)
    except ModelDraftError as failure:
        log.warning("model drafter fell back to the rules drafter: %s", failure.reason)
        fallback = rules.draft(text, **options)
        note = (
            f"drafted by the rules drafter: the language model's draft could not be used "
            f"({failure.reason})"
        )
        return rules.Draft(
            genome=fallback.genome,
            notes=(note, *fallback.notes),
            detected=fallback.detected,
            drafter="rules",
        )


def _model_draft(text: str, model: ModelSettings, options: dict) -> rules.Draft:
    client = _ChatClient(model)
    messages = [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": f"Product description:\n\n{text or '(empty)'}"},
    ]
    answer = client.complete(messages)
    genome, detected = _with_choices(_json_object(answer), text, options)
    problems = validate(genome)
    notes = [f"drafted by the language model {model.model}"]
    if problems:
        messages += [
            {"role": "assistant", "content": answer},
            {"role": "user", "content": repair_request(problems)},
        ]
        answer = client.complete(messages)
        genome, detected = _with_choices(_json_object(answer), text, options)
        still = validate(genome)
        if still:
            raise ModelDraftError(
                f"its answer still had {len(still)} problem{'s' if len(still) != 1 else ''} "
                f"after one repair, first: {still[0]}"
            )
        notes.append(
            f"the model's first answer had {len(problems)} "
            f"problem{'s' if len(problems) != 1 else ''}; it repaired them when they were "
            "sent back"
        )
    return rules.Draft(genome=genome, notes=tuple(notes), detected=detected, drafter="model")


def repair_request(problems: list) -> str:
    """The follow-up message: every problem (path: code: message), and what to answer."""
    lines = [str(problem) for problem in problems[:SHOWN_PROBLEMS]]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(f"... and {len(problems) - SHOWN_PROBLEMS} more")
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    return (
        f"The genome validator found {count} in your answer:\n"
        + "\n".join(f"- {line}" for line in lines)
        + "\nAnswer with the whole corrected genome as one JSON object."
    )


def _json_object(answer: str) -> dict:
    try:
        data = json.loads(answer)
    except (ValueError, RecursionError):
        raise ModelDraftError("its answer was not JSON") from None
    if not isinstance(data, dict):
        raise ModelDraftError("its answer was JSON but not an object")
    return data


def _with_choices(data: dict, text: str, options: dict) -> tuple[dict, dict]:
    """The model's genome with the description and the caller's explicit choices applied,
    and the features the model read from the text (before those choices)."""
    genome = dict(data)
    if text:
        genome["description"] = text
    name = (options.get("name") or "").strip()[:80]
    if name:
        genome["name"] = name
        genome.pop("slug", None)  # derived from the name the caller gave
    if options.get("stack"):
        own = genome.get("stack") if isinstance(genome.get("stack"), dict) else {}
        genome["stack"] = {**own, **options["stack"]}
    if options.get("tenancy"):
        genome["tenancy"] = options["tenancy"]
    read = genome.get("features") if isinstance(genome.get("features"), dict) else {}
    detected = {
        key: read[key] if _valid_choice(opt, read.get(key)) else opt.default
        for key, opt in FEATURES.items()
    }
    if options.get("features"):
        genome["features"] = {**read, **options["features"]}
        if not genome["features"].get("async_jobs"):
            genome.pop("jobs", None)  # the caller turned jobs off
    ordered = {key: genome[key] for key in TOP_LEVEL if key in genome}
    ordered.update((key, value) for key, value in genome.items() if key not in ordered)
    return ordered, detected


def _valid_choice(opt, value: object) -> bool:
    if opt.kind == "bool":
        return isinstance(value, bool)
    return value in opt.choices


class _ChatClient:
    """POST /chat/completions with the genome schema as structured output, within one
    deadline for the whole draft (first answer and repair together)."""

    def __init__(self, model: ModelSettings):
        self.model = model
        self.deadline = time.monotonic() + model.timeout_seconds

    def complete(self, messages: list[dict]) -> str:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise ModelDraftError(self._late())
        body = {
            "model": self.model.model,
            "messages": messages,
            "temperature": 0,
            "response_format": {
                "type": "json_schema",
                # not strict: OpenAI's strict mode cannot express the genome's mappings of
                # field names (propertyNames, schema-valued additionalProperties) or oneOf
                "json_schema": {"name": SCHEMA_NAME, "schema": json_schema(), "strict": False},
            },
        }
        headers = {"Accept": "application/json"}
        if self.model.api_key:
            headers["Authorization"] = f"Bearer {self.model.api_key}"
        try:
            with requests.post(
                f"{self.model.api_base}/chat/completions",
                json=body,
                headers=headers,
                timeout=(min(left, 10.0), left),
                stream=True,
                allow_redirects=False,
            ) as response:
                if response.status_code != 200:
                    raise ModelDraftError(f"the model API answered HTTP {response.status_code}")
                raw = self._read(response)
        except requests.Timeout:
            raise ModelDraftError(self._late()) from None
        except requests.RequestException as error:
            if time.monotonic() >= self.deadline:  # a stall while reading the body
                raise ModelDraftError(self._late()) from None
            raise ModelDraftError(
                f"the model API could not be reached ({type(error).__name__})"
            ) from None
        return _content(raw)

    def _read(self, response: requests.Response) -> bytes:
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > MAX_ANSWER_BYTES:
            raise ModelDraftError(f"its answer was over {MAX_ANSWER_BYTES:,} bytes")
        chunks, size = [], 0
        for chunk in response.iter_content(chunk_size=65536):
            size += len(chunk)
            if size > MAX_ANSWER_BYTES:
                raise ModelDraftError(f"its answer was over {MAX_ANSWER_BYTES:,} bytes")
            if time.monotonic() > self.deadline:
                raise ModelDraftError(self._late())
            chunks.append(chunk)
        return b"".join(chunks)

    def _late(self) -> str:
        return f"no answer within DRAFT_MODEL_TIMEOUT_SECONDS ({self.model.timeout_seconds:g} s)"


def _content(raw: bytes) -> str:
    """The message content of a chat completion; failures for anything else."""
    try:
        completion = json.loads(raw)
    except (ValueError, RecursionError):
        raise ModelDraftError("the model API's answer was not JSON") from None
    try:
        choice = completion["choices"][0]
        message = choice["message"]
    except (KeyError, IndexError, TypeError):
        raise ModelDraftError("the model API's answer was not a chat completion") from None
    if not isinstance(message, dict):
        raise ModelDraftError("the model API's answer was not a chat completion")
    if message.get("refusal"):
        raise ModelDraftError("the model refused to answer")
    if choice.get("finish_reason") == "length":
        raise ModelDraftError("its answer was cut off at the model's length limit")
    content = message.get("content")
    if not isinstance(content, str) or not content.strip():
        raise ModelDraftError("its answer had no content")
    return content
