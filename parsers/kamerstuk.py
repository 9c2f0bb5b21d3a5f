"""Kamerstukken (kst) in the officielebekendmakingen layout, from PDF lines.

``parse_kamerstuk(lines, pages)`` takes the lines of ``layout.read_pdf_lines`` and returns a
``ParsedDocument``. It reads the Kamerstuk header block on page 1 and hands the rest to the
parser for the kind of document the header names:

* ``VERSLAG VAN EEN SCHRIFTELIJK OVERLEG`` → ``schriftelijk_overleg.parse_schriftelijk_overleg_lines``
  (the lines without the header block; a report in a form that parser does not know is kept
  as text, with the reason in ``extra["structure_not_recognised"]``);
* ``BRIEF VAN …`` → ``brief.parse_brief_text`` on the text of the lines;
* ``MOTIE VAN …`` (also ``GEWIJZIGDE MOTIE``) → parsed here: the date ("Voorgesteld …"), the
  text from "De Kamer," to "en gaat over tot de orde van de dag." as ``body`` (one paragraph
  per considerans/dictum) and the names under it as ``signatories``;
* ``LIJST VAN VRAGEN EN ANTWOORDEN`` → kind ``lijst_vragen_antwoorden`` with the text as body;
* anything else (``VOORSTEL VAN WET``, ``MEMORIE VAN TOELICHTING``, …) → kind ``other``.

The header block (recognised by text, weight and size, never by coordinates)::

    2                                               <- the Kamer, as a big digit (optional)
    Tweede Kamer der Staten-Generaal
    Vergaderjaar 2020–2021
    32 545  Wet- en regelgeving financiële markten  <- dossier number and title (bold; the
                                                       title may wrap, the suffix of "35 570 X"
                                                       belongs to the number)
    Nr. 143  MOTIE VAN DE LEDEN INGE VAN DIJK EN    <- number and heading (bold capitals,
             GRINWIS                                   may wrap)
             Voorgesteld 6 juli 2021                <- optional dated line

The TK Word layout (published before the SDU print) has no chamber or "Vergaderjaar" line:
page 1 opens with "29 338 Wetenschapsbudget" above "Nr. 289 Verslag van een schriftelijk
overleg" and "Vastgesteld 16 januari 2024"; the vergaderjaar then follows from the document's
date (``vergaderjaar_of``). A header date that cannot be right (``_date_conflict``) is kept
only as an explanation in ``extra["date_conflict"]``.

The running footer "Tweede Kamer, vergaderjaar 2020–2021, 32 545, nr. 143" confirms the
dossier and number (and supplies them when the header lacks one). What is read goes to
``id`` (``kst-32545-143``; ``kst-35570-X-80`` for a dossier with a suffix), ``dossier``
(``32545``), ``number``, ``vergaderjaar``, ``extra["dossier_title"]`` (the db stores it in
``dossiers``), ``extra["heading"]`` (as printed) and ``date``. ``title`` is the heading in
sentence case ("Motie van de leden Inge van Dijk en Grinwis"); for kind ``other`` the dossier
title follows it ("Voorstel van wet: Vaststelling van het nieuwe Wetboek van …").

Pure: no database, no citation extraction (``documents.parse_file`` does that).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Optional

from .dates import dutch_date
from .layout import (
    document_vocabulary,
    dominant_size,
    join_lines,
    Line,
    lines_to_text,
    paragraphs,
    right_edge,
    RUNNING_FOOTER_RE,
    separate_body,
    split_footnotes,
    strip_furniture,
)
from .model import ParsedDocument, ParseError

_DASH = "[–—-]"
_CHAMBER_RE = re.compile(r"^(Tweede|Eerste) Kamer der Staten-Generaal$")
_VERGADERJAAR_RE = re.compile(rf"^Vergaderjaar\s+(\d{{4}})\s*{_DASH}\s*(\d{{4}})$", re.I)
# "32 545", "35 570 X", "21 501-02", "36 200 VIII", optionally followed by the title
_DOSSIER_LINE_RE = re.compile(
    r"^(?P<dossier>\d{2}\s?\d{3}(?:-\d{1,3})?(?:\s+(?:[IVXLC]+|[A-Z]))?)(?=\s|$)\s*(?P<title>.*)$"
)
_NUMBER_LINE_RE = re.compile(r"^Nr\.\s*(?P<number>\d+)\s*(?P<heading>.*)$")
_DATED_RE = re.compile(
    r"^(?P<label>Voorgesteld|Vastgesteld|Ontvangen|Ingezonden|Gewijzigd)\s+(?P<date>\d{1,2}\s+\w+\s+\d{4})\.?$"
)
_FOOTER_WHAT_RE = re.compile(
    r"^(?P<dossier>\d{2}\s?\d{3}(?:-\d{1,3})?(?:\s+[A-Z]+)?)(?:\s*,\s*nr\.\s*(?P<number>\d+))?\s*$"
)

_KINDS = (
    (re.compile(r"^(?:GEWIJZIGDE\s+)?MOTIE\b"), "motie"),
    (re.compile(r"^VERSLAG VAN (?:EEN|HET) SCHRIFTELIJK OVERLEG\b"), "schriftelijk_overleg"),
    (re.compile(r"^LIJST VAN VRAGEN EN ANTWOORDEN\b"), "lijst_vragen_antwoorden"),
    (re.compile(r"^BRIEF VAN\b"), "brief"),
)


def dossier_id(printed: str) -> str:
    """"32 545" → "32545", "35 570 X" → "35570-X", "21 501-02" → "21501-02"."""
    m = re.match(r"\s*(\d{2})\s?(\d{3})", printed)
    if not m:
        return re.sub(r"\s+", "", printed)
    suffixes = re.findall(r"[A-Z]+|\d+", printed[m.end():])
    return "-".join([m.group(1) + m.group(2), *suffixes])


@dataclass
class KstHeader:
    kamer: Optional[str] = None  # "tk" / "ek"
    vergaderjaar: Optional[str] = None  # "2020-2021"
    dossier_printed: Optional[str] = None  # "32 545"
    dossier_title: Optional[str] = None
    number: Optional[str] = None
    heading: Optional[str] = None  # "MOTIE VAN DE LEDEN INGE VAN DIJK EN GRINWIS"
    date_label: Optional[str] = None  # "Voorgesteld"
    date: Optional[str] = None  # ISO
    lines: list[Line] = field(default_factory=list)  # the lines of the header block

    @property
    def dossier(self) -> Optional[str]:
        return dossier_id(self.dossier_printed) if self.dossier_printed else None

    @property
    def id(self) -> Optional[str]:
        if self.dossier and self.number:
            return f"kst-{self.dossier}-{self.number}"
        return None

    @property
    def kind(self) -> str:
        return kind_of_heading(self.heading)


def kind_of_heading(heading: Optional[str]) -> str:
    """The document kind a Kamerstuk heading names ("MOTIE VAN …" → "motie")."""
    heading = re.sub(r"\s+", " ", heading or "").strip().upper()
    for pattern, kind in _KINDS:
        if pattern.match(heading):
            return kind
    return "other"


def kamerstuk_title(heading: str, kind: str, dossier_title: Optional[str], reference: str) -> str:
    """The heading in sentence case (capitals as ``reference`` writes the words); for kind
    ``other`` followed by the dossier title."""
    title = _sentence_case(heading, reference)
    if kind == "other" and dossier_title:
        title = f"{title}: {dossier_title}"
    return title


def _footer_facts(lines: list[Line]) -> tuple[Optional[str], Optional[str], Optional[str]]:
    """(vergaderjaar, printed dossier, number) from the first running footer that names a
    dossier ("Tweede Kamer, vergaderjaar 2020–2021, 32 545, nr. 143")."""
    for ln in lines:
        m = RUNNING_FOOTER_RE.match(ln.text.strip())
        if not m:
            continue
        what = _FOOTER_WHAT_RE.match((m["what"] or "").strip())
        if what:
            return f"{m['y1']}-{m['y2']}", re.sub(r"\s+", " ", what["dossier"]), what["number"]
    return None, None, None


def _is_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def read_kst_header(lines: list[Line]) -> Optional[KstHeader]:
    """The Kamerstuk header block on the first page, or None when there is none.

    A header needs the chamber line or the "Vergaderjaar" line, and a dossier number: on a
    bold or large line of the block, or in the running footer.
    """
    if not lines:
        return None
    body_size = dominant_size(lines)
    first_page = lines[0].page
    page = [ln for ln in lines if ln.page == first_page]
    header = KstHeader()
    seen_chamber = False
    state = "top"  # top → title (after the dossier line) → heading (after "Nr.") → done
    title_size = None
    title_parts: list[str] = []
    heading_parts: list[str] = []
    for ln in page:
        text = ln.text.strip()
        strong = ln.bold or ln.size > 1.15 * body_size
        if state == "top" and re.fullmatch(r"[12]", text) and ln.size > 2.5 * body_size:
            header.kamer = "tk" if text == "2" else "ek"
            header.lines.append(ln)
            continue
        m = _CHAMBER_RE.match(text)
        if m and state == "top":
            header.kamer = "tk" if m.group(1) == "Tweede" else "ek"
            seen_chamber = True
            header.lines.append(ln)
            continue
        m = _VERGADERJAAR_RE.match(text)
        if m and state == "top":
            header.vergaderjaar = f"{m.group(1)}-{m.group(2)}"
            header.lines.append(ln)
            continue
        if not strong:
            m = _DATED_RE.match(text)
            if m and state == "heading" and header.date is None:
                header.date_label = m["label"]
                header.date = dutch_date(m["date"])
                header.lines.append(ln)
                continue
            break  # the document itself begins
        m = _NUMBER_LINE_RE.match(text)
        if m and state in ("top", "title"):
            header.number = m["number"]
            if m["heading"]:
                heading_parts.append(m["heading"])
            state = "heading"
            header.lines.append(ln)
            continue
        m = _DOSSIER_LINE_RE.match(text)
        if m and state == "top":
            header.dossier_printed = re.sub(r"\s+", " ", m["dossier"])
            if m["title"]:
                title_parts.append(m["title"])
            title_size = ln.size
            state = "title"
            header.lines.append(ln)
            continue
        if state == "title" and not _is_capitals(text) and title_size and abs(ln.size - title_size) < 0.5:
            title_parts.append(text)
            header.lines.append(ln)
            continue
        if state in ("title", "heading") and _is_capitals(text) and ln.bold:
            heading_parts.append(text)
            state = "heading"
            header.lines.append(ln)
            continue
        break
    # The TK Word layout has no chamber or vergaderjaar line: the block opens the first page
    # with the dossier line, then "Nr. N" and a heading that names a document kind.
    word_layout = bool(
        header.dossier_printed
        and header.number
        and heading_parts
        and kind_of_heading(join_lines(heading_parts)) != "other"
        and header.lines
        and header.lines[0] is page[0]
    )
    if not (seen_chamber or header.vergaderjaar or word_layout):
        return None
    footer_year, footer_dossier, footer_number = _footer_facts(lines)
    if footer_dossier:
        # the footer prints the dossier exactly ("35 570 X"); a title that starts with a
        # capital letter must not be taken for a suffix
        if header.dossier_printed and header.dossier_printed != footer_dossier:
            joined = " ".join([header.dossier_printed, *title_parts])
            if joined.startswith(footer_dossier):
                rest = joined[len(footer_dossier):].strip()
                title_parts = [rest] if rest else []
        header.dossier_printed = footer_dossier
    header.number = header.number or footer_number
    header.vergaderjaar = header.vergaderjaar or footer_year
    if not header.dossier_printed:
        return None
    if title_parts:
        header.dossier_title = join_lines(title_parts)
    if heading_parts:
        header.heading = join_lines(heading_parts)
    return header


def looks_like_kamerstuk(lines: list[Line]) -> bool:
    """Does the first page show the Kamerstuk header (chamber/vergaderjaar and a dossier)?"""
    return read_kst_header(lines) is not None


def _sentence_case(heading: str, reference: str) -> str:
    """"MOTIE VAN DE LEDEN INGE VAN DIJK EN GRINWIS" → "Motie van de leden Inge van Dijk en
    Grinwis": a word keeps its capitals when ``reference`` writes it with them (names in the
    signature, ministries in the text), other words become lower case."""
    capitalised = {w for w in re.findall(r"[^\W\d_]+", reference) if w[:1].isupper() and not w.isupper()}
    lower_seen = {w for w in re.findall(r"[^\W\d_]+", reference) if w.islower()}

    def recase(m: re.Match) -> str:
        word = m.group(0)
        for form in capitalised:
            if form.lower() == word.lower() and word.lower() not in lower_seen:
                return form
        return word.lower()

    out = re.sub(r"[^\W\d_]+", recase, re.sub(r"\s+", " ", heading).strip())
    return out[:1].upper() + out[1:]


def _motie(doc: ParsedDocument, lines: list[Line]) -> None:
    """Body (the motion's paragraphs) and signatories (the names under it)."""
    body = separate_body(lines)
    lines, footnotes, vocab = body.lines, body.footnotes, body.vocab
    doc.footnotes = footnotes
    end = next(
        (i for i, ln in enumerate(lines) if re.search(r"gaat over tot de orde van de dag\.?$", ln.text)),
        None,
    )
    text_lines = lines if end is None else lines[: end + 1]
    names = [] if end is None else lines[end + 1 :]
    edge = right_edge(text_lines) if text_lines else 0.0
    doc.body = "\n\n".join(paragraphs(text_lines, edge, vocab))
    doc.signatories = [ln.text.strip() for ln in names if ln.text.strip()]


def vergaderjaar_of(iso_date: Optional[str]) -> Optional[str]:
    """The parliamentary year of a date: it opens on Prinsjesdag, the third Tuesday of
    September ("2025-01-16" → "2024-2025", "2024-09-17" → "2024-2025"). For a header that
    prints no "Vergaderjaar" line (the TK Word layout)."""
    if not iso_date:
        return None
    try:
        day = date.fromisoformat(iso_date[:10])
    except ValueError:
        return None
    first = date(day.year, 9, 1)
    prinsjesdag = first + timedelta(days=(1 - first.weekday()) % 7 + 14)
    start = day.year if day >= prinsjesdag else day.year - 1
    return f"{start}-{start + 1}"


def _text_only(kind: str, lines: list[Line]) -> ParsedDocument:
    """A Kamerstuk whose kind has no structure parser here: its paragraphs as ``body``, and
    its footnotes."""
    doc = ParsedDocument(id="", kind=kind, source_file="", sha256="")
    kept, _ = strip_furniture(lines)
    vocab = document_vocabulary(ln.text for ln in kept)
    body_lines, doc.footnotes = split_footnotes(kept, None, vocab)
    doc.body = "\n\n".join(paragraphs(body_lines, None, vocab))
    return doc


def _date_conflict(header: KstHeader, doc: ParsedDocument) -> Optional[str]:
    """Why the header's date cannot be right, or None.

    A report is established ("Vastgesteld") after what it reports: the questions were put and
    answered before. A header date earlier than a date the text itself gives for those steps
    is a typo in the original (kst-29338-289 prints "Vastgesteld 16 januari 2024" for a report
    of questions put on 6 November 2024); it is then kept only in this explanation, so no
    impossible order of dates is stored as facts.
    """
    if header.date_label != "Vastgesteld" or not header.date:
        return None
    steps = {"questions_sent": doc.extra.get("questions_sent"), "answered": doc.date}
    later = {name: value for name, value in steps.items() if value and value > header.date}
    if not later:
        return None
    name, value = min(later.items(), key=lambda item: item[1])
    return (
        f"Vastgesteld {header.date} (as printed) is earlier than {name.replace('_', ' ')} "
        f"{value}; not stored as the date the report was established"
    )


def parse_kamerstuk(lines: list[Line], pages: Optional[int] = None) -> ParsedDocument:
    """Parse the lines of a Kamerstuk PDF (see the module doc)."""
    if not lines:
        raise ParseError("no text lines")
    header = read_kst_header(lines)
    if header is None:
        raise ParseError("not a Kamerstuk: no header with a dossier number on the first page")
    kind = header.kind
    in_header = {id(ln) for ln in header.lines}
    rest = [ln for ln in lines if id(ln) not in in_header]

    if kind == "schriftelijk_overleg":
        from .schriftelijk_overleg import parse_schriftelijk_overleg_lines

        try:
            doc = parse_schriftelijk_overleg_lines(rest, pages)
        except ParseError as error:
            # a report in a form neither VSO structure parser knows: its header and text are
            # still worth storing (searchable, references found), with the reason
            doc = _text_only(kind, rest)
            doc.extra["structure_not_recognised"] = str(error)
    elif kind == "brief":
        from .brief import parse_brief_text

        doc = parse_brief_text(lines_to_text(lines))
    elif kind == "motie":
        doc = ParsedDocument(id="", kind=kind, source_file="", sha256="")
        _motie(doc, rest)
    else:
        doc = _text_only(kind, rest)

    doc.kind = kind
    doc.id = header.id or doc.id
    doc.dossier = header.dossier
    doc.number = header.number or doc.number
    doc.vergaderjaar = header.vergaderjaar or doc.vergaderjaar
    doc.pages = pages
    conflict = _date_conflict(header, doc)
    if conflict:
        doc.extra["date_conflict"] = conflict
    elif header.date:
        doc.date = doc.date or header.date
        if header.date_label:
            doc.extra[header.date_label.lower()] = header.date
    doc.vergaderjaar = doc.vergaderjaar or vergaderjaar_of(doc.date)
    if header.dossier_title:
        doc.extra["dossier_title"] = header.dossier_title
    if header.heading:
        doc.extra["heading"] = header.heading
    if header.heading and (kind in ("motie", "other") or not doc.title):
        reference = " ".join(["de", ", ".join(doc.signatories), doc.body])
        doc.title = kamerstuk_title(header.heading, kind, header.dossier_title, reference)
    return doc
