"""What happens to an article, top to bottom.

    fetch ─► clean ─► check language ─► find duplicate ─► extract ─► link ─► refresh positions

Each stage is a plain function over the article. `process` runs them in order,
records on the article the stage it reached, and turns every failure into a
status and a readable reason. Celery tasks and `manage.py ingest --sync` both
call `process`; running it again on the same article is always safe.
"""
from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from positions import services as position_services
from positions.models import Issue, Negotiation, Party, Person, Round, Statement, StatementLink

from . import cleaning, duplicates, fetching, language
from .extraction import Context, Found, IssueRef, PartyRef, PersonRef, RoundRef, find_statements, link_statement
from .models import Article

log = logging.getLogger(__name__)
Stage = Article.Stage


class PipelineError(Exception):
    """A failure with a reason fit for the article's status. Permanent unless `transient`."""

    transient = False

    def __init__(self, reason: str, *, stage: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.stage = stage


class TransientError(PipelineError):
    """Worth retrying later: a timeout, a 5xx, a database that refused a connection."""

    transient = True


@dataclass
class Outcome:
    article: Article
    statements: int = 0
    links: int = 0

    @property
    def summary(self) -> str:
        a = self.article
        where = f" at {a.stage}" if a.status == Article.Status.FAILED else ""
        dup = f", duplicate of #{a.duplicate_of_id}" if a.duplicate_of_id else ""
        text = f"#{a.pk} {a.status}{where}: {self.statements} statements, {self.links} links{dup}"
        return text + (f" — {a.error}" if a.error else "")


# --- The pipeline ---------------------------------------------------------------


def process(article_id: int) -> Outcome:
    """Run one article through every stage. Raises only TransientError (for the caller to retry)."""
    article = Article.objects.get(pk=article_id)
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PROCESSING, attempts=article.attempts + 1, error="", updated_at=timezone.now()
    )
    stage = Stage.RECEIVED
    try:
        stage = _enter(article, Stage.FETCH)
        fetch(article)
        stage = _enter(article, Stage.CLEAN)
        clean(article)
        stage = _enter(article, Stage.LANGUAGE)
        if not check_language(article):
            return _finish(article, Article.Status.SKIPPED, f"not extracted: the text is in '{article.language}', not English")
        stage = _enter(article, Stage.DUPLICATE)
        find_duplicate(article)
        stage = _enter(article, Stage.EXTRACT)
        outcome = extract_and_link(article)
        return _finish(article, Article.Status.DONE, "", outcome)
    except TransientError as exc:
        exc.stage = exc.stage or stage
        Article.objects.filter(pk=article.pk).update(
            status=Article.Status.QUEUED, stage=exc.stage, error=f"retrying after {exc.stage}: {exc.reason}"
        )
        raise
    except PipelineError as exc:
        return _fail(article, exc.stage or stage, exc.reason)
    except Exception as exc:  # a bug or a broken input we did not foresee: never lose the article
        log.exception("article %s failed at %s", article.pk, stage)
        return _fail(article, stage, f"unexpected error: {type(exc).__name__}: {exc}"[:1000])


def _enter(article: Article, stage: str) -> str:
    article.stage = stage
    Article.objects.filter(pk=article.pk).update(stage=stage, updated_at=timezone.now())
    return stage


def _finish(article: Article, status: str, error: str, outcome: Outcome | None = None) -> Outcome:
    article.status, article.error = status, error
    article.stage = Stage.FINISHED
    article.processed_at = timezone.now()
    Article.objects.filter(pk=article.pk).update(
        status=status, error=error, stage=Stage.FINISHED, processed_at=article.processed_at
    )
    return outcome or Outcome(article)


def _fail(article: Article, stage: str, reason: str) -> Outcome:
    article.status, article.stage, article.error = Article.Status.FAILED, stage, reason
    Article.objects.filter(pk=article.pk).update(status=article.status, stage=stage, error=reason)
    return Outcome(article)


# --- Stages ---------------------------------------------------------------------


def fetch(article: Article) -> None:
    """Download the body of a URL article once; a retry reuses what was stored."""
    if article.raw or not article.url.startswith(("http://", "https://")):
        if not article.raw:
            raise PipelineError("the article has no body and no URL to fetch it from")
        return
    page = fetching.fetch(article.url)
    article.raw = page.body
    article.raw_is_html = page.is_html
    Article.objects.filter(pk=article.pk).update(raw=article.raw, raw_is_html=article.raw_is_html)


def clean(article: Article) -> None:
    """HTML or text to clean text (paragraphs kept), filling missing metadata."""
    page = cleaning.clean(article.raw, is_html=article.raw_is_html, url=article.url)
    if not page.text.strip():
        raise PipelineError("no readable text in the body (empty, or markup with no article text)")
    article.text = page.text
    article.title = article.title or page.title[:500]
    article.outlet = article.outlet or page.outlet[:200]
    article.published = article.published or page.published
    article.content_hash = hashlib.sha256(" ".join(page.text.split()).lower().encode()).hexdigest()
    article.save(update_fields=["text", "title", "outlet", "published", "content_hash", "updated_at"])


def check_language(article: Article) -> bool:
    article.language = language.detect(article.text)
    Article.objects.filter(pk=article.pk).update(language=article.language)
    return article.language == "en"


def find_duplicate(article: Article) -> None:
    """Mark a syndicated copy of an article already stored; its statements will not count."""
    fingerprint = duplicates.fingerprint(article.text)
    article.simhash = fingerprint.simhash
    article.band0, article.band1, article.band2, article.band3 = fingerprint.bands
    article.duplicate_of = duplicates.find_original(article, fingerprint)
    article.save(update_fields=["simhash", "band0", "band1", "band2", "band3", "duplicate_of", "updated_at"])


def extract_and_link(article: Article) -> Outcome:
    """Replace the article's automatic statements and links, then refresh the positions they move.

    One transaction: a crash leaves the previous statements in place. What an
    editor confirmed or rejected is never touched, and nothing found overlapping
    it is added again.
    """
    negotiation = choose_negotiation(article)
    if negotiation is None:
        return Outcome(article)
    context = context_for(negotiation)
    found = find_statements(article.text, published=article.published, context=context)
    _enter(article, Stage.LINK)
    for statement in found:
        statement.links = link_statement(statement, context=context)
    _enter(article, Stage.POSITIONS)
    with transaction.atomic():
        Article.objects.select_for_update().get(pk=article.pk)  # one run per article at a time
        old = Statement.objects.filter(article=article, status=Statement.Status.AUTO)
        touched = position_services.pairs_of(old.values_list("pk", flat=True))
        old.delete()
        kept = list(Statement.objects.filter(article=article).values_list("start", "end"))
        found = [f for f in found if not any(f.start < end and start < f.end for start, end in kept)]
        statements, links = _store(article, negotiation, found)
        touched |= {(link.party_id, link.issue_id) for link in links}
        position_services.positions_refresh_pairs(touched)
    return Outcome(article, statements=len(statements), links=len(links))


def _store(article: Article, negotiation: Negotiation, found: list[Found]):
    parties = {p.code: p for p in negotiation.parties.all()}
    people = {p.name: p for p in Person.objects.filter(name__in={f.speaker for f in found if f.speaker})}
    issues = {i.slug: i for i in negotiation.issues.all()}
    rounds = list(negotiation.rounds.order_by("date", "id"))
    for f in found:
        if f.speaker and f.speaker not in people:
            people[f.speaker], _ = Person.objects.get_or_create(
                name=f.speaker,
                defaults={"party": parties.get(f.party_code), "role": f.speaker_role[:300], "reviewed": False},
            )
    counted = article.duplicate_of_id is None
    statements = Statement.objects.bulk_create(
        [
            Statement(
                negotiation=negotiation, article=article, text=f.text, start=f.start, end=f.end, kind=f.kind,
                speaker=people.get(f.speaker) if f.speaker else None, party=parties.get(f.party_code),
                stated_on=f.stated_on, round=position_services.round_for_day(rounds, f.stated_on or article.published),
                confidence=round(f.confidence, 3), attribution=f.attribution[:300], counted=counted,
            )
            for f in found
        ]
    )
    links = StatementLink.objects.bulk_create(
        [
            StatementLink(
                statement=s, issue=issues[link.issue_slug], stance=link.stance,
                confidence=round(link.confidence, 3), reason=link.reason[:300],
                party_id=s.party_id, round_id=s.round_id, counted=counted, day=s.stated_on or article.published,
            )
            for s, f in zip(statements, found)
            for link in f.links
            if link.issue_slug in issues
        ]
    )
    return statements, links


# --- The negotiation an article speaks to ------------------------------------------


def choose_negotiation(article: Article) -> Negotiation | None:
    """The article's own negotiation, else the active one whose names it mentions most."""
    if article.negotiation_id:
        return article.negotiation
    candidates = list(Negotiation.objects.filter(active=True).prefetch_related("parties", "issues"))
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    text = article.text.lower()

    def mentions(negotiation: Negotiation) -> int:
        names = [n for p in negotiation.parties.all() for n in (p.name, *p.aliases)]
        names += [i.title for i in negotiation.issues.all()]
        return sum(text.count(n.lower()) for n in names if len(n) > 2)

    return max(candidates, key=mentions)


def context_for(negotiation: Negotiation) -> Context:
    """The negotiation as plain data for extraction (a handful of queries)."""
    parties = list(negotiation.parties.all())
    codes = {p.pk: p.code for p in Party.objects.all()}
    return Context(
        parties=tuple(
            PartyRef(code=p.code, name=p.name, aliases=tuple(p.aliases), adjectives=tuple(p.adjectives), id=p.pk)
            for p in parties
        ),
        people=tuple(
            PersonRef(name=p.name, party_code=codes.get(p.party_id), role=p.role, aliases=tuple(p.aliases), id=p.pk)
            for p in Person.objects.all()
        ),
        issues=tuple(
            IssueRef(slug=i.slug, title=i.title, owner_code=codes.get(i.owner_id), description=i.description,
                     cues=tuple(i.cues), id=i.pk)
            for i in Issue.objects.filter(negotiation=negotiation)
        ),
        rounds=tuple(RoundRef(slug=r.slug, date=r.date, id=r.pk) for r in Round.objects.filter(negotiation=negotiation)),
    )
