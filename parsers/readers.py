"""Input readers: one per file format, each giving the same document model.

A structure parser (``parsers.kamervragen`` for Kamervragen and answer letters) reads a
``DocumentModel`` and never the file, so one rule serves every format:

* ``blocks``: the text in reading order. A PDF gives its printed lines (with page, size and
  weight), a text file its lines (with the page counted by form feeds), a Word file its
  paragraphs (with style name, size, weight and the page Word last laid it out on).
* ``footnotes``: the footnote bodies, apart from the body text. The markers stay in the block
  texts in the reader's own form; ``take_markers`` takes them out of a piece of text and says
  which footnotes they were.
* ``paragraphs(blocks)``: how this format joins consecutive blocks into paragraphs (a PDF by
  the line geometry, a text file by blank lines or wrapping, a Word file: each block already
  is one).
* ``join(blocks)``: the blocks as one running text (a heading printed over several lines).

Readers here: ``read_text`` (plain text) and ``read_pdf_lines_model`` (the line model of
``parsers.layout``); ``parsers.docx_reader.read_docx`` for Word files. Official XML is
structured already and keeps its own parser (``parsers.official_xml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from .model import Footnote



@dataclass
class Block:
    text: str
    page: Optional[int] = None
    size: Optional[float] = None  # font size in points, where the format has one
    bold: bool = False
    style: Optional[str] = None  # the paragraph style's name (Word)
    source: Any = None  # the reader's own object (a layout.Line for PDFs)


@dataclass
class DocumentModel:
    format: str  # "pdf", "text", "docx"
    blocks: list[Block]
    footnotes: list[Footnote]
    paragraphs: Callable[[list[Block]], list[str]]
    join: Callable[[list[Block]], str]
    take_markers: Callable[[str], tuple[str, list[int]]]
    pages: Optional[int] = None
    body_size: Optional[float] = None
    # what page furniture said (PDF: the identifier in the footer, the vergaderjaar)
    furniture: dict = field(default_factory=dict)
    # facts the format states outside the text (Word: none yet)
    properties: dict = field(default_factory=dict)


# --------------------------------------------------------------------------- plain text


def take_placeholder_markers(piece: str) -> tuple[str, list[int]]:
    """Footnote markers as ``footnotes.placeholder`` tokens (text and Word readers): the
    piece without them, and the footnote numbers that stood in it."""
    from .footnotes import pop_footnote_markers

    piece, numbers = pop_footnote_markers(piece)
    if numbers:  # a marker typed after a space leaves "vraagt ?"
        piece = re.sub(r"[ \t]+([.,;:?!)])", r"\1", piece)
    return re.sub(r"[ \t]{2,}", " ", piece).strip(), numbers



# Lines of the publication block on a title page: the identifier and the ISSN.
_PUBLICATION_LINE = re.compile(
    r"^(?:(?:ah|kst|h|stb|stcrt|blg)-[a-z0-9-]+\d|ISSN\s+\d{4}\s*-?\s*\d{3}[\dX]"
    r"|(?:’s-Gravenhage \d{4}\s+)?(?:Tweede|Eerste) Kamer, vergaderjaar \d{4}\s*[–-]\s*\d{4}, "
    r"Aanhangsel(?:\s+\d+)?)$",
    re.I,
)
_PRINTED_ID = re.compile(r"^((?:ah|kst|h)-[a-z0-9-]+\d)$", re.I)


_FOOT_LINE = re.compile(r"^\s*(\d{1,3})\s+(\S.*?)\s*$")


def _marker_pattern(number: int) -> re.Pattern:
    """A footnote marker in text: the number glued to the word or punctuation before it
    ("Ends1", "jl.3", "mvo).2")."""
    n = str(number)
    return re.compile(
        r"(?<=[^\s\d/.,:-])" + n + r"(?![\d])(?=[\s.,;:!?)]|$)"
        + r"|(?<=[.,;:!?)’”»])" + n + r"(?!\d)(?=\s|$)"
        # glued to a year: "van 7 november 20231 heb ik"
        + r"|(?<=\b(?:19|20)\d\d)" + n + r"(?=[\s.,;:)]|$)"
    )


def page_foot_footnotes(pages: list[list[str]]) -> tuple[list[list[str]], list[Footnote]]:
    """Footnotes at the foot of text pages: a run of lines at the end of a page, the first
    numbered with the next footnote number, later ones with the numbers after it (also two on
    one line), each number with a marker in the text before it. The markers become
    ``footnotes.placeholder`` tokens; the footnote lines leave the page."""
    from .footnotes import join_lines, placeholder

    footnotes: list[Footnote] = []
    out_pages: list[list[str]] = []
    body: list[tuple[int, int]] = []  # (page index, line index) of the body lines so far
    cursor = (0, 0, 0)  # where the last marker was found: page, line, offset
    next_number = 1
    for p, lines in enumerate(pages):
        start = None
        for i in range(len(lines) - 1, -1, -1):
            m = _FOOT_LINE.match(lines[i])
            if m and int(m.group(1)) == next_number and i >= len(lines) // 3:
                start = i
                break
        placed: list[tuple[int, int, int, int]] = []
        notes: list[tuple[int, list[str]]] = []
        if start is not None:
            region = " \n".join(lines[start:])
            # split the region at each next number in turn ("15 Kamerstuk … 16 Het …")
            number = next_number
            rest = region
            pieces: list[tuple[int, str]] = []
            m = re.match(r"\s*" + str(number) + r"\s+", rest)
            rest = rest[m.end():]
            while True:
                nxt = re.search(r"(?:^|\s)" + str(number + 1) + r"\s+(?=\S)", rest)
                if not nxt:
                    pieces.append((number, rest))
                    break
                pieces.append((number, rest[: nxt.start()]))
                rest = rest[nxt.end():]
                number += 1
            # each needs its marker in the text before the footnotes, in order
            page_body = [(p, k) for k in range(start)]
            where = cursor
            for n, text in pieces:
                found = _find_marker(pages, body + page_body, where, n)
                if found is not None:
                    placed.append((found[0], found[1], found[2], n))
                    where = (found[0], found[1], found[3])
                elif not notes:
                    break  # the first note of a page must have its marker: else no notes
                notes.append((n, text.split("\n")))
        if notes:
            cursor = (placed[-1][0], placed[-1][1], placed[-1][2] + 1)

            for n, texts in notes:
                footnotes.append(Footnote(number=n, text=re.sub(r"\s+", " ", join_lines([t.strip() for t in texts])).strip(), page=p + 1))
            next_number = notes[-1][0] + 1
            keep = lines[:start]
        else:
            keep = list(lines)
        for pi, li, offset, n in sorted(placed, key=lambda t: (t[0], t[1], -t[2])):
            target = out_pages[pi] if pi < p else keep
            line = target[li]
            target[li] = line[:offset] + placeholder(n) + line[offset + len(str(n)):]
        out_pages.append(keep)
        body += [(p, k) for k in range(len(keep))]
    return out_pages, footnotes


def _find_marker(pages, positions, where, number):
    """The first marker of footnote ``number`` after ``where`` (page, line, offset):
    (page, line, offset, end) or None."""
    pattern = _marker_pattern(number)
    for p, k in positions:
        if (p, k) < where[:2]:
            continue
        line = pages[p][k]
        offset = where[2] if (p, k) == where[:2] else 0
        m = pattern.search(line, offset)
        if m:
            return p, k, m.start(), m.end()
    return None


# A spacing accent after the letter it belongs on, as some PDF text exports write it ("Kostic´").
_SPACING_ACCENTS = {"\u00b4": "\u0301", "\u00b8": "\u0327", "\u00a8": "\u0308", "\u02c7": "\u030c",
                    "\u02dc": "\u0303", "\u02c6": "\u0302", "\u0060": "\u0300"}
_SPACING_ACCENT_RE = re.compile(r"(?<=[A-Za-z])([" + "".join(_SPACING_ACCENTS) + "])")


def _compose_diacritics(text: str) -> str:
    import unicodedata

    if not _SPACING_ACCENT_RE.search(text):
        return text
    combined = _SPACING_ACCENT_RE.sub(lambda m: _SPACING_ACCENTS[m.group(1)], text)
    return unicodedata.normalize("NFC", combined)


def read_text(text: str) -> DocumentModel:
    """Plain text: page breaks are form feeds; running headers and footers are the lines that
    repeat at the edges of the pages (``pages.furniture_lines``); footnotes are numbered
    lines at a page foot whose marker stands in the text before them
    (``page_foot_footnotes``), else what ``parsers.footnotes`` finds (Word export,
    superscripts, numbered lines after a blank line)."""
    from .brief import clean_text, paragraphs as text_paragraphs
    from .footnotes import extract_footnotes, join_lines

    # U+FFFE and the soft hyphen mark where a word was hyphenated in the printed original
    text = clean_text(text).replace("\ufffe", "").replace("\u00ad", "")
    text = _compose_diacritics(text)
    pages = [page.split("\n") for page in text.split("\f")]
    from .pages import furniture_lines

    # running heads and feet by repetition (parsers.pages), and the publication block
    # (identifier, ISSN, the first page's footer), which stands on one page only
    repeated = furniture_lines(pages)
    furniture: dict = {}
    kept_pages = []
    for lines, dropped in zip(pages, repeated):
        kept = []
        for i, line in enumerate(lines):
            if i in dropped or _PUBLICATION_LINE.match(line.strip()):
                printed = _PRINTED_ID.match(line.strip())
                if printed:
                    furniture.setdefault("id", printed.group(1).lower())
                continue
            kept.append(line)
        # blank lines at a page's end are no paragraph break
        while kept and not kept[-1].strip():
            kept.pop()
        kept_pages.append(kept)
    kept_pages, footnotes = page_foot_footnotes(kept_pages)
    blocks = [Block(text=line, page=p) for p, lines in enumerate(kept_pages, start=1) for line in lines]
    if not footnotes:
        body, footnotes = extract_footnotes("\n".join(b.text for b in blocks))
        blocks = _text_blocks(body.split("\n"), [b.text for b in blocks], [b.page for b in blocks])
    wrapped = _is_wrapped([b.text for b in blocks])

    def paragraphs(blocks: list[Block]) -> list[str]:
        texts = [b.text for b in blocks]
        if wrapped:
            return text_paragraphs("\n".join(texts))
        return [p for p in (re.sub(r"[ \t]{2,}", " ", t.strip()) for t in texts) if p]

    return DocumentModel(
        format="text",
        blocks=blocks,
        footnotes=footnotes,
        paragraphs=paragraphs,
        join=lambda blocks: join_lines([b.text.strip() for b in blocks if b.text.strip()]),
        take_markers=take_placeholder_markers,
        pages=len(pages) if len(pages) > 1 else None,
        furniture=furniture,
    )


def _text_blocks(kept: list[str], original: list[str], page_of_line: list[int]) -> list[Block]:
    from .footnotes import strip_footnote_markers

    blocks: list[Block] = []
    j = 0
    page = 1
    for line in kept:
        visible = strip_footnote_markers(line).strip()
        if visible:
            # the original line this one came from: the next one with the same start
            k = j
            head = visible[:20]
            while k < len(original) and head not in original[k]:
                k += 1
            if k < len(original):
                j = k + 1
                page = page_of_line[k]
        blocks.append(Block(text=line, page=page))
    return blocks


def _is_wrapped(lines: list[str]) -> bool:
    """Is the text wrapped at a fixed width (PDF) rather than one line per paragraph?"""
    cont = 0
    for a, b in zip(lines, lines[1:]):
        a, b = a.strip(), b.strip()
        if a and b and not a.endswith((".", "?", "!", ":", ";")) and b[:1].islower():
            cont += 1
    return cont >= 3


# --------------------------------------------------------------------------- PDF lines


def read_pdf_lines_model(lines: list, pages: int) -> DocumentModel:
    """The line model of ``parsers.layout`` (furniture off, footnotes taken from the page
    feet) as a document model; superscript digits of known footnotes are the markers."""
    from .layout import join_lines, paragraphs, right_edge, separate_body, take_footnote_markers

    body = separate_body(lines)
    numbers = {f.number for f in body.footnotes}
    blocks = [
        Block(text=ln.text, page=ln.page, size=ln.size, bold=ln.bold, source=ln) for ln in body.lines
    ]

    # one right edge for the whole text column, so a short block is measured like a long one
    edge = right_edge([ln for ln in body.lines if ln.size == body.body_size])

    def pdf_paragraphs(blocks: list[Block]) -> list[str]:
        return paragraphs([b.source for b in blocks], edge, body.vocab)

    return DocumentModel(
        format="pdf",
        blocks=blocks,
        footnotes=body.footnotes,
        paragraphs=pdf_paragraphs,
        join=lambda blocks: join_lines([b.text for b in blocks], body.vocab),
        take_markers=lambda text: take_footnote_markers(text, numbers),
        pages=pages,
        body_size=body.body_size,
        furniture=body.furniture,
    )
