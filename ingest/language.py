"""Which language an article is in; only English is extracted (the extraction rules are English).

The check is a count, not a statistical model: the share of a text's words that
are common function words ("the", "of", "and", "said", …) of each language. In
English news prose they are a third or more of the words; in a German, French or
Russian report English function words are a few per cent. One pass over a
bounded sample of the text, so the cost is small and the same for any input.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

NAMES = {
    "en": "English", "ru": "Russian", "uk": "Ukrainian", "de": "German", "fr": "French", "es": "Spanish",
    "it": "Italian", "pl": "Polish", "tr": "Turkish", "zh": "Chinese", "ar": "Arabic",
    "ja": "Japanese", "pt": "Portuguese", "nl": "Dutch", "fa": "Persian", "ko": "Korean", "bg": "Bulgarian",
    "el": "Greek", "he": "Hebrew",
}

# The most frequent function words of each language (articles, pronouns, prepositions, auxiliaries).
FUNCTION_WORDS = {
    "en": "the of and to a in is that for on it with as was by at be this are from or an have has had not but "
          "which were been their its they will would said he she we who also than there after about",
    "de": "der die das und ist nicht den dem des ein eine einer einen zu mit sich auf für von im auch es sie "
          "wir ich wird werden hat haben sind war bei aus nach dass oder wie aber",
    "fr": "le la les des et est un une du en que qui dans pour pas sur au aux avec il elle nous ce cette sont "
          "ont été mais ou par se son sa ses plus leur",
    "es": "el la los las de y que en un una es por con para del al se no su sus lo como más pero fue ha han "
          "está este esta son muy",
    "it": "il lo la gli le di che e un una è per non con del della dei nel nella si sono ha hanno ma come più "
          "anche questo questa alla",
    "pt": "o os as de e que em um uma é para com não do da dos das no na se por mais mas foi ao pelo pela são "
          "tem seu sua",
    "nl": "de het een en van is dat niet op te zijn voor met die ook als er maar om aan bij door wordt werd "
          "heeft hebben nog naar",
    "pl": "i w na z się nie do to że jest o jak po co ale od za jego przez oraz są był była było tym także",
    "ru": "и в не на что с по к как из за от это он она они мы его для но так же бы было был была были уже "
          "или также при о",
    "uk": "і в не на що з у до як за від це він вона вони ми його для але так же було був була були вже або "
          "також при та",
    "tr": "ve bir bu da de için ile ne olarak daha çok en gibi ama olan ki ise",
}
_WORDS = {code: frozenset(words.split()) for code, words in FUNCTION_WORDS.items()}

# Scripts that name a language by themselves when no function word does (Cyrillic is told apart by its words).
SCRIPTS = [
    ("ko", re.compile(r"[\uac00-\ud7af]")), ("ja", re.compile(r"[\u3040-\u30ff]")), ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")), ("he", re.compile(r"[\u0590-\u05ff]")), ("el", re.compile(r"[\u0370-\u03ff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
]

SAMPLE = 20_000  # characters: a report's start, middle and end (a huge input costs what a long report costs)
SHORT = 20  # words; below this a headline-like text gets the benefit of the doubt
MIN_ENGLISH = 0.2  # share of words that must be English function words; English news prose has 0.3–0.5
WORD = re.compile(r"[^\W\d_]+")


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
    """English when at least MIN_ENGLISH of the words are English function words and no other language's
    are more frequent; otherwise the language whose function words (or script) are most frequent, or ""
    (not English, the language untold) when the text has too few function words of any language."""
    sample = _sample(text)
    words = WORD.findall(sample.lower())
    if not words:
        return Verdict("", False)
    if len(words) < SHORT and len(text) <= SAMPLE and _latin_share(sample) >= 0.8:
        return Verdict("en", True)  # a headline has too few function words to judge ("Talks end without a deal")
    shares = {code: sum(1 for w in words if w in vocabulary) / len(words) for code, vocabulary in _WORDS.items()}
    if shares["en"] >= MIN_ENGLISH and shares["en"] >= max(shares.values()):
        return Verdict("en", True)
    others = {code: share for code, share in shares.items() if code != "en"}
    best = max(others, key=others.get)
    if others[best] > shares["en"]:
        return Verdict(best, False)
    for code, script in SCRIPTS:
        if script.search(sample):
            return Verdict(code, False)
    return Verdict("", False)


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
