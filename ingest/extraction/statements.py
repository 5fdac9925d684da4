"""Finding attributed statements in a report: sentences, or short runs of them, with a speaker.

    paragraphs ─► sentences ─► attribution per sentence ─► quote continuations
    joined to their speaker ─► pull quotes ─► the day each was made

A quote nobody is named for is not a statement; headlines, teasers and other
page furniture never are.
"""
from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from . import attribution, dates, quotes
from .lexicon import EN
from .sentences import Paragraph, Sentence, has_end_punctuation, paragraphs, split
from .speakers import NOT_NAME_WORDS, ROLE_RX, TITLE_BEFORE_NAME, Cast
from .types import Context, Found

MAX_CHARS = 560  # a statement is a sentence or a short run of them, never a paragraph
_LEADING_ADVERBIAL = re.compile(r"^([^,\u201c\"]{2,45}),\s")


@dataclass
class Piece:
    """A sentence with what we learnt about it."""

    sentence: Sentence
    blanked: str
    quoted: bool  # starts inside or with a quote
    has_quote: bool
    attr: attribution.Attribution | None = None
    owner: "Draft | None" = None


@dataclass
class Draft:
    start: int
    end: int
    person: object
    party: str | None
    how: str
    para: int
    direct: bool
    region: str = ""  # text around the attribution where the day is named
    attribution_words: str = ""  # from the subject to the verb ("Lind had previously admitted")
    lead: str = ""  # the sentence's leading adverbial
    sentence_text: str = ""
    confidence: float = 0.8
    prev_context: str = ""
    claim: str = ""
    continues: "Draft | None" = None  # the statement whose quote this one carries on
    asked: str = ""  # in a transcript, the question this answer replies to
    turn: bool = False  # a transcript's or interview's turn: its day is the session's


def find_statements(text: str, *, published: dt.date | None, context: Context) -> list[Found]:
    """The attributed statements of a report, each with its speaker, side and day.

    Paragraph by paragraph, the first reading that applies: a transcript's turn ("A:", "LIND:"); a paragraph
    of a published speech, or of a turn going on without its label (every sentence no one else is named
    for is the speaker's, until a heading ends it); a quoted paragraph after "X said:" (X's, until a paragraph
    opens without a quotation mark); an item of a list under a speaker ("X:", a heading that is only a side's
    name, "X listed its demands as follows:", "The proposals X delivered include:"); else prose, sentence by sentence.
    """
    cast = Cast(context, on=published)
    cast.introduce(text)
    memory = attribution.Memory()
    drafts: list[Draft] = []
    previous_para_draft: Draft | None = None
    header = None  # the speaker a "Name:" line puts over the bullet points under it
    paras = paragraphs(text)
    answerer, question = _transcript_answerer(paras, cast), ""
    if answerer is None:
        _interview_newcomers(paras, cast)
    interviewees = _interviewees(paras, cast) if answerer is None else frozenset()
    interview = bool(interviewees)
    speech, body, end = _speech_of(paras, cast, text)  # a published speech's speaker, where its words begin and end
    speaking = None  # whose words a paragraph without an attribution or a label goes on with
    introduced = None  # whose words the quoted paragraphs after "X said:" are
    for para in paras:
        memory.para = para.index
        if introduced and not _QUOTE_OR_ITEM.match(para.text):
            introduced = None  # the quotation is over
        if answerer and (asked := _QUESTION.match(para.text)):
            question, speaking = para.text[asked.end():], answerer
        turn = _turn(para, cast, answerer, question, interviewees) if answerer or interview else None
        if turn is not None:
            drafts.extend(turn)
            speaking = (turn[0].person, turn[0].party, turn[0].how) if turn else speaking
            continue
        if interview and (para.text.rstrip().endswith("?") or not _FIRST_PERSON.search(para.text)):
            question, speaking = para.text, None  # the interviewer's words between the turns: what they answer
        if (answerer or interview) and _speaker_label(para.text, cast) and not _QUESTION.match(para.text):
            speaking = None  # another's turn ("MODERATOR: ...", a journalist's name): the last speaker's is over
        if speech and para.index >= end:
            speaking = speech = None  # the author's note under a signed piece
        if speech and para.index >= body:
            speaking = speech
        if speaking and (_RELEASE_END.fullmatch(para.text.strip()) or (
                _HEADING.fullmatch(para.text) and not (speaking is speech and speech[0] is None))):
            # a heading ("Questions from the press"): the speech or turn is over; an institution's release goes on
            # through its sections ("Our position") to its end ("ENDS", "Notes to editors")
            speaking = speech = None
        if (introduced or speaking) and not _QUESTION.match(para.text):
            own, rest = _spoken(text, para, cast, memory, previous_para_draft, (introduced or speaking)[:3], question)
            drafts.extend(own + rest)
            previous_para_draft = own[-1] if own else None
            introduced = introduced or _introduction(para, paras, cast, memory)
            continue
        bullet = _BULLET.match(para.text)
        if bullet and header is not None and len(para.text) <= MAX_CHARS:
            person, party, how, region = header
            own, rest = _spoken(text, para, cast, memory, None, (person, party, how), question, region)
            if own:  # "- They are ready to adjust it, X said on Tuesday": the item says who
                drafts.extend(own + rest)
                continue
            drafts.append(Draft(para.start + bullet.end(), para.end, person, party, how, para.index, False,
                                region=region, sentence_text=para.text[bullet.end():], confidence=0.6))
            continue
        header = _bullet_header(para, paras, cast) if not bullet else None
        if header is not None:
            continue
        para_drafts = _paragraph(text, para, cast, memory, previous_para_draft)
        drafts.extend(para_drafts)
        if para_drafts and para.text.rstrip().endswith(":"):  # "X laid out its demands as follows:" and a list
            last = para_drafts[-1]
            header = (last.person, last.party, f"bullet points after '{last.attribution_words or last.how}'", last.region)
        elif para.text.rstrip().endswith(":"):
            header = _list_owner(para, cast)
            introduced = _introduction(para, paras, cast, memory) if header is None else None
            header = header or introduced
        previous_para_draft = para_drafts[-1] if para_drafts else None
    for d in drafts:  # a quote run or a continued quote can still be too long: keep its start
        if d.end - d.start > MAX_CHARS:
            _trim(d, text, d.start + MAX_CHARS // 2)
    drafts = [d for d in drafts if not _asks(said := text[d.start:d.end]) and not _announces(said)]
    interview_day = _interview_day(paras, drafts, published, context) if interview or answerer else None
    return _dated(text, drafts, published, context, paras, interview_day)


# The name a question or a courtesy is said to ("Mr Lind, would you ...", "Dr Lind, over to you."), in capitals
# whatever the flags of the pattern around it.
_ADDRESSEE = r"(?-i:[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){0,3})"
# A question, after any label or name it is put to ("Q:", "Mr Lind, would you ..."): it asks, it takes no position;
# a rhetorical one ("Why should we pay for their mistakes?", "Who in Marensk can tell us ...?") is a view.
_QUESTION_OPENING = re.compile(r"\W*(?:" + _ADDRESSEE + r"\s*(?:\([^()]{1,60}\)\s*)?[:,]\s*)?"
                               r"(?:and\s+|so\s+|but\s+)?(?P<word>who|what|when|where|why|how|which|whose|do|does|did|is|are|"
                               r"was|were|will|would|can|could|should|shall|may|might|have|has|had|isn't|aren't|don't|"
                               r"doesn't|won't|wouldn't)\b", re.I)
_RHETORICAL = re.compile(r"(?:why|who|how|what)\b[^?]{0,40}?\b(?:should|would|could|can|must)\b", re.I)
_PUT_TO_YOU = re.compile(r"\b(?:would|will|do|did|can|could|are|have)\s+you\b|\byou\s+(?:think|say|expect)\b", re.I)


def _asks(text: str) -> bool:
    """Whether a statement is one question and nothing else, put to its listener ("Do you think ...?") or asking
    what is so ("Is that something the inspectors will check?"), not a rhetorical one."""
    text = text.strip().rstrip("\"\u201d\u2019' ")
    if not text.endswith("?") or re.search(r"[.!?][\"\u201d\u2019]?\s", text):
        return False
    if _QUESTION.match(text):
        return True  # "Q: So Borvania accepts that ...?": the interviewer asks it, whatever its words
    opening = _QUESTION_OPENING.match(text)
    if opening is not None and _RHETORICAL.match(text, opening.start("word")):
        return False  # "How can you trust a neighbour who ...?": a view
    return bool(_PUT_TO_YOU.search(text)) or opening is not None


_INTERVIEW_SETTING = EN.word_pattern("interview_setting", re.I)


def _interview_day(paras: list[Paragraph], drafts: list[Draft], published: dt.date | None,
                   context: Context) -> dt.date | None:
    """The day an interview or briefing was held, as the text before its first turn says it ("We spoke to X
    on Monday"): the day of answers that name none."""
    first = min((d.para for d in drafts if d.turn and d.para > 0), default=None)  # a headline "X: ..." is no turn
    if first is None or published is None:
        return None
    days = [hit.day for para in paras[:first] for s in split(para)
            if _INTERVIEW_SETTING.search(s.text) and (hit := dates.find(s.text, published=published,
                                                                        rounds=context.rounds)) and hit.exact]
    # a byline's "Interview by X | Published 23 May" names the day it came out, not the day it was held
    return next((day for day in days if day != published), days[0] if days else None)


def _paragraph(text: str, para: Paragraph, cast: Cast, memory, previous: Draft | None) -> list[Draft]:
    spans = quotes.spans(para.text)
    sentences = split(para)
    if len(sentences) == 1 and not has_end_punctuation(para.text) and not _MARKED.match(para.text):
        pull = _pull_quote(para, cast) if para.index > 0 else None  # the first line is the headline
        return [pull] if pull else []  # a headline, a caption, a teaser
    pieces = []
    for s in sentences:
        a, b = s.start - para.start, s.end - para.start
        local = [(max(x, a) - a, min(y, b) - a) for x, y in spans if x < b and a < y]
        blanked = quotes.outside_text(s.text, local)
        quoted = any(x <= a + 1 < y for x, y in spans)
        has_quote = quotes.quoted_words(s.text, local) >= 3
        pieces.append(Piece(s, blanked, quoted, has_quote))
    drafts: list[Draft] = []
    for i, piece in enumerate(pieces):
        memory.pos = piece.sentence.start
        found = attribution.find_all(piece.sentence.text, piece.blanked, cast, memory)
        if not found:  # a quote after a colon, or what follows "X was blunter:"
            found = attribution.colon_quote(piece.sentence.text, piece.blanked, cast, memory, piece.has_quote)
        if not found:
            _remember_subject(piece, cast, memory)
            continue
        _remember_subject(piece, cast, memory)
        before = pieces[i - 1] if i else None  # narrative just before: "In mid-December X published drafts."
        narrative = before is not None and before.attr is None and not (before.quoted or before.has_quote)
        prev_context = before.sentence.text if narrative else ""
        for part, (a, b, at) in enumerate(_clauses(piece, found)):
            memory.spoke(at.person, at.party)
            s = piece.sentence
            blanked = piece.blanked[a:b]
            draft = Draft(s.start + a, s.start + b, at.person, at.party, at.how, para.index,
                          quotes.quoted_words(s.text[a:b], quotes.spans(s.text[a:b])) >= 3 or piece.has_quote and b - a == len(s.text),
                          region=_region(blanked, at), lead=_lead(piece.blanked) if part == 0 else "",
                          attribution_words=blanked[min(at.subject.start, at.verb_start):at.verb_end],
                          sentence_text=s.text[a:b], confidence=0.85 if at.person else 0.7,
                          prev_context=prev_context if part == 0 else "", claim=_claim(s.text[a:b], blanked, at))
            if draft.end - draft.start > MAX_CHARS:
                _trim(draft, text, s.start + a + at.verb_start)
            if part == 0:
                piece.attr, piece.owner = at, draft
            drafts.append(draft)
    # quoted sentences with no attribution of their own join the speaker of the quote they continue
    for i, piece in enumerate(pieces):
        if piece.owner is not None or not (piece.quoted or piece.has_quote):
            continue
        owner = _neighbour_owner(pieces, i)
        if owner is None and piece.quoted:
            near = _speaker_nearby(pieces, i, cast, memory)
            if near is not None:
                person, how = near
                s = piece.sentence
                draft = Draft(s.start, s.end, person, person.party, how, para.index, True, sentence_text=s.text,
                              confidence=0.6)
                piece.owner = draft
                drafts.append(draft)
                continue
        if owner is None and i == 0 and piece.quoted and previous is not None and previous.para == para.index - 1:
            owner = previous
            continued = Draft(piece.sentence.start, piece.sentence.end, owner.person, owner.party,
                              owner.how + " (quote continued)", para.index, True, sentence_text=piece.sentence.text,
                              confidence=0.7)
            continued.continues = owner
            piece.owner = continued
            drafts.insert(0, continued)
            continue
        if owner is None:
            continue
        s = piece.sentence
        if max(owner.end, s.end) - min(owner.start, s.start) <= MAX_CHARS:
            owner.start, owner.end = min(owner.start, s.start), max(owner.end, s.end)
            owner.direct = True
            piece.owner = owner
        else:
            split_off = Draft(s.start, s.end, owner.person, owner.party, owner.how + " (same quote)", para.index,
                              True, sentence_text=s.text, confidence=owner.confidence - 0.05)
            split_off.continues = owner
            piece.owner = split_off
            drafts.append(split_off)
    # "May added that X. Others who arrive later will benefit from Y.": a reported claim going on in the next
    # sentence, unattributed and in the same mode (will, would), is the same speaker's; so is a readout's
    # "It was also stressed that ..." after any statement
    for i in range(1, len(pieces)):
        owner, piece = pieces[i - 1].owner, pieces[i]
        if owner is None or piece.owner is not None or piece.quoted or piece.has_quote or \
                piece.sentence.end - piece.sentence.start > MAX_CHARS:
            continue
        if not _PASSIVE_SAYING.match(piece.blanked) and (
                owner.direct or pieces[i - 1].attr is None or not _GOES_ON.search(piece.blanked)
                or _NEW_SUBJECT.match(piece.blanked)):
            continue
        s = piece.sentence
        going_on = Draft(s.start, s.end, owner.person, owner.party, owner.how + " (claim goes on)", para.index, False,
                         sentence_text=s.text, confidence=owner.confidence - 0.1)
        going_on.continues = owner
        piece.owner = going_on
        drafts.append(going_on)
    # "X laid out his grievances. His argument? <claim>": the claim after the lead-in is X's
    for i in range(1, len(pieces) - 1):
        owner, piece, claim = pieces[i - 1].owner, pieces[i], pieces[i + 1]
        if owner is None or owner.person is None or piece.owner is not None or claim.owner is not None or \
                not _LEAD_IN.fullmatch(piece.sentence.text) or claim.sentence.end - owner.start > MAX_CHARS:
            continue
        owner.end = claim.sentence.end
        owner.claim = claim.sentence.text  # what the linker reads: the claim, not the narrative before it
        piece.owner = claim.owner = owner
    drafts.sort(key=lambda d: d.start)
    return drafts


_GOES_ON = EN.word_pattern("claim_going_on")
_NEW_SUBJECT = EN.pattern("turn_openers", r"\s*(?:", ")", re.I)
_PASSIVE_SAYING = EN.pattern("passive_saying", r"\s*(?:", ")")


_LEAD_IN = re.compile(
    r"(?:His|Her|Their)\s+(?:\w+\s+)?(?:" + EN.alternation("lead_in_nouns") + r")s?\s*[?:]")


_MARK = r"[\u2022\u25aa\u25cf\u2023\u2043\u00b7*\u2013-]"  # a bullet or a dash
_NUMBER = r"\(?\d{1,2}[.)]"  # "1.", "2)", "(3)"
_BULLET = re.compile(rf"(?:{_MARK}|{_NUMBER})\s+")  # a list item
_MARKED = re.compile(rf"{_MARK}\s+")  # an item marked so, which may lack a full stop; a numbered one is a heading then
_QUOTE_OR_ITEM = re.compile(rf"\s*(?:[\"\u201c\u2018]|(?:{_MARK}|{_NUMBER})\s)")
_PEOPLE_AFTER = re.compile(r"\s*\([^()]{2,80}\)(?=\s*:?\s*$)")
_NAME_LINE = re.compile(r"(?P<who>[^:.!?;,]{2,60})")  # a heading of only a name
_NAME_BEFORE = re.compile(r"(?:[A-Z][a-z]+\s+)?")  # "Aldorian" in "Aldorian Government"
_HEADER = re.compile(r"(?:(?:" + EN.alternation("honorifics") + r")\.?\s+)?(?P<who>[^:]{2,60}):")


def _bullet_header(para: Paragraph, paras: list[Paragraph], cast: Cast, text: str | None = None):
    """A line that is only a speaker's name and a colon ("Jan X:"), heading the bullet points of what they said;
    without the colon, a heading over bullet points ("Aldorian Government", then "- Insists that ...")."""
    text = _PEOPLE_AFTER.sub("", para.text if text is None else text)  # "Aldoria (Wielgosz, Holm)": Aldoria
    m = _HEADER.fullmatch(text)
    if not m:
        following = paras[para.index + 1].text if para.index + 1 < len(paras) else ""
        m = _NAME_LINE.fullmatch(text) if _BULLET.match(following) else None
    if not m:
        return None
    mentions = cast.mentions(text, text)
    if len(mentions) != 1 or mentions[0].kind not in ("person", "party"):
        return None
    if not _NAME_BEFORE.fullmatch(text[m.start("who"):mentions[0].start]) or text[mentions[0].end:m.end("who")].strip():
        return None
    who = mentions[0]
    return who.person, who.party, f"bullet points under '{who.text}'", ""


def _introduction(para: Paragraph, paras: list[Paragraph], cast: Cast, memory):
    """(person, party, how, region) of the one a paragraph's last words name before a colon ("Party President X
    said:", "... restated its positions. Aldoria:"): the speaker of the quoted paragraphs or the list after it."""
    if not para.text.rstrip().endswith(":"):
        return None
    last = split(para)[-1]
    blanked = quotes.outside_text(last.text, quotes.spans(last.text))
    if blanked.strip() != last.text.strip():
        return None  # "X said: “We will ...”:" quotes its own words
    found = attribution.find_all(last.text, blanked, cast, memory)
    if found and len(blanked[found[-1].verb_end:].strip(" :").split()) <= 4:  # "told reporters in Belfast:"
        at = found[-1]
        memory.spoke(at.person, at.party)
        return at.person, at.party, f"{at.how} (quoted after the colon)", ""
    return _bullet_header(para, paras, cast, last.text.strip()) or _quote_label(para, paras, cast)


# A line of only a name, what they are and a colon, over a quoted paragraph ("Jan Dvor, senior fellow, Water
# Programme:" then "\u201cThe quota was ...\u201d"): how commentaries gather several people's words ("Experts react").
_QUOTE_LABEL = re.compile(r"\s*(?P<name>[A-Z][\w.'\u2019-]+(?:\s+[A-Z][\w.'\u2019-]+){1,3})"
                          r"(?:\s*,\s*(?P<role>[^:.!?;\"\u201c\u201d]{2,120}))?\s*:\s*")
_OPENS_QUOTE = re.compile(r"\s*[\"\u201c]")
LABEL_HOW = "quoted under the label"


def _quote_label(para: Paragraph, paras: list[Paragraph], cast: Cast):
    """(person, party, how, region) of the one a label line names ("Jan Dvor, former diplomat:") when the next
    paragraph opens a quotation: a known person, or a new one with what the label says they are."""
    following = paras[para.index + 1].text if para.index + 1 < len(paras) else ""
    label = _QUOTE_LABEL.fullmatch(para.text) if _OPENS_QUOTE.match(following) else None
    if label is None or label.group("name").split()[0].lower() in NOT_NAME_WORDS:  # "The Bottom Line:"
        return None
    if label.group("role"):  # a new name must say what they are ("Jan Dvor, former diplomat:"); "Key Points:" does not
        cast.new_person(label.group("name"), label.group("role"))
    who = next((m for m in cast.mentions(para.text, para.text) if m.kind == "person" and m.end == label.end("name")),
               None)
    if who is None or who.person is None:
        return None
    return who.person, who.party, f"{LABEL_HOW} '{who.text}'", ""


_LIST_OF_POSITIONS = EN.word_pattern("list_position_nouns", re.I)


def _list_owner(para: Paragraph, cast: Cast):
    """The side whose position a list holds, for a sentence ending in a colon that says so without a speech
    verb ("The proposals that Aldoria delivered on Monday include:", "Borvania's line is narrower:"): the first
    side it names, if it names a position."""
    last = split(para)[-1].text
    position = _LIST_OF_POSITIONS.search(last)
    if position is None:
        return None
    blanked = quotes.outside_text(last, quotes.spans(last))
    who = next((m for m in cast.mentions(last, blanked) if m.kind in ("person", "party") and m.party), None)
    if who is None:
        return None
    return (who.person, who.party, f"bullet points after '{who.text}' and its {position.group()}",
            blanked)  # where the list's day is named ("The proposals X delivered on Monday include:")


# A transcript (a briefing, a press conference, an interview): questions "Q:" and the answers "A:" of the one
# who gives them.
_ASKER = r"(?:\s*\([^()\n]{1,60}\))?"  # "Q (Radio X):", "MARIA LIND (Foreign Minister):": who, or their outlet
_QUESTION = re.compile(r"(?:Q|Question|QUESTION)" + _ASKER + r"\s*[:.]\s+")
_ANSWER = re.compile(r"(?:A|Answer|ANSWER)\s*[:.]\s+")
_LABEL = re.compile(r"(?P<who>(?:[A-Z][\w.'\u2019-]*\s+){0,3}[A-Z][\w'\u2019-]*)" + _ASKER + r"\s*:\s+")


def _transcript_answerer(paras: list[Paragraph], cast: Cast):
    """In a transcript (two questions or more), who gives the answers: the one its heading names, before the
    first question ("Spokesperson X's Briefing of 3 May")."""
    asked = [p.index for p in paras if _QUESTION.match(p.text)]
    if len(asked) < 2:
        return None
    return _heading_speaker(paras[:asked[0]], cast, "answers in the transcript of '{}'")


def _interviewees(paras: list[Paragraph], cast: Cast) -> frozenset:
    """The people of an interview whose answers carry their name ("HAJDU: ...", "Maria Lind: ...") and whose
    questions carry none: those the report names with two turns or more, each a sentence or more (a name over
    one line, "Lind: no new tariffs for now.", is a subheading). In a debate's record, where each may speak
    once ("MARIA LIND (Foreign Minister): ..."), everyone with a turn, when DEBATE_TURNS turns or more name
    two people or more. Empty for any other text."""
    turns, speeches = Counter(), Counter()
    for p in paras:
        m = _LABEL.match(p.text)
        if not m or not has_end_punctuation(p.text) or len(p.text[m.end():].split()) < 8:
            continue
        person = _label_person(m, cast)
        if person is not None:
            turns[person.name] += 1
            if len(p.text[m.end():].split()) >= DEBATE_WORDS:
                speeches[person.name] += 1
    interviewed = {name for name, n in turns.items() if n >= 2}
    if sum(speeches.values()) >= DEBATE_TURNS and len(speeches) >= 2:
        return frozenset(speeches) | interviewed
    return frozenset(interviewed)


DEBATE_TURNS = 3  # a record of a debate or a round table: turns of several people, some speaking once,
DEBATE_WORDS = 20  # each a speech, longer than a line summing up a side ("Lind: no new tariffs, whatever comes.")


def _interview_newcomers(paras: list[Paragraph], cast: Cast) -> None:
    """Register an interviewee the report names only in the labels of its turns: a full name labelling one
    turn and its initials the others ("Maria Lind: ...", "ML: ..."), three turns or more, two in three of them
    answers (the interviewer's label, the outlet's name, asks). Their side is the one the headline's role names
    ("Aldoria's foreign minister on the dams"), when it names one side only."""
    labels = [(m.group("who"), p.text[m.end():]) for p in paras[:MAX_LABELLED]
              if (m := _LABEL.match(p.text)) and has_end_punctuation(p.text)]
    full_names = {who for who, _ in labels if 2 <= len(who.split()) <= 3 and not cast.mentions(who, who)}
    for name in full_names:
        turns = [said for who, said in labels if who in (name, _initials(name))]
        answers = [said for said in turns if not said.rstrip().endswith("?")]
        if len(turns) >= 3 and 3 * len(answers) >= 2 * len(turns):
            cast.new_person(name, _headline_role(paras[0].text if paras else "", cast))


def _headline_role(headline: str, cast: Cast) -> str:
    """The role an interview's headline gives its guest ("...: Aldoria's foreign minister on the dams"), when the
    headline names one side only."""
    role = ROLE_RX.search(headline)
    codes = {cast.parties.lookup.get(m.group().lower())
             for rx in (cast.parties.names, cast.parties.adjectives) for m in rx.finditer(headline)}
    if role is None or len(codes) != 1:
        return ""
    lead = re.split(r"[:;,.!?\"\u201c\u201d()]", headline[:role.start()])[-1].split()[-3:]
    return " ".join([*lead, role.group()])


MAX_LABELLED = 400  # paragraphs read for an interview's labels: enough for any interview, bounded for any text


def _label_person(label: re.Match, cast: Cast):
    """The one person a turn's label ("LIND:", "Maria Lind (Foreign Minister):", or her initials "ML:" once the
    report has named her) names, else None."""
    who = label.group("who")
    named = [x for x in cast.mentions(who, who) if x.kind == "person"]
    if not named and _INITIALS.fullmatch(who):
        by_initials = [p for p in cast.people if (p.at >= 0 or p.known) and len(p.name.split()) >= 2
                       and _initials(p.name) == who]
        return by_initials[0] if len(by_initials) == 1 else None
    return named[0].person if len(named) == 1 else None


def _speaker_label(text: str, cast: Cast) -> bool:
    """Whether a paragraph opens with someone's label ("MODERATOR:", "Anna Berg:", "Moderator:", a known name),
    not a word before a colon ("First:", "Look:")."""
    m = _LABEL.match(text)
    if m is None:
        return False
    who = m.group("who")
    return (who.isupper() and len(who) > 1 or len(who.split()) >= 2 or bool(ROLE_RX.fullmatch(who))
            or who.lower() in _HOSTS or _label_person(m, cast) is not None)


_HOSTS = EN.words("hosts")  # "Moderator:" (a chair is among the roles)


def _label_side(label: re.Match, cast: Cast) -> str | None:
    """The one side a turn's label names in its brackets ("JAN DVOR (Aldorian government):", "(Minister of
    Aldoria)"), not an outlet named after a country ("(Radio Aldoria)"), else None."""
    aside = label.group()[len(label.group("who")):].strip(" :()")
    if _OUTLET.search(aside):
        return None
    codes = {m.party for m in cast.mentions(aside, aside) if m.kind == "party" and m.party}
    return codes.pop() if len(codes) == 1 else None


_OUTLET = EN.word_pattern("outlet_words", re.I)


_INITIALS = re.compile(r"[A-Z]{2,3}")


def _initials(name: str) -> str:
    """A name's initials as an interview's labels write them ("Maria von Lind" -> "ML")."""
    return "".join(w[0] for w in name.split() if w[0].isupper())


def _heading_speaker(heading: list[Paragraph], cast: Cast, how: str):
    """(person, party, how) of the person a text's heading names, else of its party; None if it names neither."""
    named = [m for p in heading for topic in (_topic_start(p.text),) for m in cast.mentions(p.text, p.text)
             if m.kind in ("person", "party") and m.start < topic]
    who = next((m for m in named if m.kind == "person"), named[0] if named else None)
    if who is None:
        return None
    return (who.person, who.person.party if who.person else who.party, how.format(who.text))


def _topic_start(line: str) -> int:
    """Where a heading's topic begins: "Press statement on the Varta talks" is about Varta, not by it."""
    title = _SPEECH_TITLE.search(line)
    about = title and title.group().lower().endswith(" on") and not _ON_BEHALF.match(line, title.end())
    return title.end() if about else len(line)


_ON_BEHALF = re.compile(r"\s*behalf\b", re.I)  # "Statement on behalf of Aldoria" is Aldoria's


_SPEECH_TITLE = EN.pattern("speech_titles", flags=re.I)
_COURTESY = EN.pattern("courtesies", r"\W*(?:" + _ADDRESSEE + r",\s+)?(?:", r")\b", re.I)  # after any name said to
_VIEW_AFTER = re.compile(r",\s+(?:but|because|and\s+(?:I|we))\b|\b(?:(?<!with )that|for\s+(?:its|their|his|her|the)\s+(?:support|help|work))\b", re.I)


def _no_view(sentence: str) -> bool:
    """Words of no view: a courtesy (`_courtesy`), a roster of who is present (`_roster`), a note on the text
    itself ("The transcript will be available on our website.", "Transcribed by the press team.", "Listen again on
    our website.") or a sentence announcing the words after it (`_announces`)."""
    return _courtesy(sentence) or _roster(sentence) or bool(_TEXT_NOTE.match(sentence)) or _announces(sentence)


def _announces(sentence: str) -> bool:
    """A short sentence announcing words that come after it ("Borvania made clear what it wanted.", "Start with what
    the minister actually said."): the view is in the sentences that follow, not in this one."""
    return len(sentence.split()) <= 10 and bool(_WHAT_FOLLOWS.search(sentence))


_WHAT_FOLLOWS = re.compile(
    r"\b(?:(?:made|makes|make)\s+(?:it\s+)?clear|said|says|explained|set\s+out|sets\s+out|spelled\s+out|laid\s+out|"
    r"outlined|showed|signall?ed)\s+(?:exactly\s+|precisely\s+)?(?:what|how)\s+(?:[\w'\u2019-]+\s+){0,2}?"
    r"(?:wanted|wants|meant|means|said|thought|thinks|expected|expects|needed|needs|were|was|are|is)[.!]?[\"\u201d]?\s*$|"
    r"^\W*(?:start|begin|look|listen)\s+(?:with|at|to)\s+what\s+(?:[\w'\u2019.-]+\s+){1,4}?(?:(?:actually|really)\s+)?"
    r"(?:said|meant|wanted)[.!]?\s*$", re.I)


_TEXT_NOTE = re.compile(r"\W*(?:(?:note|editor'?s\s+note)\s*:|(?:transcribed|translated|compiled)\s+by\b|"
                        r"(?:the\s+|a\s+|all\s+)?(?:\w+\s+){0,2}?(?:transcripts?|recordings?|video|press\s+releases?|"
                        r"fact\s+sheets?)\b[^.;:]{0,80}?\b(?:(?:is|are|will\s+be)\s+(?:now\s+)?(?:available|posted|online))|"
                        r"(?:listen|watch)\s+(?:again|back|(?:to\s+)?the\s+full)\b|"  # a programme's own furniture
                        r"(?:the\s+)?(?:(?-i:[A-Z])[\w'\u2019-]*\s+){1,4}(?:is|airs)\s+(?:broadcast|live|on\s+air)\b)",
                        re.I)


def _courtesy(sentence: str) -> bool:
    """A greeting or thanks ("Thank you all.", "Good afternoon, and welcome to Geneva."): words of no view, unless
    a view follows it in the sentence ("Thank you, but we will not ...")."""
    return bool(_COURTESY.match(sentence)) and not _VIEW_AFTER.search(sentence) and len(sentence.split()) <= COURTESY_WORDS


_ROSTER_LABEL = re.compile(r"(?:[A-Z]\w+|(?i:for further information|(?:press|media) contacts?)):\s+")  # "Moderator: "
_ASIDE = re.compile(r"\([^()]*\)")
_NAME_WORDS = re.compile(r"[\w'\u2019.-]+")
_SMALL = frozenset({"of", "the", "and", "for", "on", "in", "at", "to", "de", "von", "van", "al", "el", "bin"})


def _roster(sentence: str) -> bool:
    """A line of who is present, not of what anyone says: names with their roles or outlets ("Maria Lind,
    Foreign Minister; Jan Dvor, Special Envoy.", "Moderator: Anna Berg, press office.", "Anna Berg, Radio
    North.", "Authors: Anna Berg (director) and Jan Dvor") — each part a name of two capitalised words or more
    up to its first comma; one part alone, after a short label, or all of it in capitals and lower case."""
    text = sentence.strip().rstrip(".")
    label = _ROSTER_LABEL.match(text)
    parts = [p.strip() for p in _ASIDE.sub(" ", text[label.end():] if label else text).split(";") if p.strip()]

    def named(words: str) -> bool:
        found = _NAME_WORDS.findall(words)
        return len(found) >= 2 and all(w[0].isupper() or w.lower() in _SMALL for w in found) and not words.isupper()

    if len(parts) == 1 and label:
        return named(parts[0].split(",", 1)[0])
    if len(parts) == 1:
        return "," in parts[0] and named(parts[0])
    return bool(parts) and all("," in p and named(p.split(",", 1)[0]) for p in parts)


COURTESY_WORDS = 25
_STAGE_NOTE = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\W*")
_HEADING = re.compile(r"(?![\u2022\u25aa\u25cf*\u2013-])\W*\w+(?:\W+\w+){0,7}(?<![.!?:;,\"\u201d])\s*")  # a few words, no stop
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|our|Our|us|my|My)\b")


def _speech_of(paras: list[Paragraph], cast: Cast, text: str):
    """((person, party, how), index of its first paragraph of words, index after its last) when the text is one
    speaker's own words (a speech or remarks as published: "Remarks by X following ...", "Check against delivery";
    a signed piece): the heading names them, and the body speaks in the first person with few attributions of its
    own, or, for an institution's statement, of itself in the third person; else (None, 0, 0)."""
    end = len(paras)
    body = next((p.index for p in paras if len(p.text.split()) >= 12 and has_end_punctuation(p.text)), None)
    if body is None or body > 7:  # a headline, and a few lines of who, where and when
        return None, 0, 0
    if any(_SPEECH_TITLE.search(p.text) for p in paras[:body]):
        speaker = _heading_speaker(paras[:body], cast, "speech of '{}'")
        if speaker is not None and speaker[0] is None:  # "Statement by the Aldorian Foreign Ministry": a release
            speaker = (None, speaker[1], speaker[2].replace("speech of", RELEASE_HOW, 1))
    elif any(_RELEASE.search(p.text) for p in paras[:body]):
        speaker = _release_issuer(paras[:body], cast)
    elif (author := _byline_author(text[:paras[body].start].splitlines(), cast)) is not None:
        speaker = author
    elif (author := _byline_author(_closing_note(paras), cast, closing=True)) is not None:
        speaker, end = author, len(paras) - 1  # the note is not the piece
    else:
        return None, 0, 0
    rest = " ".join(quotes.outside_text(p.text, quotes.spans(p.text)) for p in paras[body:end])
    if speaker is None or len(attribution.SPEECH_VERBS.findall(rest)) * 10 > len(rest.split()):
        return None, 0, 0  # a report about a speech, not the speech
    if len(_FIRST_PERSON.findall(rest)) < 3 and not _issued_statement(paras[:body], rest, speaker, cast):
        return None, 0, 0
    return _signed_by(paras[body:end], cast, speaker) or speaker, body, end


def _closing_note(paras: list[Paragraph]) -> list[str]:
    """The first sentence of a piece's last paragraph, where an author's note often stands ("Tomasz Wielgosz is
    the Foreign Minister of Aldoria. This article ...") when the byline over the piece was cut as furniture."""
    return [split(paras[-1])[0].text] if len(paras) > 2 else []


_BYLINE = re.compile(r"\s*By\s+")
_AFTER_BYLINE = re.compile(r"\s*(?:$|[|,])")  # "By Tomasz Wielgosz", "By Tomasz Wielgosz, Foreign Minister"
_AUTHOR_NOTE = re.compile(r"\s+(?:is|was|has\s+been|served\s+as)\s")  # "Tomasz Wielgosz is ..."
_CLOSING_NOTE = re.compile(r"\s+(?:is|was|has\s+been|served\s+as)\s+(?:the|a|an)\s")


def _byline_author(heading: list[str], cast: Cast, closing: bool = False):
    """(person, party, how) of a known person of a party who signs the piece: a byline ("By Tomasz Wielgosz") or an
    author's note ("Tomasz Wielgosz is the Foreign Minister of Aldoria.") over an opinion column; a journalist is no
    one the negotiation knows. A note closing the piece must say who they are ("is the ...", not "is due to ...")."""
    note = _CLOSING_NOTE if closing else _AUTHOR_NOTE
    for line in heading:
        if not line.strip() or len(line.split()) > 25:
            continue
        named = cast.mentions(line, line)
        first = named[0] if named else None
        if first is None or first.kind != "person" or not first.person.known or not first.person.party:
            continue
        byline = _BYLINE.match(line)
        if (byline and first.start == byline.end() and _AFTER_BYLINE.match(line, first.end)) or (
                first.start == len(line) - len(line.lstrip()) and note.match(line, first.end)):
            return first.person, first.person.party, f"{SIGNED_HOW} '{first.text}'"
    return None


def _release_issuer(heading: list[Paragraph], cast: Cast):
    """(None, party, how) of the party a press release's heading lines name as its issuer ("MINISTRY OF FOREIGN
    AFFAIRS OF ALDORIA", "June 1 - Marensk - Aldorian Trade Office"): the lines under its headline, a dateline's
    last; None when the first of them names someone of no party (a campaign group's release is no party's)."""
    lines = [p.text for p in heading[1:] if not _RELEASE.fullmatch(p.text.strip(" .:-"))]
    for line in sorted(lines, key=lambda line: bool(re.search(r"\d", line))):
        named = [m for m in _heading_mentions(line, cast) if m.kind in ("person", "party")]
        if named:
            first = named[0]
            party = first.person.party if first.person else first.party
            return (None, party, f"{RELEASE_HOW} '{first.text}'") if party else None
    return None


def _heading_mentions(line: str, cast: Cast) -> list:
    """Who a heading line names, read as running text names them: "Office of the Aldorian Leader" over a release
    is "the Office of the Aldorian Leader", as an editor writes its alias."""
    line = _uncapped(line)
    if not re.match(r"the\s", line, re.I):
        line = "the " + line
    return cast.mentions(line, line)


def _uncapped(line: str) -> str:
    """A heading in capitals as a name is written ("REPUBLIC OF ALDORIA" -> "Republic of Aldoria")."""
    if not line.isupper():
        return line
    return " ".join(w.lower() if w.lower() in _SMALL_WORDS else w.capitalize() for w in line.split())


_RELEASE = EN.pattern("release_markers", flags=re.I)
_RELEASE_END = EN.pattern("release_ends", flags=re.I)
RELEASE_HOW = "release of"
SIGNED_HOW = "signed by"  # how a signed opinion piece's own sentences are attributed
_SMALL_WORDS = {"of", "the", "and", "for", "on", "in", "at", "to"}


def _signed_by(body: list[Paragraph], cast: Cast, speaker):
    """A party's statement signed at its foot by one of its people ("Jan Holm / Spokesman of the Ministry"): theirs."""
    person, party, how = speaker
    if person is not None:
        return None
    for p in body[-3:]:
        if len(p.text.split()) > 8 or has_end_punctuation(p.text):
            continue  # a signature is a short line: a name, a title
        named = [m for m in cast.mentions(p.text, p.text) if m.kind == "person" and m.person.party == party]
        if named and cast.mentions(p.text, p.text)[0] is named[0]:
            return named[0].person, party, f"{how}, signed by '{named[0].text}'"
    return None


def _issued_statement(heading: list[Paragraph], body: str, speaker, cast: Cast) -> bool:
    """An institution's published statement, which speaks of itself in the third person: a line of its heading
    other than the title or a dateline names the party that issues it ("Ministry of Foreign Affairs of Aldoria"), and three
    sentences of the body or more open with it ("The Government does not accept ...", "2. Aldoria will ...")."""
    person, party, _ = speaker
    issuers = [m for p in heading if not _SPEECH_TITLE.search(p.text) and not re.search(r"\d", p.text)
               for m in _heading_mentions(p.text, cast) if m.kind == "party" and m.party == party]
    if person is not None or not party or not issuers:  # a title or a dateline ("Marensk, 20 March") is no issuer
        return False
    heads = {m.text.split()[0] for m in issuers if _INSTITUTION_HEAD.fullmatch(m.text.split()[0])}
    own = re.compile(r"The (?:[A-Z][a-z]+ )?(?:Government" + "".join(f"|{re.escape(h)}" for h in heads) + r")\b(?!\s+of\b)")
    opened = 0
    for start in _SENTENCE_START.finditer(body):
        if own.match(body, start.end()):
            opened += 1
            continue
        at = _GOVERNMENT_OF.match(body, start.end()).end()
        name = cast.parties.names.match(body, at) or (body.startswith("The ", at) and cast.parties.names.match(body, at + 4))
        opened += bool(name and cast.parties.lookup.get(name.group().lower()) == party)  # "The Aldorian Republic will"
    return opened >= 3


_SENTENCE_START = re.compile(r"(?:^|(?<=[.!?])\s+)(?:\d{1,2}\.\s+)?")
# "The Royal Government will ...", and "The Office notes ..." in a release its heading says the Office issues
_INSTITUTION_HEAD = re.compile(r"[A-Z][a-z]+")
_GOVERNMENT_OF = re.compile(r"(?:The Government of\s+(?:the\s+)?)?")


# Another side's view relayed in the present ("Borvania claims that ..."), not an account of what it did ("has agreed")
_RELAYS = EN.word_pattern("relay_verbs")


def _spoken(text: str, para: Paragraph, cast: Cast, memory, previous: Draft | None, speaker, question: str,
            region: str = "") -> tuple[list[Draft], list[Draft]]:
    """A paragraph of one speaker's words (a speech, a transcript's turn going on without its label, a list
    item under a speaker): the statements of the other people it names ("Minister X told me that ..." is X's)
    and another side's view it relays in the present ("Borvania claims that ..."), and its other sentences, the
    speaker's ("Aldoria has agreed to ..." in a mediator's remarks is the mediator's account)."""
    person, party, how = speaker
    if _STAGE_NOTE.fullmatch(para.text):
        return [], []  # "[Unofficial transcript ... Questions have been shortened.]": the transcriber's note
    own = [d for d in _paragraph(text, para, cast, memory, previous) if d.person is not None or (
        d.party and d.party != party and _RELAYS.search(d.attribution_words or ""))]
    rest = []
    for s in split(para):
        lead = _BULLET.match(s.text)  # a list item's dash is no part of what it says; it may end in ";"
        ended = has_end_punctuation(s.text) or (lead and s.text.rstrip().endswith(";"))
        if len(s.text.split()) < 4 or not ended or any(d.start < s.end and s.start < d.end for d in own):
            continue
        if _STAGE_NOTE.fullmatch(s.text) or _no_view(s.text):
            continue  # "(The briefing was concluded at 3:02 p.m.)": the transcriber's; "Thank you all.": no view
        start = s.start + (lead.end() if lead else 0)
        rest.append(Draft(start, s.end, person, party, how, para.index, True, region=region,
                          sentence_text=s.text[start - s.start:], confidence=0.65, asked=question))
    return own, rest


def _turn(para: Paragraph, cast: Cast, answerer, question: str, interviewees: frozenset = frozenset()) -> list[Draft] | None:
    """A transcript's turn: an answer ("A: ...") or a named speaker's turn ("LIND: ..."; in an interview, only
    of its interviewees), each sentence a statement of who speaks; None for a question or anything else."""
    if _QUESTION.match(para.text):
        return None
    m = _ANSWER.match(para.text)
    who = answerer if m else None
    if m is None and (m := _LABEL.match(para.text)):
        person = _label_person(m, cast)
        who = (person, person.party, f"turn of '{m.group('who')}'") if person is not None else None
        side = _label_side(m, cast) if person is None and answerer is None and len(interviewees) > 1 and \
            has_end_punctuation(para.text) else None
        if side is not None:  # a debate's speaker the negotiation does not know, of a side it does: "X (Aldoria):"
            who = (None, side, f"turn of '{m.group('who')}'")
        elif answerer is None and (who is None or person.name not in interviewees or not has_end_punctuation(para.text)):
            return None  # in an interview, "Lind: no new tariffs." once is a subheading, not a turn
        if who is None and ROLE_RX.fullmatch(m.group("who")):  # "Spokesman: ...": the one who hosts it
            who = answerer
    if who is None:
        return None
    person, party, how = who
    begin = para.start + m.end()  # after the label
    turns = []
    for s in split(para):
        start = max(s.start, begin)
        words = s.text[start - s.start:]
        if s.end > begin and len(words.split()) >= 3 and not _no_view(words):
            turns.append(Draft(start, s.end, person, party, how, para.index, True, sentence_text=words,
                               confidence=0.7, asked=question, turn=True))
    return turns


def _trim(draft: Draft, text: str, verb: int) -> None:
    """A run-on sentence: keep the words around its attribution, cut at word boundaries within the kept span, or
    mid-word when it has none (a hostile text without spaces: the search for one stays inside the span, so each
    statement costs the same whatever the text)."""
    half = MAX_CHARS // 2
    start = max(draft.start, verb - half)
    end = min(draft.end, start + MAX_CHARS)
    word_start = start
    while word_start < end and word_start > draft.start and not text[word_start - 1].isspace():
        word_start += 1
    start = word_start if word_start < end else start
    word_end = end
    while word_end > start and word_end < draft.end and not text[word_end].isspace():
        word_end -= 1
    end = word_end if word_end > start else end
    draft.start, draft.end = start, end
    draft.sentence_text = text[start:end]


_WHICH_SAYS = re.compile(r",\s+(?:which|what)\s+(?:the\s+)?$")
_CONTRAST = EN.alternation("contrast_conjunctions")
_ASIDE_BREAK = re.compile(r"\s[-\u2013\u2014]\s|;\s|,\s+(?:" + _CONTRAST + r")\s|\s+(?:" + EN.alternation("aside_conjunctions") + r")\s")
_CLAUSE_BREAK = re.compile(r",\s+(?:" + _CONTRAST + r")\s+|;\s+|\s+(?:" + _CONTRAST + r")\s+")


def _clauses(piece: Piece, found: list) -> list[tuple[int, int, attribution.Attribution]]:
    """One sentence, or two when two different speakers are quoted ("X said A, but Y said B")."""
    def nested(a) -> bool:  # "the office said the prime minister had told ...": reported, not reporting
        return any(b is not a and b.verb_end <= a.subject.start and
                   re.fullmatch(r"\s*(?:that\s+)?", piece.blanked[b.verb_end:a.subject.start]) for b in found)

    people = [a for a in found if a.person is not None and not nested(a)]
    best = (people or found)[0]  # a person beats a party ("Marensk expects ..., he added"); else the first
    relayed = next((a for a in found if a.party and a.party != best.party and a.subject.start > best.verb_end
                    and nested(a) and _relayed(piece.blanked, best, a)), None)
    best = relayed or best  # "X says Y promised him that ...": Y's position, as Y gave it to X
    for first, second in zip(found, found[1:]):
        if (first.person, first.party) == (second.person, second.party) or second.inverted:
            continue
        if second.relative > first.verb_end:  # "X rejected criticism from Y, who claimed ...": Y's clause is Y's
            cut = second.relative
            for m in _ASIDE_BREAK.finditer(piece.blanked, first.verb_end, min(second.subject.start, cut)):
                cut = m.start()  # "... - particularly among Y who ...": from the last break before Y
            rest = piece.blanked[cut:]
            rest = rest.lstrip(" ,;-\u2013\u2014")
            for word in EN.items("contrast_conjunctions"):
                rest = rest[len(word) + 1:] if rest.startswith(word + " ") else rest
            resume = len(piece.blanked) - len(rest)
            shifted = _shifted(second, resume)  # its subject stands before the clause: "who" at its start
            shifted = dataclasses.replace(shifted, subject=dataclasses.replace(shifted.subject, start=0, end=0))
            return [(0, cut, first), (resume, len(piece.blanked), shifted)]
        start = min(second.subject.start, second.verb_start)
        which = _WHICH_SAYS.search(piece.blanked, first.verb_end, start) if not second.inverted else None
        if which is not None:  # "..., which Aldoria says it will not allow": Aldoria's own clause
            resume = which.start() + len(which.group()) - len(which.group().lstrip(", "))
            return [(0, which.start(), first), (resume, len(piece.blanked), _shifted(second, resume))]
        brk = None
        for m in _CLAUSE_BREAK.finditer(piece.blanked, first.verb_end, start):
            brk = m
        if brk is None:
            continue
        cut, resume = brk.start(), brk.end()
        while cut < resume and piece.blanked[cut] in " ,;":
            cut += 1
        while cut > 0 and piece.sentence.text[cut - 1] in " ,;":  # the break may follow a quote: keep it whole
            cut -= 1
        return [(0, cut, first), (resume, len(piece.blanked), _shifted(second, resume))]
    return [(0, len(piece.blanked), best)]


# What another side gave the speaker first hand ("promised him", "told us"), not what it did ("agreed to").
_RELAYED = re.compile(r"(?:told|tells|promised|promises|pledged|assured)\s+(?:him|her|me|us)\b", re.I)
_RELAY_VERBS = re.compile(r"(?:says|said|told|tells|added|adds|recall(?:s|ed)?|note[sd]?|insist(?:s|ed)?|"
                          r"explain(?:s|ed)?)(?:\s+that)?$", re.I)
_NEGATED_BEFORE = re.compile(r"(?:\bnot|\bnever|n't)\s+(?:\w+\s+)?$", re.I)
_SECOND_CLAIM = re.compile(r"\band\s+(?:that|said)\b|[,;]\s+(?:so|but|and)\s+\w+\s+(?:will|would|is|are|has|have)\b", re.I)


def _relayed(blanked: str, outer: attribution.Attribution, inner: attribution.Attribution) -> bool:
    """Whether a sentence only relays what another side gave the speaker ("X says Y promised her that ..."): a
    plain report of it (not "denied that"), not negated ("never told her"), and with no claim of the speaker's
    own after it ("... and that Borvania will keep building")."""
    relay = _RELAYED.match(blanked, inner.verb_start)
    if not (relay and _RELAY_VERBS.match(outer.verb)) or _NEGATED_BEFORE.search(blanked, 0, inner.verb_start):
        return False
    promised_that = _THAT.match(blanked, relay.end())  # "promised her that X and that Y": one promise
    return promised_that is not None or not _SECOND_CLAIM.search(blanked, inner.verb_end)


_THAT = re.compile(r"\s+that\b")


def _shifted(at: attribution.Attribution, offset: int) -> attribution.Attribution:
    subject = dataclasses.replace(at.subject, start=at.subject.start - offset, end=at.subject.end - offset)
    return dataclasses.replace(at, verb_start=at.verb_start - offset, verb_end=at.verb_end - offset, subject=subject)


# An attribution set off by commas inside or after the claim ("..., he said on Sunday, according to state media",
# "X's bid, he argues, is the first test"): what follows it is a source, a day or the claim going on, not a new clause.
_SAID_AS_ASIDE = re.compile(
    r"(?:\s+(?:on|late|early|last|this|in|at)\s+[\w.]+(?:\s+[\w.]+)?)?"  # "said on Tuesday"
    r"\s*,\s*(?:according|citing|quoting|in|on|at|and|adding|but|is|was|are|were|has|have|had|would|will|could|can|"
    r"must|should)\b", re.I)
_PREFACE_END = re.compile(r"(?:,|\b(?:as|while|when|after|before|because|since|but|and|amid))\s*$", re.I)


def _claim(text: str, blanked: str, at: attribution.Attribution) -> str:
    """From the subject on, when narrative precedes the attribution ("Crowds rallied, as X said ...")."""
    if at.inverted or at.subject.start == 0:
        return ""
    before = blanked[:at.subject.start]
    after = blanked[at.verb_end:]
    if _SAID_AS_ASIDE.match(after):  # "X is the first test, he argues, and ...": the words before it are the claim too
        return ""
    if len(before.split()) > 6 and _PREFACE_END.search(before.rstrip()) and len(after.split()) > 4:
        return text[at.subject.start:]
    return ""


def _speaker_nearby(pieces: list[Piece], i: int, cast: Cast, memory):
    """A quote whose speaker is the subject of the sentence before ("X was blunt.") or after ("X made the remark")."""
    for j, where in ((i - 1, "before"), (i + 1, "after")):
        if not 0 <= j < len(pieces) or pieces[j].quoted or pieces[j].attr is not None:
            continue
        blanked = pieces[j].blanked
        mentions = cast.mentions(pieces[j].sentence.text, blanked)
        if not mentions or mentions[0].kind not in ("person", "pronoun"):
            continue
        first = mentions[0]
        if blanked[:first.start].strip() not in ("", "Mr.", "Mrs.", "Ms.", "Dr."):
            continue
        if first.kind == "pronoun":
            if first.role != "person" or memory.last_person is None:
                continue
            person = memory.last_person
        else:
            person = first.person
        return person, f"quote next to '{first.text}' ({where})"
    return None


def _neighbour_owner(pieces: list[Piece], i: int) -> Draft | None:
    """The attributed sentence of the same quote run: before it, else after it."""
    for j in range(i - 1, -1, -1):
        if pieces[j].owner is not None:
            return pieces[j].owner
        if not (pieces[j].quoted or pieces[j].has_quote):
            break
    for j in range(i + 1, len(pieces)):
        if pieces[j].attr is not None and (pieces[j].quoted or pieces[j].has_quote):
            return pieces[j].owner
        if not (pieces[j].quoted or pieces[j].has_quote):
            break
    return None


_APPOSITION_FIRST = re.compile(r"(?:[Tt]he|[Aa]n?)\s+[\w\s'\u2019-]{2,50},\s*")  # "the foreign minister, Ana X, said"
_TITLE_FIRST = re.compile(rf"(?:{TITLE_BEFORE_NAME.pattern})\s+")  # "President Jan X, its chairwoman, opened ..."


def _remember_subject(piece: Piece, cast: Cast, memory) -> None:
    """A party opening a sentence is what "the document" or "they" will refer to next. Read before the sentence's own
    attributions are drafted (`piece.attr` is not set yet), so a sentence with a speaker counts as much as one without:
    a speaker's `memory.spoke` comes after and has the last word."""
    blanked = piece.blanked
    every = cast.mentions(piece.sentence.text, blanked)
    lead = _LEADING_ADVERBIAL.match(blanked)
    if lead and any(m.kind in ("person", "party", "document") and (m.start <= 2 or _TITLE_FIRST.fullmatch(blanked, 0, m.start)
                                                      and m.end == lead.end(1)) for m in every):
        lead = None  # "(President) Jan X, who runs the party, has made ...": the opening name is the subject, not a lead
    body = blanked[lead.end():] if lead and len(lead.group(1).split()) <= 6 else blanked
    offset = len(blanked) - len(body)
    for m in every:  # anyone named, subject or not, is who "the prime minister" may be later
        if m.kind == "person" and m.person is not None and not m.others:  # "Pei" alone names no one yet
            memory.named(m.person)
    mentions = [m for m in every if m.start >= offset]
    owned = bool(mentions) and mentions[0].kind == "document" and \
        _OWNED_DOCUMENT.fullmatch(blanked, offset, mentions[0].start)  # "Borvania's position ..."
    if not mentions or mentions[0].start - offset > 4 and not _APPOSITION_FIRST.fullmatch(blanked, offset, mentions[0].start) \
            and not _TITLE_FIRST.fullmatch(blanked, offset, mentions[0].start) and not owned:
        memory.it = None  # "The talks broke down. It ...": "It" is no side's
        return  # the sentence opens with something else: its subject is no one named
    first = mentions[0]
    if first.kind == "document":  # "The Aldorian reply goes further. It asks ...": its party's
        sender = _SENT_BY.match(blanked, first.end)  # "A draft that the Aldorian side sent"
        party = attribution.party_named_by(first, piece.sentence.text, cast) or next(
            (m.party for m in mentions if sender and m.start == sender.end() and m.kind == "party"), None)
        if party is None and memory.document and memory.para - memory.document[1] <= 2:
            party = memory.document[0]  # "The response rejects ...": the document spoken of before
        if party:
            memory.it = (party, memory.para, "the document just spoken of")
    if len(mentions) > 1 and mentions[1].kind == "person" and (
            first.kind == "party" and mentions[1].party == first.party and
            re.fullmatch(r"[\s\w.-]{0,40}", blanked[first.end:mentions[1].start])
            or first.kind == "role" and re.fullmatch(r"\s*,\s*", blanked[first.end:mentions[1].start])):
        first = mentions[1]  # "RBC Director Jan X opened ...", "the foreign minister, Jan X, said": the person
    if first.kind in ("party", "person") and first.party:
        memory.last_party = first.party
        memory.seen(first.party)
    if first.kind == "party" and first.party:
        memory.subject_party = (first.party, memory.para)
        memory.it = (first.party, memory.para, "the body just spoken of")
    person = first.person if first.kind == "person" else None
    if first.kind == "role":
        person = attribution.person_for_role(first, cast, memory)
    if person is not None:  # the subject of a sentence is in focus too
        memory.focus(person)
        reflexive = re.match(r"\s+(himself|herself)\b", blanked[first.end:])
        if reflexive:
            memory.mark(person, "he" if reflexive.group(1) == "himself" else "she")


_OWNED_DOCUMENT = re.compile(r"(?:[Tt]he\s+)?(?:[A-Z][\w.-]*\s+){0,3}[A-Z][\w.-]*")  # "Borvania's position": Borvania's
_SENT_BY = re.compile(r"\s+(?:that|which)\s+(?:the\s+)?")
# Capitalised words ("Tomasz Wielgosz Foreign Minister"); one way to read each, so a failed match stays linear.
_SIGNATURE = re.compile(r"[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*)*\s*")


def _pull_quote(para: Paragraph, cast: Cast) -> Draft | None:
    """'Words of the quote Firstname Lastname Title' with no punctuation: a pull quote."""
    words = para.text.split()
    if len(words) < 6 or len(para.text) > MAX_CHARS or _roster(para.text):
        return None
    blanked = para.text
    people = [m for m in cast.mentions(para.text, blanked) if m.kind == "person"]
    if not people:
        return None
    last = people[-1]
    tail = para.text[last.end:].strip()
    if len(para.text[:last.start].split()) < 4 or len(tail.split()) > 6:
        return None
    if not re.search(r"[a-z]", para.text[:last.start]):
        return None  # "OFFICE OF THE ADVISER ON THE RIVER TALKS": a letterhead in capitals, no quote
    if re.search(r"[\u2013\u2014:|-]\s*$", para.text[:last.start]):
        return None  # "Talks stall - Lind": a headline's attribution, not a pull quote
    titled = _BY_TITLES.search(para.text[:last.start])
    if titled and (ROLE_RX.search(titled.group()) or TITLE_BEFORE_NAME.search(titled.group())):
        return None  # "Weekly briefing by Foreign Ministry Spokeswoman Ana Lind": a heading, whose it is
    if tail and not (_SIGNATURE.fullmatch(tail) or TITLE_BEFORE_NAME.search(tail)
                     or ROLE_RX.search(tail)):
        return None
    person = last.person
    return Draft(para.start, para.end, person, person.party, f"pull quote signed '{last.text}'", para.index, True,
                 sentence_text=para.text, confidence=0.75)


_BY_TITLES = re.compile(r"\bby\s+(?:the\s+)?(?:[A-Z][\w./'\u2019-]*\s+){0,6}$")  # "by" and only a title up to the name


# "MARENSK, March 20 (Wire) -": the dateline names the report's day, not the statement's.
_DATELINE = attribution.DATELINE
# asides between the subject and its verb name other days: ", who ... ," and " - which ... - "
_RELATIVE = re.compile(r",\s*(?:who|which|whose)[^,;]{0,220},|\s[-\u2013\u2014]\s[^-\u2013\u2014]{0,150}\s[-\u2013\u2014](?=\s)")


def _region(blanked: str, at: attribution.Attribution) -> str:
    """The words around the attribution where its day would be named (not the reported content)."""
    subject_start = min(at.subject.start, at.verb_start)
    before = _DATELINE.sub(" ", blanked[:subject_start])
    if len(before.split()) > 12:
        before = ""
    after = blanked[at.verb_end:at.verb_end + 80]
    after, *reported = re.split(r"\bthat\b|[\u201c\"]|\s{3,}", after, maxsplit=1)
    if not (reported and dates.names_a_day(after)):  # up to "that" or a quote, what follows the verb is its setting
        # when it names a day ("told a gathering of river pilots in Marensk on Monday that"); else only words of a
        # setting: "said in a statement on Monday", not "said the drafts sent last week"
        setting = _SETTING.match(after)
        after = after[:setting.end()] if setting else ""
    middle = _RELATIVE.sub(" ", blanked[subject_start:at.verb_start])
    return " ".join((before, middle, after))


# Words that may stand between a speech verb and the day it names.
_SETTING = re.compile(r"(?:[\s,.]+(?:[A-Z][\w.'\u2019-]*|\d[\w,]*|(?:" + EN.alternation("setting_words") + r")\b))*")


def _lead(blanked: str) -> str:
    """An opening phrase that may name the day ("At a late-night news conference in the capital on Monday, ...")."""
    m = _DATE_LEAD.match(blanked)
    return m.group(1) if m and len(m.group(1).split()) <= 16 else ""


_DATE_LEAD = re.compile(r"^([^,\u201c\"]{2,120}),\s")


def _day_headings(paras: list[Paragraph], published: dt.date | None, context: Context) -> list[tuple[int, dt.date]]:
    """A live blog's days, in paragraph order: lines that are only a day ("Sunday 4 April") date what follows
    them, until the next one. Two at least, all in the days before publication and in order, one way or the
    other: one alone is a dateline, and a box of key dates is no blog's days."""
    headed = []
    for para in paras:
        day = dates.day_line(para.text, published=published, rounds=context.rounds)
        if day is not None:
            headed.append((para.index, day))
    days = [day for _, day in headed]
    recent = all(dt.timedelta(0) <= published - day <= NEWS_DAYS for day in days) if published else False
    ordered = days == sorted(days) or days == sorted(days, reverse=True)
    return headed if len(headed) >= 2 and recent and ordered else []


def _dated(text: str, drafts: list[Draft], published: dt.date | None, context: Context,
           paras: list[Paragraph], interview_day: dt.date | None = None) -> list[Found]:
    """Each statement's day.

    Named at its attribution ("said on Monday"); else the day of the sentence
    before it that names one ("In mid-December, X published drafts. The drafts
    said..."); else that of the same party's statement just before it; else, before
    any statement names a day of its own, the day its opening names, outside quotes (the
    lede says when the news happened: "May came closer than ever on Monday to..."), unless
    only a stamp names it ("Published March 3"); else the
    day most statements of the report are dated (a Wednesday report on Monday's
    talks); else the day its opening names;
    else the publication day (news style leaves "today" unsaid). An interview's or
    briefing's turns that name no day take the day its introduction says it was held (`interview_day`).
    Background ("had said", "back in 2014") gets no day.
    """
    headed = _day_headings(paras, published, context)
    heading_paras = [para for para, _ in headed]

    def heading_day(d: Draft) -> dt.date | None:
        under = bisect.bisect_left(heading_paras, d.para) - 1  # the last heading above it
        return headed[under][1] if under >= 0 else None

    def named(d: Draft):
        if not published:
            return None
        on = heading_day(d) or published  # "said today" under a live blog's "Tuesday 19 March" is that Tuesday
        hit = dates.find(d.region, published=on, rounds=context.rounds, counted=True) if d.region.strip() else None
        return hit or (dates.find(d.lead, published=on, rounds=context.rounds, counted=True) if d.lead else None)

    hits = {id(d): named(d) for d in drafts if d.continues is None}
    exact = Counter(h.day for h in hits.values() if h and h.exact and h.shift is None)
    dominant = None
    if exact:
        top = max(exact.values())
        tied = [day for day, n in exact.items() if n == top]
        if top >= 2:  # one named day is that statement's; several make the report's day
            dominant = published if published in tied else max(tied)
    opening, stamped = _opening_day(text, published, context)
    report_day = dominant or opening or published
    lede_day = None if stamped else opening  # a stamp says when the report came out, not when its news happened
    # before any statement names a day of its own, the report still tells the news its opening dates
    first_named = min((d.start for d in drafts if (h := hits.get(id(d))) is not None and h.exact), default=len(text))
    found, days = [], {}
    previous: Draft | None = None
    for d in drafts:
        hit = hits.get(id(d))
        if hit is not None and hit.shift is not None:  # "said the next day": the day after the one told before, if any
            told = _told_before(d, previous, days, published, context)
            hit = dataclasses.replace(hit, day=min(told + dt.timedelta(days=hit.shift), published)) if told else None
        if d.continues is not None:
            day = days.get(id(d.continues))
        elif hit is not None:
            day = hit.day
        elif dates.is_background(d.attribution_words + " " + d.lead):
            day = None
        elif d.how.startswith((RELEASE_HOW, SIGNED_HOW, LABEL_HOW)):
            # a release, a signed piece or the words gathered under labels for it speak on the day it comes out
            day = published
        elif prev := _day_before(d, published, context):
            day = prev
        elif previous is not None and previous.person is not None and previous.person is d.person and previous.para == d.para:
            day = days.get(id(previous))  # the same speaker going on, background or not
        elif previous is not None and previous.party == d.party and d.para - previous.para <= 1 and days.get(id(previous)) \
                and (d.person is None or previous.person is None or previous.person is d.person):
            day = days[id(previous)]
        else:
            day = heading_day(d) or (interview_day if d.turn and interview_day else
                                     lede_day if lede_day and d.start < first_named else report_day)
        days[id(d)] = day
        previous = d
        person = d.person
        found.append(Found(
            start=d.start, end=d.end, text=text[d.start:d.end], kind="direct" if d.direct else "reported",
            speaker=person.name if person else None, speaker_role="" if person is None or person.known else person.role,
            speaker_known=bool(person and person.known), party_code=d.party, stated_on=day,
            confidence=d.confidence, attribution=d.how, claim=d.claim, asked=d.asked,
        ))
    _references(found, drafts)
    return found


def _day_before(d: Draft, published: dt.date | None, context: Context) -> dt.date | None:
    """The day the narrative sentence before the statement names, unless it tells of a plan."""
    if not d.prev_context or not published or _FUTURE.search(d.prev_context):
        return None
    hit = dates.find(d.prev_context, published=published, rounds=context.rounds)
    return hit.day if hit else None


def _told_before(d: Draft, previous: Draft | None, days: dict, published: dt.date | None,
                 context: Context) -> dt.date | None:
    """The day "the next day" or "two days earlier" counts from: the one the sentence before names (not a plan),
    else that of the statement before; None if neither names one."""
    return _day_before(d, published, context) or (days.get(id(previous)) if previous is not None else None)


_FUTURE = EN.word_pattern("future_markers", re.I)
OPENING = 600  # characters of a report's opening read for the day of its news ...
NEWS_DAYS = dt.timedelta(days=7)  # ... which is at most this long before publication


def _opening_day(text: str, published: dt.date | None, context: Context) -> tuple[dt.date | None, bool]:
    """The day the report's opening names, when it names one exactly and recently (an older day there is
    background: "Back on Jan. 10, ..."), a wire dateline aside (the report's day); and whether it is named by
    a stamp ("Thu 7 Nov 2013 09.12 GMT", "Published March 3") rather than by a sentence of the news."""
    if not published:
        return None, False
    opening = text[:OPENING]
    opening = quotes.outside_text(opening, quotes.spans(opening))  # a day inside a quote is the speaker's
    for sentence in (_DATELINE.sub(" ", s.text) for para in paragraphs(opening) for s in split(para)):
        if not sentence.strip() or dates.is_background(sentence):
            continue
        hit = dates.find(sentence, published=published, rounds=context.rounds)
        if hit is not None and _FUTURE.search(_clause_of(sentence, hit.start)):
            continue  # "talks are to resume on Monday": a plan (a plan later in the sentence is not the day's)
        if hit is not None:
            recent = hit.exact and dt.timedelta(0) <= published - hit.day <= NEWS_DAYS
            stamp = len(sentence.split()) < STAMP_WORDS or not has_end_punctuation(sentence)
            return (hit.day, stamp) if recent else (None, False)
    return None, False


STAMP_WORDS = 8  # a line naming a day in fewer words, or with no full stop, is a stamp, not a sentence of the news


def _clause_of(sentence: str, at: int) -> str:
    """The clause of the sentence that holds position `at` (commas, dashes and semicolons bound it)."""
    start = max(sentence.rfind(c, 0, at) for c in ",;\u2014\u2013") + 1
    ends = [i for i in (sentence.find(c, at) for c in ",;\u2014\u2013") if i >= 0]
    return sentence[start:min(ends, default=len(sentence))]


_ANSWERS = re.compile(
    r"\b(?:the|these|those|such|its|their|this|that)\s+(?:(?P<demand>" + EN.alternation("demand_nouns") + r")|"
    + EN.alternation("reference_nouns") + r")\b",
    re.I,
)


def _references(found: list[Found], drafts: list[Draft]) -> None:
    """Tie a continued quote to its start, and "rejected the demands" to the statement it answers."""
    index = {id(d): i for i, d in enumerate(drafts)}
    for i, (f, d) in enumerate(zip(found, drafts)):
        if d.continues is not None and id(d.continues) in index:
            f.refers_to, f.refers_kind = found[index[id(d.continues)]].text, "continues"
        elif i and (m := _ANSWERS.search(f.claim or f.text)) and d.para - drafts[i - 1].para <= 1:
            f.refers_to = found[i - 1].text
            f.refers_kind = "answers demands" if m.group("demand") else "answers"
