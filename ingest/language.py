"""Which language an article is in; only English is extracted."""
from __future__ import annotations

from langdetect import DetectorFactory, LangDetectException, detect_langs

DetectorFactory.seed = 0  # deterministic answers


def detect(text: str) -> str:
    """ISO 639-1 code of the main language, or "" when the text has no letters to judge by."""
    sample = text[:5000]
    try:
        langs = detect_langs(sample)
    except LangDetectException:
        return ""
    return langs[0].lang if langs else ""
