"""The negotiation domain, in the words of PRODUCT.md.

Models hold data and invariants only; writes go through `services`, reads
through `selectors`.
"""
import uuid
from functools import reduce

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone


class _LabelledByValue(type(models.TextChoices)):
    def __new__(metacls, classname, bases, classdict, **kwds):
        for name in classdict._member_names:
            value = classdict[name]
            if isinstance(value, str):
                dict.__setitem__(classdict, name, (value, value))  # as Django's own metaclass does
        return super().__new__(metacls, classname, bases, classdict, **kwds)


class Choices(models.TextChoices, metaclass=_LabelledByValue):
    """Text choices shown as their value unless a label is given: `AUTO = "auto"`, and
    `SKIPPED = "skipped", "skipped (not extracted)"` (Django's default label is the name, title-cased)."""


class Stance(Choices):
    DEMANDS = "demands"
    SUPPORTS = "supports"
    OPEN = "open"
    REJECTS = "rejects"


class NaturalKeyManager(models.Manager):
    """Finds a row by the values of its model's `natural_key_fields`, as fixtures and codebooks name it."""

    def get_by_natural_key(self, *key):
        return self.get(**dict(zip(self.model.natural_key_fields, key, strict=True)))


class NaturallyKeyed(models.Model):
    """A row that fixtures and codebooks name by `natural_key_fields`, not by its id (`a__b` follows a link)."""

    natural_key_fields: tuple[str, ...] = ()

    objects = NaturalKeyManager()

    class Meta:
        abstract = True

    def natural_key(self):
        return tuple(reduce(getattr, field.split("__"), self) for field in self.natural_key_fields)


class NegotiationPart(NaturallyKeyed):
    """A row named by a slug unique within its negotiation (issues, rounds)."""

    natural_key_fields = ("negotiation__slug", "slug")

    class Meta:
        abstract = True

    def natural_key(self):
        return super().natural_key()

    natural_key.dependencies = ["positions.negotiation"]  # loaded after the negotiations they name


class Party(NaturallyKeyed):
    """A state or organisation. Aliases and adjectives let extraction recognise it in text."""

    natural_key_fields = ("code",)

    code = models.CharField(
        max_length=16, unique=True, help_text="Short code, e.g. AL, BV, LEAGUE.",
        # it is part of the pages' and the API's addresses
        validators=[RegexValidator(r"^[^/\s\x00-\x1f\x7f]+\Z", "A code has no slash, space or control character.")],
    )
    name = models.CharField(max_length=200)
    aliases = models.JSONField(
        default=list, blank=True, help_text='Other names in text, e.g. ["Marensk", "the Aldorian government"].'
    )
    adjectives = models.JSONField(
        default=list,
        blank=True,
        help_text='Words that tie a role to this party, e.g. ["Aldorian"] for "Aldorian Deputy Foreign Minister".',
    )

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "parties"

    def __str__(self):
        return f"{self.code} · {self.name}"


def new_context_token() -> str:
    return uuid.uuid4().hex


class Negotiation(NaturallyKeyed):
    natural_key_fields = ("slug",)

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    parties = models.ManyToManyField(Party, related_name="negotiations", blank=True)
    active = models.BooleanField(default=True, help_text="Inactive negotiations get no new statements.")
    # Re-linking its statements after an issue changed (written by services.negotiation_relink_mark only).
    relink_state = models.CharField(
        max_length=10, blank=True, choices=[(s, s) for s in ("queued", "running", "done", "failed")],
        help_text="Linking the statements again after an issue or its cues changed.",
    )
    relink_started_at = models.DateTimeField(null=True, blank=True)
    relink_finished_at = models.DateTimeField(null=True, blank=True)
    relink_note = models.CharField(max_length=300, blank=True)
    # Changes whenever what extraction reads of the negotiation changes (its name, parties, people, issues,
    # rounds), so workers keep their copy while it stays the same (written by services.negotiations_touch only).
    context_token = models.CharField(max_length=32, default=new_context_token, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Person(NaturallyKeyed):
    """Someone who speaks for a party, or for none (commentators)."""

    natural_key_fields = ("name",)

    name = models.CharField(max_length=200, unique=True)
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.SET_NULL, related_name="people")
    role = models.CharField(max_length=300, blank=True)
    aliases = models.JSONField(default=list, blank=True, help_text='Other spellings, e.g. ["Yevgeny Petrov", "Petrov"].')
    reviewed = models.BooleanField(
        default=True, help_text="Unchecked for people the pipeline found on its own: an editor should look."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["reviewed", "name"])]

    def __str__(self):
        return self.name


class Issue(NegotiationPart):
    """A demand put forward by its owner party; the others' stances are their responses."""

    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="issues")
    slug = models.SlugField(max_length=100)
    title = models.CharField(max_length=300)
    description = models.TextField(
        blank=True,
        help_text="What the demand is. It may also say what counts as each stance, a clause each: "
        "'Offers of a review are open; refusing any expiry rejects it; unions calling for it support it.'",
    )
    owner = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="owned_issues")
    cues = models.JSONField(
        default=list,
        blank=True,
        help_text="Phrases that signal this demand in a statement (case-insensitive). "
        "Extend them when the pipeline misses a way of saying it.",
    )
    position = models.PositiveIntegerField(default=0, help_text="Order in matrices and lists.")

    class Meta:
        ordering = ["negotiation", "position", "slug"]
        constraints = [models.UniqueConstraint(fields=["negotiation", "slug"], name="issue_slug_unique_per_negotiation")]

    def __str__(self):
        return self.title


# The one order of a negotiation's rounds (after the negotiation): by date, then slug for
# rounds on the same day. Position derivation, pins, the selectors and the pages all use it.
ROUND_ORDER = ("date", "slug")


def round_key(rnd: "Round") -> tuple:
    """`rnd`'s place in ROUND_ORDER, for comparing rounds already loaded."""
    return (rnd.date, rnd.slug)


class Round(NegotiationPart):
    """A dated step of a negotiation: a meeting, a published draft, a written reply."""

    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="rounds")
    slug = models.SlugField(max_length=100)
    date = models.DateField()
    name = models.CharField(max_length=200)
    venue = models.CharField(max_length=200, blank=True)
    parties = models.ManyToManyField(Party, related_name="rounds", blank=True)

    class Meta:
        ordering = ["negotiation", *ROUND_ORDER]
        constraints = [models.UniqueConstraint(fields=["negotiation", "slug"], name="round_slug_unique_per_negotiation")]
        indexes = [models.Index(fields=["negotiation", "date"])]

    def __str__(self):
        return f"{self.date} {self.name}"


class Statement(models.Model):
    """An attributed claim found in an article, with its place in the text."""

    class Kind(Choices):
        DIRECT = "direct", "direct quote"
        REPORTED = "reported", "reported speech"

    class Status(Choices):
        AUTO = "auto"
        CONFIRMED = "confirmed"
        REJECTED = "rejected"

    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="statements")
    article = models.ForeignKey("ingest.Article", on_delete=models.CASCADE, related_name="statements")
    text = models.TextField()
    start = models.PositiveIntegerField(help_text="Character offset of the text in the article.")
    end = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REPORTED)
    speaker = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements")
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements")
    stated_on = models.DateField(null=True, blank=True, help_text="The day it was said, when the text tells.")
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements")
    confidence = models.FloatField(default=0.5)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.AUTO)
    attribution = models.CharField(
        max_length=300, blank=True, help_text="Why the speaker was chosen (the cue the pipeline used)."
    )
    counted = models.BooleanField(
        default=True,
        help_text="Counts towards positions: false when rejected or when its article is a syndicated duplicate.",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article_id", "start"]
        indexes = [
            models.Index(fields=["negotiation", "status"]),
            models.Index(fields=["article", "start"]),
            models.Index(fields=["party", "stated_on"]),
            models.Index(fields=["speaker", "stated_on"]),
            models.Index(fields=["round", "status"]),
            models.Index(fields=["stated_on", "id"]),
            models.Index(fields=["status", "id"]),
            # The API's order (selectors.STATEMENT_ORDER) has its index in migration 0004, written per
            # database: "NULLS LAST" is PostgreSQL's; SQLite puts NULLs last in a DESC index anyway.
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="statement_span_ordered"),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def effective_date(self):
        """The day used to order statements: when it was said, else when it was published."""
        return effective_day(self.stated_on, self.article.published)


def effective_day(stated_on, published):
    """The one day rule: a statement counts from the day it was said, else the day its article was published."""
    return stated_on or published


def statement_seq(article_id: int, start: int) -> int:
    """A sortable key for a statement's place: its article first, then its offset in the article."""
    return article_id * 2**24 + min(start, 2**24 - 1)


class StatementLink(models.Model):
    """A statement speaks to an issue with a stance; `reason` says why the pipeline thought so."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="links")
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="links")
    stance = models.CharField(max_length=10, choices=Stance.choices)
    confidence = models.FloatField(default=0.5)
    reason = models.CharField(max_length=300, blank=True)
    # Copied from the statement by one writer, services.statement_fill_copies (never edited by hand),
    # so that deriving one party's position on one issue is an index range scan at any size.
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    counted = models.BooleanField(default=True)
    day = models.DateField(null=True, blank=True)
    seq = models.BigIntegerField(
        default=0, help_text="Article, then place in it: orders one day's statements whatever order articles were processed in."
    )

    class Meta:
        ordering = ["statement_id", "issue__position", "issue_id"]
        constraints = [models.UniqueConstraint(fields=["statement", "issue"], name="one_link_per_statement_and_issue")]
        indexes = [
            models.Index(fields=["issue", "stance"]),
            # The stance too (PostgreSQL; SQLite has no INCLUDE), so that a refresh's newest links per round are
            # read from the index alone (services._latest_links_of).
            models.Index(
                fields=["issue", "party", "counted", "round", "-day", "-seq", "-statement"], name="link_position_order",
                include=["stance"],
            ),
        ]

    def __str__(self):
        return f"{self.issue.slug}: {self.stance}"


class PositionPin(models.Model):
    """An editor's ruling: from this round on, this party holds this stance (or none)."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="pins")
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="pins")
    from_round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="pins")
    stance = models.CharField(
        max_length=10, choices=Stance.choices, blank=True, help_text="Leave empty to clear the position."
    )
    note = models.TextField(blank=True)
    evidence = models.ManyToManyField(Statement, blank=True, related_name="pins")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["issue", "party", "from_round__date"]
        constraints = [
            models.UniqueConstraint(fields=["party", "issue", "from_round"], name="one_pin_per_party_issue_round")
        ]

    def __str__(self):
        return f"{self.party.code} on {self.issue.slug} from {self.from_round.slug}: {self.stance or 'cleared'}"


class PendingPair(models.Model):
    """A (party, issue) pair whose stored positions wait to be derived again.

    Written and taken only by `services.positions_refresh_pairs`: a run marks its pairs here, then derives the
    pending pairs of the issues no other run is deriving; a run that holds an issue takes what was marked
    for it meanwhile before it stops. So workers never wait for each other's refresh, and none is lost.
    """

    # No unique constraint: an insert of a pair another run is taking would wait for that run to finish.
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="+")
    # The round from which the pair's links changed, when the run knew it (the pipeline's own links): the
    # rounds before it keep their rows. None (or the round deleted meanwhile): every round is derived.
    since_round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")


class Position(models.Model):
    """A party's stance on an issue as of a round, stored (one row per round where it holds).

    Written only by `services.positions_refresh_pairs` / `positions_rederive`, so that reading positions and
    changes is a handful of indexed queries at any size.
    """

    class Source(Choices):
        DERIVED = "derived"
        PINNED = "pinned"

    negotiation = models.ForeignKey(Negotiation, on_delete=models.CASCADE, related_name="positions")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="positions")
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="positions")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="positions")
    stance = models.CharField(max_length=10, choices=Stance.choices)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.DERIVED)
    since_round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    evidence = models.JSONField(default=list, help_text="Statement ids behind the stance, newest first.")
    pin = models.ForeignKey(PositionPin, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["round__date", "party__code", "issue__position", "issue__slug"]
        constraints = [
            models.UniqueConstraint(fields=["party", "issue", "round"], name="one_position_per_party_issue_round")
        ]
        indexes = [models.Index(fields=["negotiation", "round"]), models.Index(fields=["party", "issue"])]

    def __str__(self):
        return f"{self.party.code} {self.stance} {self.issue.slug} @ {self.round.slug}"
