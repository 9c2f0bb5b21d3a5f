"""``parse_file``: from one file on disk to one ``ParsedDocument``.

This picks the parser for the file's type and layout, applies known metadata from beside
the file, and finds the citations in every part of the result. It is a pure function of
the file (and its sidecar), so it runs in worker processes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

from .citations import extract_citations, official_url
from .classify import classify_text, looks_like_handelingen
from .metadata import DOCUMENT_FIELDS, read_known_metadata
from .model import ParsedDocument, ParseError

SUPPORTED_SUFFIXES = (".txt", ".pdf", ".xml", ".docx")
# Formats kamerqa does not read, with what to do instead (one line each).
REFUSED_SUFFIXES = {
    ".odt": "OpenDocument text is not read; use the PDF, .docx or official XML of the document",
    ".html": "the officielebekendmakingen HTML rendition is not read; use its official XML "
             "(same name, .xml), which holds the same text with its structure",
    ".htm": "HTML is not read; use the document's PDF, .docx or official XML",
    ".doc": "old Word (.doc) files are not read; save the file as .docx",
}
# officielebekendmakingen metadata records: read as the metadata of the document beside them
METADATA_RECORD_NAMES = ("metadata.xml", "metadata_owms.xml")


def is_input_file(path: str | Path) -> bool:
    """Is ``path`` a document to parse (a supported type, and not a metadata record)?"""
    path = Path(path)
    return path.suffix.lower() in SUPPORTED_SUFFIXES and path.name.lower() not in METADATA_RECORD_NAMES


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _utf16_encoding(data: bytes) -> str | None:
    """"utf-16" (with its byte-order mark), "utf-16-le" or "-be" (every other byte NUL, as
    Windows tools save text), or None."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    sample = data[:4096]
    if len(sample) >= 4:
        odd, even = sample[1::2], sample[0::2]
        if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
            return "utf-16-le"
        if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "utf-16-be"
    return None


def decode_text(data: bytes) -> str:
    encoding = _utf16_encoding(data)
    if encoding:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            raise ParseError(f"text looks like UTF-16 ({encoding}) but does not decode as such") from None
    if b"\x00" in data:
        raise ParseError("binary data in a text file (NUL bytes); is this really text?")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ParseError(
            f"text is not UTF-8 (invalid byte 0x{data[error.start]:02x} at offset "
            f"{error.start}); save the file as UTF-8"
        ) from None


def _text_parsers() -> dict[str, Callable[[str], ParsedDocument]]:
    from .bijlage import parse_bijlage_text
    from .brief import parse_brief_text
    from .kamervragen import parse_kamervragen_text
    from .handelingen import parse_handelingen_text
    from .schriftelijk_overleg import parse_schriftelijk_overleg

    return {
        "handelingen": parse_handelingen_text,
        "schriftelijk_overleg": parse_schriftelijk_overleg,
        "kamervragen": parse_kamervragen_text,
        "brief": parse_brief_text,
        "bijlage": parse_bijlage_text,
    }


def parse_text(text: str) -> ParsedDocument:
    """Parse a plain-text document by the layout its text shows."""
    if not text.strip():
        raise ParseError("empty document (no text)")
    kind = classify_text(text)
    parser = _text_parsers().get(kind)
    if parser is None:
        return ParsedDocument(id="", kind=kind, source_file="", sha256="", body=text.strip())
    return parser(text)


def parse_docx(data: bytes) -> ParsedDocument:
    """A Word file: Kamervragen (an answer letter) by the Kamervragen structure parser, any
    other kind from its text by the text parsers."""
    from .docx_reader import read_docx
    from .footnotes import strip_footnote_markers
    from .kamervragen import parse_kamervragen

    model = read_docx(data)
    text = "\n\n".join(model.paragraphs(model.blocks))
    if not text.strip():
        raise ParseError("empty document (no text in the Word file)")
    if classify_text(strip_footnote_markers(text)) == "kamervragen":
        return parse_kamervragen(model)
    doc = parse_text(strip_footnote_markers(text))
    if not doc.footnotes:
        doc.footnotes = model.footnotes
    doc.pages = model.pages
    return doc


def _has_question_labels(lines) -> bool:
    """Printed "Vraag N" and "Antwoord …" label lines: Kamervragen answers, whatever layout."""
    from .kamervragen import match_label

    kinds = {found[0] for line in lines for found in [match_label(line.text)] if found and not found[3]}
    return {"vraag", "antwoord"} <= kinds


def parse_pdf(path: Path, pdf_engine: str | None = None) -> ParsedDocument:
    from .kamerstuk import looks_like_kamerstuk, parse_kamerstuk
    from .layout import lines_to_text, read_pdf_lines
    from .ministry_letter import is_ministry_layout, parse_ministry_letter

    lines, pages = read_pdf_lines(path, pdf_engine)
    if _looks_like_aanhangsel(lines):
        from .aanhangsel import parse_aanhangsel

        doc = parse_aanhangsel(lines, pages)
    elif looks_like_handelingen(lines_to_text(lines[:80])):
        from .handelingen import parse_handelingen_text

        doc = parse_handelingen_text(lines_to_text(lines))
    elif looks_like_kamerstuk(lines):
        doc = parse_kamerstuk(lines, pages)
    elif _has_question_labels(lines):  # a ministry's answer letter to Kamervragen
        from .kamervragen import parse_kamervragen
        from .readers import read_pdf_lines_model

        doc = parse_kamervragen(read_pdf_lines_model(lines, pages))
    elif is_ministry_layout(lines):
        doc = parse_ministry_letter(lines, pages)
    else:
        doc = parse_text(lines_to_text(lines))
    doc.pages = pages
    return doc


def _looks_like_aanhangsel(lines) -> bool:
    head = " ".join(line.text for line in lines[:60])
    return "Aanhangsel" in head and ("Vragen van" in head or "Mededeling" in head)


def attach_citations(doc: ParsedDocument) -> None:
    """Find citations in each question, answer, footnote and the body, in that order."""
    found = []
    seen_blocks = set()
    for question in doc.questions:
        # "Vraag 9 en 10" is one printed block stored as two questions: cite it once.
        if (question.label, question.text) in seen_blocks:
            continue
        seen_blocks.add((question.label, question.text))
        found += extract_citations(question.text, "question", question.key)
    for answer in doc.answers:
        found += extract_citations(answer.text, "answer", answer.key)
    for footnote in doc.footnotes:
        found += extract_citations(footnote.text, "footnote", footnote.key)
    if doc.body:
        found += extract_citations(doc.body, "body", None)
    # A document's own id printed in its margin or footer is not a reference.
    doc.citations = [c for c in found if c.target != doc.id]


def apply_metadata(doc: ParsedDocument, meta: dict) -> None:
    for name in DOCUMENT_FIELDS:
        if meta.get(name):
            setattr(doc, name, meta[name])
    for name, value in meta.items():
        if name not in DOCUMENT_FIELDS:
            doc.extra[name] = value
    # the TK case number of written questions, from an official metadata record or a sidecar
    if meta.get("vraagnummer") and not doc.vraagnummer:
        doc.vraagnummer = meta["vraagnummer"]


def parse_file(path: str | Path, pdf_engine: str | None = None) -> ParsedDocument:
    """Parse one file; raises ``ParseError`` with a reason a user can act on.

    ``pdf_engine`` picks the reader of a PDF's characters (``pdf_chars.ENGINES``)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in REFUSED_SUFFIXES:
        raise ParseError(f"unsupported file type {suffix}: {REFUSED_SUFFIXES[suffix]}")
    if suffix not in SUPPORTED_SUFFIXES:
        raise ParseError(f"unsupported file type {suffix or '(none)'}")
    if path.name.lower() in METADATA_RECORD_NAMES:
        raise ParseError(
            f"{path.name} is a metadata record, not a document: it is read as the metadata "
            "of the document beside it"
        )
    data = path.read_bytes()
    if not data.strip():
        raise ParseError("empty file")
    sha256 = file_sha256(data)
    if suffix == ".pdf":
        if not data.lstrip()[:5].startswith(b"%PDF"):
            raise ParseError("not a PDF file (no %PDF header)")
        doc = parse_pdf(path, pdf_engine)
    elif suffix == ".xml":
        from .official_xml import parse_official_xml

        doc = parse_official_xml(data, path.stem)
    elif suffix == ".docx":
        doc = parse_docx(data)
    else:
        doc = parse_text(decode_text(data))
    meta = read_known_metadata(path)
    apply_metadata(doc, meta)
    doc.source_file = str(path)
    doc.sha256 = sha256
    if not doc.id:
        doc.id = f"sha256:{sha256[:16]}"
    else:
        doc.extra.setdefault("official_url", official_url(doc.id))
    attach_citations(doc)
    return doc
