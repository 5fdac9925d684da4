"""Near-duplicate detection: copies found by an index lookup whose cost does not grow with the database."""
import dataclasses
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ingest import duplicates
from ingest.models import Article

from .conftest import OTHER_REPORT, REPORT

WORDS = ("minister talks border troops treaty summit alliance security guarantees delegation proposal response "
         "spokesman agreement sanctions exercise missile deployment meeting capital week government").split()


def random_report(seed: int, paragraphs: int = 6) -> str:
    rng = random.Random(seed)
    return "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(40)) + "." for _ in range(paragraphs))


def long_report():
    return "\n\n".join([REPORT, OTHER_REPORT, random_report(99, 4)])


@pytest.mark.parametrize("edit", [
    lambda t: "A new headline for the copy\n\n" + t,
    lambda t: "CAPITAL (Wire) - " + t + "\n\nCopyright Wire. All rights reserved.",
    lambda t: "\n\n".join(t.split("\n\n")[:-3]),  # the outlet cut the last paragraphs
    lambda t: t.replace("said", "stated").replace("talks", "negotiations"),
])
def test_edited_copies_are_similar_and_share_a_band(edit):
    a, b = duplicates.fingerprint(long_report()), duplicates.fingerprint(edit(long_report()))
    assert duplicates.similar_hashes(a.hashes, b.hashes)
    assert set(enumerate(a.bands)) & set(enumerate(b.bands))


def test_different_reports_on_the_same_talks_are_not_similar():
    a, b = duplicates.fingerprint(REPORT), duplicates.fingerprint(OTHER_REPORT)
    assert not duplicates.similar_hashes(a.hashes, b.hashes)
    assert not set(enumerate(a.bands)) & set(enumerate(b.bands))


def test_fingerprints_are_stable_across_processes():
    """Bands are stored and compared later, maybe by another worker: no per-process randomness (hash seeds)."""
    import subprocess
    import sys

    code = "from ingest.duplicates import fingerprint; print(fingerprint('one two three four five six').bands[:3])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONHASHSEED": "123", "PATH": ""}, cwd=str(__import__("pathlib").Path(__file__).parents[2]))
    assert out.stdout.strip() == str(duplicates.fingerprint("one two three four five six").bands[:3])


def store(n: int) -> None:
    start = Article.objects.count()
    for i in range(start, start + n):
        article = Article.objects.create(url=f"https://x.example.org/{i}", text=random_report(i))
        duplicates.store_bands(article, duplicates.fingerprint(article.text))


@pytest.mark.django_db
def test_finding_the_original_costs_the_same_queries_at_any_size():
    probe = Article.objects.create(url="https://probe.example.org/", text=random_report(10_000), content_hash="x")
    fp = duplicates.fingerprint(probe.text)
    counts = []
    for size in (5, 60):
        store(size - Article.objects.count() + 1)
        with CaptureQueriesContext(connection) as queries:
            assert duplicates.find_original(probe, fp) is None
        counts.append(len(queries))
    assert counts[0] == counts[1]
    original = Article.objects.create(url="https://orig.example.org/", text=probe.text.upper() + " extra words here")
    duplicates.store_bands(original, duplicates.fingerprint(original.text))
    assert duplicates.find_original(probe, fp) == original


def test_the_vectorised_signature_is_the_exact_minhash():
    """numpy's 64-bit arithmetic gives the same (a·h + b) mod 2^61−1 minima as Python's big integers,
    edge values included: stored bands stay comparable with those of any earlier version."""
    import numpy as np

    prime = (1 << 61) - 1
    rng = random.Random(5)
    hashes = [0, 1, prime - 1, prime - 2, (1 << 31) - 1, 1 << 31, (1 << 60) + 12345] + [
        rng.randrange(prime) for _ in range(300)
    ]
    expected = [min((a * h + b) % prime for h in hashes) for a, b in duplicates._PERMUTATIONS]
    assert duplicates._signature(np.array(hashes, dtype=np.uint64)[None, :]) == expected
    for h in hashes[:7]:  # one gram at a time: no minimum hides a wrong value
        alone = [(a * h + b) % prime for a, b in duplicates._PERMUTATIONS]
        assert duplicates._signature(np.array([h], dtype=np.uint64)[None, :]) == alone


def overlapping(seed: int, kept: float) -> tuple[str, str]:
    """Two texts whose second keeps the first's first `kept` share of words and goes on with others."""
    rng = random.Random(seed)
    words = [rng.choice(WORDS) + str(rng.randrange(50)) for _ in range(400)]
    cut = int(len(words) * kept)
    return " ".join(words), " ".join(words[:cut] + [rng.choice(WORDS) + "x" for _ in range(len(words) - cut)])


def similar_shingles(a: frozenset, b: frozenset) -> bool:
    """The rule on the grams themselves, the reference the hashed comparison must agree with."""
    if not a or not b:
        return False
    common = len(a & b)
    return common / len(a | b) >= duplicates.JACCARD or common / min(len(a), len(b)) >= duplicates.CONTAINMENT


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("kept", [0.3, 0.6, 0.64, 0.66, 0.7, 0.79, 0.8, 0.81, 0.9])
def test_stored_grams_judge_as_the_shingles_do(seed, kept):
    """A candidate compared on the hashes its article stored gets the verdict its text's shingles would get
    (thresholds included: the same counts of grams, in common and in all)."""
    a, b = (duplicates.fingerprint(t) for t in overlapping(seed, kept))
    theirs = duplicates.stored_hashes(b.grams)
    assert len(theirs) == len(b.shingles) and len(a.hashes) == len(a.shingles)
    assert len(set(a.hashes.tolist()) & set(theirs.tolist())) == len(a.shingles & b.shingles)
    assert duplicates.similar_hashes(a.hashes, theirs) == similar_shingles(a.shingles, b.shingles)
    short = duplicates.fingerprint(" ".join(overlapping(seed, kept)[1].split()[: int(400 * kept)]))
    assert duplicates.similar_hashes(short.hashes, a.hashes) == similar_shingles(short.shingles, a.shingles)


@pytest.mark.django_db
def test_candidates_are_confirmed_on_their_stored_grams_else_on_their_text():
    text = long_report()
    probe = Article.objects.create(url="https://probe.example.org/", text=text, content_hash="p")
    fp = duplicates.fingerprint(text)
    # Stored grams are what is compared: an article whose grams are another text's is no copy, whatever its text.
    other = Article.objects.create(url="https://other.example.org/", text=text, content_hash="o",
                                   grams=duplicates.fingerprint(random_report(5)).grams)
    duplicates.store_bands(other, fp)
    assert duplicates.find_original(probe, fp) is None
    # ... and an article whose grams are the probe's is its original, whatever its text.
    Article.objects.filter(pk=other.pk).update(grams=fp.grams, text=random_report(6))
    assert duplicates.find_original(probe, fp) == other
    # An article stored before there were grams is compared on its text.
    Article.objects.filter(pk=other.pk).update(grams=b"", text=text)
    assert duplicates.find_original(probe, fp) == other
    Article.objects.filter(pk=other.pk).update(text=random_report(7))
    assert duplicates.find_original(probe, fp) is None


@pytest.mark.django_db
def test_the_duplicate_stage_stores_the_grams_of_the_text():
    from ingest import pipeline

    article = Article.objects.create(url="https://a.example.org/", text=long_report(), content_hash="a", attempts=1)
    pipeline.find_duplicate(article)
    stored = Article.objects.get(pk=article.pk).grams
    assert bytes(stored) == duplicates.fingerprint(long_report()).grams
    assert len(duplicates.stored_hashes(stored)) == len(duplicates.shingles(long_report()))


@pytest.mark.django_db
def test_the_same_text_and_the_band_candidates_are_one_query():
    text = long_report()
    probe = Article.objects.create(url="https://probe.example.org/", text=text, content_hash="same")
    fp = duplicates.fingerprint(text)
    near = Article.objects.create(url="https://near.example.org/", text=text + " One more line.", content_hash="near",
                                  grams=duplicates.fingerprint(text + " One more line.").grams)
    duplicates.store_bands(near, fp)
    with CaptureQueriesContext(connection) as queries:
        assert duplicates.find_original(probe, fp) == near
    same = Article.objects.create(url="https://same.example.org/", text=text, content_hash="same")
    with CaptureQueriesContext(connection) as more:
        assert duplicates.find_original(probe, fp) == same  # the same text first, though stored after `near`
    assert len(queries) == len(more) == 1


@pytest.mark.django_db
def test_a_band_value_counts_only_at_its_own_band():
    text = long_report()
    probe = Article.objects.create(url="https://probe.example.org/", text=text, content_hash="p")
    fp = duplicates.fingerprint(text)
    other = Article.objects.create(url="https://other.example.org/", text=text, content_hash="o", grams=fp.grams)
    shifted = dataclasses.replace(fp, bands=fp.bands[1:] + fp.bands[:1])  # every value, each at another band
    duplicates.store_bands(other, shifted)
    assert duplicates.find_original(probe, fp) is None
    duplicates.store_bands(other, fp)
    assert duplicates.find_original(probe, fp) == other


@pytest.mark.django_db
def test_no_content_hash_is_no_same_text():
    """Articles with no hash yet are compared on their grams like any other, not taken as the same text."""
    probe = Article.objects.create(url="https://probe.example.org/", text=REPORT, content_hash="")
    fp = duplicates.fingerprint(REPORT)
    other = Article.objects.create(url="https://other.example.org/", text=OTHER_REPORT, content_hash="",
                                   grams=duplicates.fingerprint(OTHER_REPORT).grams)
    duplicates.store_bands(other, fp)  # a candidate by its bands, but its grams are another text's
    assert duplicates.find_original(probe, fp) is None
