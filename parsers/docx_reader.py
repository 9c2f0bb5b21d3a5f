"""Word files (.docx) as a ``readers.DocumentModel``.

Built on python-docx: it opens and checks the package and gives every part as an lxml tree
(parsed without resolving entities). The reader walks ``word/document.xml`` itself, because
the text of a ministry's letter stands in places python-docx's paragraph list skips: nested
tables (the covering letter of the JenV template), content controls (``w:sdt``), fields.

* Blocks are paragraphs in reading order: body paragraphs, then the cells of a table row by
  row (a merged cell once). Text comes from ``w:t``, tabs and breaks only, never from field
  codes (``DOCPROPERTY …``). Automatic list numbers are written out ("1)", "a.", "•"), as
  Word shows them. ``page`` is the page Word last laid the paragraph out on
  (``w:lastRenderedPageBreak``), else counted from explicit page breaks.
* Footnotes: real Word footnotes (``word/footnotes.xml``, marker ``w:footnoteReference``),
  and notes typed as numbered paragraphs at the end of the text ("1) …", "[1] …") whose
  markers are typed in the text as well ("… vraagt? 1)", "[1] [2]"). A paragraph after such
  a note that does not open the next one continues it. All notes are numbered 1, 2, … in the
  order their markers first appear, as the Aanhangsel prints them; the body text carries
  ``footnotes.placeholder`` tokens where the markers stood.
* Headers and footers ("Pagina 2 van 4") are not part of the body and are not read.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Optional

from .footnotes import MARK_CLOSE, MARK_OPEN, PLACEHOLDER_RE, join_lines, placeholder
from .model import Footnote, ParseError
from .readers import Block, DocumentModel, take_placeholder_markers

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
# What is never running text: deleted text, field codes, text boxes drawn on the page (their
# own paragraphs), the fallback copy of a drawing.
_SKIP = {W + "del", W + "instrText", W + "delInstrText", W + "txbxContent", _MC_FALLBACK,
         W + "pPr", W + "rPr", W + "sectPr"}

# A typed note at the end: "1) text", "[1] text", "1. text" is not one (a numbered list).
_TYPED_NOTE = re.compile(r"^\s*(?:\[(\d{1,2})\]|(\d{1,2})\))\s*(.*)$", re.S)


def check_docx(data: bytes) -> None:
    """Raise ``ParseError`` when ``data`` is not a Word document python-docx can open."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ParseError("not a valid .docx file (not a zip archive)")
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile as error:
        raise ParseError(f"not a valid .docx file ({error})") from None
    if "word/document.xml" not in names:
        raise ParseError("not a Word document: the .docx has no word/document.xml")


def read_docx(data: bytes) -> DocumentModel:
    check_docx(data)
    import docx  # python-docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several kinds for a damaged package
        raise ParseError(f"not a valid .docx file: {type(error).__name__}: {error}") from None
    numbering = _Numbering(document)
    styles = _Styles(document)
    word_notes = _word_footnotes(document)
    walker = _Walker(numbering, styles)
    walker.walk(document.element.body)
    blocks = walker.blocks
    if not walker.rendered_breaks:
        # no rendered layout saved: count explicit page breaks instead
        for block in blocks:
            block.page = block.source
    for block in blocks:
        block.source = None
    blocks, footnotes = _number_notes(blocks, word_notes)
    pages = max((b.page or 1 for b in blocks), default=1)

    return DocumentModel(
        format="docx",
        blocks=blocks,
        footnotes=footnotes,
        paragraphs=_paragraphs,
        join=lambda blocks: join_lines([_tidy(b.text) for b in blocks if b.text.strip()]),
        take_markers=take_placeholder_markers,
        pages=pages,
        body_size=styles.body_size,
    )


def _paragraphs(blocks: list[Block]) -> list[str]:
    """Each Word paragraph is one, except a line broken off by hand mid-sentence (the one
    before ends without a full stop and the next starts in lower case): it is joined on."""
    out: list[str] = []
    for block in blocks:
        text = _tidy(block.text)
        if not text:
            continue
        visible_prev = PLACEHOLDER_RE.sub("", out[-1]) if out else ""
        if visible_prev and not visible_prev.endswith((".", "?", "!", ":", ";")) and text[:1].islower():
            out[-1] = out[-1] + " " + text
        else:
            out.append(text)
    return out


def _tidy(text: str) -> str:
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


class _Styles:
    def __init__(self, document):
        self.names: dict[str, str] = {}
        self.sizes: dict[str, float] = {}
        for style in document.styles.element.iter(W + "style"):
            sid = style.get(W + "styleId")
            name = style.find(W + "name")
            self.names[sid] = name.get(W + "val") if name is not None else sid
            sz = style.find(f"{W}rPr/{W}sz")
            if sz is not None and (sz.get(W + "val") or "").isdigit():
                self.sizes[sid] = int(sz.get(W + "val")) / 2
        default = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}sz")
        self.default_size = int(default.get(W + "val")) / 2 if default is not None else None
        self.body_size = self.sizes.get("Normal", self.default_size)


class _Numbering:
    """Automatic list numbers as Word prints them ("1)", "a.", "•")."""

    def __init__(self, document):
        self.levels: dict[tuple[str, str], tuple[str, str, int]] = {}
        self.counters: dict[str, dict[str, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for a in root.iter(W + "abstractNum"):
            lv = {}
            for lvl in a.iter(W + "lvl"):
                fmt = lvl.find(W + "numFmt")
                text = lvl.find(W + "lvlText")
                start = lvl.find(W + "start")
                lv[lvl.get(W + "ilvl")] = (
                    fmt.get(W + "val") if fmt is not None else "decimal",
                    text.get(W + "val") if text is not None else "",
                    int(start.get(W + "val")) if start is not None else 1,
                )
            abstract[a.get(W + "abstractNumId")] = lv
        for num in root.iter(W + "num"):
            ref = num.find(W + "abstractNumId")
            if ref is None:
                continue
            for ilvl, level in abstract.get(ref.get(W + "val"), {}).items():
                self.levels[(num.get(W + "numId"), ilvl)] = level

    def label(self, p) -> str:
        numpr = p.find(f"{W}pPr/{W}numPr")
        if numpr is None:
            return ""
        num_id = numpr.find(W + "numId")
        ilvl = numpr.find(W + "ilvl")
        nid = num_id.get(W + "val") if num_id is not None else None
        lvl = ilvl.get(W + "val") if ilvl is not None else "0"
        level = self.levels.get((nid, lvl))
        if level is None:
            return ""
        fmt, text, start = level
        counters = self.counters.setdefault(nid, {})
        counters[lvl] = counters.get(lvl, start - 1) + 1
        for deeper in [k for k in counters if int(k) > int(lvl)]:
            del counters[deeper]
        if fmt == "bullet":
            return "•"
        if fmt == "none":
            return ""

        def value(m: re.Match) -> str:
            n = counters.get(str(int(m.group(1)) - 1), start)
            return _format_number(n, fmt if m.group(1) == str(int(lvl) + 1) else "decimal")

        return re.sub(r"%(\d)", value, text)


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(n)
        return roman if fmt == "lowerRoman" else roman.upper()
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, digits in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out += digits
            n -= value
    return out


class _Walker:
    def __init__(self, numbering: _Numbering, styles: _Styles):
        self.numbering = numbering
        self.styles = styles
        self.blocks: list[Block] = []
        self.rendered_page = 1
        self.explicit_page = 1
        self.rendered_breaks = False

    def walk(self, element) -> None:
        for child in element:
            tag = child.tag
            if tag == W + "p":
                self.paragraph(child)
            elif tag == W + "tbl":
                for row in child.iter(W + "tr"):
                    if row.getparent() is not child:
                        continue  # a nested table's rows are walked with its cell
                    seen = set()
                    for cell in row.findall(W + "tc"):
                        if id(cell) not in seen:
                            seen.add(id(cell))
                            self.walk(cell)
            elif tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag"):
                self.walk(child)

    def paragraph(self, p) -> None:
        parts: list[str] = []
        bold_chars = total_chars = 0
        sizes: list[float] = []

        def run_text(node) -> None:
            nonlocal bold_chars, total_chars
            for child in node:
                tag = child.tag
                if tag in _SKIP:
                    continue
                if tag == W + "t":
                    text = child.text or ""
                    parts.append(text)
                    total_chars += len(text)
                    if _is_bold(node):
                        bold_chars += len(text)
                    size = _size(node)
                    if size:
                        sizes.append(size)
                elif tag == W + "tab":
                    parts.append("\t")
                elif tag in (W + "br", W + "cr"):
                    if child.get(W + "type") == "page":
                        self.explicit_page += 1
                    else:
                        parts.append("\n")
                elif tag == W + "lastRenderedPageBreak":
                    self.rendered_page += 1
                    self.rendered_breaks = True
                elif tag == W + "noBreakHyphen":
                    parts.append("-")
                elif tag == W + "footnoteReference":
                    parts.append(f"{MARK_OPEN}w{child.get(W + 'id')}{MARK_CLOSE}")
                else:
                    run_text(child)

        run_text(p)
        text = "".join(parts)
        label = self.numbering.label(p)
        if label and text.strip():
            text = f"{label} {text.lstrip()}"
        style_el = p.find(f"{W}pPr/{W}pStyle")
        style_id = style_el.get(W + "val") if style_el is not None else "Normal"
        size = max(set(sizes), key=sizes.count) if sizes else self.styles.sizes.get(style_id, self.styles.body_size)
        page = self.rendered_page
        self.blocks.append(
            Block(
                text=text.replace("\u00a0", " "),
                page=page,
                size=size,
                bold=total_chars > 0 and bold_chars == total_chars,
                style=self.styles.names.get(style_id, style_id),
                source=self.explicit_page,
            )
        )


def _is_bold(run) -> bool:
    b = run.find(f"{W}rPr/{W}b")
    return b is not None and b.get(W + "val", "true") not in ("0", "false")


def _size(run) -> Optional[float]:
    sz = run.find(f"{W}rPr/{W}sz")
    if sz is not None and (sz.get(W + "val") or "").isdigit():
        return int(sz.get(W + "val")) / 2
    return None


def _word_footnotes(document) -> dict[str, str]:
    """Word footnote id → its text (separator notes, ids -1 and 0, have none)."""
    notes: dict[str, str] = {}
    for rel in document.part.rels.values():
        if rel.reltype != _FOOTNOTES_REL:
            continue
        from docx.oxml import parse_xml

        root = parse_xml(rel.target_part.blob)
        for note in root.iter(W + "footnote"):
            if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            texts = []
            for p in note.iter(W + "p"):
                texts.append("".join(t.text or "" for t in p.iter(W + "t")))
            text = _tidy(" ".join(texts))
            if text:
                notes[note.get(W + "id")] = text
    return notes


# --------------------------------------------------------------------------- notes


_WORD_MARK = re.compile(MARK_OPEN + r"w(-?\d+)" + MARK_CLOSE)


def _typed_notes(blocks: list[Block]) -> tuple[int, list[tuple[int, str]]]:
    """The notes typed at the end of the text: (index of the first note block, [(printed
    number, text)]), or (len(blocks), []) when there are none. They must be numbered 1, 2, …
    and reach the end of the text; a block that opens no note continues the note before."""
    end = len(blocks)
    for start in range(len(blocks)):
        m = _TYPED_NOTE.match(blocks[start].text)
        if not m or int(m.group(1) or m.group(2)) != 1:
            continue
        notes: list[tuple[int, str]] = []
        ok = True
        for block in blocks[start:]:
            text = block.text.strip()
            if not text:
                continue
            m = _TYPED_NOTE.match(text)
            if m and int(m.group(1) or m.group(2)) == len(notes) + 1:
                notes.append((len(notes) + 1, m.group(3).strip()))
            elif notes and not _WORD_MARK.search(text):
                number, previous = notes[-1]
                notes[-1] = (number, previous + " " + text)
            else:
                ok = False
                break
        if ok and notes:
            return start, notes
    return end, []


def _typed_marker(number: int) -> re.Pattern:
    """A typed marker in running text: "… vraagt? 1)", "bedoeld? 1) 2)", "… overleden’? [1]".
    "N)" only after a sentence end, a closing quote or another marker, so "(zie bijlage 1)"
    and a list item "1) …" are no markers; "[N]" after any word."""
    n = str(number)
    return re.compile(
        r"(?:(?<=\S)[ \t]*\[" + n + r"\]|(?<=[.?!:;’”\"'»)\]" + MARK_CLOSE + r"'])[ \t]*" + n + r"\))"
        r"(?=[\s\[]|$|\d{1,2}\))"
    )


def _number_notes(blocks: list[Block], word_notes: dict[str, str]) -> tuple[list[Block], list[Footnote]]:
    start, typed = _typed_notes(blocks)
    body = blocks[:start]
    # the typed notes whose markers stand in the body; the rest is not a footnote list
    found: dict[int, bool] = {}
    for number, _ in typed:
        pattern = _typed_marker(number)
        found[number] = any(pattern.search(b.text) for b in body)
    if typed and not all(found.values()):
        typed, body = [], blocks
    # markers in reading order → one numbering
    order: list[tuple[str, object]] = []  # ("w", id) / ("t", printed number)
    tokens: list[str] = []
    for block in body:
        text = block.text
        for number, _ in typed:
            text = _typed_marker(number).sub(lambda m, n=number: f"{MARK_OPEN}t{n}{MARK_CLOSE}", text, count=1)
        block.text = text
        for m in re.finditer(MARK_OPEN + r"([wt])(-?\d+)" + MARK_CLOSE, text):
            key = (m.group(1), m.group(2))
            if key not in tokens and (key[0] == "t" or key[1] in word_notes):
                tokens.append(key)
    number_of = {key: i for i, key in enumerate(tokens, start=1)}
    typed_text = {str(n): text for n, text in typed}
    footnotes: list[Footnote] = []
    for key, n in number_of.items():
        kind, ident = key
        text = word_notes[ident] if kind == "w" else typed_text[ident]
        footnotes.append(Footnote(number=n, text=_tidy(text), page=None))
    for block in body:
        block.text = re.sub(
            MARK_OPEN + r"([wt])(-?\d+)" + MARK_CLOSE,
            lambda m: placeholder(number_of[(m.group(1), m.group(2))])
            if (m.group(1), m.group(2)) in number_of else "",
            block.text,
        )
    # page of a footnote: where its marker stands
    for footnote in footnotes:
        for block in body:
            if placeholder(footnote.number) in block.text:
                footnote.page = block.page
                break
    return body, footnotes
