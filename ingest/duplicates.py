"""Recognising syndicated copies: the same wire story in another outlet, lightly edited.

Texts are compared as sets of word 3-shingles. Finding candidates must not
grow with the database, so each article stores a MinHash signature cut into
20 bands of 3 values (`ArticleBand`, indexed on the value): a copy shares
at least one whole band with its original with high probability (99.8 % at a
Jaccard similarity of 0.65 — a copy trimmed by a third —, 94 % at 0.45),
unrelated texts almost never. Candidates are then confirmed on their
shingles: Jaccard ≥ 0.5, or the shorter text contained ≥ 80 % in the
longer one (an outlet that cut the last paragraphs). Each article keeps its
shingles' 64-bit hashes (`Article.grams`, written with its duplicate mark), so a
candidate is compared without reading and splitting its text again; an article
stored before there were grams is compared on its text, as before.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from dataclasses import dataclass

import numpy as np
from django.db import connection

from positions.rows import insert_rows

SHINGLE = 3
BANDS, ROWS = 20, 3
JACCARD, CONTAINMENT = 0.5, 0.8
MAX_CANDIDATES = 20
_PRIME = (1 << 61) - 1
_MASK64 = (1 << 64) - 1
WORD = re.compile(r"\w+")


def _coefficients() -> list[tuple[int, int]]:
    """Fixed (a, b) pairs of the MinHash permutations; derived from a constant, so stable across processes."""
    pairs = []
    for i in range(BANDS * ROWS):
        digest = hashlib.blake2b(f"minhash-{i}".encode(), digest_size=16).digest()
        a = int.from_bytes(digest[:8], "big") % (_PRIME - 1) + 1
        b = int.from_bytes(digest[8:], "big") % _PRIME
        pairs.append((a, b))
    return pairs


_PERMUTATIONS = _coefficients()
_A = np.array([a for a, _ in _PERMUTATIONS], dtype=np.uint64)[:, None]
_B = np.array([b for _, b in _PERMUTATIONS], dtype=np.uint64)[:, None]


@dataclass(frozen=True)
class Fingerprint:
    bands: tuple[int, ...]  # BANDS signed 64-bit values, one per LSH band
    shingles: frozenset[tuple[str, ...]]
    hashes: np.ndarray = dataclasses.field(default_factory=lambda: np.empty(0, dtype=np.uint64))  # sorted, unique

    @property
    def grams(self) -> bytes:
        """The shingles' hashes as stored on the article (`Article.grams`)."""
        return self.hashes.astype("<u8").tobytes()


MAX_WORDS = 20_000  # copies share their beginning; a 10 MB text is fingerprinted in bounded time


def shingles(text: str) -> frozenset[tuple[str, ...]]:
    """The text's word 3-grams (lower case; a text of fewer words is one gram). Compared within a process
    only, so plain tuples: hashing them for the stored signature is `gram_hashes`' business."""
    words = WORD.findall(text.lower())[:MAX_WORDS]
    if len(words) < SHINGLE:
        return frozenset([tuple(words)]) if words else frozenset()
    return frozenset(zip(*(words[i:] for i in range(SHINGLE))))


def fingerprint(text: str) -> Fingerprint:
    grams = shingles(text)
    hashes = gram_hashes(grams)
    return Fingerprint(bands=_bands_of(hashes), shingles=grams, hashes=np.unique(hashes))


def gram_hashes(grams) -> np.ndarray:
    """Each gram's stable hash: blake2b (8 bytes, big-endian) of its words joined by spaces, mod 2^61−1.

    Words are runs of word characters, so joining them with spaces keeps distinct grams distinct: two texts share a
    hash where they share a gram (or, with odds of about one in 10^12 per article, by a collision)."""
    if not grams:
        return np.empty(0, dtype=np.uint64)
    digests = b"".join([hashlib.blake2b(" ".join(g).encode(), digest_size=8).digest() for g in grams])
    return np.frombuffer(digests, dtype=">u8").astype(np.uint64) % _P


def _bands_of(hashes: np.ndarray) -> tuple[int, ...]:
    """The MinHash signature of the grams' hashes, cut into BANDS hashed bands.

    Each gram's stable 64-bit hash (`gram_hashes`) goes through the BANDS × ROWS permutations
    (a·h + b) mod 2^61−1 at once, as numpy arrays.
    """
    if not len(hashes):
        return ()
    signature = _signature(hashes[None, :])
    bands = []
    for i in range(BANDS):
        rows = ",".join(str(v) for v in signature[i * ROWS : (i + 1) * ROWS])
        bands.append(_signed(int.from_bytes(hashlib.blake2b(f"{i}:{rows}".encode(), digest_size=8).digest(), "big")))
    return tuple(bands)


_P, _LOW31, _LOW30 = np.uint64(_PRIME), np.uint64((1 << 31) - 1), np.uint64((1 << 30) - 1)
_S1, _S30, _S31, _S61 = np.uint64(1), np.uint64(30), np.uint64(31), np.uint64(61)
_A1, _A0 = _A >> _S31, _A & _LOW31


def _fold(x: np.ndarray) -> np.ndarray:
    """x modulo 2^61−1 up to one extra 2^61−1 (2^61 ≡ 1: the high bits are added to the low ones)."""
    return (x & _P) + (x >> _S61)


def _signature(hashes: np.ndarray) -> list[int]:
    """min over the grams of (a·h + b) mod 2^61−1, for every permutation (a, b), without overflowing
    64 bits: a and h are split at bit 31 and the partial products folded with 2^61 ≡ 1 (2^62 ≡ 2)."""
    h1, h0 = hashes >> _S31, hashes & _LOW31
    middle = _A1 * h0 + _A0 * h1  # < 2^62; times 2^31 it is (middle >> 30)·2^61 + (middle & 2^30−1)·2^31
    total = _fold(_A1 * h1) << _S1
    total += middle >> _S30
    total += (middle & _LOW30) << _S31
    total = _fold(total)
    total += _fold(_A0 * h0)
    total += _B
    total = _fold(_fold(total))  # < 2^61 + 1: only 2^61−1 itself (≡ 0) is left unreduced
    total[total == _P] = 0
    return total.min(axis=1).tolist()


def _signed(value: int) -> int:
    value &= _MASK64
    return value - (1 << 64) if value >= 1 << 63 else value


def similar_hashes(a: np.ndarray, b: np.ndarray) -> bool:
    """Near-duplicates, on the grams' sorted, unique hashes: mostly the same grams, or the shorter text's nearly
    all inside the longer one's."""
    if not len(a) or not len(b):
        return False
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common) >= JACCARD or common / min(len(a), len(b)) >= CONTAINMENT


def stored_hashes(grams) -> np.ndarray:
    """The hashes an article's `grams` hold (bytes from the database)."""
    return np.frombuffer(bytes(grams), dtype="<u8").astype(np.uint64)


def find_original(article, fp: Fingerprint):
    """The article already stored that this one copies (the same text, or a near-duplicate), else None.

    Only originals are candidates (a copy of a copy points to the first), and
    the caller holds `duplicate_lock`, so two copies checked at the same time
    cannot each take the other for the original.
    """
    from .models import Article

    for pk, same, grams, text in _candidates(article, fp):
        if same:
            return Article(pk=pk)
        theirs = stored_hashes(grams) if grams else np.unique(gram_hashes(shingles(text)))
        if similar_hashes(fp.hashes, theirs):
            return Article(pk=pk)
    return None


def _candidates(article, fp: Fingerprint) -> list[tuple]:
    """In one query, the originals this article may copy, as (id, same text, grams, text): those with the
    same text first, then the MAX_CANDIDATES sharing the most bands with it (of the first
    MAX_CANDIDATES × BANDS rows holding one of its band values: bounded at any size), by id.
    A candidate's text is read only when it has no grams (stored before articles kept them).

    Failed articles are no originals: their statements are withdrawn, a copy of one must count.
    Plain SQL, the bands as one JSON parameter (see `positions.rows`): this runs for every article.
    """
    from .models import Article, ArticleBand

    if connection.vendor == "postgresql":
        mine = ("SELECT ordinality - 1 AS band, value::bigint AS value"
                " FROM jsonb_array_elements_text(%s::jsonb) WITH ORDINALITY")
    else:
        mine = "SELECT key AS band, value FROM json_each(%s)"
    articles, bands = Article._meta.db_table, ArticleBand._meta.db_table
    sql = f"""
        WITH mine AS ({mine}),
        shared AS (
            SELECT b.article_id FROM (
                SELECT article_id, band, value FROM {bands}
                WHERE value IN (SELECT value FROM mine) AND article_id <> %s LIMIT %s
            ) b JOIN mine m ON m.band = b.band AND m.value = b.value
            GROUP BY b.article_id ORDER BY COUNT(*) DESC, b.article_id LIMIT %s
        )
        SELECT id, (content_hash = %s AND content_hash <> '') AS same, grams, CASE WHEN length(grams) = 0 THEN text ELSE '' END
        FROM {articles}
        WHERE id IN (SELECT article_id FROM shared
                     UNION SELECT id FROM {articles} WHERE content_hash = %s AND content_hash <> '')
          AND id <> %s AND status <> %s AND duplicate_of_id IS NULL
        ORDER BY same DESC, id
    """
    params = [json.dumps(fp.bands), article.pk, MAX_CANDIDATES * BANDS, MAX_CANDIDATES,
              article.content_hash, article.content_hash, article.pk, Article.Status.FAILED]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def forget(article_id: int) -> None:
    """The article is no candidate original any more (it failed): its bands go."""
    from .models import ArticleBand

    ArticleBand.objects.filter(article_id=article_id).delete()


def store_bands(article, fp: Fingerprint, *, replace: bool = True) -> None:
    """Store the article's bands; `replace=False` when it can have none yet (saves a delete per article)."""
    from .models import ArticleBand

    if replace:
        ArticleBand.objects.filter(article=article).delete()
    # Plain SQL: the ORM's bulk_create costs more Python than the whole fingerprint.
    insert_rows(ArticleBand, [{"article_id": article.pk, "band": i, "value": value} for i, value in enumerate(fp.bands)])


def duplicate_lock() -> None:
    """Serialise duplicate checks across workers (inside a transaction). SQLite transactions already are."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [0x1A2B3C4D])
