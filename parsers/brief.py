"""Letters to the Chamber (kind ``brief``) as plain text.

``parse_brief_text(text)`` understands two layouts:

* the ministry letter exported from Word: an address block, "Onze Referentie", "Datum 9
  november 2022", "Betreft …", "Geachte Voorzitter,", the letter, and a signature block in
  which all functions come first and then all names;
* the Kamerstuk letter: "Nr. 190  BRIEF VAN DE MINISTERS VAN …", "Aan de Voorzitter …",
  "Den Haag, 16 december 2020", the letter, and each function followed by its name.

What it fills in:

* ``title``: the "Betreft" subject; else the "BRIEF VAN …" heading in sentence case (the
  capitals of each word are taken from how the word is written in the letter itself);
* ``date`` (ISO) from "Datum …" or "Den Haag, …"; ``number`` from "Nr. N";
* ``signatories``: one string per signer, ``"Name (function)"``, the function as printed
  without its article and comma, e.g. ``"S.A. Blok (Minister van Buitenlandse Zaken)"``;
* ``extra``: ``reference`` ("Onze Referentie"/"Ons kenmerk"), ``your_reference``,
  ``attachments`` ("Bijlage(n)"), ``ministry`` ("Min. …" / "Ministerie van …" in the
  address block) and ``addressee`` ("Aan de Voorzitter …"), each only when printed;
* ``body``: the letter from after the salutation (or the date line) up to the signature,
  without the header block, the repeated page headers and the footnotes; wrapped lines
  are joined (words hyphenated at a line end are rejoined), paragraphs are separated by
  a blank line, list items keep their own line, and a paragraph broken by a page foot or
  footnote block is joined again;
* ``footnotes`` via ``parsers.footnotes``; markers in the body give context ``"body"``.

The small text helpers here (``clean_text``, ``dutch_date``, ``paragraphs``) are shared
with the other plain-text parsers.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Optional

from .dates import dutch_date
from .footnotes import extract_footnotes, join_lines, link_footnotes, pop_footnote_markers
from .model import ParsedDocument

# --------------------------------------------------------------------------- helpers

_BOOKMARK = re.compile(r"\[bookmark:[^\]\n]*\]")


def clean_text(text: str) -> str:
    """Normalise line ends and odd spaces and drop Word ``[bookmark: _Hlk…]`` artefacts."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\t", " ")
    return _BOOKMARK.sub("", text)


_LIST_ITEM = re.compile(r"^(?:[-–—•·▪*]\s|\(\d+\)\s|\(?[a-z]\)\s|\d+[.)]\s)")
_TERMINAL = tuple(".!?:;")


def paragraphs(text: str, rejoin: bool = True) -> list[str]:
    """Split text into tidy paragraphs.

    Blank lines separate paragraphs; wrapped lines inside one are joined by
    ``footnotes.join_lines`` (which also rejoins words hyphenated at a line end); a line
    that starts a list item keeps its own line (joined with ``\\n``). A paragraph that
    ends mid-sentence is joined with the next when that one starts in lower case, or when
    it is long prose (over 100 characters) and the next is not a list item: both are page
    or footnote breaks in an exported letter. ``rejoin=False`` skips that (for tables,
    where neighbouring blocks are different cells).
    """
    blocks: list[list[str]] = []
    current: list[str] = []
    for raw in text.split("\n"):
        if not raw.strip():
            if current:
                blocks.append(current)
                current = []
            continue
        current.append(raw)
    if current:
        blocks.append(current)

    paras: list[str] = []
    for block in blocks:
        items: list[list[str]] = []
        for raw in block:
            if items and not _LIST_ITEM.match(raw.strip()):
                items[-1].append(raw)
            else:
                items.append([raw])
        para = "\n".join(join_lines(item) for item in items)
        if rejoin and paras and _continues(paras[-1], para):
            paras[-1] = join_lines([paras[-1], para])
        else:
            paras.append(para)
    return paras


def _continues(prev: str, nxt: str) -> bool:
    if prev.rstrip("\"'”’*)").endswith(_TERMINAL) or _LIST_ITEM.match(nxt):
        return False
    if nxt[:1].islower():
        return True
    return len(prev.rsplit("\n", 1)[-1]) > 100


def tidy(text: str) -> str:
    """``paragraphs`` joined with blank lines."""
    return "\n\n".join(paragraphs(text))


# --------------------------------------------------------------------------- letter

_KST_HEAD = re.compile(r"^[ \t]*Nr\.[ \t]*(\d+)[ \t]+(BRIEF VAN\b.*)$", re.M)
_BRIEF_HEAD = re.compile(r"^[ \t]*(BRIEF VAN\b.*)$", re.M)
_DEN_HAAG = re.compile(r"^\s*'?s-?Gravenhage,?\s+|^\s*Den Haag,?\s+", re.M)
_SALUTATION = re.compile(r"^[ \t]*(?:Geachte|Hooggeachte)\b[^\n]{0,60},\s*$", re.M)
_FUNCTION = re.compile(
    r"^(?:De|Het)\s+(?:[Mm]inister(?:-[Pp]resident)?|[Ss]taatssecretaris|[Ss]ecretaris)\b"
)
_CLOSING = re.compile(r"^(?:Hoogachtend|Met vriendelijke groet(?:en)?|Namens)\b.*$")
_PARTICLES = {
    "van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "op", "in", "von", "la",
    "le", "du", "d'", "van't",
}
# Header labels of the ministry layout: label -> extra key (None: not kept in extra).
_LABELS = {
    "onze referentie": "reference",
    "ons kenmerk": "reference",
    "uw referentie": "your_reference",
    "uw kenmerk": "your_reference",
    "uw brief": None,
    "bijlage(n)": "attachments",
    "bijlagen": "attachments",
    "datum": None,
    "betreft": None,
    "contactpersoon": None,
    "kenmerk": "reference",
}


def parse_brief_text(text: str) -> ParsedDocument:
    """Parse a letter (ministry or Kamerstuk layout) given as plain text."""
    text, footnotes = extract_footnotes(clean_text(text))
    doc = ParsedDocument(id="", kind="brief", source_file="", sha256="", footnotes=footnotes)
    lines = text.split("\n")

    header_end = _parse_header(lines, doc)
    sig_start = _signature_start(lines, header_end)
    if sig_start is not None:
        doc.signatories = _signatories(lines[sig_start:])
    else:
        sig_start = len(lines)

    body_lines = _drop_page_headers(lines[header_end:sig_start], doc.extra)
    body, numbers = pop_footnote_markers("\n".join(body_lines))
    link_footnotes(footnotes, numbers, "body", None)
    doc.body = tidy(body)
    if doc.title:
        doc.title, numbers = pop_footnote_markers(doc.title)
        link_footnotes(footnotes, numbers, "body", None)
        doc.title = re.sub(r"\s+", " ", doc.title).strip()
    return doc


def _block_after(lines: list[str], i: int, rest: str) -> tuple[str, int]:
    """The value of a header label on line ``i``: ``rest`` of the line plus following
    lines up to a blank line, or (when ``rest`` is empty) the next non-empty block.
    Returns the value and the index after it."""
    parts = [rest] if rest else []
    j = i + 1
    if not rest:
        while j < len(lines) and not lines[j].strip():
            j += 1
    while j < len(lines) and lines[j].strip():
        parts.append(lines[j].strip())
        j += 1
    return " ".join(p.strip() for p in parts if p.strip()), j


def _parse_header(lines: list[str], doc: ParsedDocument) -> int:
    """Fill title/date/number/extra from the header block; return where the letter starts.

    The header ends at the salutation ("Geachte Voorzitter,"), or else at the
    "Den Haag, <date>" line; labels ("Onze Referentie", "Datum", "Betreft", …) are read only
    above that point.
    """
    text = "\n".join(lines)
    start = 0

    m = _KST_HEAD.search(text) or _BRIEF_HEAD.search(text)
    if m and m.start() < 1500:
        if m.re is _KST_HEAD:
            doc.number = m.group(1)
        i = text[: m.start()].count("\n")
        heading, after = _block_after(lines, i, m.group(m.lastindex))
        doc.title = _sentence_case(heading, "\n".join(lines[after:]))
        start = after

    limit = None
    sal = _SALUTATION.search(text)
    if sal:
        limit = text[: sal.start()].count("\n") + 1
    else:
        for i, raw in enumerate(lines[:80]):
            if _DEN_HAAG.match(raw) and dutch_date(raw):
                limit = i + 1
                break
    for i, raw in enumerate(lines[: limit if limit is not None else min(len(lines), 80)]):
        line = raw.strip()
        if not line:
            continue
        if _DEN_HAAG.match(line) and dutch_date(line):
            doc.date = doc.date or dutch_date(line)
            continue
        if line.startswith("Aan de Voorzitter") and "addressee" not in doc.extra:
            doc.extra["addressee"] = _addressee(lines, i)
            continue
        mm = re.match(r"^(?:Min\.|Ministerie van)\s+(\S.*)$", line)
        if mm and "ministry" not in doc.extra:
            doc.extra["ministry"] = mm.group(1).strip()
            continue
        label, rest = _split_label(line)
        if label is None:
            continue
        value, after = _block_after(lines, i, rest)
        key = _LABELS[label]
        if label == "datum":
            doc.date = doc.date or dutch_date(value)
        elif label == "betreft" and value:
            doc.title = value
            start = max(start, after)
        elif key and value and key not in doc.extra:
            doc.extra[key] = value

    if limit is not None:
        start = max(start, limit)
    return start


def _addressee(lines: list[str], i: int) -> str:
    """"Aan de Voorzitter van de" + "Tweede Kamer der Staten-Generaal": continue while the
    text so far ends in a lower-case word, so the street address is left out."""
    out = lines[i].strip()
    j = i + 1
    while j < len(lines) and lines[j].strip() and re.search(r"\b[a-z]+$", out):
        out += " " + lines[j].strip()
        j += 1
    return out


def _split_label(line: str) -> tuple[Optional[str], str]:
    low = line.lower()
    for label in sorted(_LABELS, key=len, reverse=True):
        if low == label or low.startswith(label + " "):
            return label, line[len(label):].strip()
    return None, ""


def _sentence_case(heading: str, reference: str) -> str:
    """"BRIEF VAN DE MINISTERS VAN BUITENLANDSE ZAKEN" -> "Brief van de ministers van
    Buitenlandse Zaken": each word takes the spelling it most often has in ``reference``
    (not counting sentence starts); unknown words become lower case."""
    forms: dict[str, Counter] = {}
    for m in re.finditer(r"[^\W\d_]+", reference):
        before = reference[: m.start()]
        stripped = before.rstrip()
        if not stripped or stripped.endswith((".", "!", "?", ":")) or "\n\n" in before[len(stripped):]:
            continue  # a sentence or paragraph starts here
        word = m.group(0)
        if word.isupper() and len(word) > 1:
            continue
        forms.setdefault(word.lower(), Counter())[word] += 1

    def recase(m: re.Match) -> str:
        word = m.group(0)
        counter = forms.get(word.lower())
        if counter:
            return counter.most_common(1)[0][0]
        return word.lower()

    out = re.sub(r"[^\W\d_]+", recase, re.sub(r"\s+", " ", heading).strip())
    return out[:1].upper() + out[1:]


def _signature_start(lines: list[str], lo: int) -> Optional[int]:
    """Index of the first line of the closing signature block, or None."""
    n = len(lines)
    for i in range(max(lo, n - 60), n):
        line = lines[i].strip()
        if not (_FUNCTION.match(line) or _CLOSING.match(line)):
            continue
        rest = [x.strip() for x in lines[i:] if x.strip()]
        if all(len(x) <= 120 for x in rest) and any(x.endswith(",") for x in rest[:4]):
            return i
    return None


def _clean_name(line: str) -> Optional[str]:
    """A signer's name from a signature line, or None when the line is no name.

    A name is capitalised words and name particles ("van der"); whatever follows them on
    the line (a lower-case word that is no particle, say, left by text extraction) is cut off.
    """
    line = line.strip()
    if not line or not line[0].isupper():
        return None
    kept: list[str] = []
    for token in line.split():
        if token[0].isupper() or token.lower() in _PARTICLES and kept:
            kept.append(token)
        else:
            break
    while kept and kept[-1].lower() in _PARTICLES:
        kept.pop()
    if not kept:
        return None
    if not re.fullmatch(r"(?:[A-Z]\.)+", kept[-1]):
        kept[-1] = kept[-1].rstrip(".,")
    return " ".join(kept)


def _signatories(lines: list[str]) -> list[str]:
    functions: list[str] = []
    names: list[str] = []
    pending: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if pending or _FUNCTION.match(line):
            pending.append(line)
            if line.endswith(",") or len(pending) >= 4:
                function = " ".join(pending).rstrip(",").strip()
                functions.append(re.sub(r"^(?:De|Het)\s+", "", function))
                pending = []
            continue
        if _CLOSING.match(line):
            continue
        name = _clean_name(line)
        if name:
            names.append(name)
    out = []
    for k, name in enumerate(names):
        out.append(f"{name} ({functions[k]})" if k < len(functions) else name)
    return out


def _drop_page_headers(lines: list[str], extra: dict) -> list[str]:
    """Remove the repeated page header ("Onze Referentie" + its value, "Datum" + date,
    "Pagina 2 van 4") from the letter's lines."""
    out: list[str] = []
    skip_value = False
    for raw in lines:
        line = raw.strip()
        if skip_value:
            if not line:
                out.append("")
                continue
            skip_value = False
            if line in extra.values() or dutch_date(line) or re.fullmatch(r"[\w./-]+", line):
                continue
        label, rest = _split_label(line)
        if label in ("onze referentie", "ons kenmerk", "uw referentie", "uw kenmerk", "datum"):
            if not rest:
                skip_value = True
                continue
            if rest in extra.values() or dutch_date(rest):
                continue
        if re.fullmatch(r"Pagina \d+ van \d+", line):
            continue
        out.append(raw)
    return out
