"""Letters and documents from a ministry (rijksoverheid house style) from PDF lines.

``parse_ministry_letter(lines, pages)`` takes the lines of ``layout.read_pdf_lines`` and
returns a ``ParsedDocument``; ``is_ministry_layout(lines)`` says whether the lines look like
this layout at all (``parse_pdf`` dispatches on it). Pure: no database, no citation
extraction (``documents.attach_citations`` does that on the texts returned here).

The layout

* **Letters** (kind ``"brief"``): page 1 has a return address ("> Retouradres …"), the
  addressee block ("Aan de Voorzitter van de Tweede Kamer …"), "Datum …" and "Betreft …" /
  "Onderwerp …" lines in the text column, and a narrow **right-hand column** in a smaller
  size with the sending unit, the ministry's address and labelled fields ("Onze referentie"
  / "Ons kenmerk", "Uw brief", "Bijlage(n)", …). Later pages repeat the reference in that
  column. The letter ends with a closing ("Met vriendelijke groet,"), the function ("De
  Staatssecretaris van Veiligheid en Justitie,") and the name.
* **BNC-fiches** (kind ``"other"``: a standard assessment form of a Commission proposal, not
  a letter: no addressee, date line or signature): "Fiche 5: <title>" at the top of page 1,
  numbered sections, lettered items ("a) Titel voorstel") whose values are kept in
  ``extra["fiche"]``.

Both have "Pagina N van M" footers and footnotes in a smaller size at the page foot.

The right column is found from the lines themselves, never from fixed coordinates: it is a
cluster of lines that start at (nearly) the same x, far to the right of the text column's
left margin (more than 60 % of the text column's width), in a size smaller than the body
text. Its lines are read as fields and never mix into the letter; ``layout`` also keeps its
small characters from being folded into body lines as superscripts.

What it fills in: ``title`` (Betreft/Onderwerp, or the fiche heading), ``date`` (ISO, from
"Datum"), ``signatories`` (``"Name (Function)"``), ``footnotes`` (number, text, page and
where the marker stands), ``extra``: ``reference``, ``your_reference``, ``attachments``,
``addressee``, ``return_address``, ``sender`` (the unit at the top of the right column),
``website``, ``minister`` ("Minister Slob"), ``ministry`` (fiche: "Eerstverantwoordelijk
ministerie"; a letter: "Ministerie van …" at the top of the right column),
``question_topics``; ``body``: the text in paragraphs (blank line between),
headings kept as their own paragraph, table rows one per line with cells separated by
" | ".

Questions answered in prose

A letter that answers questions from a debate names each asker in a sentence: "Mevrouw
Westerveld (GroenLinks) vroeg naar …", "De heer Van Meenen (D66) stelde de vraag …", "Ook
vroeg de heer Bisschop naar …", "Verder vroeg hij naar …", "De Kamerleden Van den Hul,
Bisschop, Van Meenen en Kwint hebben allen gevraagd …". Each such sentence starts a
``Question``:

* ``number`` counts the questions in order of appearance; ``label`` is that number as text
  (nothing is printed); the (sub)heading it stands under is kept in
  ``extra["question_topics"][str(number)]``;
* ``text`` is the asking sentence plus the sentences right after it that still report the
  question ("Hierbij doelde ze op …", "Hij gaf het voorbeeld …", "Zij willen weten …");
* ``members`` are the askers, ``Member(name, party)``; a party printed once in the letter
  ("Mevrouw Westerveld (GroenLinks)") is used for the same name later ("Mevrouw Westerveld
  vroeg …"); a name printed without a party anywhere in the letter keeps ``party=None``;
  "hij"/"zij" is the single asker of the question before; ``party`` is the members' party
  when they all have the same one;
* the text that follows, up to the next question or the next heading, is the ``Answer``;
  questions asked one after the other without text in between share the answer that
  follows the last of them (``Answer.numbers`` [5, 6], label "5 en 6").

Text before the first question of a paragraph, after the last answer of a section and under
headings without questions stays in ``body``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Optional

from .dates import dutch_date
from .layout import (
    dominant_size,
    join_pair,
    Line,
    paragraph_breaks,
    right_edge,
    separate_body,
    SUPERSCRIPT_RE,
    take_footnote_markers,
    to_superscript,
)
from .model import Answer, Member, ParsedDocument, ParseError, Question
from .parties import canonical_party

# --------------------------------------------------------------------------- recognising

_ADDRESSEE_RE = re.compile(r"^Aan de [Vv]oorzitter van de (?:Tweede|Eerste) Kamer\b")
_FICHE_RE = re.compile(r"^Fiche\s+(?P<n>\d+)\s*:\s*(?P<title>\S.*)$")
_PAGE_OF_RE = re.compile(r"^Pagina\s+(?P<n>\d+)\s+van\s+(?P<of>\d+)$")
_RETURN_RE = re.compile(r"^>\s*Retouradres\s*(?P<addr>.*)$")

# Field labels of the right column (and of the text column's "Datum"/"Betreft" lines):
# label (lower case) -> extra key.
COLUMN_LABELS = {
    "onze referentie": "reference",
    "ons kenmerk": "reference",
    "kenmerk": "reference",
    "uw referentie": "your_reference",
    "uw kenmerk": "your_reference",
    "uw brief": "your_reference",
    "bijlage(n)": "attachments",
    "bijlagen": "attachments",
    "bijlage": "attachments",
    "contactpersoon": "contact",
    "behandeld door": "contact",
    "datum": "date",
    "betreft": "subject",
    "onderwerp": "subject",
}


def is_ministry_layout(lines: list[Line]) -> bool:
    """Page 1 has the addressee "Aan de Voorzitter van de Tweede Kamer", or a right-hand
    column with ministry field labels, or a BNC-fiche heading "Fiche N: …" (with "Pagina N
    van M" footers)."""
    first = [ln for ln in lines if ln.page == 1]
    if not first:
        return False
    texts = [ln.text.strip() for ln in first]
    if any(_ADDRESSEE_RE.match(t) for t in texts[:40]):
        return True
    column = right_column_x(lines)
    if column is not None:
        labels = {
            ln.text.strip().lower()
            for ln in first
            if ln.x0 >= column - 1.5 and ln.text.strip().lower() in COLUMN_LABELS
        }
        if labels:
            return True
    if texts and _FICHE_RE.match(texts[0]):
        return any(_PAGE_OF_RE.match(ln.text.strip()) for ln in lines)
    return False


# --------------------------------------------------------------------------- column


def _text_margin(lines: list[Line], body_size: float) -> tuple[float, float]:
    """Left margin and right edge of the text column (body-size lines)."""
    body = [ln for ln in lines if abs(ln.size - body_size) < 0.3] or lines
    left = Counter(round(ln.x0) for ln in body).most_common(1)[0][0]
    return float(left), right_edge(body)


def right_column_x(lines: list[Line]) -> Optional[float]:
    """The left x of the narrow right-hand column, or None when there is none.

    Candidates are lines in a smaller size than the body that start more than 60 % of the
    text column's width to the right of its left margin; the column is their most common
    start (to 1 pt) when at least three lines share it and at least one of them is on
    page 1.
    """
    if not lines:
        return None
    body_size = dominant_size(lines)
    left, edge = _text_margin(lines, body_size)
    width = max(edge - left, 1.0)
    candidates = [
        ln
        for ln in lines
        if ln.size < 0.95 * body_size
        and ln.x0 > left + 0.6 * width
        and not _PAGE_OF_RE.match(ln.text.strip())
    ]
    if len(candidates) < 3:
        return None
    x, count = Counter(round(ln.x0) for ln in candidates).most_common(1)[0]
    members = [ln for ln in candidates if abs(ln.x0 - x) <= 1.5]
    if count < 3 or not any(ln.page == 1 for ln in members):
        return None
    return min(ln.x0 for ln in members)


def split_column(lines: list[Line], column_x: Optional[float]) -> tuple[list[Line], list[Line]]:
    """(text-column lines, right-column lines). A line whose words cross into the column
    (should an engine have joined them) is cut at the column's left edge."""
    if column_x is None:
        return list(lines), []
    body: list[Line] = []
    column: list[Line] = []
    for ln in lines:
        if ln.x0 >= column_x - 1.5:
            column.append(ln)
            continue
        if ln.x1 < column_x - 1.5 or not ln.spans:
            body.append(ln)
            continue
        left = [s for s in ln.spans if s.x0 < column_x - 1.5]
        right = [s for s in ln.spans if s.x0 >= column_x - 1.5]
        if not right:
            body.append(ln)
            continue
        body.append(_from_spans(ln, left))
        column.append(_from_spans(ln, right))
    return body, column


def _from_spans(line: Line, spans) -> Line:
    return replace(
        line,
        text=" ".join(s.text for s in spans),
        x0=min(s.x0 for s in spans),
        x1=max(s.x1 for s in spans),
        spans=list(spans),
        bold=all(s.bold for s in spans),
        italic=all(s.italic for s in spans),
    )


def read_column(column: list[Line]) -> dict:
    """The right column's fields: labelled values (``reference``, ``attachments``, …;
    only when a value is printed), ``sender`` (the lines above the address on page 1) and
    ``website``. A label is a line that is exactly a known label; its value is the lines
    below it up to the next label or a clearly larger gap."""
    out: dict = {}
    pages: dict[int, list[Line]] = {}
    for ln in column:
        pages.setdefault(ln.page, []).append(ln)
    for page, page_lines in sorted(pages.items()):
        page_lines.sort(key=lambda ln: ln.top)
        key: Optional[str] = None
        value: list[str] = []
        prev: Optional[Line] = None
        sender: list[str] = []
        in_sender = page == 1

        def flush():
            if key and value and key not in out:
                out[key] = " ".join(value)

        for ln in page_lines:
            text = ln.text.strip()
            gap = ln.top - prev.bottom if prev is not None else 0.0
            label = text.lower()
            if label in COLUMN_LABELS:
                flush()
                key, value = COLUMN_LABELS[label], []
                in_sender = False
            elif key is not None and (gap > 1.2 * ln.size or ln.bold):
                flush()
                key, value = None, []
            elif key is not None:
                value.append(text)
            if key is None and label not in COLUMN_LABELS:
                if text.startswith("www.") or text.startswith("http"):
                    out.setdefault("website", text)
                    in_sender = False
                elif in_sender:
                    # the sending unit ends where the address starts (a line with a digit)
                    if re.search(r"\d", text) or (sender and gap > 1.2 * ln.size):
                        in_sender = False
                    else:
                        sender.append(text)
            prev = ln
        flush()
        if page == 1 and sender:
            out["sender"] = " ".join(sender)
            m = re.match(r"^Ministerie van\s+(.+?)(?:\s+(?:Directoraat|Directie)\b.*)?$", out["sender"])
            if m:
                out["ministry"] = m.group(1)
    return out


# --------------------------------------------------------------------------- lines


def merge_marker_lines(lines: list[Line]) -> list[Line]:
    """Join a footnote number that the engine left on a row of its own (smaller than the
    footnote text, starting just left of it, vertically overlapping it) to that footnote
    line, as a raised marker: ``1`` + ``Bij hoogtechnologisch …`` → ``¹ Bij …``."""
    out: list[Line] = []
    skip: set[int] = set()
    for i, ln in enumerate(lines):
        if i in skip:
            continue
        text = ln.text.strip()
        if re.fullmatch(r"\d{1,3}", text):
            for j in range(i + 1, min(i + 4, len(lines))):
                nxt = lines[j]
                if (
                    nxt.page == ln.page
                    and nxt.size > ln.size * 1.1
                    and 0 <= nxt.x0 - ln.x1 <= nxt.size
                    and nxt.top <= ln.bottom
                    and ln.top <= nxt.bottom
                ):
                    marker = to_superscript(text)
                    out.append(
                        replace(nxt, text=f"{marker} {nxt.text}", x0=ln.x0, top=min(ln.top, nxt.top))
                    )
                    skip.add(j)
                    break
            else:
                out.append(ln)
            continue
        out.append(ln)
    out.sort(key=lambda ln: (ln.page, round(ln.top, 1), ln.x0))
    return out


def _is_table_row(line: Line) -> bool:
    """Cells separated by gaps wider than two spaces' worth (≥ 1.5 × the size)."""
    spans = line.spans
    return len(spans) >= 3 and sum(
        1 for a, b in zip(spans, spans[1:]) if b.x0 - a.x1 > 1.5 * line.size
    ) >= 2


def _table_text(line: Line) -> str:
    cells: list[list[str]] = [[line.spans[0].text]]
    for a, b in zip(line.spans, line.spans[1:]):
        if b.x0 - a.x1 > 1.5 * line.size:
            cells.append([])
        cells[-1].append(b.text)
    return " | ".join(" ".join(c) for c in cells)


@dataclass
class Para:
    text: str
    page: int
    heading: bool = False
    table: bool = False
    # (offset in text, page) where each line starts
    starts: list[tuple[int, int]] = field(default_factory=list)

    def page_at(self, offset: int) -> int:
        page = self.page
        for start, p in self.starts:
            if start <= offset:
                page = p
            else:
                break
        return page


def _styled(line: Line) -> bool:
    """Every word bold or italic (a heading line, not a line with a cited title in it)."""
    spans = [s for s in line.spans if not SUPERSCRIPT_RE.fullmatch(s.text)]
    return bool(spans) and all(s.bold or s.italic for s in spans)


def _is_heading(group: list[Line]) -> bool:
    if len(group) > 3:
        return False
    text = " ".join(ln.text for ln in group).strip()
    if not text or text.endswith((".", ",", ";", ":")) or len(text) > 160:
        return False
    return all(_styled(ln) for ln in group)


def make_paragraphs(lines: list[Line], edge: float, vocab: set[str]) -> list[Para]:
    """Lines → paragraphs (``layout.paragraph_breaks``), keeping where each starts; a table
    row is a paragraph of its own, and a heading line (bold or italic, short, no final
    stop) never joins the text around it."""
    out: list[Para] = []
    group: list[Line] = []

    def flush():
        if not group:
            return
        text = ""
        starts: list[tuple[int, int]] = []
        for ln in group:
            if text:
                joined = join_pair(text, ln.text, vocab)
                starts.append((len(joined) - len(ln.text.strip()), ln.page))
                text = joined
            else:
                starts.append((0, ln.page))
                text = ln.text.strip()
        out.append(Para(text, group[0].page, heading=_is_heading(group), starts=starts))
        group.clear()

    breaks = paragraph_breaks(lines, edge)
    for ln, new in zip(lines, breaks):
        if _is_table_row(ln):
            flush()
            out.append(Para(_table_text(ln), ln.page, table=True, starts=[(0, ln.page)]))
            continue
        if new or (group and not _styled(ln) and _is_heading(group)):
            flush()
        group.append(ln)
    flush()
    return out


# --------------------------------------------------------------------------- header


def _label_value(line: Line) -> tuple[Optional[str], str]:
    """("datum", "3 oktober 2018") for a line "Datum 3 oktober 2018"."""
    low = line.text.strip().lower()
    for label in sorted(COLUMN_LABELS, key=len, reverse=True):
        if low == label or low.startswith(label + " "):
            return label, line.text.strip()[len(label):].strip()
    return None, ""


def read_header(lines: list[Line], extra: dict) -> tuple[int, Optional[str], Optional[str]]:
    """Read the page-1 header of the text column (return address, addressee, Datum,
    Betreft/Onderwerp); return (index of the first letter line, date, subject)."""
    date = subject = None
    end = 0
    i = 0
    first_page = [ln for ln in lines if ln.page == 1]
    limit = len(first_page)
    while i < limit:
        ln = lines[i]
        text = ln.text.strip()
        m = _RETURN_RE.match(text)
        if m:
            if m["addr"]:
                extra["return_address"] = m["addr"].strip()
            i += 1
            end = i
            continue
        if _ADDRESSEE_RE.match(text):
            parts = [text]
            j = i + 1
            while j < limit and not re.search(r"\d", lines[j].text) and not _label_value(lines[j])[0]:
                parts.append(lines[j].text.strip())
                j += 1
            extra["addressee"] = " ".join(parts)
            while j < limit and re.search(r"\d", lines[j].text) and not _label_value(lines[j])[0]:
                j += 1  # the postal address
            i = end = j
            continue
        label, value = _label_value(ln)
        if label in ("datum", "betreft", "onderwerp"):
            parts = [value] if value else []
            j = i + 1
            # a wrapped value continues at the value's own indent
            indent = ln.spans[1].x0 if len(ln.spans) > 1 else None
            while (
                j < limit
                and indent is not None
                and abs(lines[j].x0 - indent) < 2
                and lines[j].top - lines[j - 1].bottom < 0.9 * ln.size
            ):
                parts.append(lines[j].text.strip())
                j += 1
            value = " ".join(parts)
            if label == "datum":
                date = dutch_date(value)
            else:
                subject = value or None
            i = end = j
            continue
        if label is not None and value:
            key = COLUMN_LABELS[label]
            extra.setdefault(key, value)
            i = end = i + 1
            continue
        if end and (date or subject):
            break
        i += 1
    if not (date or subject or "addressee" in extra):
        return 0, None, None
    # a salutation right after the header belongs to it
    if end < len(lines) and re.match(r"^(?:Geachte|Hooggeachte)\b.*,$", lines[end].text.strip()):
        end += 1
    return end, date, subject


# --------------------------------------------------------------------------- signature

_CLOSING_RE = re.compile(r"^(?:Hoogachtend|Met (?:vriendelijke|hartelijke) groet(?:en)?|Namens\b.*),?$", re.I)
_FUNCTION_RE = re.compile(
    r"^(?:de|het)\s+(?:minister(?:-president)?|staatssecretaris|secretaris-generaal|"
    r"directeur(?:-generaal)?)\b",
    re.I,
)


def _function_text(text: str) -> str:
    text = re.sub(r"^(?:de|het)\s+", "", text.strip().rstrip(","), flags=re.I).strip()
    return text[:1].upper() + text[1:]


def _surname(name: str) -> str:
    tokens = name.split()
    while len(tokens) > 1 and ("." in tokens[0] or tokens[0].isupper() and len(tokens[0]) <= 3):
        tokens = tokens[1:]
    if len(tokens) > 1 and "." not in name.split()[0] and tokens == name.split():
        tokens = tokens[1:]  # a first name
    return " ".join(tokens)


def split_signature(lines: list[Line]) -> tuple[list[Line], list[str], Optional[str]]:
    """Cut the closing and signature block off the end of the letter's lines (last page).

    Returns (letter lines, signatories as "Name (Function)", minister as "Minister
    Slob"). The block starts at a closing ("Met vriendelijke groet,") or at a function
    line ("De Staatssecretaris van …,") and contains nothing but short lines."""
    if not lines:
        return lines, [], None
    last_page = lines[-1].page
    start = None
    for i in range(len(lines) - 1, -1, -1):
        ln = lines[i]
        if ln.page != last_page and start is not None:
            break
        text = ln.text.strip()
        if _CLOSING_RE.match(text) or (_FUNCTION_RE.match(text) and len(text) < 140):
            start = i
        if ln.page != last_page:
            break
    if start is None:
        return lines, [], None
    block = lines[start:]
    signatories: list[str] = []
    functions: list[str] = []
    pending: list[str] = []
    names: list[str] = []
    for ln in block:
        text = ln.text.strip()
        if _CLOSING_RE.match(text):
            continue
        if pending or _FUNCTION_RE.match(text):
            pending.append(text)
            if text.endswith(",") or len(pending) >= 3:
                functions.append(_function_text(" ".join(pending)))
                pending = []
            continue
        if text and text[0].isupper():
            names.append(text)
    for k, name in enumerate(names):
        signatories.append(f"{name} ({functions[k]})" if k < len(functions) else name)
    minister = None
    if names and functions:
        role = functions[0].split()[0]
        minister = f"{role} {_surname(names[0])}"
    return lines[:start], signatories, minister


# --------------------------------------------------------------------------- questions

_PARTICLE = r"(?:[Vv]an|[Dd]e|[Dd]en|[Dd]er|[Tt]er|[Tt]en|[Ii]n\s+['’]t|['’]t)"
_NAME = rf"(?:{_PARTICLE}\s+)*[A-Z][\w'’]+(?:-(?:{_PARTICLE}\s+)*[A-Z][\w'’]+)*"
_PARTY = r"\s*\((?P<party>[^()]{1,40})\)"
_LEAD = r"(?:(?:Ook|Verder|Daarnaast|Voorts|Tot\s+slot|Ten\s+slotte|Tenslotte)\s+)"
_TITLE = r"(?:[Dd]e\s+heer|[Mm]evrouw|[Hh]et\s+(?:Kamer)?lid)"
_SUBJECT_RE = re.compile(rf"^{_LEAD}?(?P<title>{_TITLE})\s+(?P<name>{_NAME})(?:{_PARTY})?")
_GROUP_RE = re.compile(
    rf"^{_LEAD}?[Dd]e\s+(?:Kamer)?leden\s+(?P<names>{_NAME}(?:\s*\([^()]*\))?"
    rf"(?:\s*(?:,|\ben\b)\s*{_NAME}(?:\s*\([^()]*\))?)*)"
)
_INVERTED_RE = re.compile(
    rf"^{_LEAD}(?:vroeg|vroegen|informeerde|wilde\s+weten|stelde)\s+"
    rf"(?:(?P<title>de\s+heer|mevrouw|het\s+(?:kamer)?lid)\s+(?P<name>{_NAME})(?:{_PARTY})?"
    r"|(?P<pronoun>hij|zij|ze))\b"
)
_QVERB_RE = re.compile(
    r"\b(?:vroeg|vroegen|vraagt|gevraagd|stelde\s+(?:\w+\s+){0,2}vraag|stelden\s+(?:\w+\s+){0,2}vra\w+|"
    r"wilden?\s+weten|wil(?:len)?\s+weten|informeerden?)\b"
)
_CONTINUES_RE = re.compile(
    r"^(?:(?:Hij|Zij|Ze)\s+(?:vroeg|vraagt|vroegen|vragen|wil|wilde|willen|wilden|gaf|geeft|"
    r"doelde|doelt|stelde|informeerde|noemde|wees)|(?:Hierbij|Daarbij)\s+doelde)\b"
)
_NAME_SPLIT_RE = re.compile(rf"(?P<name>{_NAME})(?:\s*\((?P<party>[^()]*)\))?")

_ABBREVIATIONS = {
    "nr", "art", "bijv", "o.a", "e.d", "m.b.t", "t.a.v", "i.p.v", "i.e", "e.g", "mr", "dr",
    "prof", "drs", "ir", "ing", "mevr", "dhr", "jl", "ca", "resp", "vgl", "zgn", "incl",
    "excl", "etc", "blz", "p", "c.s", "st", "stb", "stcrt", "z.s.m", "d.d", "a.s",
}
_SENTENCE_END_RE = re.compile(rf"[.?!][{'⁰¹²³⁴⁵⁶⁷⁸⁹'}”’\")]*\s+(?=[A-Z‘“\"'(])")


def split_sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs; no split after an initial ("E. Dijkgraaf") or an
    abbreviation ("nr. 390")."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _SENTENCE_END_RE.finditer(text):
        before = text[start : m.start() + 1]
        token = re.search(r"(\S+)[.?!]$", before)
        if token and m.group(0).startswith("."):
            word = token.group(1)
            if (len(word) == 1 and word.isupper()) or word.lower().rstrip(".") in _ABBREVIATIONS:
                continue
            if re.fullmatch(r"(?:[A-Z]\.)+[A-Z]", word):  # "F.W."
                continue
        out.append((start, text[start : m.end()].strip()))
        start = m.end()
    if text[start:].strip():
        out.append((start, text[start:].strip()))
    return out


def _norm_name(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip()
    return name[:1].upper() + name[1:]


@dataclass
class _Asking:
    members: list[tuple[str, Optional[str]]]  # (name, party as printed or None)
    pronoun: bool = False


def asking(sentence: str) -> Optional[_Asking]:
    """The askers when ``sentence`` reports a question by members, else None."""
    s = SUPERSCRIPT_RE.sub("", sentence)
    m = _INVERTED_RE.match(s)
    if m:
        if m["pronoun"]:
            return _Asking([], pronoun=True)
        return _Asking([(_norm_name(m["name"]), m["party"])])
    m = _GROUP_RE.match(s)
    if m and _QVERB_RE.search(s, m.end()):
        members = [
            (_norm_name(x["name"]), x["party"])
            for x in _NAME_SPLIT_RE.finditer(m["names"])
            if x["name"] not in ("en",)
        ]
        return _Asking(members) if members else None
    m = _SUBJECT_RE.match(s)
    if m and _QVERB_RE.search(s, m.end()):
        return _Asking([(_norm_name(m["name"]), m["party"])])
    return None


@dataclass
class _Q:
    number: int
    members: list[tuple[str, Optional[str]]]
    parts: list[str]
    page: int
    topic: Optional[str]
    answer: Optional[int] = None  # index into answers


@dataclass
class _A:
    numbers: list[int]
    parts: list[str] = field(default_factory=list)
    page: Optional[int] = None


def find_questions(paras: list[Para]) -> tuple[list[_Q], list[_A], list[str]]:
    """Split paragraphs into prose questions, their answers, and the remaining body
    paragraphs (all texts still carry their footnote markers)."""
    questions: list[_Q] = []
    answers: list[_A] = []
    body: list[str] = []
    topic: Optional[str] = None
    current: Optional[_A] = None  # the answer being collected
    open_qs: list[_Q] = []  # questions waiting for answer text
    for para in paras:
        if para.heading:
            topic = SUPERSCRIPT_RE.sub("", para.text).strip()
            current, open_qs = None, []
            body.append(para.text)
            continue
        if para.table:
            if current is not None:
                current.parts.append(para.text)
            else:
                body.append(para.text)
            continue
        body_part: list[str] = []
        answer_part: list[str] = []
        in_question = False
        for offset, sentence in split_sentences(para.text):
            ask = asking(sentence)
            if ask is not None:
                members = ask.members
                if ask.pronoun:
                    members = list(questions[-1].members) if questions and len(questions[-1].members) == 1 else []
                q = _Q(len(questions) + 1, members, [sentence], para.page_at(offset), topic)
                if not open_qs:
                    # a new question closes the answer before it; one asked right after
                    # another (no text between) shares the answer that follows
                    if answer_part and current is not None:
                        current.parts.append(" ".join(answer_part))
                    answer_part = []
                    current = None
                questions.append(q)
                open_qs.append(q)
                in_question = True
                continue
            if in_question and _CONTINUES_RE.match(sentence):
                questions[-1].parts.append(sentence)
                continue
            in_question = False
            if open_qs:
                current = _A([q.number for q in open_qs], page=para.page_at(offset))
                answers.append(current)
                for q in open_qs:
                    q.answer = len(answers) - 1
                open_qs = []
            if current is not None:
                answer_part.append(sentence)
            else:
                body_part.append(sentence)
        if body_part:
            body.append(" ".join(body_part))
        if answer_part and current is not None:
            current.parts.append(" ".join(answer_part))
    return questions, answers, body


# --------------------------------------------------------------------------- footnotes


# --------------------------------------------------------------------------- fiche

_ITEM_RE = re.compile(r"^(?P<letter>[a-z])\)\s+(?P<label>\S.*)$")


def read_fiche_items(paras: list[Para]) -> dict:
    """The lettered items of a fiche's first section ("a) Titel voorstel" → value)."""
    items: dict = {}
    label: Optional[str] = None
    section = 0
    for para in paras:
        text = para.text.strip()
        if para.heading:
            m = re.match(r"^(\d+)\.\s", text)
            if m:
                section = int(m.group(1))
                label = None
                continue
            m = _ITEM_RE.match(text)
            if m and section == 1:
                label = m["label"].strip()
                items[label] = ""
                continue
        if section == 1 and label is not None:
            items[label] = (items[label] + "\n" + text).strip()
    return items


# --------------------------------------------------------------------------- main


def parse_ministry_letter(lines: list[Line], pages: int) -> ParsedDocument:
    """Parse the lines of a ministry letter or BNC-fiche PDF (see the module docstring)."""
    if not lines:
        raise ParseError("no text lines")
    body_size = dominant_size(lines)
    lines = merge_marker_lines(lines)
    lines = [ln for ln in lines if not _PAGE_OF_RE.match(ln.text.strip())]
    column_x = right_column_x(lines)
    lines, column = split_column(lines, column_x)
    extra: dict = read_column(column)
    body = separate_body(lines, body_size)
    lines, footnotes, furniture, vocab = body.lines, body.footnotes, body.furniture, body.vocab
    fn_numbers = {f.number for f in footnotes}

    kind = "brief"
    title = None
    date = extra.pop("date", None)
    date = dutch_date(date) if date else None
    fiche = _FICHE_RE.match(lines[0].text.strip()) if lines else None
    start = 0
    if fiche and "addressee" not in extra:
        kind = "other"
        title = re.sub(r"\s+", " ", lines[0].text.strip())
        extra["document_type"] = "BNC-fiche"
        extra["fiche_number"] = fiche["n"]
        start = 1
    else:
        start, header_date, subject = read_header(lines, extra)
        date = header_date or date
        title = subject or extra.pop("subject", None)
    extra.pop("subject", None)
    letter = lines[start:]
    letter, signatories, minister = split_signature(letter)
    if minister:
        extra["minister"] = minister

    left, edge = _text_margin(letter or lines, body_size)
    paras = make_paragraphs(letter, edge, vocab)
    if kind == "other":
        items = read_fiche_items(paras)
        if items:
            extra["fiche"] = items
            ministry = items.get("Eerstverantwoordelijk ministerie", "")
            m = re.match(r"^Ministerie van\s+(.+)$", ministry)
            if m:
                extra["ministry"] = m.group(1).strip()
        qs, ans, body_parts = [], [], [p.text for p in paras]
    else:
        qs, ans, body_parts = find_questions(paras)

    # parties printed once hold for the same name elsewhere in the letter
    known: dict[str, str] = {}
    for q in qs:
        for name, party in q.members:
            if party and canonical_party(party):
                known.setdefault(name.lower(), canonical_party(party))

    fn_context: dict[int, tuple[str, Optional[str]]] = {}
    questions: list[Question] = []
    answers: list[Answer] = []
    for a in ans:
        text, markers = take_footnote_markers("\n\n".join(a.parts), fn_numbers)
        label = " en ".join(str(n) for n in a.numbers)
        answer = Answer(label=label, numbers=list(a.numbers), text=text, page=a.page)
        answers.append(answer)
        for n in markers:
            fn_context.setdefault(n, ("answer", answer.key))
    topics: dict[str, str] = {}
    for q in qs:
        text, markers = take_footnote_markers(" ".join(q.parts), fn_numbers)
        members = [Member(name, known.get(name.lower())) for name, _ in q.members]
        parties = {m.party for m in members}
        question = Question(
            number=q.number,
            label=str(q.number),
            text=text,
            party=parties.pop() if len(parties) == 1 else None,
            page=q.page,
            answer_key=answers[q.answer].key if q.answer is not None else None,
            members=members,
        )
        questions.append(question)
        if q.topic:
            topics[str(q.number)] = q.topic
        for n in markers:
            fn_context.setdefault(n, ("question", question.key))
    if topics:
        extra["question_topics"] = topics

    body_texts = []
    for part in body_parts:
        text, markers = take_footnote_markers(part, fn_numbers)
        for n in markers:
            fn_context.setdefault(n, ("body", None))
        if text:
            body_texts.append(text)
    if title:
        title, markers = take_footnote_markers(title, fn_numbers)
        for n in markers:
            fn_context.setdefault(n, ("body", None))
    for f in footnotes:
        if f.number in fn_context:
            f.context, f.context_key = fn_context[f.number]

    return ParsedDocument(
        id="",
        kind=kind,
        source_file="",
        sha256="",
        title=title,
        date=date,
        vergaderjaar=furniture.get("vergaderjaar"),
        pages=pages,
        body="\n\n".join(body_texts),
        signatories=signatories,
        questions=questions,
        answers=answers,
        footnotes=footnotes,
        extra=extra,
    )


def parse_ministry_letter_pdf(path) -> ParsedDocument:
    """Read a PDF and parse it; ``source_file`` and ``sha256`` are left for the caller."""
    from .layout import read_pdf_lines

    lines, pages = read_pdf_lines(path)
    return parse_ministry_letter(lines, pages)
