"""The characters of a PDF, page by page, from one of two engines.

Both engines give each page's characters as the dicts ``layout.lines_from_chars`` takes
(``text, fontname, size, x0, x1, top, bottom, upright``; PDF points, ``top`` from the top of
the page) with the same geometry, so the line model and every parser above it do not know
which engine read the file:

- ``pdfium`` (the default): pypdfium2, PDFium compiled. A character's box is rebuilt the way
  pdfminer builds it (origin, advance, the font's descent, the font size times the text
  matrix), not taken from PDFium's own glyph boxes, which are tighter and differ per glyph.
- ``pdfplumber``: pdfplumber on pdfminer.six, pure Python and some 10× slower; the reference
  the fast engine is compared with (``tests/test_pdf_engines.py``).

Each page is closed as soon as its characters are read, so memory does not grow with the
document. Errors are left to the caller (``layout.read_pdf_lines`` names them).
"""

from __future__ import annotations

import ctypes
import os
import re
from contextlib import contextmanager
from typing import Iterator

from .layout import FontTable, compiled_lines

ENGINES = ("pdfium", "pdfplumber")
DEFAULT_ENGINE = "pdfium"


class PdfChars:
    """An open PDF: its page count and, page by page, ``(chars, width, height)``, or with
    the compiled line builder ``(line tuples, width, height)`` (``layout._read_lines``)."""

    page_count: int
    fonts: FontTable

    def pages(self) -> Iterator[tuple[list[dict], float, float]]:
        raise NotImplementedError

    def line_tuples(self) -> Iterator[tuple[list[tuple], float, float]]:
        raise NotImplementedError


@contextmanager
def open_pdf_chars(path, engine: str = DEFAULT_ENGINE) -> Iterator[PdfChars]:
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}; choose from {', '.join(ENGINES)}")
    opener = _open_pdfium if engine == "pdfium" else _open_pdfplumber
    with opener(os.fspath(path)) as pdf:
        yield pdf


# --------------------------------------------------------------------------- pdfplumber


class _PlumberChars(PdfChars):
    def __init__(self, pdf):
        self._pdf = pdf
        self.page_count = len(pdf.pages)
        self.fonts = FontTable()

    def pages(self):
        for page in self._pdf.pages:
            try:
                yield page.chars, float(page.width), float(page.height)
            finally:
                page.close()  # releases the page's cached layout objects

    def line_tuples(self):
        for chars, width, height in self.pages():
            yield compiled_lines.dict_chars(chars, self.fonts.info), width, height


@contextmanager
def _open_pdfplumber(path: str):
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        yield _PlumberChars(pdf)


# --------------------------------------------------------------------------- pdfium


class _Pdfium:
    """The raw PDFium calls made per character, prototyped to take and return plain
    addresses: a ctypes call with struct pointers costs several times more, and a page has
    thousands of characters."""

    def __init__(self):
        import pypdfium2.raw as raw

        self.raw = raw
        vp, c_int, dbl = ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_double)

        def proto(function, restype, *argtypes):
            address = ctypes.cast(function, ctypes.c_void_p).value
            return ctypes.CFUNCTYPE(restype, *argtypes)(address)

        self.count_chars = proto(raw.FPDFText_CountChars, c_int, vp)
        self.get_text = proto(raw.FPDFText_GetText, c_int, vp, c_int, c_int, vp)
        self.get_unicode = proto(raw.FPDFText_GetUnicode, ctypes.c_uint, vp, c_int)
        self.text_object = proto(raw.FPDFText_GetTextObject, vp, vp, c_int)
        self.char_origin = proto(raw.FPDFText_GetCharOrigin, c_int, vp, c_int, dbl, dbl)
        self.loose_box = proto(raw.FPDFText_GetLooseCharBox, c_int, vp, c_int, vp)
        self.matrix = proto(raw.FPDFText_GetMatrix, c_int, vp, c_int, vp)
        self.font_size = proto(raw.FPDFText_GetFontSize, ctypes.c_double, vp, c_int)
        self.object_font = proto(raw.FPDFTextObj_GetFont, vp, vp)
        self.font_name = proto(raw.FPDFFont_GetBaseFontName, ctypes.c_ulong, vp, vp, ctypes.c_ulong)
        self.glyph_width = proto(
            raw.FPDFFont_GetGlyphWidth, c_int, vp, ctypes.c_uint, ctypes.c_float,
            ctypes.POINTER(ctypes.c_float),
        )
        self.font_descent = proto(
            raw.FPDFFont_GetDescent, c_int, vp, ctypes.c_float, ctypes.POINTER(ctypes.c_float)
        )
        # the functions the compiled reader calls per character, in its order
        self.addresses = tuple(
            ctypes.cast(function, ctypes.c_void_p).value
            for function in (
                raw.FPDFText_CountChars, raw.FPDFText_GetText, raw.FPDFText_GetUnicode,
                raw.FPDFText_GetTextObject, raw.FPDFText_GetCharOrigin,
                raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetMatrix, raw.FPDFText_GetFontSize,
                raw.FPDFTextObj_GetFont, raw.FPDFFont_GetGlyphWidth,
            )
        )


_PDFIUM: _Pdfium | None = None


def _pdfium() -> _Pdfium:
    global _PDFIUM
    if _PDFIUM is None:
        _PDFIUM = _Pdfium()
    return _PDFIUM


# pdfminer's page transformation for /Rotate (PDFPageInterpreter.process_page): its linear
# part and translation, given the MediaBox (x0, y0, x1, y1)
def _rotation_ctm(rotation: int, box) -> tuple:
    x0, y0, x1, y1 = box
    if rotation == 90:
        return (0, -1, 1, 0, -y0, x1)
    if rotation == 180:
        return (-1, 0, 0, -1, x1, y1)
    if rotation == 270:
        return (0, 1, -1, 0, y1, -x0)
    return (1, 0, 0, 1, -x0, -y0)


class _PdfiumChars(PdfChars):
    def __init__(self, document):
        self._document = document
        self.page_count = len(document)
        self.fonts = FontTable()

    def _text_pages(self, read):
        for index in range(self.page_count):
            page = self._document[index]
            try:
                textpage = page.get_textpage()
                try:
                    yield read(page, textpage)
                finally:
                    textpage.close()
            finally:
                page.close()

    def pages(self):
        return self._text_pages(_page_chars)

    def line_tuples(self):
        api = _pdfium()

        def font_info(handle: int):
            _font, name, descent = _font_of(api, handle)
            return self.fonts.info(name, descent)

        def read(page, textpage):
            geometry, width, height = _page_geometry(page)
            tp = ctypes.cast(textpage.raw, ctypes.c_void_p).value
            return compiled_lines.pdfium_page(tp, api.addresses, geometry, font_info), width, height

        return self._text_pages(read)


@contextmanager
def _open_pdfium(path: str):
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        yield _PdfiumChars(document)
    finally:
        document.close()


# PDFium reports a hyphen that ends a text line as U+FFFE; pdfminer gives the "-" printed.
# A space that ends a text line PDFium leaves out altogether: a line never ends on a space
# in the line model either, so that changes no line.
# A glyph whose ToUnicode entry is the non-character U+FFFF PDFium reports as U+0000;
# pdfminer passes the U+FFFF on.
_TEXT_FIXES = {"\ufffe": "-", "\x00": "\uffff"}


# The descents pdfminer takes from its own metrics for fonts known by name (the standard 14
# and their Arial/TimesNewRoman/CourierNew aliases, ``pdfminer.fontmetrics``) instead of the
# file's: PDFium measures a substitute font there. Symbol and ZapfDingbats have none (0).
STANDARD_FONT_DESCENTS = {
    "Courier": -0.194, "CourierNew": -0.194,
    "Helvetica": -0.207, "Arial": -0.207,
    "Times": -0.217, "TimesNewRoman": -0.217,
    "Symbol": 0.0, "ZapfDingbats": 0.0,
}
STANDARD_FONT_RE = re.compile(
    r"^(?P<family>Courier|Helvetica|Times|Symbol|ZapfDingbats)"
    r"(?:-(?:Bold|Oblique|BoldOblique|Roman|Italic|BoldItalic))?$"
    r"|^(?P<alias>Arial|CourierNew|TimesNewRoman)(?:,(?:Bold|Italic|BoldItalic))?$"
)


def standard_font_descent(name: str):
    """pdfminer's descent for a font it knows by name (exact name, no subset prefix), else None."""
    m = STANDARD_FONT_RE.match(name)
    if not m or name == "Times":
        return None
    return STANDARD_FONT_DESCENTS[m["family"] or m["alias"]]


def _font_of(api: _Pdfium, font: int) -> tuple[int, str, float]:
    """A font: its handle, its base font name (with the subset prefix, as pdfminer gives
    it) and its descent per unit of font size (negative, as pdfminer forces it)."""
    if not font:
        return 0, "", 0.0
    size = api.font_name(font, None, 0)
    name = ""
    if size:
        buffer = ctypes.create_string_buffer(size)
        api.font_name(font, buffer, size)
        name = buffer.value.decode("utf-8", "replace")
    known = standard_font_descent(name)
    if known is not None:
        return font, name, known
    descent = ctypes.c_float()
    if not api.font_descent(font, 1000.0, ctypes.byref(descent)):
        return font, name, 0.0
    value = descent.value / 1000.0
    return font, name, -value if value > 0 else value


def _page_geometry(page) -> tuple[tuple, float, float]:
    """``(ca, cb, cc, cd, ce, cf, x_shift, y_shift, height)``, width, height: how a PDFium
    page's coordinates become pdfplumber's."""
    box = page.get_mediabox()  # (x0, y0, x1, y1) as in the file
    rotation = page.get_rotation() % 360
    # pdfplumber's page size and top: the MediaBox, its sides swapped for 90 and 270
    width, height = box[2] - box[0], box[3] - box[1]
    if rotation in (90, 270):
        width, height = height, width
    # pdfplumber adds the (normalised) MediaBox corner back that pdfminer took off
    x_shift, y_shift = (box[0], box[1]) if rotation in (0, 180) else (box[1], box[0])
    ctm = tuple(float(v) for v in _rotation_ctm(rotation, box))
    return ctm + (float(x_shift), float(y_shift), float(height)), float(width), float(height)


def _page_chars(page, textpage) -> tuple[list[dict], float, float]:
    api = _pdfium()
    tp = ctypes.cast(textpage.raw, ctypes.c_void_p).value
    count = api.count_chars(tp)
    geometry, width, height = _page_geometry(page)
    ca, cb, cc, cd, ce, cf, x_shift, y_shift, _height = geometry

    text = ""
    if count > 0:
        buffer = ctypes.create_string_buffer(2 * (count + 1))
        written = api.get_text(tp, 0, count, buffer)
        text = buffer.raw[: 2 * max(written - 1, 0)].decode("utf-16-le", "replace")
    if len(text) != count:  # characters outside the BMP: one index, two UTF-16 units
        text = "".join(chr(api.get_unicode(tp, i)) for i in range(count))

    ox, oy = ctypes.c_double(), ctypes.c_double()
    p_ox, p_oy = ctypes.byref(ox), ctypes.byref(oy)
    rect = (ctypes.c_float * 4)()  # FS_RECTF: left, top, right, bottom
    p_rect = ctypes.addressof(rect)
    matrix = (ctypes.c_float * 6)()  # FS_MATRIX: a, b, c, d, e, f
    p_matrix = ctypes.addressof(matrix)
    objects: dict[int, tuple] = {}
    fonts: dict[int, tuple] = {}
    widths: dict[tuple, float] = {}  # advance per unit of font size, by font and character
    glyph_width = ctypes.c_float()
    p_width = ctypes.byref(glyph_width)
    chars: list[dict] = []
    for i in range(count):
        obj = api.text_object(tp, i)
        if not obj:
            continue  # a space or line break PDFium made up; pdfminer has no such character
        style = objects.get(obj)
        if style is None:
            handle = api.object_font(obj)
            font, name, descent = fonts.get(handle) or fonts.setdefault(handle, _font_of(api, handle))
            api.matrix(tp, i, p_matrix)
            a, b, c, d = matrix[0], matrix[1], matrix[2], matrix[3]
            # the text matrix as pdfminer has it: with the page rotation
            a, b, c, d = a * ca + b * cc, a * cb + b * cd, c * ca + d * cc, c * cb + d * cd
            size = api.font_size(tp, i)
            upright = a * d > 0 and b * c <= 0
            style = objects[obj] = (font, name, descent * size, size, a, b, c, d, upright)
        font, name, descent, size, a, b, c, d, upright = style
        api.char_origin(tp, i, p_ox, p_oy)
        x, y = ox.value, oy.value
        x, y = ca * x + cc * y + ce, cb * x + cd * y + cf
        # the advance width from the font's widths, as pdfminer takes it; PDFium's own
        # character boxes reach further for a glyph that overhangs ("f", italics)
        char = _TEXT_FIXES.get(text[i], text[i])
        key = (font, char)
        unit_width = widths.get(key)
        if unit_width is None:
            if font and api.glyph_width(font, ord(char), 1.0, p_width) and glyph_width.value:
                unit_width = glyph_width.value
            else:  # no way back from the Unicode to the glyph: PDFium's own box
                api.loose_box(tp, i, p_rect)
                unit_width = (rect[2] - rect[0]) / (abs(a) * size or 1.0)
            widths[key] = unit_width
        advance = unit_width * size * abs(a)  # in page units, along the baseline
        if b == 0 and c == 0:
            x0, x1 = x, x + advance if a > 0 else x - advance
            y0, y1 = y + descent * d, y + (descent + size) * d
            if y1 < y0:
                y0, y1 = y1, y0
            if x1 < x0:
                x0, x1 = x1, x0
            glyph_size = y1 - y0
        else:  # turned text: lines_from_chars leaves it out; only its box is kept roughly
            x0, x1, y0, y1 = x, x + advance, y, y + size
            glyph_size = size
        chars.append(
            {
                "text": char,
                "fontname": name,
                "size": glyph_size,
                "x0": x0 + x_shift,
                "x1": x1 + x_shift,
                "top": height - y1 - y_shift,
                "bottom": height - y0 - y_shift,
                "upright": upright,
            }
        )
    return chars, float(width), float(height)
