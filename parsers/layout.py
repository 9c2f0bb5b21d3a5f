"""Backend-neutral text lines from a PDF, plus the layout helpers the PDF parsers share.

``Line`` and everything below the reader works on plain data: the engines that read a PDF's
characters live in ``pdf_chars`` (PDFium, the default, and pdfplumber). Each produces
character dicts with the keys ``text, fontname, size, x0, x1, top, bottom, upright`` (PDF
points, ``top`` measured from the top of the page) that ``lines_from_chars`` groups.

How a line is built (``lines_from_chars``)

* Characters are grouped into rows by their baseline (``bottom``) with a tolerance of
  0.3 × the font size, and only with characters of a similar size (ratio 0.8–1.25), so a
  footer in 9.1 pt and an ISSN block in 5.9 pt that share a baseline stay apart.
* Rows of clearly smaller characters (< 0.85 × a neighbour) whose vertical middle lies
  inside a bigger row, horizontally next to it, are folded into that row as *scripts*:
  raised ones are superscripts, lowered ones subscripts. This is how footnote markers
  (``voorkomen»?¹``), the number in front of a footnote (``¹ De Volkskrant …``) and
  chemical subscripts (``CO₂``) end up in the right line.
* **Marker form**: superscript digits are written into ``Line.text`` as Unicode superscript
  digits (``⁰¹²³⁴⁵⁶⁷⁸⁹``), subscript digits as Unicode subscript digits (``₀…₉``). Other
  raised or lowered characters are kept as they are. ``superscript_number`` and
  ``SUPERSCRIPT_RE`` turn such a marker back into a number.
* Spaces come from space characters or from a horizontal gap wider than 0.15 × the size.
* A spacing diacritic printed on top of the previous letter (``s`` + ``¸``, ``c`` + ``´``,
  which some XPP fonts emit) is composed with it (``ş``, ``ć``).
* ``Line.spans`` holds the words of the line with their own box and style (bold names in a
  heading, the width of the first word for paragraph detection), packed (``Spans``).
* The grouping runs compiled (``parsers/_lines.c``) where the extension is built;
  ``lines_from_chars_python`` is the same algorithm in Python, its specification and
  fallback. A change to one is a change to both (``tests/test_fast_lines.py``).

Also here: furniture removal (running footers, the identifier/ISSN block, page numbers),
footnotes at the page foot, de-hyphenation and paragraph joining.
"""

from __future__ import annotations

import os
import re
import struct
import unicodedata
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional

from .model import Footnote, ParseError

# --------------------------------------------------------------------------------------
# Data model
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class Span:
    """One word of a line (a run of characters without spaces)."""

    text: str
    x0: float
    x1: float
    size: float
    bold: bool = False
    italic: bool = False


class Spans(Sequence):
    """The words of a line, packed: a long document has some ten words per line and
    hundreds of thousands of lines, and a ``Span`` object with its three floats costs about
    150 bytes where the packed form costs about 30. Reading it gives ``Span`` objects, made
    on the fly; it equals any sequence of the same spans.

    ``texts`` is a tuple of the words' texts, or the line's text when splitting that on " "
    gives them back (the usual case, so the words cost no text of their own); ``numbers`` is
    ``x0, x1, size`` per word as doubles; ``styles`` one byte per word, 1 bold and 2 italic.
    """

    __slots__ = ("_texts", "_numbers", "_styles")

    def __init__(self, texts, numbers: bytes, styles: bytes):
        self._texts = texts
        self._numbers = numbers
        self._styles = styles

    @classmethod
    def of(cls, spans: Iterable[Span], line_text: str) -> "Spans":
        spans = list(spans)
        texts = [s.text for s in spans]
        if " ".join(texts) != line_text or any(" " in t for t in texts):
            line_text = tuple(texts)
        numbers = array("d", [v for s in spans for v in (s.x0, s.x1, s.size)]).tobytes()
        styles = bytes((1 if s.bold else 0) | (2 if s.italic else 0) for s in spans)
        return cls(line_text, numbers, styles)

    def _texts_list(self):
        texts = self._texts
        return texts.split(" ") if isinstance(texts, str) else texts

    def _span(self, text: str, index: int) -> Span:
        x0, x1, size = _THREE_DOUBLES.unpack_from(self._numbers, 24 * index)
        style = self._styles[index]
        return Span(text, x0, x1, size, bool(style & 1), bool(style & 2))

    def __len__(self) -> int:
        return len(self._styles)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        n = len(self._styles)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("span index out of range")
        return self._span(self._texts_list()[index], index)

    def __iter__(self):
        for index, text in enumerate(self._texts_list()):
            yield self._span(text, index)

    def __eq__(self, other) -> bool:
        if isinstance(other, (Spans, list, tuple)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Spans({list(self)!r})"


_THREE_DOUBLES = struct.Struct("3d")


@dataclass(slots=True)
class Line:
    text: str
    page: int  # 1-based
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the dominant font size of the line (scripts not counted)
    font: str  # the dominant font name, without a subset prefix ("Univers-Black")
    bold: bool
    italic: bool
    spans: Sequence[Span] = field(default_factory=list)  # Spans when read from a PDF
    page_width: float = 0.0  # 0 when the engine does not say
    page_height: float = 0.0


SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉"
_TO_SUPER = str.maketrans("0123456789", SUPERSCRIPTS)
_TO_SUB = str.maketrans("0123456789", SUBSCRIPTS)
_FROM_SUPER = str.maketrans(SUPERSCRIPTS, "0123456789")
SUPERSCRIPT_RE = re.compile(f"[{SUPERSCRIPTS}]+")


def superscript_number(marker: str) -> int:
    """``"¹²"`` → 12."""
    return int(marker.translate(_FROM_SUPER))


def to_superscript(number: int | str) -> str:
    return str(number).translate(_TO_SUPER)


# --------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------

_BOLD_RE = re.compile(r"bold|black|heavy|semibold|demi|extrabold|ultra", re.I)
_ITALIC_RE = re.compile(r"italic|oblique|slanted|kursiv", re.I)

# spacing diacritics → combining form
_COMBINING = {
    "\u00b8": "\u0327",  # cedilla
    "\u00b4": "\u0301",  # acute
    "\u0060": "\u0300",  # grave
    "\u00a8": "\u0308",  # diaeresis
    "\u02c6": "\u0302",  # circumflex
    "\u005e": "\u0302",
    "\u02dc": "\u0303",  # tilde
    "\u007e": "\u0303",
    "\u02c7": "\u030c",  # caron
    "\u02d8": "\u0306",  # breve
    "\u02da": "\u030a",  # ring
    "\u02db": "\u0328",  # ogonek
    "\u02d9": "\u0307",  # dot above
    "\u02dd": "\u030b",  # double acute
    "\u00af": "\u0304",  # macron
}

# glyphs that come out as "(cid:N)" because the font has no Unicode map; bullets in XPP
_CID_MAP = {"(cid:129)": "•"}


@lru_cache(maxsize=4096)
def _strip_subset(fontname: str) -> str:
    return re.sub(r"^[A-Z]{6}\+", "", fontname or "")


@lru_cache(maxsize=4096)
def _font_is_bold(fontname: str) -> bool:
    return bool(_BOLD_RE.search(fontname))


@lru_cache(maxsize=4096)
def _font_is_italic(fontname: str) -> bool:
    return bool(_ITALIC_RE.search(fontname))


def _is_space(text: str) -> bool:
    return text == "" or text.isspace()


@dataclass
class _Row:
    chars: list
    bottom: float
    size: float
    sizes: Counter = field(default_factory=Counter)
    dominant: Optional[float] = None  # the most common rounded size (first seen on a tie)

    def count_size(self, size: float) -> None:
        """Count one non-space character's size (rounded to 0.1); the row's size is its
        dominant size."""
        sizes = self.sizes
        sizes[size] += 1
        dominant = self.dominant
        if dominant is None or (size != dominant and sizes[size] > sizes[dominant]):
            self.dominant = size
        elif size != dominant and sizes[size] == sizes[dominant]:
            self.dominant = sizes.most_common(1)[0][0]  # a tie: the first seen wins
        self.size = self.dominant

    def box(self):
        cs = [c for c in self.chars if not c["_space"] and not c.get("_script")]
        cs = cs or self.chars
        return (
            min(c["x0"] for c in cs),
            max(c["x1"] for c in cs),
            min(c["top"] for c in cs),
            max(c["bottom"] for c in cs),
        )


try:  # lines_from_chars compiled (parsers/_lines.c); optional, see setup.py
    from . import _lines as compiled_lines
except ImportError:  # only where the extension could not be built
    compiled_lines = None


class FontTable:
    """The fonts of one document by name without the subset prefix, numbered in the order
    first seen: the compiled line builder counts fonts by number, as ``lines_from_chars``
    counts them by that name."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self._index: dict[str, int] = {}

    def info(self, fontname, descent: float = 0.0) -> tuple[int, float, bool, bool]:
        """``(number, descent, bold, italic)``, as the compiled builder asks for a font."""
        name = _strip_subset(fontname)
        index = self._index.get(name)
        if index is None:
            index = self._index[name] = len(self.names)
            self.names.append(name)
        return index, descent, _font_is_bold(name), _font_is_italic(name)


def _dominant(values: Iterable, default=None):
    """The most common value, the first seen on a tie (as ``Counter.most_common``)."""
    counts: dict = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else default


def lines_from_chars(
    chars: list[dict],
    page: int,
    page_width: float = 0.0,
    page_height: float = 0.0,
    *,
    compiled: Optional[bool] = None,
) -> list[Line]:
    """Group one page's characters into ``Line`` objects, top to bottom.

    The characters are dicts as pdfplumber gives them (``text, fontname, size, x0, x1, top,
    bottom, upright``). ``compiled`` picks the builder: the compiled one where it is built
    (the default), or ``lines_from_chars_python``, the reference it must equal."""
    if compiled is None:
        compiled = compiled_lines is not None
    if not compiled:
        return lines_from_chars_python(chars, page, page_width, page_height)
    fonts = FontTable()
    rows = compiled_lines.dict_chars(list(chars), fonts.info)
    return _lines_from_tuples(rows, fonts.names, page, page_width, page_height)


def lines_from_chars_python(
    chars: list[dict], page: int, page_width: float = 0.0, page_height: float = 0.0
) -> list[Line]:
    """``lines_from_chars`` in Python: the specification of ``parsers/_lines.c``."""
    chars = [dict(c) for c in chars if c.get("text") is not None and c.get("upright", True)]
    if not chars:
        return []
    for c in chars:
        c["size"] = float(c.get("size") or (c["bottom"] - c["top"]) or 1.0)
        c["fontname"] = _strip_subset(c.get("fontname", ""))
        c["_space"] = _is_space(c["text"])
        c["_rsize"] = round(c["size"], 1)
    # 1. rows by baseline and similar size
    rows: list[_Row] = []
    for c in sorted(chars, key=lambda c: (c["bottom"], c["x0"])):
        best = None
        for row in reversed(rows[-12:]):
            ratio = c["size"] / row.size if row.size else 1.0
            tol = 0.3 * min(c["size"], row.size)
            if abs(row.bottom - c["bottom"]) <= tol and 0.8 <= ratio <= 1.25:
                best = row
                break
        if best is None:
            best = _Row([c], c["bottom"], c["size"])
            rows.append(best)
        else:
            best.chars.append(c)
        if not c["_space"]:
            best.count_size(c["_rsize"])
    rows = [r for r in rows if any(not c["_space"] for c in r.chars)]

    # 2. fold scripts into bigger rows
    rows.sort(key=lambda r: -r.size)
    boxes = {id(r): r.box() for r in rows}
    # how far a host row reaches horizontally, its folded scripts included: a script
    # must touch it (within one host size), so a small character across a column gap
    # (the narrow right column of a ministry letter) never joins a body line
    reach = {id(r): [boxes[id(r)][0], boxes[id(r)][1]] for r in rows}
    hosts: list[_Row] = []
    for row in rows:
        keep = []
        for c in sorted(row.chars, key=lambda c: c["x0"]):
            mid = (c["top"] + c["bottom"]) / 2
            host = None
            for h in hosts:
                if c["size"] >= 0.85 * h.size:
                    break  # hosts come biggest first: no later one is big enough either
                hx0, hx1, htop, hbottom = boxes[id(h)]
                rx0, rx1 = reach[id(h)]
                if (
                    htop <= mid <= hbottom
                    and rx0 - h.size <= c["x1"]
                    and c["x0"] <= rx1 + h.size
                ):
                    if host is None or h.size > host.size:
                        host = h
            if host is None:
                keep.append(c)
                continue
            hreach = reach[id(host)]
            hreach[0], hreach[1] = min(hreach[0], c["x0"]), max(hreach[1], c["x1"])
            hbottom = boxes[id(host)][3]
            if c["bottom"] < hbottom - 0.2 * host.size:
                c["_script"] = "super"
            elif c["bottom"] > hbottom + 0.1 * host.size:
                c["_script"] = "sub"
            else:
                c["_script"] = "inline"
            host.chars.append(c)
        row.chars = keep
        if any(not c["_space"] for c in row.chars):
            hosts.append(row)
            boxes[id(row)] = row.box()
            reach[id(row)] = [boxes[id(row)][0], boxes[id(row)][1]]
    lines = [_make_line(r, page, page_width, page_height) for r in hosts]
    lines = [ln for ln in lines if ln is not None]
    lines.sort(key=lambda ln: (round(ln.top, 1), ln.x0))
    return lines


def _lines_from_tuples(
    rows: list[tuple], fonts: list[str], page: int, page_width: float, page_height: float
) -> list[Line]:
    """The compiled builder's lines (``parsers/_lines.c``) as ``Line`` objects, in the order
    ``lines_from_chars`` gives."""
    lines = [
        Line(
            text, page, x0, x1, top, bottom, size, fonts[font] or "", bold, italic,
            Spans(text if texts is None else tuple(texts), numbers, styles), page_width, page_height,
        )
        for text, x0, x1, top, bottom, size, font, bold, italic, (texts, numbers, styles) in rows
    ]
    lines.sort(key=lambda ln: (round(ln.top, 1), ln.x0))
    return lines


def _without_stray_spaces(chars: list[dict], baseline: float, size: float) -> list[dict]:
    """Drop a space character from another baseline that lies over a letter (more than half
    of its width inside the letter's box): the space of an empty line just below, not a
    word gap. pdfminer reports such spaces, PDFium does not; they would split "WWI"."""
    out = []
    for i, c in enumerate(chars):
        if c["_space"] and abs(c["bottom"] - baseline) > 0.1 * size:
            half = (c["x1"] - c["x0"]) / 2
            neighbours = [chars[j] for j in (i - 1, i + 1) if 0 <= j < len(chars)]
            if half > 0 and any(
                not n["_space"] and min(c["x1"], n["x1"]) - max(c["x0"], n["x0"]) > half
                for n in neighbours
            ):
                continue
        out.append(c)
    return out


def _make_line(row: _Row, page: int, page_width: float, page_height: float) -> Optional[Line]:
    chars = sorted(row.chars, key=lambda c: (c["x0"], c["top"]))
    # compose spacing diacritics printed over the previous letter
    merged: list[dict] = []
    for c in chars:
        t = c["text"]
        if (
            t in _COMBINING
            and merged
            and merged[-1]["text"][-1:].isalpha()
            and c["x0"] < merged[-1]["x1"] - 0.1
        ):
            prev = merged[-1]
            prev["text"] = unicodedata.normalize("NFC", prev["text"] + _COMBINING[t])
            continue
        merged.append(dict(c))
    merged = _without_stray_spaces(merged, row.bottom, row.size)
    words: list[list[dict]] = []
    current: list[dict] = []
    prev = None
    for c in merged:
        if c["_space"]:
            if current:
                words.append(current)
                current = []
            prev = c
            continue
        if prev is not None and current:
            size = min(c["size"], prev["size"]) if not c.get("_script") else prev["size"]
            if c["x0"] - prev["x1"] > 0.15 * size and not c.get("_script") == "super":
                words.append(current)
                current = []
        current.append(c)
        prev = c
    if current:
        words.append(current)
    if not words:
        return None
    spans: list[Span] = []
    for w in words:
        text = ""
        for c in w:
            t = _CID_MAP.get(c["text"], c["text"])
            if c.get("_script") == "super":
                t = t.translate(_TO_SUPER)
            elif c.get("_script") == "sub":
                t = t.translate(_TO_SUB)
            text += t
        body = [c for c in w if not c.get("_script")] or w
        spans.append(
            Span(
                text=text,
                x0=min(c["x0"] for c in w),
                x1=max(c["x1"] for c in w),
                size=_dominant(c["_rsize"] for c in body),
                bold=sum(_font_is_bold(c["fontname"]) for c in body) * 2 >= len(body),
                italic=sum(_font_is_italic(c["fontname"]) for c in body) * 2 >= len(body),
            )
        )
    body = [c for c in merged if not c["_space"] and not c.get("_script")]
    body = body or [c for c in merged if not c["_space"]]
    text = " ".join(s.text for s in spans)
    for cid, rep in _CID_MAP.items():
        text = text.replace(cid, rep)
    return Line(
        text=text,
        page=page,
        x0=min(c["x0"] for c in body),
        x1=max(c["x1"] for c in body),
        top=min(c["top"] for c in body),
        bottom=max(c["bottom"] for c in body),
        size=_dominant(c["_rsize"] for c in body),
        font=_dominant(c["fontname"] for c in body) or "",
        bold=sum(_font_is_bold(c["fontname"]) for c in body) * 2 >= len(body),
        italic=sum(_font_is_italic(c["fontname"]) for c in body) * 2 >= len(body),
        spans=Spans.of(spans, text),
        page_width=page_width,
        page_height=page_height,
    )


def read_pdf_lines(
    path, engine: Optional[str] = None, *, compiled: Optional[bool] = None
) -> tuple[list[Line], int]:
    """All text lines of a PDF (pages in order, each top to bottom) and its page count.

    ``engine`` picks the character reader (``pdf_chars.ENGINES``; default
    ``pdf_chars.DEFAULT_ENGINE``). Raises ``ParseError`` for an empty file, a file that is
    not a PDF, an encrypted PDF and a PDF without a text layer (a scan), in the same words
    whichever engine reads it.

    ``compiled`` picks the line builder: the compiled one (``parsers/_lines.c``, the default
    where it is built) or ``lines_from_chars``; both give the same lines.
    """
    from .pdf_chars import DEFAULT_ENGINE

    path = os.fspath(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise ParseError(f"cannot read the file: {exc.strerror or exc}") from exc
    if not head:
        raise ParseError("empty file")
    if b"%PDF-" not in head:
        raise ParseError("not a PDF file")
    engine = engine or DEFAULT_ENGINE
    try:
        return _read_lines(path, engine, compiled)
    except ParseError:
        raise
    except Exception as exc:  # the engines raise many types; classify by name and message
        blob = _error_chain(exc)
        if "password" in blob or "encrypt" in blob:
            raise ParseError("encrypted PDF (password protected)") from exc
        if engine != "pdfplumber":
            # a damaged file PDFium refuses may still be read by pdfminer, which repairs
            # differently; either way the error is pdfminer's, the same for both engines
            return read_pdf_lines(path, "pdfplumber", compiled=compiled)
        raise ParseError(f"not a PDF file or damaged PDF ({type(exc).__name__})") from exc


def _error_chain(exc: BaseException) -> str:
    chain = []
    e: Optional[BaseException] = exc
    while e is not None and len(chain) < 5:
        chain.append(f"{type(e).__name__} {e}")
        e = e.__cause__ or e.__context__
    return " ".join(chain).lower()


def _read_lines(path: str, engine: str, compiled: Optional[bool]) -> tuple[list[Line], int]:
    from .pdf_chars import open_pdf_chars

    if compiled is None:
        compiled = compiled_lines is not None
    elif compiled and compiled_lines is None:
        raise RuntimeError("the compiled line builder kamerqa.parsers._lines is not built")
    lines: list[Line] = []
    with open_pdf_chars(path, engine) as pdf:
        n_pages = pdf.page_count
        if compiled:
            names = pdf.fonts.names
            for number, (rows, width, height) in enumerate(pdf.line_tuples(), start=1):
                lines.extend(_lines_from_tuples(rows, names, number, width, height))
        else:
            for number, (chars, width, height) in enumerate(pdf.pages(), start=1):
                lines.extend(lines_from_chars_python(chars, number, width, height))
    if n_pages == 0:
        raise ParseError("PDF without pages")
    if not lines:
        raise ParseError("no text layer (scanned document)")
    return lines, n_pages


# --------------------------------------------------------------------------------------
# Furniture
# --------------------------------------------------------------------------------------

_DASH = "[–—-]"
RUNNING_FOOTER_RE = re.compile(
    rf"^(?P<kamer>Tweede|Eerste) Kamer, vergaderjaar (?P<y1>\d{{4}})\s*{_DASH}\s*(?P<y2>\d{{4}}),"
    r"\s*(?P<what>.*?)(?:\s+(?P<page>\d+))?\s*$"
)
_AANHANGSEL_FOOTER_RE = re.compile(
    rf"^(?P<kamer>Tweede|Eerste) Kamer, vergaderjaar (?P<y1>\d{{4}})\s*{_DASH}\s*(?P<y2>\d{{4}}),"
    r"\s*Aanhangsel\s*(?P<page>\d+)?\s*$"
)
DOC_ID_RE = re.compile(
    r"^(?P<id>(?:ah-tk|ah-ek|kst|h-tk|h-ek|blg|stb|stcrt|kv-tk|kv-ek)-[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*)$"
)
ISSN_RE = re.compile(r"^ISSN\s+(?P<issn>\d{4}\s*-\s*\d{3}[\dXx])$")
PLACE_YEAR_RE = re.compile(r"^(?P<place>[’']s-Gravenhage)\s+(?P<year>\d{4})$")
PAGE_NUMBER_RE = re.compile(r"^\d{1,4}$")


def _zone(line: Line, lines_on_page: list[Line]) -> str:
    """'top', 'bottom' or 'body', from the page height when known, else from the order."""
    if line.page_height:
        if line.top >= 0.85 * line.page_height:
            return "bottom"
        if line.bottom <= 0.08 * line.page_height:
            return "top"
        return "body"
    idx = lines_on_page.index(line)
    if idx >= len(lines_on_page) - 4:
        return "bottom"
    if idx < 1:
        return "top"
    return "body"


def _lowest_in_column(line: Line, lines_on_page: list[Line]) -> bool:
    """No other line stands below ``line`` in the same horizontal range (a footer is last;
    a footnote that quotes "Tweede Kamer, vergaderjaar …" has the footer below it)."""
    for other in lines_on_page:
        if other is line or other.top <= line.top + 1:
            continue
        if other.x0 < line.x1 and other.x1 > line.x0:
            return False
    return True


def strip_furniture(lines: list[Line], body_size: Optional[float] = None) -> tuple[list[Line], dict]:
    """Drop running heads/footers, the identifier/ISSN block and page numbers.

    Returns the remaining lines and what the furniture said: ``id`` (``ah-tk-20202021-3235``),
    ``vergaderjaar`` ("2020-2021"), ``kamer``, ``issn``, ``place``, ``year`` and
    ``page_numbers`` ({page: printed number}), and ``repeated`` (the texts of the other running
    heads and feet). Recognised by text pattern *and* position (top/bottom zone of the page),
    never by fixed coordinates; besides the known patterns, any line at the top or bottom that
    repeats across pages (``pages.furniture_lines``: the same text, or the same text with a
    number that follows the page, "Pagina 3 van 17") is furniture.
    """
    body_size = body_size or dominant_size(lines)
    meta: dict = {"page_numbers": {}}
    by_page: dict[int, list[Line]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    repeated = _repeated_lines(by_page)
    keep: list[Line] = []
    for ln in lines:
        text = ln.text.strip()
        zone = _zone(ln, by_page[ln.page])
        if zone == "body":
            keep.append(ln)
            continue
        m = _AANHANGSEL_FOOTER_RE.match(text) or RUNNING_FOOTER_RE.match(text)
        if m and _lowest_in_column(ln, by_page[ln.page]):
            meta.setdefault("kamer", f"{m['kamer']} Kamer")
            meta.setdefault("vergaderjaar", f"{m['y1']}-{m['y2']}")
            if m["page"]:
                meta["page_numbers"][ln.page] = int(m["page"])
            if "what" in m.groupdict() and m["what"]:
                meta.setdefault("running_title", m["what"].strip())
            continue
        m = DOC_ID_RE.match(text)
        if m and zone == "bottom":
            meta.setdefault("id", m["id"])
            continue
        m = ISSN_RE.match(text)
        if m:
            meta.setdefault("issn", re.sub(r"\s+", "", m["issn"]))
            continue
        m = PLACE_YEAR_RE.match(text)
        if m and zone == "bottom":
            meta.setdefault("place", m["place"])
            meta.setdefault("year", m["year"])
            continue
        if PAGE_NUMBER_RE.match(text) and ln.size <= 1.3 * body_size:
            meta["page_numbers"].setdefault(ln.page, int(text))
            continue
        if id(ln) in repeated:
            # a running head or foot found by repetition ("Pagina 3 van 17", a title line)
            m = _PAGE_OF_RE.search(text)
            if m:
                meta["page_numbers"].setdefault(ln.page, int(m["n"]))
            meta.setdefault("repeated", []).append(text)
            continue
        keep.append(ln)
    return keep, meta


_PAGE_OF_RE = re.compile(r"\b(?:Pagina|Page|Blad)\s+(?P<n>\d{1,4})(?:\s+(?:van|of)\s+\d{1,4})?\b", re.I)


def _repeated_lines(by_page: dict[int, list[Line]]) -> set[int]:
    """ids of the lines that ``pages.furniture_lines`` finds by repetition across pages;
    the caller only drops those that also stand in the top or bottom zone of their page."""
    from .pages import furniture_lines

    numbers = sorted(by_page)
    if not numbers:
        return set()
    # pages without text lines still count: the page index is what page numbers follow
    pages = [by_page.get(n, []) for n in range(numbers[0], numbers[-1] + 1)]
    found = furniture_lines([[ln.text for ln in page] for page in pages])
    return {id(page[i]) for page, indices in zip(pages, found) for i in indices}


def is_furniture_text(text: str) -> bool:
    """True for a text that is a footer, identifier, ISSN or place/year line."""
    text = text.strip()
    return bool(
        _AANHANGSEL_FOOTER_RE.match(text)
        or ISSN_RE.match(text)
        or PLACE_YEAR_RE.match(text)
        or DOC_ID_RE.match(text)
    )


def lines_to_text(lines: list[Line], drop_furniture: bool = True) -> str:
    """A plain-text rendering for the text parsers: one printed line per text line.

    A blank line stands between pages and where the vertical gap is clearly larger than the
    line pitch. Lines keep their hyphens (text parsers join them), footnotes stay at the page
    foot as ``¹ text`` lines with ``¹`` markers in the running text. Furniture (footers, the
    identifier/ISSN block, page numbers) is dropped unless ``drop_furniture`` is False; call
    ``strip_furniture`` yourself to keep what it says.
    """
    if drop_furniture:
        lines, _ = strip_furniture(lines)
    out: list[str] = []
    prev: Optional[Line] = None
    for ln in lines:
        if prev is not None and (
            ln.page != prev.page or ln.top - prev.bottom > 0.9 * max(ln.size, prev.size)
        ):
            out.append("")
        out.append(ln.text)
        prev = ln
    return "\n".join(out) + ("\n" if out else "")


# --------------------------------------------------------------------------------------
# Sizes, hyphenation, paragraphs
# --------------------------------------------------------------------------------------


def dominant_size(lines: list[Line]) -> float:
    """The body font size: the size that carries the most characters."""
    counts: Counter = Counter()
    for ln in lines:
        counts[ln.size] += len(ln.text)
    return counts.most_common(1)[0][0] if counts else 0.0


_WORD_RE = re.compile(r"\w(?:[\w'’-]*\w)?")


def document_vocabulary(texts: Iterable[str]) -> set[str]:
    """Lower-cased words (hyphenated compounds kept whole) seen inside lines.

    The word a line ends on when it ends with a hyphen is left out, so the vocabulary only
    holds forms that were printed unbroken.
    """
    vocab: set[str] = set()
    for text in texts:
        text = SUPERSCRIPT_RE.sub("", text)
        if text.rstrip().endswith(("-", "\u00ad", "\u2010")):
            text = text.rstrip()[:-1].rsplit(" ", 1)[0] if " " in text.strip() else ""
        vocab.update(w.lower() for w in _WORD_RE.findall(text))
    return vocab


_URLISH = re.compile(r"(https?://|www\.|\w\.(nl|com|org|eu|int|net|gov|mv|mz)/)", re.I)
_KEEP_BEFORE = {"en", "of", "tot", "noch", "dan", "en/of"}
_HYPHENS = ("-", "\u00ad", "\u2010")


def join_pair(left: str, right: str, vocab: Optional[set[str]] = None) -> str:
    """Join two consecutive lines of one paragraph.

    A word broken with a hyphen at the line end is joined (``beperk-`` + ``tere`` →
    ``beperktere``); a real hyphen stays (``VN-`` + ``resoluties`` → ``VN-resoluties``): before
    a capital or digit, after a capital or digit, when the hyphenated form occurs elsewhere in
    the document; ``vredes-`` + ``en`` stays ``vredes- en``. URLs broken after ``/`` or ``-``
    are joined without a space.
    """
    left = left.rstrip()
    right = right.lstrip()
    if not left:
        return right
    if not right:
        return left
    last = left.split()[-1]
    first = right.split()[0]
    if _URLISH.search(last) and not last.endswith((".", ",", ";", ")", "»")):
        if last.endswith(("/", "-", "_", "=", "?", "&", "#", "~", "%")) or first[:1] in "%/&?=#_~.":
            return left + right
        if re.search(r"[/%?=&#_]", first) and not first.startswith(("http", "www.")):
            return left + right  # "…/asset_pu" + "blisher/anlInZ5…": the URL goes on
    if not left.endswith(_HYPHENS) or len(last) < 2:
        return left + " " + right
    stem = last[:-1]
    base = left[:-1]
    before = stem[-1:]
    if not (before.isalnum()):
        return left + " " + right  # " - " as a dash
    word_first = re.match(r"[\w'’-]+", first)
    first_word = word_first.group(0) if word_first else first
    if first_word.lower() in _KEEP_BEFORE:
        return left + " " + right  # "vredes- en …"
    if before.isupper() or before.isdigit() or first[:1].isupper() or first[:1].isdigit():
        return base + "-" + right
    if not first[:1].isalpha():
        return left + " " + right
    stem_word = re.search(r"[\w'’-]+$", stem)
    stem_word = stem_word.group(0) if stem_word else stem
    if vocab:
        hyphenated = f"{stem_word}-{first_word}".lower()
        joined = f"{stem_word}{first_word}".lower()
        if hyphenated in vocab and joined not in vocab:
            return base + "-" + right
    return base + right


def join_lines(texts: list[str], vocab: Optional[set[str]] = None) -> str:
    out = ""
    for t in texts:
        out = join_pair(out, t, vocab) if out else t.strip()
    return re.sub(r"[ \t]+", " ", out).strip()


_LIST_START = re.compile(r"^(?:[•·▪◦–—-]\s|\(?\d{1,2}[.)]\s|\(?[a-z][.)]\s|[ivx]{1,4}[.)]\s)")


def paragraph_breaks(lines: list[Line], right_edge: float) -> list[bool]:
    """For each line: does it start a new paragraph?

    The layout is ragged-right without extra space between paragraphs, so a break is
    inferred when the first word of a line would have fitted at the end of the line above
    (the typesetter would have put it there), when the line starts a list item, or when the
    vertical gap is clearly larger than the line pitch.
    """
    starts = []
    for i, ln in enumerate(lines):
        if i == 0:
            starts.append(True)
            continue
        prev = lines[i - 1]
        new = False
        if _LIST_START.match(ln.text):
            new = True
        elif prev.page == ln.page and ln.top - prev.bottom > 0.9 * max(ln.size, prev.size):
            new = True
        else:
            first = ln.spans[0] if ln.spans else None
            if first is not None:
                # a number, symbol or marker is bound to the word after it ("1 januari",
                # "(< 10.000 kg)", "€ 50"): measure up to the first span with a letter
                end = first
                for span in ln.spans:
                    end = span
                    if any(ch.isalpha() for ch in span.text):
                        break
                width = end.x1 - first.x0
                space = 0.28 * ln.size
                if prev.x1 + space + width < right_edge - 0.5 and not prev.text.rstrip().endswith(
                    _HYPHENS
                ):
                    new = True
        starts.append(new)
    return starts


def right_edge(lines: list[Line]) -> float:
    """The right edge of the text column: a high percentile of line ends."""
    ends = sorted(ln.x1 for ln in lines)
    if not ends:
        return 0.0
    return ends[min(len(ends) - 1, int(0.9 * len(ends)))]


def paragraphs(lines: list[Line], edge: Optional[float] = None, vocab=None) -> list[str]:
    """Lines → paragraph texts (lines joined by spaces with de-hyphenation)."""
    if not lines:
        return []
    edge = edge if edge is not None else right_edge(lines)
    out: list[list[str]] = []
    for ln, new in zip(lines, paragraph_breaks(lines, edge)):
        if new or not out:
            out.append([ln.text])
        else:
            out[-1].append(ln.text)
    return [join_lines(p, vocab) for p in out]


# --------------------------------------------------------------------------------------
# Footnotes
# --------------------------------------------------------------------------------------

_FN_SUPER = re.compile(rf"^(?P<n>[{SUPERSCRIPTS}]+)\s*(?P<text>\S.*)$")
_FN_PLAIN = re.compile(r"^(?P<n>\d{1,3})\s+(?P<text>\S.*)$")


def split_footnotes(
    lines: list[Line], body_size: Optional[float] = None, vocab: Optional[set[str]] = None
) -> tuple[list[Line], list[Footnote]]:
    """Take the footnotes off the page feet.

    A footnote area is the trailing block of a page in a smaller size than the body whose
    first line starts with a footnote number: a raised number (``¹ De Volkskrant …``) or a
    plain ``N text`` when N is the next number expected. Returns the other lines and the
    footnotes (number, text, page; ``context`` is left for the caller).
    """
    body_size = body_size or dominant_size(lines)
    by_page: dict[int, list[Line]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    keep: list[Line] = []
    notes: list[tuple[int, int, list[str]]] = []  # (number, page, texts)
    expected = 1
    for page in sorted(by_page):
        page_lines = by_page[page]
        small_from = len(page_lines)
        while small_from > 0 and page_lines[small_from - 1].size < 0.92 * body_size:
            small_from -= 1
        start = None
        for i in range(small_from, len(page_lines)):
            t = page_lines[i].text
            m = _FN_SUPER.match(t)
            if m or ((m := _FN_PLAIN.match(t)) and int(m["n"]) == expected):
                start = i
                break
        if start is None:
            keep.extend(page_lines)
            continue
        keep.extend(page_lines[:start])
        for ln in page_lines[start:]:
            m = _FN_SUPER.match(ln.text)
            n = superscript_number(m["n"]) if m else None
            if m is None:
                m2 = _FN_PLAIN.match(ln.text)
                if m2 and int(m2["n"]) == expected:
                    m, n = m2, int(m2["n"])
            if m is not None:
                notes.append((n, page, [m["text"]]))
                expected = n + 1
            elif notes:
                notes[-1][2].append(ln.text)
            else:
                keep.append(ln)
    footnotes = [Footnote(number=n, text=join_lines(texts, vocab), page=p) for n, p, texts in notes]
    return keep, footnotes


@dataclass
class Body:
    """A PDF's lines with the page furniture off and the footnotes taken out: what every
    layout parser starts from."""

    lines: list[Line]
    footnotes: list[Footnote]
    furniture: dict  # what the furniture told: id, vergaderjaar, printed page numbers, …
    vocab: set[str]  # the document's own words, for joining hyphenated line ends
    body_size: float


def separate_body(lines: list[Line], body_size: Optional[float] = None) -> Body:
    body_size = body_size or dominant_size(lines)
    lines, furniture = strip_furniture(lines, body_size)
    vocab = document_vocabulary(ln.text for ln in lines)
    lines, footnotes = split_footnotes(lines, body_size, vocab)
    return Body(lines, footnotes, furniture, vocab, body_size)


def take_footnote_markers(text: str, numbers: set[int]) -> tuple[str, list[int]]:
    """Remove the raised markers of known footnotes from a text; return the text and the
    footnote numbers whose markers stood in it (superscripts of other numbers stay)."""
    found: list[int] = []

    def repl(m: re.Match) -> str:
        n = superscript_number(m.group(0))
        if n in numbers:
            found.append(n)
            return ""
        return m.group(0)

    text = SUPERSCRIPT_RE.sub(repl, text)
    text = re.sub(r"[ \t]+([.,;:?!)»])", r"\1", text) if found else text
    return re.sub(r"[ \t]{2,}", " ", text).strip(), found
