"""Handelingen (the verbatim record of a sitting) from text: recognised with its id.

A Handelingen PDF or text holds the debate and the motions submitted in it; it is stored as
kind ``handelingen`` (not as a ``motie``) with its text as ``body``. The id comes from the
printed identifier ("h-tk-20172018-61-10") or, as the SDU footer prints it, from the
vergaderjaar, "TK 61" and the page label "61-10-3" (sitting 61, item 10). The official XML
(``official_xml``) reads the speakers and motions as well.
"""

from __future__ import annotations

import re

from .model import ParsedDocument, ParseError

_ID = re.compile(r"\bh-(tk|ek)-(\d{4})(\d{4})-(\d+)(?:-(\d+))?\b")
_VERGADERJAAR = re.compile(r"[Vv]ergaderjaar\s+(\d{4})\s*[–—-]\s*(\d{4})")
_SITTING = re.compile(r"\b(TK|EK)\s+(\d{1,3})\b")
_PAGE_LABEL = re.compile(r"\b(\d{1,3})-(\d{1,3})-\d{1,3}\b")


def parse_handelingen_text(text: str) -> ParsedDocument:
    if not text.strip():
        raise ParseError("empty document (no text)")
    doc = ParsedDocument(id="", kind="handelingen", source_file="", sha256="", body=text.strip())
    m = _ID.search(text)
    if m:
        doc.id = m.group(0)
        doc.vergaderjaar = f"{m.group(2)}-{m.group(3)}"
        doc.extra["vergadering"] = m.group(4)
        if m.group(5):
            doc.extra["agendapunt"] = m.group(5)
        return doc
    year = _VERGADERJAAR.search(text)
    sitting = _SITTING.search(text)
    if year:
        doc.vergaderjaar = f"{year.group(1)}-{year.group(2)}"
    if year and sitting:
        kamer, number = sitting.group(1).lower(), sitting.group(2)
        doc.id = f"h-{kamer}-{year.group(1)}{year.group(2)}-{number}"
        doc.extra["vergadering"] = number
        label = next((p for p in _PAGE_LABEL.finditer(text) if p.group(1) == number), None)
        if label:
            doc.id += f"-{label.group(2)}"
            doc.extra["agendapunt"] = label.group(2)
    return doc
