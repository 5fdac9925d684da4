"""What happens to an article, top to bottom.

    claim ─► fetch ─► clean ─► check language ─► find duplicate ─► extract ─► link ─► refresh positions

Each stage is a plain function over the article. `process` runs them in order,
records on the article the stage it reached (which doubles as a heartbeat),
and turns every failure into a status and a readable reason. Celery tasks and
`manage.py ingest --sync` both call `process`; running it again on the same
article is always safe:

- a run first *claims* the article (status "processing"); a second run while
  the claim is fresh does nothing, and a claim left by a worker that died
  expires after `INGEST_LEASE_SECONDS`, so the article can be taken again;
- statements are replaced in one transaction at the end: automatic ones only,
  what editors confirmed or rejected stays, so a re-run never duplicates;
- transient failures (timeouts, 5xx, a database that went away) put the
  article back in the queue for the caller to retry; permanent ones fail it
  with the stage and the reason.
"""
from __future__ import annotations

import dataclasses
import hashlib
import logging
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils import timezone

from positions import services as position_services
from positions.models import Issue, Negotiation, Person, Round, Statement, StatementLink, effective_day
from positions.rows import insert_rows

from . import cleaning, duplicates, fetching, language, services
from .cpu_slots import cpu_slot
from .extraction import linking, names
from .extraction import stance as stance_rules
from .extraction import (Context, ExampleRef, Found, IssueRef, PartyRef, PersonRef, RoundRef, find_statements,
                         link_statements)
from .models import Article

log = logging.getLogger(__name__)
Stage = Article.Stage
Status = Article.Status
FINAL = {Status.DONE, Status.SKIPPED, Status.FAILED}


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


class Superseded(Exception):
    """A newer body arrived while this run worked on the old one: the newer run stores the statements."""


@dataclass
class Outcome:
    article: Article | None
    statements: int = 0
    links: int = 0
    note: str = ""  # why nothing was done: "already being processed", ...

    @property
    def summary(self) -> str:
        a = self.article
        if a is None:
            return "gone (the article was deleted)"
        if self.note:
            return f"#{a.pk} {self.note}"
        where = f" at {a.stage}" if a.status == Status.FAILED else ""
        dup = f", duplicate of #{a.duplicate_of_id} (not counted)" if a.duplicate_of_id else ""
        text = f"#{a.pk} {a.status}{where}: {self.statements} statements, {self.links} links{dup}"
        return text + (f" — {a.error}" if a.error else "")


def max_attempts() -> int:
    return settings.INGEST_MAX_ATTEMPTS


# --- The pipeline ---------------------------------------------------------------


def process(article_id: int, *, queued_attempts: int | None = None, token: str = "") -> Outcome:
    """Run one article through every stage. Raises only TransientError (for the caller to retry).

    `queued_attempts` is the article's attempt count when the message was
    queued: a message that a finished run has overtaken is dropped. `token`
    names the task run (its message id): a redelivery or retry of the same
    message takes over its own claim at once instead of waiting for the lease.
    """
    try:
        article, note = claim(article_id, queued_attempts=queued_attempts, token=token)
    except (OperationalError, InterfaceError) as exc:
        raise TransientError(f"the database is unavailable: {exc}"[:500], stage=Stage.RECEIVED) from exc
    if article is None or note:
        return Outcome(article, note=note)
    try:
        _enter(article, Stage.FETCH, write=not article.raw)  # a heartbeat before the network
        fetch(article)
        _enter(article, Stage.CLEAN)  # fetched: a wait for a core below is no longer the network's
        with cpu_slot():  # what follows is CPU, here or in the database: one article per core of the machine
            return _after_fetch(article)
    except Superseded:
        return Outcome(article, note="superseded: a newer body arrived during the run, which its own run handles")
    except TransientError as exc:
        exc.stage = exc.stage or article.stage
        _record(article, status=Status.QUEUED, stage=exc.stage, error=f"will retry ({exc.stage}): {exc.reason}")
        raise
    except PipelineError as exc:
        return _fail(article, exc.stage or article.stage, exc.reason)
    except (OperationalError, InterfaceError) as exc:  # the database went away: worth another try
        stage = article.stage
        reason = f"the database is unavailable: {exc}"[:500]
        _record(article, status=Status.QUEUED, stage=stage, error=f"will retry ({stage}): {reason}")
        raise TransientError(reason, stage=stage) from exc
    except SoftTimeLimitExceeded as exc:
        stage = article.stage
        limit = exc.args[0] if exc.args else settings.CELERY_TASK_SOFT_TIME_LIMIT
        limit = f"{limit:g}" if isinstance(limit, (int, float)) else limit
        return _fail(article, stage, f"took longer than the time limit ({limit} s) at the {stage} stage")
    except Exception as exc:  # a bug or a broken input we did not foresee: never lose the article
        stage = article.stage
        log.exception("article %s failed at %s", article.pk, stage)
        return _fail(article, stage, f"unexpected error: {type(exc).__name__}: {exc}"[:1000])
    except BaseException:  # interrupted (Ctrl-C, shutdown): leave it ready for the next run
        stage = article.stage
        _record(article, status=Status.QUEUED, stage=stage, error=f"interrupted at the {stage} stage")
        raise


def _after_fetch(article: Article) -> Outcome:
    """The stages after fetching, all CPU: clean, language, duplicates, extraction and the store."""
    clean(article)
    _enter(article, Stage.LANGUAGE)
    verdict = check_language(article)
    if not verdict.english:
        replace_statements(article, None, [])
        reason = (
            f"not extracted: the text is in {verdict.name} ({verdict.code}), not English" if verdict.code
            else "not extracted: the language could not be told (too few common words of any language)"
        )
        return _finish(article, Status.SKIPPED, reason)
    _enter(article, Stage.DUPLICATE)
    moved = find_duplicate(article)
    _enter(article, Stage.EXTRACT)
    outcome = extract_and_link(article, recount=moved)
    return _finish(article, Status.DONE, "", outcome)


@contextmanager
def time_limit(seconds: float | None):
    """A soft time limit for a run outside Celery (`ingest --sync`, `ingest_worker`).

    After `seconds` the run gets SoftTimeLimitExceeded, as under a Celery worker, and
    `process` fails the article with the stage it was in. Only the main thread can
    receive the alarm; elsewhere the run is not limited.
    """
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise SoftTimeLimitExceeded(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def article_seconds() -> float:
    """The time limit of one article's run outside Celery (INGEST_ARTICLE_SECONDS)."""
    return settings.INGEST_ARTICLE_SECONDS


def claim(article_id: int, *, queued_attempts: int | None = None, token: str = "") -> tuple[Article | None, str]:
    """Mark the article as being processed by this run, unless another run holds it or finished it since."""
    with transaction.atomic():
        # The article's negotiation comes with it (read fresh, as `negotiation_read` needs): one query less
        # per article than reading it when extraction starts. Only the article's row is locked.
        article = (Article.objects.select_for_update(of=("self",)).select_related("negotiation")
                   .filter(pk=article_id).first())
        if article is None:
            return None, "gone"
        if queued_attempts is not None and article.attempts > queued_attempts and article.status in FINAL:
            return article, f"already {article.status} (a later run finished it)"
        interrupted = article.status == Status.PROCESSING
        own = bool(token) and article.claimed_by == token  # our message again: its earlier run died
        if interrupted and not own and article.updated_at > timezone.now() - services.lease():
            return article, "already being processed"
        if interrupted and article.attempts >= max_attempts():
            article.status, article.processed_at = Status.FAILED, timezone.now()
            article.error = (
                f"gave up after {article.attempts} attempts: the last one stopped at the {article.stage} stage "
                "(the worker died or ran out of time)"
            )
            article.save(update_fields=["status", "error", "processed_at", "updated_at"])
            transaction.on_commit(lambda: withdraw(article.pk))
            return article, f"failed at {article.stage}: {article.error}"
        article.status, article.stage, article.error = Status.PROCESSING, Stage.RECEIVED, ""
        article.attempts += 1
        article.claimed_by = token[:255]
        article.save(update_fields=["status", "stage", "error", "attempts", "claimed_by", "updated_at"])
    return article, ""


def give_up(article_id: int, exc: PipelineError, *, attempts: int | None = None) -> None:
    """After the last retry of a transient failure: fail the article with the reason (a new submission retries)."""
    tries = f" after {attempts} attempts" if attempts and attempts > 1 else ""
    _record(
        Article(pk=article_id), status=Status.FAILED, stage=exc.stage or Stage.RECEIVED,
        error=f"{exc.reason} (a temporary failure; gave up{tries} — submit it again later)", processed=True,
    )
    withdraw(article_id)


def withdraw(article_id: int) -> None:
    """A failed article stops counting: its automatic statements go, and it stops being an original.

    Its statements came from a body it no longer has (a resubmission that failed) and would
    lead the positions' evidence; editors' reviews stay. Its syndicated copies count again:
    the first of them becomes their original.
    """
    try:
        with transaction.atomic():
            old = Statement.objects.filter(article_id=article_id, status=Statement.Status.AUTO)
            touched = position_services.pairs_of(old.values_list("pk", flat=True))
            old.delete()
        position_services.positions_refresh_pairs(touched)
        with transaction.atomic():
            duplicates.duplicate_lock()
            duplicates.forget(article_id)
            copies = list(Article.objects.filter(duplicate_of=article_id).order_by("pk").values_list("pk", flat=True))
            if copies:
                Article.objects.filter(pk=copies[0]).update(duplicate_of=None)
                Article.objects.filter(pk__in=copies[1:]).update(duplicate_of=copies[0])
        for copy_id in copies:
            position_services.article_statements_recount(article_id=copy_id)
    except DatabaseError:  # the failure itself is recorded; a later run withdraws again
        log.warning("could not withdraw the statements of failed article %s", article_id, exc_info=True)


def fail(article_id: int, reason: str) -> None:

    """Fail the article where it stands, with the reason (a run stopped outside `process`)."""
    stage = Article.objects.filter(pk=article_id).values_list("stage", flat=True).first() or Stage.RECEIVED
    _record(Article(pk=article_id), status=Status.FAILED, stage=stage, error=reason, processed=True)
    withdraw(article_id)


def _record(article: Article, *, status: str, stage: str, error: str, processed: bool = False) -> None:
    """Write the status even when the database is flaky: losing this write only delays the retry."""
    article.status, article.stage, article.error = status, stage, error
    fields = {"status": status, "stage": stage, "error": error, "updated_at": timezone.now()}
    if processed:
        fields["processed_at"] = fields["updated_at"]
    try:
        Article.objects.filter(pk=article.pk).update(**fields)
    except DatabaseError:
        log.warning("could not record status %s of article %s", status, article.pk, exc_info=True)


def _enter(article: Article, stage: str, *, write: bool = False) -> str:
    """Note the stage this run is in: on the article in memory (what a failure records), and in the
    database only with `write` (before slow work, as a heartbeat). The stages that write the article
    anyway (clean, check_language, find_duplicate) store the stage with their own update."""
    article.stage = stage
    if write:
        Article.objects.filter(pk=article.pk).update(stage=stage, updated_at=timezone.now())
    return stage


def _finish(article: Article, status: str, error: str, outcome: Outcome | None = None) -> Outcome:
    article.status, article.error = status, error
    article.stage = Stage.FINISHED
    article.processed_at = timezone.now()
    Article.objects.filter(pk=article.pk).update(
        status=status, error=error, stage=Stage.FINISHED, processed_at=article.processed_at, updated_at=timezone.now(),
        language=article.language,
    )
    return outcome or Outcome(article)


def _fail(article: Article, stage: str, reason: str) -> Outcome:
    _record(article, status=Status.FAILED, stage=stage, error=reason, processed=True)
    withdraw(article.pk)
    return Outcome(article)


# --- Stages ---------------------------------------------------------------------


def fetch(article: Article) -> None:
    """Download the body of a URL article once; a retry reuses what was stored."""
    if article.raw:
        return
    if not article.url.startswith(("http://", "https://")):
        raise PipelineError("the body is empty and there is no http(s) URL to fetch it from")
    try:
        page = fetching.fetch(article.url)
    except fetching.FetchError as exc:
        raise (TransientError if exc.transient else PipelineError)(exc.reason) from exc
    if not page.body.strip():
        raise PipelineError(f"the page at {page.final_url} is empty")
    article.raw = page.body
    article.raw_is_html = page.is_html
    Article.objects.filter(pk=article.pk).update(raw=article.raw, raw_is_html=article.raw_is_html)


def clean(article: Article) -> None:
    """HTML or text to clean text (paragraphs kept, furniture dropped), filling missing metadata."""
    page = cleaning.clean(article.raw, is_html=article.raw_is_html, url=article.url)
    if not page.text.strip():
        if article.raw_is_html:
            raise PipelineError("no article text found in the HTML (broken markup, or a page with no article)")
        raise PipelineError("no article text: the body is empty or only page furniture")
    article.text = page.text
    article.title = article.title or page.title[:500]
    article.outlet = article.outlet or page.outlet[:200]
    earliest, latest = services.published_range()
    if not article.published and page.published and earliest <= page.published <= latest:
        article.published = page.published  # a page's own date only when it is a possible one
    article.content_hash = hashlib.sha256(" ".join(page.text.split()).lower().encode()).hexdigest()
    article.save(update_fields=["text", "title", "outlet", "published", "content_hash", "stage", "updated_at"])


def check_language(article: Article) -> language.Verdict:
    """The article's language, on the article in memory: stored with the duplicate mark, or with the final status."""
    verdict = language.judge(article.text)
    article.language = verdict.code
    return verdict


def find_duplicate(article: Article) -> bool:
    """Mark a syndicated copy of an article stored before it; its statements will not count.

    The original is the copy received first, whatever order workers process them in
    (a retry must not change which statements count): when a copy received later was
    processed first, it and its copies now point to this article.
    Returns True when the article's duplicate mark changed (its kept statements must be recounted).
    """
    fingerprint = duplicates.fingerprint(article.text)
    before = article.duplicate_of_id
    with transaction.atomic():
        duplicates.duplicate_lock()
        original = duplicates.find_original(article, fingerprint)
        if original is not None and original.pk > article.pk:
            demoted = list(
                Article.objects.filter(Q(pk=original.pk) | Q(duplicate_of=original.pk)).values_list("pk", flat=True)
            )
            Article.objects.filter(pk__in=demoted).update(duplicate_of=article)
            for article_id in demoted:
                position_services.article_statements_recount(article_id=article_id)
            original = None
        article.duplicate_of, article.grams = original, fingerprint.grams
        article.save(update_fields=["duplicate_of", "grams", "language", "stage", "updated_at"])
        # Only an earlier run can have stored bands for this article (attempts count the runs).
        duplicates.store_bands(article, fingerprint, replace=article.attempts != 1)
    return before != article.duplicate_of_id


def extract_and_link(article: Article, *, recount: bool = False) -> Outcome:
    """Find the statements and their links, then store them in place of the automatic ones."""
    negotiation = choose_negotiation(article)
    if negotiation is None:
        replace_statements(article, None, [])
        return Outcome(article)
    context, rounds = negotiation_read(negotiation)  # read once for every stage
    found = find_statements(article.text, published=article.published, context=context)
    _enter(article, Stage.LINK)
    link_statements(found, context=context, text=article.text)
    _enter(article, Stage.POSITIONS)
    statements, links = replace_statements(article, negotiation, found, recount=recount, context=context, rounds=rounds)
    return Outcome(article, statements=len(statements), links=len(links))


def replace_statements(
    article: Article, negotiation: Negotiation | None, found: list[Found], *, recount: bool = False,
    context: Context | None = None, rounds: list[Round] | None = None,
) -> tuple[list[int], list[dict]]:
    """Replace the article's automatic statements and links, then refresh the positions they move.

    `context` and `rounds` are the negotiation as extraction read it (its parties, issues and rounds), so
    that the stored rows name what extraction saw; without them they are read here.

    The statements change in one transaction: a crash leaves the previous ones in place. What an
    editor confirmed or rejected is never touched, and nothing found overlapping
    it is added again.
    """
    with transaction.atomic():
        current, current_statements = _lock_with_statements(article)
        if current is None or current[0] != article.content_hash:  # one writer per article, on the text it read
            raise Superseded
        article.duplicate_of_id = current[1]  # an earlier-received copy may have made this one a duplicate meanwhile
        old = [pk for pk, status, _, _ in current_statements if status == Statement.Status.AUTO]
        kept = [(start, end) for _, status, start, end in current_statements if status != Statement.Status.AUTO]
        touched = set()
        if old:
            touched = position_services.pairs_of(old, counting=True)
            Statement.objects.filter(pk__in=old).delete()
        statements, links = [], []
        since = {}
        if negotiation is not None and found:
            found = [f for f in found if not any(f.start < end and start < f.end for start, end in kept)]
            statements, links = _store(article, negotiation, found, context=context, rounds=rounds)
            # Links that do not count (a syndicated copy's, or before the first round) move no position.
            moving = [link for link in links if link["counted"] and link["round_id"]]
            since = _earliest_rounds(moving, rounds) if not old and not recount else {}
            touched |= {(link["party_id"], link["issue_id"]) for link in moving}
        if recount:
            touched |= position_services.article_statements_sync(article_id=article.pk)
    # After the commit, one short transaction for all the pairs: workers storing other articles
    # are not held behind this one's issue locks. A crash before this line leaves the
    # article 'processing', and its retry refreshes the same pairs (over every round: it replaces statements).
    position_services.positions_refresh_pairs(touched, rounds=rounds, since=since)
    return statements, links


def _earliest_rounds(links: list[dict], rounds: list[Round] | None) -> dict[tuple[int, int], int]:
    """For each (party, issue) pair of these new links, the earliest of their rounds (in ROUND_ORDER): the
    pair's positions before it cannot move, so its refresh starts there. Empty without the rounds."""
    if rounds is None:
        return {}
    order = {rnd.pk: i for i, rnd in enumerate(rounds)}
    earliest: dict[tuple[int, int], int] = {}
    for link in links:
        pair = (link["party_id"], link["issue_id"])
        if link["round_id"] not in order:
            return {}  # rounds read before a change: every pair over every round
        if pair not in earliest or order[link["round_id"]] < order[earliest[pair]]:
            earliest[pair] = link["round_id"]
    return earliest


def _lock_with_statements(article: Article) -> tuple[tuple | None, list[tuple]]:
    """Lock the article's row (inside a transaction) and read, in one query, its (content hash,
    duplicate_of) as stored now and its statements' (id, status, start, end); (None, []) when it is gone."""
    lock = " FOR UPDATE OF a" if connection.vendor == "postgresql" else ""  # SQLite's transactions are serial
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT a.content_hash, a.duplicate_of_id, s.id, s.status, s.start, s."end" FROM {Article._meta.db_table} a'
            f" LEFT JOIN {Statement._meta.db_table} s ON s.article_id = a.id WHERE a.id = %s{lock}",
            [article.pk],
        )
        rows = cursor.fetchall()
    if not rows:
        return None, []
    return rows[0][:2], [row[2:] for row in rows if row[2] is not None]


def _store(article: Article, negotiation: Negotiation, found: list[Found], *, context: Context | None = None,
           rounds: list[Round] | None = None) -> tuple[list[int], list[dict]]:
    """Statements and links in two plain INSERTs, every column written out (`positions.rows.insert_rows`: the ORM's
    bulk_create cost more Python than the rest of the store); their derived values come from the one
    writer, `statement_copies`. Returns the statements' ids and the links' rows."""
    if context is None or rounds is None:
        context, rounds = negotiation_read(negotiation)
    parties = {p.code: p.id for p in context.parties}
    issues = {i.slug: i.id for i in context.issues}
    people = _speakers(found, parties)
    created_at = connection.ops.adapt_datetimefield_value(timezone.now())  # as the ORM writes auto_now_add
    statements, links_of = [], []
    for f in found:
        rnd = position_services.round_for_day(rounds, effective_day(f.stated_on, article.published))
        copies = position_services.statement_copies(
            party_id=parties.get(f.party_code), round_id=rnd.pk if rnd else None, status=Statement.Status.AUTO,
            stated_on=f.stated_on, start=f.start, article=article,
        )
        statements.append({
            "negotiation_id": negotiation.pk, "article_id": article.pk, "text": f.text, "start": f.start,
            "end": f.end, "kind": f.kind, "speaker_id": people.get(f.speaker[:200]) if f.speaker else None, "party_id": copies.party_id,
            "stated_on": f.stated_on, "round_id": copies.round_id, "confidence": round(f.confidence, 3),
            "status": Statement.Status.AUTO, "attribution": f.attribution[:300], "counted": copies.counted,
            "reviewed_by_id": None, "reviewed_at": None, "created_at": created_at,
        })
        links_of.append([
            {"issue_id": issues[link.issue_slug], "stance": link.stance, "confidence": round(link.confidence, 3),
             "reason": linking.stored_reason(link.reason), **copies._asdict()}
            for link in f.links
            if link.issue_slug in issues
        ])
    ids = insert_rows(Statement, statements, returning_ids=True)
    links = [{"statement_id": statement_id, **link} for statement_id, own in zip(ids, links_of) for link in own]
    insert_rows(StatementLink, links)
    return ids, links


# --- Re-linking ---------------------------------------------------------------------


def relink_articles(article_ids) -> int:
    """Extract and link these finished articles again from their stored text (after an issue or its cues
    changed, or editors confirmed examples). Automatic statements are replaced; what editors confirmed or
    rejected stays as they left it. Returns how many articles were run."""
    done = 0
    for article in Article.objects.filter(pk__in=list(article_ids), status=Status.DONE).order_by("pk").iterator():
        try:
            extract_and_link(article)
        except Superseded:
            continue  # a newer body is on its way through the pipeline, which links it anyway
        done += 1
    return done


def relink_negotiation(negotiation_id: int) -> int:
    """Link every statement of a negotiation again (its articles run from their stored text), marking
    progress on the negotiation; what editors confirmed, corrected or rejected stays as they left it."""
    negotiation = Negotiation.objects.filter(pk=negotiation_id).first()
    if negotiation is None:
        return 0
    position_services.negotiation_relink_mark(negotiation=negotiation, state="running")
    try:
        ids = articles_of(negotiation)
        done = relink_articles(ids)
        reread_silences(negotiation)
    except Exception as exc:
        log.exception("re-linking negotiation %s failed", negotiation_id)
        position_services.negotiation_relink_mark(negotiation=negotiation, state="failed",
                                                  note=f"{type(exc).__name__}: {exc}")
        raise
    position_services.negotiation_relink_mark(negotiation=negotiation, state="done",
                                              note=f"{done} of {len(ids)} articles linked again")
    return done


def reread_silences(negotiation: Negotiation) -> int:
    """Read again, from the whole negotiation, the stance of each side that said nothing of its view of another
    side's demand (`stance.silent_side`), and of each third party in the same case (`stance.taken_up`): what the
    parties state of each other's demands elsewhere — the stances read from their words, and editors'
    confirmations — says who backs whom. Run after a batch, a re-link or
    by beat: from all the links at once, so the result does not depend on the order articles came in, and
    again with nothing new it changes nothing. Only automatic statements' links change; positions follow.
    Returns how many links changed."""
    rows = list(StatementLink.objects.filter(issue__negotiation=negotiation, party__isnull=False)
                .exclude(statement__status=Statement.Status.REJECTED)
                .values_list("pk", "party__code", "issue__owner__code", "stance", "reason", "statement__status"))
    sides = names.principals(negotiation_read(negotiation)[0])
    stated: dict[tuple[str, str], dict[str, int]] = {}
    for _, party, owner, stance, reason, status in rows:
        own_words = status == Statement.Status.CONFIRMED or linking.stated_by_words(reason, stance)
        if party != owner and own_words:
            counts = stated.setdefault((party, owner), {})
            counts[stance] = counts.get(stance, 0) + 1
    elsewhere: dict[str, dict[str, int]] = {}  # each party's stated stances on all the others' demands
    for (party, _), counts in stated.items():
        for stance, n in counts.items():
            elsewhere.setdefault(party, {})[stance] = elsewhere.get(party, {}).get(stance, 0) + n
    changed = []
    for pk, party, owner, stance, reason, status in rows:
        read = reason.rsplit("; ", 1)[-1]
        if status != Statement.Status.AUTO or not stance_rules.silenced(read) or stance_rules.ON_CONDITION in read:
            continue  # said on a condition, a side's silence is openness whoever it backs
        if stance_rules.TAKEN_UP in read:
            decision = stance_rules.taken_up(party, owner, stated.get((party, owner)))
        else:
            decision = stance_rules.silent_side(party, owner, stated.get((party, owner)), principals=sides,
                                                elsewhere=elsewhere.get(party))
        if decision.stance != stance:
            changed.append(StatementLink(pk=pk, stance=decision.stance,
                                         reason=linking.stored_reason(linking.restanced(reason, decision))))
    if changed:
        with transaction.atomic():
            StatementLink.objects.bulk_update(changed, ["stance", "reason"], batch_size=500)
        position_services.positions_rederive(negotiation=negotiation)
    return len(changed)


def articles_of(negotiation: Negotiation) -> list[int]:
    """The finished articles that speak to a negotiation (assigned to it, or holding its statements)."""
    return sorted(
        set(Article.objects.filter(negotiation=negotiation).values_list("pk", flat=True))
        | set(Statement.objects.filter(negotiation=negotiation).values_list("article_id", flat=True).distinct())
    )


def _speakers(found: list[Found], parties: dict[str, int]) -> dict[str, int]:
    """The ids of the people behind the statements, by name; the new ones stored (unreviewed) in one insert."""
    names = {f.speaker[:200] for f in found if f.speaker}
    if not names:
        return {}
    people = dict(Person.objects.filter(name__in=names).values_list("name", "pk"))
    new = {}
    for f in found:
        name = f.speaker[:200] if f.speaker else ""
        if name and name not in people and name not in new:
            new[name] = Person(name=name, party_id=parties.get(f.party_code), role=f.speaker_role[:300], reviewed=False)
    if new:
        # Another worker may store the same new speaker meanwhile: whoever inserts first keeps the party
        # and role, and both get the row's id from the one insert.
        stored = Person.objects.bulk_create(
            new.values(), update_conflicts=True, unique_fields=["name"], update_fields=["name"]
        )
        people |= {p.name: p.pk for p in stored}
    return people


# --- The negotiation an article speaks to ------------------------------------------


def choose_negotiation(article: Article) -> Negotiation | None:
    """The article's own negotiation, else the active one whose names it mentions most."""
    if article.negotiation_id:
        return article.negotiation
    candidates = list(Negotiation.objects.filter(active=True))
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    prefetch_related_objects(candidates, "parties", "issues")  # only when there is a choice to make
    text = article.text.lower()

    def mentions(negotiation: Negotiation) -> int:
        names = [n for p in negotiation.parties.all() for n in (p.name, *p.aliases)]
        names += [i.title for i in negotiation.issues.all()]
        return sum(text.count(n.lower()) for n in names if len(n) > 2)

    return max(candidates, key=mentions)


_read_cache: dict[int, tuple] = {}  # negotiation id -> (context token, context, rounds, examples, context with them)


def negotiation_read(negotiation: Negotiation) -> tuple[Context, list[Round]]:
    """What extraction reads of a negotiation, and its rounds in order: kept per process while the
    negotiation's context token (a new one for every change to its name, parties, people, issues or rounds:
    `positions.receivers`) and its confirmed examples stay the same, so an article does not read them again.

    `negotiation` must be freshly read (its token is what says whether the copy is current)."""
    cached = _read_cache.get(negotiation.pk)
    if cached is None or cached[0] != negotiation.context_token:
        rounds = position_services.rounds_in_order(negotiation_id=negotiation.pk)
        context = _context_read(negotiation, rounds)
        cached = (negotiation.context_token, context, rounds, (), context)
    token, context, rounds, examples, with_examples = cached
    current = examples_of(negotiation)
    if current is not examples:  # the same tuple while no review changed them: the same context object
        examples, with_examples = current, dataclasses.replace(context, examples=current)
    _read_cache[negotiation.pk] = (token, context, rounds, examples, with_examples)
    return with_examples, rounds


def _context_read(negotiation: Negotiation, rounds: list[Round]) -> Context:
    """The negotiation as plain data for extraction (a handful of queries), without editors' examples.

    People are those of the negotiation's parties and those of no party (commentators), as
    reviewed by editors: not every speaker the pipeline ever found, whose number grows with the
    stream (cost per article) and whose order of discovery would change what a report yields.
    """
    parties = tuple(
        PartyRef(code=code, name=name, aliases=tuple(aliases), adjectives=tuple(adjectives), id=pk)
        for pk, code, name, aliases, adjectives in negotiation.parties.values_list(
            "pk", "code", "name", "aliases", "adjectives")
    )
    people = Person.objects.filter(Q(party__in=[p.id for p in parties]) | Q(party__isnull=True), reviewed=True)
    issues = Issue.objects.filter(negotiation=negotiation)
    at_round: dict[int, list[str]] = {}
    for round_id, code in Round.parties.through.objects.filter(round__in=[r.pk for r in rounds]).values_list(
            "round_id", "party__code"):
        at_round.setdefault(round_id, []).append(code)
    return Context(
        parties=parties,
        people=tuple(
            PersonRef(name=name, party_code=party_code, role=role, aliases=tuple(aliases), id=pk)
            for pk, name, party_code, role, aliases in people.values_list("pk", "name", "party__code", "role", "aliases")
        ),
        issues=tuple(
            IssueRef(slug=slug, title=title, owner_code=owner_code, description=description, cues=tuple(cues), id=pk)
            for pk, slug, title, owner_code, description, cues in issues.values_list(
                "pk", "slug", "title", "owner__code", "description", "cues")
        ),
        rounds=tuple(RoundRef(slug=r.slug, date=r.date, name=r.name, parties=tuple(sorted(at_round.get(r.pk, ()))),
                              id=r.pk) for r in rounds),
        examples=(),
        topic=negotiation.name,
        description=negotiation.description,
    )


EXAMPLES_LIMIT = 2000  # the newest confirmed statements a negotiation's linker learns from (bounds the cost)


_examples_cache: dict[int, tuple[tuple, tuple[ExampleRef, ...]]] = {}


def examples_of(negotiation: Negotiation) -> tuple[ExampleRef, ...]:
    """The statements editors confirmed or corrected, newest review first, with the links they kept.

    Read once per process and kept while no review changes them (one small query says so), so an article
    does not read thousands of examples again: every confirmation, correction or un-confirmation moves the
    count or the latest review time.
    """
    state = _examples_state(negotiation)
    cached = _examples_cache.get(negotiation.pk)
    if cached is not None and cached[0] == state:
        return cached[1]
    if not state[0]:  # none confirmed yet: nothing to read
        return ()
    confirmed = Statement.objects.filter(negotiation=negotiation, status=Statement.Status.CONFIRMED)
    rows = (
        confirmed.select_related("party")
        .prefetch_related(Prefetch("links", queryset=StatementLink.objects.select_related("issue")))
        .order_by("-reviewed_at", "-id")[:EXAMPLES_LIMIT]
    )
    examples = tuple(
        ExampleRef(text=s.text, party_code=s.party.code if s.party else None,
                   links=tuple(sorted((link.issue.slug, link.stance) for link in s.links.all())), id=s.pk)
        for s in rows
    )
    _examples_cache[negotiation.pk] = (state, examples)
    return examples


def _examples_state(negotiation: Negotiation) -> tuple:
    """How many statements of the negotiation editors confirmed, the latest review time, the newest id:
    what moves with every review that changes its examples. Plain SQL: this runs for every article."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(id), MAX(reviewed_at), MAX(id) FROM {Statement._meta.db_table}"
            " WHERE negotiation_id = %s AND status = %s",
            [negotiation.pk, Statement.Status.CONFIRMED],
        )
        return cursor.fetchone()  # compared only with what this function returned before

