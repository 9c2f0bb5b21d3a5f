"""Aanhangsel van de Handelingen (schriftelijke Kamervragen met antwoorden) from PDF lines.

``parse_aanhangsel(lines, pages)`` takes the lines of ``layout.read_pdf_lines`` and returns a
``ParsedDocument`` of kind ``"kamervragen"``; ``parse_aanhangsel_pdf(path)`` does both steps.
The lines become a ``readers.DocumentModel`` (furniture off, footnotes taken from the page
feet) and the one Kamervragen structure parser, ``kamervragen.parse_kamervragen``, reads it:
the rules for the header, the askers and the "Vraag"/"Antwoord" blocks live there, shared
with the text exports and the ministries' answer letters. The function is pure: no
database, no CLI, no citation extraction.
"""

from __future__ import annotations

from .kamervragen import (  # noqa: F401  (the rules, re-exported for this layout's callers)
    _HEADING_RE,
    canonical_or_printed as _canonical_party,
    parse_answer_line as _parse_answer_line,
    parse_askers,
    parse_kamervragen,
    parse_mededeling,
)
from .layout import Line, read_pdf_lines
from .model import ParsedDocument, ParseError
from .readers import read_pdf_lines_model


def parse_aanhangsel(lines: list[Line], pages: int) -> ParsedDocument:
    """Parse the lines of an Aanhangsel van de Handelingen PDF."""
    if not lines:
        raise ParseError("no text lines")
    doc = parse_kamervragen(read_pdf_lines_model(lines, pages))
    if not doc.id:
        raise ParseError("not an Aanhangsel van de Handelingen: no number or vergaderjaar found")
    return doc


def parse_aanhangsel_pdf(path) -> ParsedDocument:
    """Read a PDF and parse it; ``source_file`` and ``sha256`` are left for the caller."""
    lines, pages = read_pdf_lines(path)
    return parse_aanhangsel(lines, pages)
