"""Small factories for the domain; each builds the least a test needs."""
import datetime as dt

import factory

from ingest.models import Article
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


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issue

    negotiation = factory.SubFactory(NegotiationFactory)
    slug = factory.Sequence(lambda n: f"issue-{n}")
    title = factory.LazyAttribute(lambda o: o.slug.replace("-", " "))
    owner = factory.SubFactory(PartyFactory)


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    negotiation = factory.SubFactory(NegotiationFactory)
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


class StatementLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatementLink

    statement = factory.SubFactory(StatementFactory)
    issue = factory.SubFactory(IssueFactory)
    stance = "demands"
    party = factory.LazyAttribute(lambda o: o.statement.party)
    round = factory.LazyAttribute(lambda o: o.statement.round)
    counted = factory.LazyAttribute(lambda o: o.statement.counted)
    day = factory.LazyAttribute(lambda o: o.statement.stated_on or o.statement.article.published)


class PositionPinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PositionPin
