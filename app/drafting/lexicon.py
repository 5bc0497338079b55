"""Word lists the drafter reads English product prose with.

They describe English (determiners, verbs, units, type cues), never one product.
"""

from __future__ import annotations

import keyword

from app.genome.generated_files import taken_entity_snakes
from app.genome.validate import CODE_ENTITY_NAMES, CODE_NAMES

DETERMINERS = frozenset(
    [
        "a",
        "an",
        "the",
        "each",
        "every",
        "one",
        "our",
        "their",
        "its",
        "his",
        "her",
        "your",
        "my",
        "all",
        "any",
        "some",
        "this",
        "that",
        "these",
        "those",
        "both",
        "either",
        "another",
    ]
)
# Adjectives that say nothing about what a thing is ("each new ticket").
FILLER_ADJECTIVES = frozenset(
    [
        "new",
        "existing",
        "own",
        "single",
        "given",
        "particular",
        "specific",
        "individual",
        "current",
        "separate",
        "optional",
        "required",
        "mandatory",
        "unique",
        "short",
        "long",
    ]
)
PRONOUNS = frozenset(
    ["we", "you", "they", "i", "it", "he", "she", "everyone", "anyone", "someone", "people"]
)
# Pronouns only ever objects (`customers call us`): never a thing the product keeps.
OBJECT_PRONOUNS = frozenset(["us", "them", "me", "him", "her", "it", "you"])
# Pronouns that open a clause of their own (`... and we create a ticket`).
SUBJECT_PRONOUNS = frozenset(["we", "you", "they", "i", "he", "she"])
PREPOSITIONS = frozenset(
    [
        "to",
        "into",
        "in",
        "on",
        "at",
        "for",
        "from",
        "by",
        "with",
        "without",
        "about",
        "against",
        "under",
        "over",
        "of",
        "per",
        "through",
        "within",
        "between",
        "across",
        "after",
        "before",
        "during",
        "via",
        "like",
        "as",
        "than",
        "toward",
        "towards",
        "onto",
        "upon",
    ]
)
RELATIVES = frozenset(
    [
        "which",
        "that",
        "who",
        "whom",
        "whose",
        "where",
        "when",
        "while",
        "because",
        "if",
        "so",
        "but",
    ]
)
MODALS = frozenset(["can", "could", "may", "might", "must", "should", "will", "would", "shall"])
# Verbs that end a subject wherever they stand.
STRONG_VERBS = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "can",
        "could",
        "may",
        "might",
        "must",
        "should",
        "will",
        "would",
        "shall",
        "belongs",
        "belong",
        "does",
        "do",
        "needs",
        "need",
        "gets",
        "get",
    ]
)
# Verbs whose objects are the subject's own data ("a ticket has ...").
HAS_VERBS = frozenset(
    [
        "has",
        "have",
        "had",
        "store",
        "stores",
        "record",
        "records",
        "keep",
        "keeps",
        "hold",
        "holds",
        "contain",
        "contains",
        "include",
        "includes",
        "list",
        "lists",
        "track",
        "tracks",
        "capture",
        "captures",
        "carry",
        "carries",
        "save",
        "saves",
    ]
)
# Participles that, after is/are, tie the subject to the object of their preposition.
LINK_PARTICIPLES = frozenset(
    [
        "assigned",
        "linked",
        "attached",
        "tied",
        "connected",
        "related",
        "grouped",
        "organized",
        "organised",
        "sorted",
        "filed",
        "categorized",
        "categorised",
        "placed",
        "owned",
        "created",
        "written",
        "made",
        "given",
        "held",
        "located",
        "based",
        "kept",
        "stored",
        "recorded",
        "listed",
        "booked",
        "scheduled",
        "associated",
        "allocated",
        "scoped",
        "published",
        "posted",
        "submitted",
        "raised",
        "logged",
        "opened",
        "authored",
        "managed",
        "run",
        "taught",
        "led",
        "driven",
        "handled",
    ]
)
TAG_PARTICIPLES = {"tagged": "tag", "labelled": "label", "labeled": "label"}
M2M_MARKERS = (
    ("one", "or", "more"),
    ("any", "number", "of"),
    ("a", "list", "of"),
    ("list", "of"),
    ("a", "set", "of"),
    ("set", "of"),
    ("a", "collection", "of"),
    ("several",),
    ("multiple",),
    ("many",),
    ("various",),
)
# Time phrases that may open a clause ("Every night, the app ...").
TIME_WORDS = frozenset(
    [
        "night",
        "day",
        "morning",
        "evening",
        "afternoon",
        "week",
        "month",
        "year",
        "hour",
        "minute",
        "weekend",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "quarter",
    ]
)
TIME_ADVERBS = frozenset(
    [
        "nightly",
        "daily",
        "weekly",
        "monthly",
        "hourly",
        "yearly",
        "then",
        "later",
        "finally",
        "also",
    ]
)
PHRASAL_PARTICLES = frozenset(["up", "in", "out", "off", "down"])
# Subjects that stand for the product or its users at large; their verbs declare entities.
GENERIC_SUBJECTS = frozenset(
    [
        "we",
        "you",
        "they",
        "i",
        "it",
        "user",
        "users",
        "app",
        "application",
        "platform",
        "software",
        "system",
        "website",
        "portal",
        "tool",
        "something",
        "solution",
    ]
)
# Nouns that name people, used when a noun is only ever an actor or an assignee.
PERSON_WORDS = frozenset(
    [
        "user",
        "agent",
        "staff",
        "admin",
        "administrator",
        "owner",
        "manager",
        "employee",
        "assignee",
        "reviewer",
        "approver",
        "operator",
        "editor",
        "moderator",
        "creator",
        "worker",
        "volunteer",
        "coach",
        "trainer",
        "instructor",
        "teacher",
        "tutor",
        "host",
        "organizer",
        "organiser",
        "dispatcher",
        "technician",
        "cook",
        "chef",
        "visitor",
        "guest",
        "viewer",
        "reader",
        "writer",
        "seller",
        "buyer",
        "requester",
        "reporter",
    ]
)

DURATION_UNITS = frozenset(
    [
        "second",
        "seconds",
        "minute",
        "minutes",
        "min",
        "mins",
        "hour",
        "hours",
        "hr",
        "hrs",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
    ]
)
FLOAT_UNITS = frozenset(
    [
        "kilogram",
        "kilograms",
        "kg",
        "kgs",
        "gram",
        "grams",
        "g",
        "pound",
        "pounds",
        "lb",
        "lbs",
        "ton",
        "tons",
        "tonne",
        "tonnes",
        "ounce",
        "ounces",
        "kilometer",
        "kilometers",
        "kilometre",
        "kilometres",
        "km",
        "kms",
        "mile",
        "miles",
        "meter",
        "meters",
        "metre",
        "metres",
        "m",
        "centimeter",
        "centimeters",
        "cm",
        "millimeter",
        "millimeters",
        "mm",
        "liter",
        "liters",
        "litre",
        "litres",
        "l",
        "ml",
        "degrees",
        "celsius",
        "fahrenheit",
        "percent",
        "feet",
        "foot",
        "inch",
        "inches",
    ]
)
MONEY_UNITS = frozenset(
    [
        "dollars",
        "dollar",
        "euros",
        "euro",
        "usd",
        "eur",
        "gbp",
        "cents",
        "yen",
        "francs",
        "rupees",
        "pesos",
        "currency",
    ]
)
MONEY_WORDS = frozenset(
    [
        "price",
        "amount",
        "cost",
        "fee",
        "fees",
        "total",
        "subtotal",
        "salary",
        "budget",
        "balance",
        "revenue",
        "wage",
        "wages",
        "payment",
        "deposit",
        "tax",
        "rent",
        "fare",
        "charge",
        "refund",
        "tip",
        "income",
        "expense",
        "expenses",
        "value",
        "rate",
        "estimate",
    ]
)
INTEGER_WORDS = frozenset(
    [
        "count",
        "quantity",
        "qty",
        "capacity",
        "stock",
        "seats",
        "copies",
        "pages",
        "year",
        "age",
        "duration",
        "attempts",
        "views",
        "visits",
        "likes",
        "votes",
        "position",
        "rank",
        "level",
        "floor",
        "floors",
        "rooms",
        "beds",
        "guests",
        "size",
    ]
)
FLOAT_WORDS = frozenset(
    [
        "weight",
        "distance",
        "length",
        "height",
        "width",
        "depth",
        "latitude",
        "longitude",
        "lat",
        "lng",
        "lon",
        "temperature",
        "speed",
        "rating",
        "score",
        "percentage",
        "percent",
        "ratio",
        "area",
        "volume",
        "mileage",
        "altitude",
    ]
)
TEXT_WORDS = frozenset(
    [
        "description",
        "notes",
        "note",
        "body",
        "text",
        "content",
        "bio",
        "biography",
        "summary",
        "comment",
        "comments",
        "instructions",
        "details",
        "message",
        "remarks",
        "abstract",
        "story",
        "transcript",
        "feedback",
        "reason",
        "explanation",
        "answer",
        "markdown",
        "html",
        "review",
    ]
)
URL_WORDS = frozenset(["url", "website", "link", "homepage", "uri", "webpage"])
DATE_WORDS = frozenset(["date", "birthday", "deadline", "dob", "birthdate"])
FLAG_WORDS = frozenset(
    [
        "active",
        "archived",
        "enabled",
        "disabled",
        "verified",
        "published",
        "public",
        "private",
        "featured",
        "visible",
        "hidden",
        "approved",
        "paid",
        "completed",
        "deleted",
        "blocked",
        "confirmed",
        "flagged",
        "pinned",
        "locked",
    ]
)
NAMED_HOURS = frozenset(["opening", "business", "office", "working", "visiting"])
TIME_OF_DAY = frozenset(["opening", "closing"])
ABBREVIATIONS = {"maximum": "max", "minimum": "min", "e-mail": "email", "mail": "email"}

# Entity names the validator refuses: built-ins and names the generated code already uses.
BUILT_IN_ENTITIES = (
    frozenset(
        ["User", "Role", "Workspace", "Organization", "Membership", "Invitation", "Subscription"]
    )
    | CODE_ENTITY_NAMES
)
RESERVED_NAMES = (
    frozenset(keyword.kwlist)
    | frozenset({"match", "case", "_"})
    | frozenset(
        [
            "id",
            "workspace_id",
            "organization_id",
            "created_at",
            "updated_at",
            "metadata",
            "query",
            "registry",
            "fields",
            "query_class",
            "opts",
            "dump",
            "load",
            "validate",
            "context",
            "partial",
        ]
    )
    | CODE_NAMES
)
# an entity of one of these snake names would overwrite a built-in file
RESERVED_ENTITY_SNAKES = RESERVED_NAMES | frozenset(taken_entity_snakes())

# Words that, in a parenthesised list, show the list names fields rather than values.
FIELD_CUES = (
    MONEY_WORDS
    | DATE_WORDS
    | URL_WORDS
    | TEXT_WORDS
    | INTEGER_WORDS
    | FLOAT_WORDS
    | frozenset(["name", "title", "email", "phone", "address", "time", "status", "type", "at"])
)
# Heads of noun phrases that name a value (a time, an amount), never a thing of its own.
VALUE_HEADS = (
    MONEY_WORDS
    | DATE_WORDS
    | URL_WORDS
    | frozenset(
        [
            "time",
            "timestamp",
            "duration",
            "datetime",
            "rating",
            "score",
            "number",
            "count",
            "quantity",
            "status",
            "rate",
            "name",
            "email",
            "phone",
            "address",
            "size",
            "length",
            "weight",
            "percentage",
            "plan",
            "subscription",
        ]
    )
)
