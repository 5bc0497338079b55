"""Features from cues in the prose: billing, scheduled work (with its jobs), e-mail."""

from __future__ import annotations

import re

from app.drafting import lexicon as lex
from app.drafting.fields import snake
from app.drafting.text import Sentence, singularize

_BILLING = re.compile(
    r"\b(subscriptions?|subscribers?|subscribes?|subscribed)\b.{0,80}\b(pay|pays|paid|charge[sd]?"
    r"|bill(ed|s)?|fee|price|plan|plans|monthly|yearly|annual|stripe)\b"
    r"|\b(charge[sd]?|bill(ed|s)?|pay|pays)\b.{0,60}\b(subscriptions?|monthly|yearly"
    r"|per seat|per month|per year|a month|a year)\b"
    r"|\bstripe\b|\bpaid (plans?|tiers?)\b|\bbilling\b",
    re.IGNORECASE,
)
_SCHEDULES = (
    (re.compile(r"\b(nightly|every night|each night|overnight)\b", re.I), "nightly", "0 2 * * *"),
    (re.compile(r"\b(hourly|every hour|each hour)\b", re.I), "hourly", "0 * * * *"),
    (
        re.compile(
            r"\b(weekly|every week|each week|every (monday|tuesday|wednesday|thursday"
            r"|friday|saturday|sunday)|once a week)\b",
            re.I,
        ),
        "weekly",
        "0 8 * * 1",
    ),
    (
        re.compile(
            r"\b(every month|each month|once a month)\b|\bmonthly (report|digest|summar"
            r"|statement|invoice|email|export)",
            re.I,
        ),
        "monthly",
        "0 8 1 * *",
    ),
    (
        re.compile(
            r"\b(daily|every day|each day|every morning|each morning|every evening"
            r"|once a day)\b",
            re.I,
        ),
        "daily",
        "0 8 * * *",
    ),
)
_ON_DEMAND = re.compile(
    r"\b(remind\w*|in the background|background (jobs?|tasks?)|scheduled|cron)\b", re.I
)
_SENDS_MAIL = re.compile(
    r"\b(e-?mails? (to|the|them|him|her|every|each|all|a|an|their|its|users?|customers?"
    r"|members?|clients?)\b|(send|sends|sent|sending|mail|mails|emailed|notif\w+)\b.{0,40}"
    r"\b(e-?mails?|mail|newsletters?|invoices?|receipts?|digests?|reminders?|confirmations?)\b"
    r"|\b(e-?mails|e-?mailed|e-?mailing)\b|\b(reminder|notification|confirmation|welcome|alert)"
    r" e-?mails?\b|\b(receive|receives|get|gets)\b.{0,30}\be-?mails?\b|\bby e-?mail\b"
    r"|\be-?mail (notifications?|reminders?|alerts?|digests?|confirmations?))",
    re.I,
)
_PROVIDERS = ("sendgrid", "postmark")
_PRICED = re.compile(
    r"\b(?:hourly|daily|nightly|weekly|monthly|yearly|annual)\s+(?:"
    + "|".join(sorted(lex.MONEY_WORDS | {"plan", "plans", "wage", "rate", "pass", "limit"}))
    + r")\b",
    re.I,
)
_JOB_VERBS = re.compile(
    r"\b(send|sends|remind|reminds|email|emails|close|closes|archive|archives|delete|deletes"
    r"|expire|expires|generate|generates|export|exports|recalculate|recalculates|sync|syncs"
    r"|import|imports|check|checks|update|updates|mark|marks|notify|notifies|charge|charges"
    r"|compute|computes|clean|cleans|summari[sz]e|summari[sz]es|backup|backs)\b",
    re.I,
)


def detect_features(
    sentences: list[Sentence], entity_names: dict[tuple[str, ...], str]
) -> tuple[dict, list[dict], dict[str, str]]:
    """Features the text asks for, the jobs it describes, and why, per feature."""
    text = " ".join(s.text for s in sentences)
    features: dict = {}
    reasons: dict[str, str] = {}
    if _BILLING.search(text):
        features["billing"] = True
        reasons["billing"] = "the product charges its customers by subscription"
    jobs = _jobs(sentences, entity_names)
    if jobs:
        features["async_jobs"] = True
        names = ", ".join(j["name"] for j in jobs)
        reasons["async_jobs"] = f"scheduled or background work: {names}"
    if _SENDS_MAIL.search(text):
        lowered = text.lower()
        provider = next((p for p in _PROVIDERS if p in lowered), "smtp")
        features["email"] = provider
        reasons["email"] = f"the product sends e-mail (the {provider} provider)"
    return features, jobs, reasons


def _jobs(sentences: list[Sentence], entity_names: dict[tuple[str, ...], str]) -> list[dict]:
    jobs: list[dict] = []
    seen: set[str] = set()
    for sent in sentences:
        cadence, schedule = _cadence(sent.text)
        if cadence is None:
            continue
        name = _job_name(sent, cadence)
        base, k = name, 2
        while name in seen:
            name = f"{base}_{k}"[:40]
            k += 1
        seen.add(name)
        job: dict = {"name": name, "description": re.sub(r"\s+", " ", sent.text)[:300]}
        if schedule:
            job["schedule"] = schedule
        entity = _entity_in(sent, entity_names)
        if entity:
            job["entity"] = entity
        jobs.append(job)
        if len(jobs) >= 20:
            break
    return jobs


def _cadence(text: str) -> tuple[str | None, str | None]:
    text = _PRICED.sub(" ", text)  # `an hourly price` is an amount, not a schedule
    text = re.sub(r"\([^()]*\)", " ", text)  # `status (scheduled -> done)`: values, not work
    for pattern, cadence, cron in _SCHEDULES:
        if pattern.search(text):
            return cadence, cron
    match = _ON_DEMAND.search(text)
    if match:
        word = match.group(1).lower()
        if word.startswith("remind"):
            return "reminder", "0 8 * * *"
        return "background", None
    return None, None


def _job_name(sent: Sentence, cadence: str) -> str:
    match = _JOB_VERBS.search(sent.text)
    if match:
        verb = match.group(1).lower()
        verb = (
            verb[:-2]
            if verb.endswith(("ches", "shes", "ies")) is False
            and verb.endswith("es")
            and verb[:-2].endswith(("ss", "sh", "ch", "x"))
            else verb
        )
        verb = verb[:-1] if verb.endswith("s") and not verb.endswith("ss") else verb
        after = sent.text[match.end() :].lower().split()
        obj = [w for w in (re.sub(r"[^a-z]", "", w) for w in after[:4]) if w][:3]
        obj = [w for w in obj if w not in ("the", "a", "an", "all", "every", "each", "their")]
        noun = obj[0] if obj else ""
        if verb.startswith("remind"):
            return "send_reminders"
        name = snake([verb, noun]) if noun else snake([verb, cadence])
        return name or f"{cadence}_job"
    if cadence == "reminder":
        return "send_reminders"
    return f"{cadence}_job"


def _entity_in(sent: Sentence, entity_names: dict[tuple[str, ...], str]) -> str | None:
    words = [singularize(t) for t in sent.tokens]
    for k in range(len(words)):
        for size in (3, 2, 1):
            key = tuple(words[k : k + size])
            if key in entity_names:
                return entity_names[key]
    return None
