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
    """Plain text: page breaks are form feeds. Running heads and feet, footnotes at a page
    foot (numbered lines whose markers stand in the text above) and words broken at a page
    end are ``pages.separate_pages``'s; the publication block (identifier, ISSN) is known
    here. Without such footnotes, what ``parsers.footnotes`` finds (Word export,
    superscripts, numbered lines after a blank line)."""
    from .brief import clean_text, paragraphs as text_paragraphs
    from .footnotes import extract_footnotes, join_lines
    from .pages import separate_pages

    # U+FFFE and the soft hyphen mark where a word was hyphenated in the printed original
    text = clean_text(text).replace("\ufffe", "").replace("\u00ad", "")
    text = _compose_diacritics(text)
    pages = [page.split("\n") for page in text.split("\f")]

    # the publication block (identifier, ISSN, the first page's footer) stands on one page
    # only, so repetition cannot find it; the identifier is the document's id
    known: list[set[int]] = []
    furniture: dict = {}
    for lines in pages:
        known.append({i for i, line in enumerate(lines) if _PUBLICATION_LINE.match(line.strip())})
        for i in sorted(known[-1]):
            printed = _PRINTED_ID.match(lines[i].strip())
            if printed:
                furniture.setdefault("id", printed.group(1).lower())
    separated = separate_pages(pages, furniture=known)
    footnotes = separated.footnotes
    blocks = [Block(text=line, page=page) for line, page in zip(separated.lines, separated.pages)]
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
