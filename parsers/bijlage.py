"""Attachments to letters (kind ``bijlage``) as plain text.

``parse_bijlage_text(text)`` gives:

* ``title``: the first non-empty line ("Bijlage 1: Voortgangsrapportage implementatie
  NAP1325-IV over het jaar 2021"), spaces tidied;
* ``extra["attachment_number"]``: "1" from "Bijlage 1", when printed;
* ``body``: the whole text, title included, so that it is searchable: Word artefacts and
  whitespace-only lines dropped, the wrapped lines of each block joined (words hyphenated at
  a line end rejoined), blocks separated by one blank line. Blocks are *not* joined to
  each other: in a table they are different cells.

Footnotes are not extracted (the NAP1325 attachment has none, and in table text a line
such as "1 …" is more likely a cell than a footnote).

``indicators``: the rows of an indicator table (goal, indicator, progress per ministry and
pillar), read from ``text`` by ``parsers.indicators.parse_indicator_text``; empty when the
attachment has no such table.
"""

from __future__ import annotations

import re

from .brief import clean_text, paragraphs
from .indicators import parse_indicator_text
from .model import ParsedDocument


def parse_bijlage_text(text: str) -> ParsedDocument:
    """Parse an attachment given as plain text: title and searchable body."""
    text = clean_text(text)
    doc = ParsedDocument(id="", kind="bijlage", source_file="", sha256="")
    first = next((line for line in text.split("\n") if line.strip()), "")
    doc.title = re.sub(r"\s+", " ", first).strip() or None
    m = re.match(r"Bijlage\s+([0-9]+[a-z]?|[IVX]+)\b", doc.title or "")
    if m:
        doc.extra["attachment_number"] = m.group(1)
    doc.body = "\n\n".join(paragraphs(text, rejoin=False))
    doc.indicators = parse_indicator_text(text)
    return doc
