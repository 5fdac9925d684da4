"""Which language an article is in; only English is extracted (the extraction rules are English)."""
from __future__ import annotations

from dataclasses import dataclass

from langdetect import DetectorFactory, LangDetectException, detect_langs

DetectorFactory.seed = 0  # the same text always gets the same answer

NAMES = {
    "en": "English", "ru": "Russian", "uk": "Ukrainian", "de": "German", "fr": "French", "es": "Spanish",
    "it": "Italian", "pl": "Polish", "tr": "Turkish", "zh-cn": "Chinese", "zh-tw": "Chinese", "ar": "Arabic",
    "ja": "Japanese", "pt": "Portuguese", "nl": "Dutch", "fa": "Persian", "ko": "Korean", "bg": "Bulgarian",
}
SAMPLE = 5000
SHORT = 20  # words; below this the detector guesses
MIN_ENGLISH = 0.5  # share of English the detector must see; quotes in another language do not tip a report


@dataclass(frozen=True)
class Verdict:
    code: str  # ISO 639-1 of the main language, "" when it cannot be told
    english: bool

    @property
    def name(self) -> str:
        return NAMES.get(self.code, self.code or "an unknown language")


def detect(text: str) -> str:
    """ISO 639-1 code of the main language, or "" when the text has no letters to judge by."""
    return judge(text).code


def judge(text: str) -> Verdict:
    if len(text.split()) < SHORT and _latin_share(text) >= 0.8:
        return Verdict("en", True)  # too short for the detector ("Aldoria says door open" → Dutch): the benefit of the doubt
    sample = _sample(text)
    try:
        langs = detect_langs(sample)
    except LangDetectException:
        return Verdict("", False)
    if not langs:
        return Verdict("", False)
    english = sum(lang.prob for lang in langs if lang.lang == "en")
    return Verdict("en" if english >= MIN_ENGLISH else langs[0].lang, english >= MIN_ENGLISH)


def _sample(text: str) -> str:
    """The start, middle and end of a long text (a foreign-language boilerplate block cannot dominate)."""
    if len(text) <= SAMPLE:
        return text
    third = SAMPLE // 3
    middle = len(text) // 2
    return " ".join((text[:third], text[middle - third // 2 : middle + third // 2], text[-third:]))


def _latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(1 for c in letters if c.isascii()) / len(letters) if letters else 0.0
