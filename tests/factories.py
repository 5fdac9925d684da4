"""Small factories for the domain; each builds the least a test needs."""
import datetime as dt

import factory

from ingest.models import Article
from positions import services
from positions.models import Issue, Negotiation, Party, Person, PositionPin, Round, Statement, StatementLink


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"P{n}")
    name = factory.LazyAttribute(lambda o: f"Party {o.code}")


class NegotiationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Negotiation
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"talks-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").title())

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create and extracted:
            self.parties.set(extracted)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    party = factory.SubFactory(PartyFactory)


class NegotiationPartFactory(factory.django.DjangoModelFactory):
    """A row of a negotiation, named by a slug unique within it (issues, rounds): `positions.models.NegotiationPart`."""

    class Meta:
        abstract = True

    negotiation = factory.SubFactory(NegotiationFactory)


class IssueFactory(NegotiationPartFactory):
    class Meta:
        model = Issue

    slug = factory.Sequence(lambda n: f"issue-{n}")
    title = factory.LazyAttribute(lambda o: o.slug.replace("-", " "))
    owner = factory.SubFactory(PartyFactory)


class RoundFactory(NegotiationPartFactory):
    class Meta:
        model = Round

    slug = factory.Sequence(lambda n: f"round-{n}")
    date = factory.Sequence(lambda n: dt.date(2022, 1, 1) + dt.timedelta(days=7 * n))
    name = factory.LazyAttribute(lambda o: o.slug)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    url = factory.Sequence(lambda n: f"https://news.example.org/{n}")
    title = factory.Sequence(lambda n: f"Report {n}")
    published = dt.date(2022, 1, 10)
    text = "Body."
    status = Article.Status.DONE


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement

    negotiation = factory.SubFactory(NegotiationFactory)
    article = factory.SubFactory(ArticleFactory)
    text = factory.Sequence(lambda n: f"Statement number {n}.")
    start = 0
    end = factory.LazyAttribute(lambda o: len(o.text))
    party = factory.SubFactory(PartyFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """`counted` comes from the services' one writer, as for the pipeline's statements."""
        statement = model_class(*args, **kwargs)
        services.statement_fill_copies(statement, article=statement.article)
        statement.save()
        return statement


class StatementLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatementLink

    statement = factory.SubFactory(StatementFactory)
    issue = factory.SubFactory(IssueFactory)
    stance = "demands"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """The copies of the statement's party, round, day, place and `counted` come from the one writer."""
        link = model_class(*args, **kwargs)
        services.statement_fill_copies(link.statement, [link], article=link.statement.article)
        link.save()
        return link


class PositionPinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PositionPin


# --- A hand-built negotiation history (positions, changes and API tests) ----------------


class History:
    """A negotiation with weekly rounds r1..rN, parties and issues, and a `say` to add statements.

    Each `say` goes through the services' refresh, as the pipeline's writes do, so the
    stored positions are the ones the API reads.
    """

    def __init__(self, *, rounds: int = 4, parties=("AA", "BB"), issues=("alpha", "beta")):
        self.negotiation = NegotiationFactory()
        self.parties = {code: PartyFactory(code=code) for code in parties}
        self.negotiation.parties.set(self.parties.values())
        owner = next(iter(self.parties.values()))
        self.issues = {
            slug: IssueFactory(negotiation=self.negotiation, slug=slug, owner=owner, position=i)
            for i, slug in enumerate(issues)
        }
        self.rounds = [
            RoundFactory(negotiation=self.negotiation, slug=f"r{i + 1}", date=dt.date(2022, 1, 3) + dt.timedelta(days=7 * i))
            for i in range(rounds)
        ]

    def round(self, number: int) -> Round:
        return self.rounds[number - 1]

    def say(self, party: str, issue: str, stance: str, round: int, *, day: int = 0, status: str = "auto",
            duplicate_of=None, links: dict | None = None, speaker=None, article=None) -> Statement:
        """`party` says `stance` on `issue` `day` days into round `round` (links= for several issues)."""
        rnd = self.round(round)
        when = rnd.date + dt.timedelta(days=day)
        article = article or ArticleFactory(published=when, duplicate_of=duplicate_of)
        statement = StatementFactory(
            negotiation=self.negotiation, article=article, party=self.parties[party], speaker=speaker,
            stated_on=when, round=rnd, status=status,
        )
        for slug, link_stance in (links or {issue: stance}).items():
            StatementLinkFactory(statement=statement, issue=self.issues[slug], stance=link_stance)
            services.positions_refresh(party_id=statement.party_id, issue_id=self.issues[slug].pk)
        return statement

    def positions(self, round: int) -> dict:
        """{(party code, issue slug): Position} as of a round."""
        from positions import selectors

        return {(p.party.code, p.issue.slug): p for p in selectors.positions_at(round=self.round(round))}

    def stance(self, party: str, issue: str, round: int):
        position = self.positions(round).get((party, issue))
        return position.stance if position else None


def opening_rounds() -> History:
    """The history that position tests build on, over four rounds, with its statements by name in `h.s`:
    r1: AA demands alpha, BB rejects alpha, BB open on beta; r2: BB moves to open on alpha (changed),
    AA demands beta (new); r3: an editor clears BB's position on beta (withdrawn)."""
    h = History(rounds=4)
    h.s = {
        "aa_alpha": h.say("AA", "alpha", "demands", 1),
        "bb_alpha": h.say("BB", "alpha", "rejects", 1),
        "bb_beta": h.say("BB", "beta", "open", 1),
        "bb_alpha_2": h.say("BB", "alpha", "open", 2),
        "aa_beta": h.say("AA", "beta", "demands", 2),
    }
    services.position_pin(party=h.parties["BB"], issue=h.issues["beta"], from_round=h.round(3), stance="")
    return h
