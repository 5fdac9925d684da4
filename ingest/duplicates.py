"""Recognising syndicated copies: the same wire story in another outlet, lightly edited.

A 64-bit simhash over word shingles; near-duplicates differ in few bits. The
hash is cut in four 16-bit bands stored in indexed columns: two texts within
three bits of each other share at least one band exactly, so finding
candidates is an index lookup whatever the number of stored articles.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from django.db.models import Q

MAX_DISTANCE = 3
SHINGLE = 3
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Fingerprint:
    simhash: int  # signed 64-bit, as stored
    bands: tuple[int, int, int, int]


def fingerprint(text: str) -> Fingerprint:
    words = WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(len(words) - SHINGLE + 1, 1))}
    weights = [0] * 64
    for shingle in shingles:
        h = int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "big")
        for bit in range(64):
            weights[bit] += 1 if h >> bit & 1 else -1
    value = sum(1 << bit for bit in range(64) if weights[bit] > 0)
    bands = tuple((value >> (16 * i)) & 0xFFFF for i in range(4))
    signed = value - (1 << 64) if value >= 1 << 63 else value
    return Fingerprint(simhash=signed, bands=bands)


def distance(a: int, b: int) -> int:
    return bin((a ^ b) & 0xFFFFFFFFFFFFFFFF).count("1")


def find_original(article, fp: Fingerprint):
    """The earliest stored article this one copies (same text, or within MAX_DISTANCE bits), else None."""
    from .models import Article

    others = Article.objects.exclude(pk=article.pk).filter(duplicate_of__isnull=True)
    same = others.filter(content_hash=article.content_hash).order_by("pk").first()
    if same:
        return same
    near = others.filter(
        Q(band0=fp.bands[0]) | Q(band1=fp.bands[1]) | Q(band2=fp.bands[2]) | Q(band3=fp.bands[3])
    ).only("pk", "simhash").order_by("pk")[:50]
    for candidate in near:
        if candidate.simhash is not None and distance(candidate.simhash, fp.simhash) <= MAX_DISTANCE:
            return candidate
    return None
