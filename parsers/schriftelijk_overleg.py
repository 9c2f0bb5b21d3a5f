"""Verslag van een schriftelijk overleg (VSO): questions of the fracties and the cabinet's answers.

The layout (as in the plain text of a Kamerstuk "Verslag van een schriftelijk overleg")::

    De vaste commissie voor … heeft een aantal vragen en opmerkingen voorgelegd aan de
    ministers … over de brief van 16 december 2020 over het … (Kamerstuk 26 150, nr. 190).
    De vragen en opmerkingen zijn op 29 januari 2021 aan … voorgelegd. Bij brief van
    19 februari 2021 zijn de vragen beantwoord.

    I Vragen en opmerkingen van de leden van de VVD-fractie
    De leden van de VVD-fractie hebben … kennisgenomen …        <- intro: part of question 1
    De leden van de VVD-fractie lezen … ?                        <- question 1
    1. Antwoord van het kabinet:
    …                                                           <- answer 1
    De leden van de VVD-fractie lezen … ?                        <- question 2
    2. Antwoord van het kabinet:
    …

Only the answers are numbered: the text between answer N's header and answer N+1's header is
answer N followed by question block N+1. That text is split into paragraphs (blank lines) and
the question block starts

* at the first paragraph (not the first one) that opens with a party opener
  ("De leden van de …-fractie", "De VVD-fractieleden", "Tot slot willen de leden …"),
* extended backwards by one paragraph when the opener agrees with what was just said ("De
  leden van de PvdA-fractie delen de constatering dat dit …": the questions were written
  before any answer, so that statement is the members' own),
* extended backwards over paragraphs that read as questions (a "?", or a mention of "de
  leden"/"deze leden"/"fractie"/"zij vragen"),
* and the last answer paragraph may run straight into the question block without a blank
  line: it is split at a line that opens with a party opener after a sentence end.

A section heading ("II Vragen en opmerkingen van de leden van de D66-fractie") sets the party
of the questions that follow and ends the answer before it; opener paragraphs between that
answer and the heading (a party's closing remark) go to ``body``, as do the headings and the
introduction. Footnotes are cut out first (:mod:`parsers.footnotes`) and linked to the
question/answer where their marker stood, so the same structure parser works on text from a
PDF: nothing depends on line widths, only on line starts and blank lines.

The grouped form (``parse_grouped``; ``parse_structure`` hands over to it when there are no
numbered answers and the text has a part II after its part I), the common modern one::

    Inhoud                                              <- a table of contents (bullets may be
    I Vragen en opmerkingen uit de fracties                U+FFFF): skipped, it ends where its
    • Inbreng van de leden van de VVD-fractie …           first heading is printed again
    I Vragen en opmerkingen uit de fracties
    Inbreng van de leden van de GroenLinks-PvdA-fractie <- the fractie's prose, unnumbered
    …
    II Reactie van de minister van …
    Inbreng van de leden van de GroenLinks-PvdA-fractie <- the answers, same headings
    De leden van de GroenLinks-PvdA-fractie vragen hoeveel … <- restates, then answers

* An answer starts at a paragraph whose first sentence restates the members' words (an
  opener such as "De leden van de …-fractie", "Deze leden", "Zij vragen", "Daarnaast vragen
  ze", or a sentence of the inbreng quoted almost word for word); the sentences that follow
  it while they restate (or ask "…?") are its restatement; paragraphs without one continue
  the answer.
* Each restated sentence is matched to the inbreng sentence of the same fractie it
  resembles most (rapidfuzz token set, token sort and partial ratios on the content words,
  without "leden", "fractie", "vragen", "minister", "mij" and other function words).
* The inbreng is cut into questions at those matches: an answer's question runs from the
  first to the last sentence it restates, takes the rest of that paragraph, and the
  sentences before it at the start of its paragraph; a paragraph that an answer does not
  restate is a question without answer when it asks something (a "?", "vragen de minister",
  "zijn benieuwd hoe"), else it introduces the next question. Questions are numbered in
  document order and carry the party and the heading (``Question.section``) of their section.
* A fractie that asks nothing ("hebben op dit moment geen verdere vragen"), the
  introduction and the minister's opening words go to ``body``; headings and one-line
  subheadings do not.

Two inputs share that structure parser (``parse_structure``): plain text
(``parse_schriftelijk_overleg``) and PDF lines (``parse_schriftelijk_overleg_lines``, used
by :mod:`parsers.kamerstuk` for a VSO in Kamerstuk layout). The PDF path drops the running
footer and identifier block, takes the footnotes off the page feet by their smaller size
(with their pages), turns their superscript markers into the same placeholders, and makes
paragraphs from the layout (white space between paragraphs where the document uses it,
else the ragged-right test), so that a paragraph interrupted by a footnote block or a page
break stays one paragraph; it also gives every question, answer and footnote its page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Optional

from .dates import DATE_PATTERN, dutch_date
from .footnotes import extract_footnotes, join_lines, link_footnotes, pop_footnote_markers
from .footnotes import strip_footnote_markers
from .footnotes import placeholder
from .layout import (
    join_pair,
    Line,
    paragraph_breaks,
    right_edge,
    separate_body,
    superscript_number,
    SUPERSCRIPT_RE,
)
from .layout import join_lines as layout_join_lines
from .model import Answer, Footnote, ParsedDocument, ParseError, Question
from .parties import canonical_party

KIND = "schriftelijk_overleg"

_ANSWER_HEADER_RE = re.compile(
    r"^\s*(\d+(?:\s*(?:,|en|&|t/m|-|–)\s*\d+)*)\s*[.)]?\s*"
    r"(?:Antwoord|Reactie)\b[^:\n]{0,80}:\s*(.*?)\s*$"
)
_SECTION_RE = re.compile(
    r"^\s*([IVXLC]+)\.?\s+(?:Vragen\s+en\s+opmerkingen|Inbreng)\s+(?:van|vanuit)\s+de\s+"
    r"(?:leden\s+van\s+de\s+)?(.+?)\s*$"
)
_GENERAL_HEADING_RE = re.compile(
    r"^\s*(?:Vragen\s+en\s+opmerkingen|Inbreng)\s+(?:van|vanuit)\s+de\s+fracties\b.*$",
    re.IGNORECASE,
)
_OPENER_RE = re.compile(
    r"^(?:(?:Tot\s+slot|Ten\s+slotte|Voorts|Verder|Daarnaast|Ook|Tevens|Vervolgens|"
    r"Allereerst|Als\s+laatste|Tenslotte|Tot\s+besluit)\s*,?\s+(?:\w+\s+){0,3})?"
    r"(?:De|de)\s+(?:leden\s+van\s+de\b|fractieleden\b|[\w-]+-fractie(?:leden)?\b)"
)
_QUESTION_LIKE_RE = re.compile(
    r"\?|\b(?:[Dd]e(?:ze)?\s+(?:fractie)?leden|[Zz]ij\s+vragen|fractie\s+van|"
    r"[\w-]+-fractie(?:leden)?)\b"
)
_PARTY_NAME_RE = re.compile(r"(\w+(?:-\w+)*)-fractie(?:leden)?\b|fractie(?:leden)?\s+van\s+(.+)")
_BACK_REFERENCE_RE = re.compile(
    r"\b(?:delen|onderschrijven|herkennen|steunen)\s+(?:de|deze|die|dit|daarin\s+de)\s+"
    r"(?:constatering|analyse|zorg(?:en)?|conclusie|observatie|vaststelling)\b"
    r"|\b(?:zijn|is)\s+het\s+(?:hier|daar)mee\s+eens\b"
    r"|\bsluiten\s+zich\s+(?:hier|daar)bij\s+aan\b"
)
_SENTENCE_END_RE = re.compile(r"[.!?:;][\"'”’)]*$")


def party_in(text: str) -> Optional[str]:
    """The canonical party named first in ``text`` ("de leden van de D66-fractie",
    "de fractie van GroenLinks", "De VVD-fractieleden"), or None."""
    for m in _PARTY_NAME_RE.finditer(text):
        if m.group(1):
            party = canonical_party(m.group(1))
        else:
            words = m.group(2).split()[:5]
            party = None
            for k in range(len(words), 0, -1):
                party = canonical_party(" ".join(words[:k]))
                if party:
                    break
        if party:
            return party
    return None


# ---------------------------------------------------------------------------------------------
# Paragraphs: lists of source lines (kept as lines, so that a paragraph can still be split)


Joiner = Callable[[list[str]], str]


@dataclass
class _Para:
    lines: list[str]
    heading_party: Optional[str] = None  # set for a section heading
    is_heading: bool = False
    pages: list[Optional[int]] = field(default_factory=list)  # page of each line, if known
    join: Joiner = join_lines

    @property
    def text(self) -> str:
        return self.join(self.lines)

    @property
    def first(self) -> str:
        return self.lines[0].strip()

    @property
    def page(self) -> Optional[int]:
        return self.pages[0] if self.pages else None

    def part(self, start: int, end: Optional[int] = None) -> "_Para":
        return _Para(self.lines[start:end], pages=self.pages[start:end], join=self.join)


def _paragraphs(lines: list[str], pages: list[Optional[int]], join: Joiner) -> list[_Para]:
    paras: list[_Para] = []
    cur: list[str] = []
    cur_pages: list[Optional[int]] = []

    def flush():
        if cur:
            paras.append(_Para(list(cur), pages=list(cur_pages), join=join))
            cur.clear()
            cur_pages.clear()

    for line, page in zip(lines, pages):
        if not line.strip():
            flush()
            continue
        sec = _SECTION_RE.match(line)
        if sec or _GENERAL_HEADING_RE.match(line):
            flush()
            party = canonical_party(sec.group(2)) if sec else None
            paras.append(_Para([line], heading_party=party, is_heading=True, pages=[page], join=join))
            continue
        cur.append(line)
        cur_pages.append(page)
    flush()
    return paras


def _opens_with_party(p: _Para) -> bool:
    return bool(_OPENER_RE.match(p.first))


def _question_like(p: _Para) -> bool:
    return bool(_QUESTION_LIKE_RE.search(p.text))


def _refers_back(p: _Para) -> bool:
    """Does the opener's first sentence agree with a statement made just before it ("De leden
    van de PvdA-fractie delen de constatering dat dit …")? The questions were written before
    any answer, so that statement is the members' own: the paragraph before belongs to the
    question block."""
    first_sentence = re.split(r"(?<=[.?!])\s", p.text, maxsplit=1)[0]
    return bool(_BACK_REFERENCE_RE.search(first_sentence))


def _split_inline_opener(p: _Para) -> Optional[tuple[_Para, _Para]]:
    """Split a paragraph at the first line (not the first) that opens with a party opener and
    follows a sentence end: an answer that runs straight into the next question block."""
    for k in range(1, len(p.lines)):
        prev = p.lines[k - 1].rstrip()
        if _OPENER_RE.match(p.lines[k].strip()) and _SENTENCE_END_RE.search(prev):
            return p.part(0, k), p.part(k)
    return None


def _split_answer_question(paras: list[_Para], min_answer: int = 1):
    """Split paragraphs into (answer part, question part) by the rules in the module doc."""
    s = len(paras)
    for i in range(min_answer, len(paras)):
        if _opens_with_party(paras[i]):
            s = i
            break
    if s < len(paras) and s - 1 >= min_answer and _refers_back(paras[s]):
        s -= 1
    while s - 1 >= min_answer and _question_like(paras[s - 1]):
        s -= 1
    answer, question = list(paras[:s]), list(paras[s:])
    if answer:
        split = _split_inline_opener(answer[-1])
        if split:
            answer[-1] = split[0]
            question.insert(0, split[1])
    return answer, question


# ---------------------------------------------------------------------------------------------


@dataclass
class _Block:
    """The question block that precedes an answer header."""

    paras: list[_Para] = field(default_factory=list)
    party: Optional[str] = None
    section: Optional[str] = None


def parse_schriftelijk_overleg(text: str) -> ParsedDocument:
    """Parse the plain text of a verslag van een schriftelijk overleg.

    A text with form feeds is a text export of printed pages: its running heads and feet,
    the footnotes at its page feet and words broken at a page end are handled per page
    (:func:`parsers.pages.separate_pages`), and every question, answer and footnote gets
    its page."""
    if "\f" in text:
        from .pages import separate_pages

        text = text.replace("\r\n", "\n").replace("\r", "\n")
        separated = separate_pages([page.split("\n") for page in text.split("\f")])
        return parse_structure(separated.lines, separated.footnotes, separated.pages)
    clean, footnotes = extract_footnotes(text)
    return parse_structure(clean.split("\n"), footnotes)


def parse_structure(
    lines: list[str],
    footnotes: list[Footnote],
    pages: Optional[list[Optional[int]]] = None,
    join: Joiner = join_lines,
) -> ParsedDocument:
    """The questions, answers and body of a VSO from its source lines.

    ``lines`` are the document's lines with blank lines between paragraphs and footnote
    markers already replaced by :func:`parsers.footnotes.placeholder` tokens; ``footnotes``
    are the footnotes cut out of them (their ``context`` is filled in here). ``pages`` gives
    the page of each line (None entries, or no list, when unknown): it sets
    ``Question.page`` (the page of the first line of the question block) and ``Answer.page``
    (the page of its "N. Antwoord van het kabinet:" header). ``join`` turns the lines of one
    paragraph into its text (the plain-text joiner of :mod:`parsers.footnotes` by default;
    the PDF path passes one that knows the document's vocabulary).
    """
    if pages is None:
        pages = [None] * len(lines)
    if len(pages) != len(lines):
        raise ValueError("pages must give one page per line")

    headers: list[tuple[int, re.Match]] = []
    for i, line in enumerate(lines):
        m = _ANSWER_HEADER_RE.match(line)
        if m:
            headers.append((i, m))
    if not headers:
        if is_grouped(lines):
            return parse_grouped(lines, footnotes, pages, join)
        raise ParseError(
            "no numbered answers ('1. Antwoord van het kabinet:') and no part with the "
            "answers per fractie ('II Reactie van de minister …') found"
        )

    # text before the first answer header, and between consecutive headers
    chunks: list[tuple[list[str], list[Optional[int]]]] = [
        (lines[: headers[0][0]], pages[: headers[0][0]])
    ]
    for k, (i, m) in enumerate(headers):
        end = headers[k + 1][0] if k + 1 < len(headers) else len(lines)
        first = [m.group(2)] if m.group(2) else []
        chunks.append((first + lines[i + 1 : end], [pages[i]] * len(first) + pages[i + 1 : end]))

    body_paras: list[_Para] = []
    answer_paras: list[list[_Para]] = []
    blocks: list[_Block] = []
    current_party: Optional[str] = None
    current_section: Optional[str] = None  # the last fractie heading, as printed

    for ci, (chunk, chunk_pages) in enumerate(chunks):
        paras = _paragraphs(chunk, chunk_pages, join)
        heading_idx = [j for j, p in enumerate(paras) if p.is_heading]
        is_last = ci == len(chunks) - 1
        if heading_idx:
            h0, h1 = heading_idx[0], heading_idx[-1]
            before, headings, after = paras[:h0], paras[h0 : h1 + 1], paras[h1 + 1 :]
            # interleaved non-heading paragraphs between headings: body
            if ci == 0:
                answer, remarks = [], before
            else:
                answer, remarks = _split_answer_question(before)
            body_paras.extend(remarks)
            for p in headings:
                if p.is_heading:
                    body_paras.append(p)
                    if p.heading_party:
                        current_party = p.heading_party
                        current_section = re.sub(r"\s+", " ", p.text.strip())
                else:
                    body_paras.append(p)
            question = after
        elif ci == 0:
            answer = []
            intro, question = _split_answer_question(paras, min_answer=0)
            body_paras.extend(intro)
        elif is_last:
            answer, question = paras, []
        else:
            answer, question = _split_answer_question(paras)
            if not question and len(answer) > 1:
                # no recognisable question: take the last paragraph rather than lose a question
                question = [answer.pop()]
        if ci > 0:
            answer_paras.append(answer)
        if not is_last:
            party = None
            for p in question:
                if _opens_with_party(p):
                    party = party_in(p.text)
                    if party:
                        break
            if party:
                current_party = party
            blocks.append(_Block(question, current_party, current_section))

    doc = ParsedDocument(id="", kind=KIND, source_file="", sha256="")
    for k, (i, m) in enumerate(headers):
        label = re.sub(r"\s+", " ", m.group(1).strip())
        numbers = [int(n) for n in re.findall(r"\d+", label)]
        if re.search(r"t/m|-|–", label) and len(numbers) == 2:
            numbers = list(range(numbers[0], numbers[1] + 1))
        answer_text, a_fns = pop_footnote_markers(_join_paras(answer_paras[k]))
        answer = Answer(label=label, numbers=numbers, text=answer_text, page=pages[i])
        doc.answers.append(answer)
        link_footnotes(footnotes, a_fns, "answer", answer.key)

        block = blocks[k]
        q_text, q_fns = pop_footnote_markers(_join_paras(block.paras))
        question = Question(
            number=numbers[0],
            label=label,
            text=q_text,
            party=block.party or party_in(q_text),
            answer_key=answer.key,
            page=next((p.page for p in block.paras if p.page is not None), None),
            section=block.section,
        )
        doc.questions.append(question)
        link_footnotes(footnotes, q_fns, "question", question.key)

    body, b_fns = pop_footnote_markers(_join_paras(body_paras))
    link_footnotes(footnotes, b_fns, "body", None)
    doc.body = body
    doc.footnotes = footnotes

    _describe(doc, body)
    return doc


# ---------------------------------------------------------------------------------------------
# Grouped per fractie: "I Vragen en opmerkingen uit de fracties" … "II Reactie van de minister"

_PART_I_RE = re.compile(
    r"^\s*I\.?\s+(?:Vragen\s+en\s+opmerkingen|Inbreng)\b", re.IGNORECASE
)
_PART_II_RE = re.compile(
    r"^\s*II\.?\s+(?:Reactie|Antwoord(?:en)?|Beantwoording)\b", re.IGNORECASE
)
_FRACTIE_HEADING_RE = re.compile(
    r"^\s*(?:(?:[IVXLC]+|\d+(?:\.\d+)*)\.?\s+)?"
    r"(?:(?:Reactie|Antwoord(?:en)?|Beantwoording)\s+(?:op|van)\s+(?:de\s+)?)?"
    r"(?:Inbreng|Vragen\s+en\s+opmerkingen)\s+(?:van|vanuit)\s+(?:de|het)\s+"
    r"(?:(?:leden|lid)\s+van\s+de\s+)?(?P<name>\S.{0,80}?)\s*$",
    re.IGNORECASE,
)
_TOC_RE = re.compile(r"^\s*(?:Inhoud|Inhoudsopgave)\s*$", re.IGNORECASE)
# bullets that some Word exports leave as an undefined character (U+FFFF) or a private glyph
_BULLETS_RE = re.compile(r"[\uffff\uf0b7\uf0a7•▪◦]\s*")
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.?!])(?:\ufff0fn\d+\ufff1)?\s+(?=[A-Z0-9‘'\"(“]|\ufff0)")
# a sentence that restates the members' question: "De leden van de NSC-fractie vragen …",
# "Deze leden vragen …", "Zij vragen …", "Daarnaast vragen ze …"
_RESTATES_RE = re.compile(
    r"^(?:(?:Ook|Daarnaast|Verder|Tevens|Voorts|Tot\s+slot|Ten\s+slotte|Tenslotte|Tot\s+besluit)\s*,?\s+)?"
    r"(?:de(?:ze)?\s+(?:leden|fractie)\b|de\s+[\w-]+[-\s]fractie\b|zij\b|ze\b"
    r"|(?:vragen|vraagt|willen|horen)\s+(?:ze|zij|deze\s+leden|de\s+leden)\b)",
    re.IGNORECASE,
)
_NOTHING_TO_ASK_RE = re.compile(
    r"\b(?:geen\s+(?:verdere\s+|nadere\s+|aanvullende\s+)?vragen|"
    r"geen\s+(?:verdere\s+)?(?:vragen\s+of\s+)?opmerkingen)\b",
    re.IGNORECASE,
)
# asking, as a verb ("vragen de minister of", "zijn benieuwd hoe"), not the noun ("hebben
# enkele kritische vragen")
_ASKS_RE = re.compile(
    r"\?|\b(?:vragen|vraagt|verzoeken|verzoekt)\s+(?:zich\s+af\b|de\s+(?:minister|staatssecretaris|"
    r"bewindspersoon|regering)\b|het\s+kabinet\b|u\b|hem\b|haar\b|of\b|wat\b|hoe\b|welke?\b|"
    r"waarom\b|wanneer\b|waar\b|naar\b|om\b|in\s+hoeverre\b)"
    r"|\b(?:willen\s+(?:graag\s+)?weten|horen\s+graag|ontvangen\s+graag|"
    r"zijn\s+benieuwd\s+(?:naar|hoe|of|wat|welke|waarom|wanneer))\b",
    re.IGNORECASE,
)
# words that carry no content when a restatement is matched to the question it restates
_MATCH_STOPWORDS = frozenset(
    """de het een van en of dat die dit deze in op te met voor aan om als er is zijn wordt
    worden kan kunnen zal zou zouden wat hoe welke waar wanneer waarom ook nog niet wel
    leden fractie fractieleden vragen vraagt vraag zich af mij ik mijn minister hij zijn
    hem zij ze hun u uw kabinet staatssecretaris bewindspersoon graag willen horen""".split()
)
# a restatement must resemble its question at least this much (rapidfuzz, 0–100)
RESTATEMENT_MIN_SCORE = 50.0
# a first sentence without a restating opener still restates when it is (almost) the
# question's own sentence ("Het Rathenau Instituut benadrukt …" before "De leden … vragen …")
RESTATEMENT_QUOTE_SCORE = 90.0


def is_grouped(lines: list[str]) -> bool:
    """Does the text have the grouped form: a part with the answers ("II Reactie van de
    minister …") after a part with the fracties' contributions?"""
    part_one = part_two = False
    for line in lines:
        if _PART_I_RE.match(line):
            # a table of contents names both parts before the text: only a part II after the
            # last part I counts
            part_one, part_two = True, False
        elif part_one and _PART_II_RE.match(line):
            part_two = True
    return part_two


def _match_words(text: str) -> str:
    text = strip_footnote_markers(text).lower()
    text = re.sub(r"(?<=\w)[-‐](?=\w)", "", text)  # "bekostigings-systematiek"
    words = re.findall(r"\w+", text)
    return " ".join(w for w in words if w not in _MATCH_STOPWORDS)


def _similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return (fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b) + fuzz.partial_ratio(a, b)) / 3


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_SPLIT_RE.split(text) if s.strip()]


@dataclass
class _Sentence:
    text: str
    para: int  # index of its paragraph in the section
    page: Optional[int]


@dataclass
class _GroupedAnswer:
    restated: list[int]  # indices of the question sentences it restates
    paras: list[_Para]


@dataclass
class _Section:
    heading: str  # as printed
    party: Optional[str]
    name: str  # the fractie as the heading names it, lower case: pairs parts I and II
    paras: list[_Para] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.party or self.name


def _sections(paras: list[_Para]) -> tuple[list[_Para], list[_Section]]:
    """Paragraphs before the first fractie heading, and the fractie sections."""
    before: list[_Para] = []
    sections: list[_Section] = []
    for p in paras:
        m = _FRACTIE_HEADING_RE.match(p.text) if _is_subheading(p) or len(p.lines) == 2 and not re.search(r"[.?!]$", p.text) else None
        if m:
            name = re.sub(r"[-\s]fractie$", "", m["name"].strip(), flags=re.IGNORECASE)
            party = party_in(p.text) or canonical_party(m["name"]) or canonical_party(name)
            sections.append(_Section(re.sub(r"\s+", " ", p.text.strip()), party, name.lower()))
        elif sections:
            sections[-1].paras.append(p)
        else:
            before.append(p)
    return before, sections


def _sections_by_opener(paras: list[_Para]) -> tuple[list[_Para], list[_Section]]:
    """Part II without fractie headings: a paragraph whose first sentence names a fractie
    ("De leden van de NSC-fractie vragen …") starts that fractie's answers; paragraphs before
    the first one are the opening words."""
    before: list[_Para] = []
    sections: list[_Section] = []
    for p in paras:
        first = _sentences(p.text)[0] if p.text.strip() else ""
        party = party_in(first) if _RESTATES_RE.match(first) else None
        if party and (not sections or sections[-1].party != party):
            sections.append(_Section(heading="", party=party, name=party.lower()))
        if sections:
            sections[-1].paras.append(p)
        else:
            before.append(p)
    return before, sections


def _is_subheading(p: _Para) -> bool:
    """A one-line paragraph without a sentence end ("Grondslagen voor budgetverdeling")."""
    text = p.text.strip()
    return len(p.lines) == 1 and len(text) < 120 and not re.search(r"[.?!:;]$", text)


def _answers_of(section: _Section, questions: list[_Sentence]) -> list[_GroupedAnswer]:
    """The answer units of one fractie in part II: a paragraph that restates a question
    starts one, the paragraphs after it that do not continue it."""
    targets = [_match_words(q.text) for q in questions]
    answers: list[_GroupedAnswer] = []

    def best(sentence: str) -> tuple[float, int]:
        words = _match_words(sentence)
        scored = [(_similarity(words, t), k) for k, t in enumerate(targets)]
        return max(scored) if scored else (0.0, -1)

    for p in section.paras:
        sentences = _sentences(p.text)
        restated: list[int] = []
        for j, sentence in enumerate(sentences):
            cue = bool(_RESTATES_RE.match(strip_footnote_markers(sentence)))
            score, k = best(sentence)
            if cue or (restated and sentence.rstrip().endswith("?")):
                if score >= RESTATEMENT_MIN_SCORE:
                    restated.append(k)
                continue
            if j == 0 and score >= RESTATEMENT_QUOTE_SCORE:
                restated.append(k)
                continue
            break
        if restated:
            answers.append(_GroupedAnswer(restated, [p]))
        elif answers:
            answers[-1].paras.append(p)
        else:
            answers.append(_GroupedAnswer([], [p]))
    return answers


def _question_units(questions: list[_Sentence], answers: list[_GroupedAnswer]) -> list[tuple[list[int], Optional[int]]]:
    """Split a fractie's sentences into question units: (sentence indices, answer index).

    An answer's unit runs from the first to the last sentence it restates; sentences of the
    same paragraph after it (up to the next answer's unit) continue it, sentences before it
    at the start of its paragraph introduce it. A paragraph no answer restates is a question
    of its own when it asks something, else it introduces the unit after it.
    """
    n = len(questions)
    owner: list[Optional[int]] = [None] * n
    for a, answer in enumerate(sorted(range(len(answers)), key=lambda a: min(answers[a].restated or [n]))):
        restated = answers[answer].restated
        if not restated:
            continue
        lo, hi = min(restated), max(restated)
        for k in range(lo, hi + 1):
            if owner[k] is None:
                owner[k] = answer
    # sentences after an owned sentence in the same paragraph continue it
    for k in range(1, n):
        if owner[k] is None and owner[k - 1] is not None and questions[k].para == questions[k - 1].para:
            owner[k] = owner[k - 1]
    # sentences before an owned sentence at the start of its paragraph introduce it
    for k in range(n - 2, -1, -1):
        if owner[k] is None and owner[k + 1] is not None and questions[k].para == questions[k + 1].para:
            owner[k] = owner[k + 1]
    units: list[tuple[list[int], Optional[int]]] = []
    k = 0
    while k < n:
        if owner[k] is not None:
            j = k
            while j + 1 < n and owner[j + 1] == owner[k]:
                j += 1
            units.append((list(range(k, j + 1)), owner[k]))
            k = j + 1
            continue
        # an unowned paragraph
        j = k
        while j + 1 < n and questions[j + 1].para == questions[k].para:
            j += 1
        units.append((list(range(k, j + 1)), None))
        k = j + 1
    # an unowned paragraph that asks nothing introduces the unit after it (or closes the one
    # before it when it is last)
    merged: list[tuple[list[int], Optional[int]]] = []
    pending: list[int] = []
    for sentences, answer in units:
        text = " ".join(questions[s].text for s in sentences)
        if answer is None and not _ASKS_RE.search(text):
            pending += sentences
            continue
        merged.append((pending + sentences, answer))
        pending = []
    if pending and merged:
        merged[-1] = (merged[-1][0] + pending, merged[-1][1])
    elif pending:
        merged.append((pending, None))  # nothing asked at all: dropped by the caller
    return merged


def parse_grouped(
    lines: list[str],
    footnotes: list[Footnote],
    pages: Optional[list[Optional[int]]] = None,
    join: Joiner = join_lines,
) -> ParsedDocument:
    """The grouped form (module doc): part I with the fracties' contributions as prose, part
    II with the answers under the same fractie headings. Same arguments as
    :func:`parse_structure`."""
    if pages is None:
        pages = [None] * len(lines)
    lines = [_BULLETS_RE.sub("", line) if _BULLETS_RE.search(line) else line for line in lines]
    paras = _plain_paragraphs(lines, pages, join)
    # A table of contents lists the headings before they come: it ends where its first
    # heading is printed again.
    starts = [k for k, p in enumerate(paras) if _PART_I_RE.match(p.text)]
    part_one = starts[-1]
    toc_from = next((k for k in range(part_one) if _TOC_RE.match(paras[k].lines[0])), None)
    if toc_from is None and len(starts) > 1:
        toc_from = starts[0]
    intro = paras[: toc_from if toc_from is not None else part_one]
    part_two = next((k for k in range(part_one + 1, len(paras)) if _PART_II_RE.match(paras[k].text)), None)
    if part_two is None:
        raise ParseError("the fracties' contributions (part I) have no part II with the answers")
    _, asked = _sections(paras[part_one + 1 : part_two])
    opening, answered = _sections(paras[part_two + 1 :])
    if not answered:
        opening, answered = _sections_by_opener(opening)

    doc = ParsedDocument(id="", kind=KIND, source_file="", sha256="")
    body_paras = list(intro) + list(opening)
    answers_by_party: dict[str, _Section] = {}
    for section in answered:
        answers_by_party.setdefault(section.key, section)
    number = 0
    for section in asked:
        content = [p for p in section.paras if not _is_subheading(p)]
        text = " ".join(p.text for p in content)
        if not content or (_NOTHING_TO_ASK_RE.search(text) and not _ASKS_RE.search(_NOTHING_TO_ASK_RE.sub("", text))):
            body_paras.extend(content)  # "… hebben op dit moment geen verdere vragen"
            continue
        questions = [
            _Sentence(s, k, p.page) for k, p in enumerate(content) for s in _sentences(p.text)
        ]
        reply = answers_by_party.get(section.key)
        answers = _answers_of(reply, questions) if reply else []
        units = _question_units(questions, answers)
        answer_questions: dict[int, list[Question]] = {}
        for sentences, answer in units:
            groups: list[tuple[int, list[str]]] = []  # the unit's sentences per paragraph
            for s in sentences:
                if groups and groups[-1][0] == questions[s].para:
                    groups[-1][1].append(questions[s].text)
                else:
                    groups.append((questions[s].para, [questions[s].text]))
            text = "\n\n".join(" ".join(texts) for _, texts in groups)
            if answer is None and not _ASKS_RE.search(text):
                body_paras.append(_Para([text], pages=[questions[sentences[0]].page]))
                continue
            number += 1
            q_text, q_fns = pop_footnote_markers(text)
            question = Question(
                number=number,
                label=str(number),
                text=q_text,
                party=section.party,
                page=questions[sentences[0]].page,
                section=section.heading,
            )
            doc.questions.append(question)
            link_footnotes(footnotes, q_fns, "question", question.key)
            if answer is not None:
                answer_questions.setdefault(answer, []).append(question)
        for a, answer in enumerate(answers):
            served = answer_questions.get(a)
            if not served:
                # an answer that restates nothing recognisable: it goes with the one before
                if doc.answers:
                    previous = doc.answers[-1]
                    extra, fns = pop_footnote_markers(_join_paras(answer.paras))
                    previous.text = previous.text + "\n\n" + extra
                    link_footnotes(footnotes, fns, "answer", previous.key)
                else:
                    body_paras.extend(answer.paras)
                continue
            numbers = [q.number for q in served]
            label = numbers_label(numbers)
            a_text, a_fns = pop_footnote_markers(_join_paras(answer.paras))
            result = Answer(label=label, numbers=numbers, text=a_text, page=answer.paras[0].page)
            doc.answers.append(result)
            link_footnotes(footnotes, a_fns, "answer", result.key)
            for q in served:
                q.answer_key = result.key
    body, b_fns = pop_footnote_markers(_join_paras(body_paras))
    link_footnotes(footnotes, b_fns, "body", None)
    doc.body = body
    doc.footnotes = footnotes
    _describe(doc, body)
    return doc


def numbers_label(numbers: list[int]) -> str:
    """[4] → "4", [4, 5] → "4 en 5", [4, 5, 6] → "4, 5 en 6"."""
    if len(numbers) == 1:
        return str(numbers[0])
    return ", ".join(str(n) for n in numbers[:-1]) + f" en {numbers[-1]}"


def _plain_paragraphs(lines: list[str], pages: list[Optional[int]], join: Joiner) -> list[_Para]:
    """Paragraphs between blank lines; a part or fractie heading starts a paragraph of its
    own even without a blank line before or after it (text exports often have none)."""
    paras: list[_Para] = []
    cur: list[str] = []
    cur_pages: list[Optional[int]] = []

    def flush() -> None:
        nonlocal cur, cur_pages
        if cur:
            paras.append(_Para(cur, pages=cur_pages, join=join))
        cur, cur_pages = [], []

    for line, page in zip(lines + [""], pages + [None]):
        if not line.strip():
            flush()
            continue
        fractie = _FRACTIE_HEADING_RE.match(line) and not re.search(r"[.?!;]\s*$", line)
        if fractie or _PART_I_RE.match(line) or _PART_II_RE.match(line):
            flush()
        cur.append(line)
        cur_pages.append(page)
        if fractie:
            flush()
    return paras


def _join_paras(paras: list[_Para]) -> str:
    return "\n\n".join(t for t in (p.text for p in paras) if t)


def _describe(doc: ParsedDocument, body: str) -> None:
    """Title, dates and committee from the introduction."""
    intro = re.sub(r"\s+", " ", body)
    m = re.search(r"\bover de brief van (" + DATE_PATTERN + r")\s+(?:over|inzake)\s+(.+?)(?:\s*\(|\.\s|\.$)", intro)
    if m:
        subject = m.group(5).strip().rstrip(",")
        doc.title = f"Verslag van een schriftelijk overleg over {subject}"
        letter_date = dutch_date(m.group(1))
        if letter_date:
            doc.extra["letter_date"] = letter_date
    else:
        m = re.search(r"\bvoorgelegd aan .+? over (.+?)(?:\s*\(|\.\s|\.$)", intro)
        if m:
            doc.title = f"Verslag van een schriftelijk overleg over {m.group(1).strip()}"
    m = re.search(r"\bBij brief van (" + DATE_PATTERN + r")\s+zijn de vragen beantwoord", intro)
    if m:
        doc.date = dutch_date(m.group(1))
    m = re.search(r"\bzijn op (" + DATE_PATTERN + r")\s+aan\b", intro)
    if m:
        doc.extra["questions_sent"] = dutch_date(m.group(1))
    m = re.search(r"\b(?:De|de) ((?:vaste|algemene) commissie voor .{3,120}?) heeft\b", intro)
    if m:
        doc.extra["committee"] = m.group(1)
    # the report is signed by the committee's chair and clerk
    for role, key in (("voorzitter", "committee_chair"), (r"(?:adjunct-)?griffier", "committee_clerk")):
        m = re.search(r"\b" + role + r" van de commissie,\s+([^\W\d][\w’'. -]{1,60}?)(?:\n|$)", body, re.I)
        if m:
            doc.extra[key] = m.group(1).strip()
            doc.signatories.append(m.group(1).strip())


# ---------------------------------------------------------------------------------------------
# PDF: the same structure parser fed with layout lines


def marker_placeholders(lines: list[Line], footnotes: list[Footnote]) -> list[str]:
    """The texts of ``lines`` with each footnote's superscript marker replaced by its
    :func:`parsers.footnotes.placeholder` token.

    Footnote N's marker is the first raised ``N`` (``layout`` writes raised digits as Unicode
    superscripts) after footnote N-1's marker, preferably on the page that prints footnote N
    (a footnote starts at the foot of its marker's page). A space before a marker that stands
    between a closing bracket or quote and punctuation goes with it ("nr. 236) ³." →
    "nr. 236)."). Superscripts that name no footnote (m², a power) stay as they are.
    """
    texts = [ln.text for ln in lines]
    found: dict[int, list[tuple[int, int, int]]] = {}  # line index → [(start, end, number)]
    pos = (0, -1)  # (line index, start) of the previous marker
    for fn in sorted(footnotes, key=lambda f: f.number):
        candidates = []
        for li in range(pos[0], len(lines)):
            if candidates and fn.page is not None and lines[li].page > fn.page:
                break  # the marker stands on the footnote's page or before it
            for m in SUPERSCRIPT_RE.finditer(texts[li]):
                if (li, m.start()) <= pos or superscript_number(m.group(0)) != fn.number:
                    continue
                if not texts[li][: m.start()].strip():
                    continue  # a raised number opening a line is not a marker
                candidates.append((li, m.start(), m.end()))
        if not candidates:
            continue
        same_page = [c for c in candidates if lines[c[0]].page == fn.page]
        li, start, end = (same_page or candidates)[0]
        found.setdefault(li, []).append((start, end, fn.number))
        pos = (li, start)
    for li, spans in found.items():
        text = texts[li]
        for start, end, number in sorted(spans, reverse=True):
            if (
                start >= 2
                and text[start - 1] == " "
                and text[start - 2] in ")]»”’\"'"
                and text[end : end + 1] in (".", ",", ";", ":", "!", "?")
            ):
                start -= 1
            text = text[:start] + placeholder(number) + text[end:]
        texts[li] = text
    return texts


def _gap(prev: Line, line: Line) -> bool:
    return line.top - prev.bottom > 0.9 * max(line.size, prev.size)


def _spaced_paragraphs(lines: list[Line]) -> bool:
    """Does white space between lines of body text mark the paragraphs (as in Kamerstukken)?"""
    pairs = gaps = 0
    for prev, line in zip(lines, lines[1:]):
        if prev.page != line.page or prev.bold or line.bold:
            continue
        pairs += 1
        gaps += _gap(prev, line)
    return gaps >= 3 and gaps >= 0.05 * pairs


def _source_lines(lines: list[Line], texts: list[str]) -> tuple[list[str], list[Optional[int]]]:
    """Layout lines → the structure parser's input: one text line per printed line, a blank
    line between paragraphs, consecutive bold lines (a heading that wraps) as one line."""
    body = [ln for ln in lines if not ln.bold]
    edge = right_edge(body or lines)
    starts = paragraph_breaks(lines, edge)
    if _spaced_paragraphs(lines):
        # Paragraphs are set apart by white space: on a page only a gap starts one (a line
        # that happens to begin with "4)" or a dash does not); across a page break the
        # ragged-right test of ``paragraph_breaks`` decides.
        starts = [
            new if k == 0 or ln.page != lines[k - 1].page else _gap(lines[k - 1], ln)
            for k, (ln, new) in enumerate(zip(lines, starts))
        ]
    out: list[str] = []
    pages: list[Optional[int]] = []
    prev: Optional[Line] = None
    for ln, text, new in zip(lines, texts, starts):
        if prev is not None and prev.bold and ln.bold and not new and ln.page == prev.page:
            out[-1] = join_pair(out[-1], text)
            prev = ln
            continue
        if prev is not None and (new or ln.bold != prev.bold):
            out.append("")
            pages.append(None)
        out.append(text)
        pages.append(ln.page)
        prev = ln
    return out, pages


def parse_schriftelijk_overleg_lines(lines: list[Line], pages: Optional[int] = None) -> ParsedDocument:
    """Parse a VSO from PDF lines (``layout.read_pdf_lines``).

    The lines are those of the report itself: a caller that recognised a Kamerstuk header
    block (``parsers.kamerstuk``) leaves it out. Furniture (running footer, identifier, ISSN)
    is dropped, the footnotes are taken off the page feet by their smaller size (each with
    its page), their superscript markers become placeholders, and paragraphs come from the
    layout (vertical gaps, ragged-right line ends, list items); a paragraph that a footnote
    block or a page break interrupts stays one paragraph. Words hyphenated at a line end are
    joined with the document's own vocabulary. The result has the same structure as
    :func:`parse_schriftelijk_overleg` on the plain text, plus the page on which every
    question, answer and footnote starts.
    """
    if not lines:
        raise ParseError("no text lines")
    body = separate_body(lines)
    lines, footnotes, furniture, vocab = body.lines, body.footnotes, body.furniture, body.vocab
    texts = marker_placeholders(lines, footnotes)
    source, source_pages = _source_lines(lines, texts)
    doc = parse_structure(
        source, footnotes, source_pages, join=lambda parts: layout_join_lines(parts, vocab)
    )
    doc.pages = pages
    doc.vergaderjaar = doc.vergaderjaar or furniture.get("vergaderjaar")
    return doc
