"""Word lists the drafter reads English product prose with.

They describe English (determiners, verbs, units, type cues), never one product.
"""

from __future__ import annotations

import keyword

DETERMINERS = frozenset(
    "a an the each every one our their its his her your my all any some this that these those "
    "both either another".split()
)
# Adjectives that say nothing about what a thing is ("each new ticket").
FILLER_ADJECTIVES = frozenset(
    "new existing own single given particular specific individual current separate "
    "optional required mandatory unique short long".split()
)
PRONOUNS = frozenset("we you they i it he she everyone anyone someone people".split())
PREPOSITIONS = frozenset(
    "to into in on at for from by with without about against under over of per through "
    "within between across after before during via like as than toward towards onto upon".split()
)
RELATIVES = frozenset("which that who whom whose where when while because if so but".split())
MODALS = frozenset("can could may might must should will would shall".split())
# Verbs that end a subject wherever they stand.
STRONG_VERBS = frozenset(
    "is are was were has have had can could may might must should will would shall "
    "belongs belong does do needs need gets get".split()
)
# Third-person verbs common in product prose; they may also be plural nouns ("records").
VERBS_3S = frozenset(
    "stores records keeps holds contains includes lists takes tracks references links uses "
    "requires shows describes captures logs lets allows covers carries receives sends goes "
    "runs starts ends happens occurs lasts costs consists comes gives owns manages sells offers "
    "provides supports follows points refers saves registers assigns creates schedules books "
    "publishes writes opens places submits pays rents buys reviews rates joins attends "
    "organizes organises groups collects tags labels notes sits lives works serves teaches "
    "belongs covers visits orders requests approves hosts plays leads drives handles emails "
    "notifies reminds texts alerts charges bills invoices generates exports imports".split()
)
# Verbs whose objects are the subject's own data ("a ticket has ...").
HAS_VERBS = frozenset(
    "has have had store stores record records keep keeps hold holds contain contains include "
    "includes list lists track tracks capture captures carry carries save saves "
    "".split()
)
# Participles that, after is/are, tie the subject to the object of their preposition.
LINK_PARTICIPLES = frozenset(
    "assigned linked attached tied connected related grouped organized organised sorted filed "
    "categorized categorised placed owned created written made given held located based kept "
    "stored recorded listed booked scheduled associated allocated scoped published posted "
    "submitted raised logged opened authored managed run taught led driven handled".split()
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
    "night day morning evening afternoon week month year hour minute weekend monday tuesday "
    "wednesday thursday friday saturday sunday quarter".split()
)
TIME_ADVERBS = frozenset("nightly daily weekly monthly hourly yearly then later finally also".split())
PHRASAL_PARTICLES = frozenset("up in out off down".split())
# Subjects that stand for the product or its users at large; their verbs declare entities.
GENERIC_SUBJECTS = frozenset(
    "we you they i it user users app application platform software system website portal".split()
)
# Nouns that name people, used when a noun is only ever an actor or an assignee.
PERSON_WORDS = frozenset(
    "user agent staff admin administrator owner manager employee assignee reviewer approver "
    "operator editor moderator creator worker volunteer coach trainer instructor teacher tutor "
    "host organizer organiser dispatcher technician cook chef visitor guest viewer reader "
    "writer seller buyer requester reporter".split()
)

DURATION_UNITS = frozenset(
    "second seconds minute minutes min mins hour hours hr hrs day days week weeks month months "
    "year years".split()
)
FLOAT_UNITS = frozenset(
    "kilogram kilograms kg kgs gram grams g pound pounds lb lbs ton tons tonne tonnes ounce "
    "ounces kilometer kilometers kilometre kilometres km kms mile miles meter meters metre "
    "metres m centimeter centimeters cm millimeter millimeters mm liter liters litre litres "
    "l ml degrees celsius fahrenheit percent feet foot inch inches".split()
)
MONEY_UNITS = frozenset(
    "dollars dollar euros euro usd eur gbp cents yen francs rupees pesos currency".split()
)
MONEY_WORDS = frozenset(
    "price amount cost fee fees total subtotal salary budget balance revenue wage wages payment "
    "deposit tax rent fare charge refund tip income expense expenses value".split()
)
INTEGER_WORDS = frozenset(
    "count quantity qty capacity stock seats copies pages year age duration attempts views "
    "visits likes votes position rank level floor floors rooms beds guests size".split()
)
FLOAT_WORDS = frozenset(
    "weight distance length height width depth latitude longitude lat lng lon temperature "
    "speed rating score percentage percent ratio area volume mileage altitude".split()
)
TEXT_WORDS = frozenset(
    "description notes note body text content bio biography summary comment comments "
    "instructions details message remarks abstract story transcript feedback reason "
    "explanation answer markdown html review".split()
)
URL_WORDS = frozenset("url website link homepage uri webpage".split())
DATE_WORDS = frozenset("date birthday deadline dob birthdate".split())
FLAG_WORDS = frozenset(
    "active archived enabled disabled verified published public private featured visible "
    "hidden approved paid completed deleted blocked confirmed flagged pinned locked".split()
)
NAMED_HOURS = frozenset("opening business office working visiting".split())
TIME_OF_DAY = frozenset("opening closing".split())
ABBREVIATIONS = {"maximum": "max", "minimum": "min", "e-mail": "email", "mail": "email"}

BUILT_IN_ENTITIES = frozenset(
    "User Role Workspace Organization Membership Invitation Subscription".split()
)
RESERVED_NAMES = (
    frozenset(keyword.kwlist)
    | frozenset({"match", "case", "_"})
    | frozenset(
        "id workspace_id organization_id created_at updated_at metadata query registry fields "
        "query_class opts dump load validate context partial".split()
    )
)
