"""Footnotes in plain text: find them, cut them out, and remember where their markers stood.

Three styles occur in parliamentary text:

``sdu``
    Text taken from a typeset PDF. The footnote stands at the foot of a page as a line
    ``"N text…"`` (plus continuation lines, and sometimes lines that only repeat a URL of the
    footnote), usually interrupting a paragraph. The marker in the running text is the number
    glued to the preceding word or punctuation: ``"ontwikkelingssamenwerking.1 Zo"``,
    ``"aan1 dat"``, or (rarely) ``"nr. 236) 3."``. Footnote numbers run 1, 2, 3… and a line is
    only taken as footnote N when N is the next expected number *and* a marker N is found in the
    text kept so far; that tells a footnote from a list item ("1) …") or a number in the text.
``superscript``
    Unicode superscript markers (``"2020¹"``) and footnote lines ``"¹ Zie [brief](#), …"``.
    Markdown links ``[text](…)`` in the footnote text are reduced to their text.
``word``
    A Word export: marker ``"[footnoteRef:1]"``, body ``"[1:  text]"`` inline in the text.

The style is chosen per document (``detect_style``); mixed styles are not supported.

Design: markers become placeholders
-----------------------------------
:func:`extract_footnotes` returns the text *without* footnote bodies and *without* the original
marker characters. In place of each marker it leaves a private placeholder token
``"\\ufff0fn3\\ufff1"`` (see :func:`placeholder`), which survives line joining and splitting.
A structure parser splits the text into questions/answers/body first and then calls
:func:`pop_footnote_markers` on each piece: it returns the piece without placeholders and the
footnote numbers whose markers stood in it, so the parser can set ``Footnote.context`` and
``Footnote.context_key`` (:func:`link_footnotes` does that). Callers that do not care about
marker positions pass ``placeholders=False`` or call :func:`strip_footnote_markers`.

Page breaks
-----------
When a removed footnote block interrupted a paragraph (the text before it does not end a
sentence), the two halves become consecutive lines of one paragraph again (joined by a single
``"\\n"``, so a later line-joiner can still undo a hyphenated word break). The same is done for
a plain page break: blank lines between a line that does not end with ``. ! ? : ;`` and a line
that starts in lowercase are removed (:func:`join_page_breaks`).
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

from .model import Footnote

__all__ = [
    "MARK_OPEN",
    "MARK_CLOSE",
    "PLACEHOLDER_RE",
    "detect_style",
    "extract_footnotes",
    "join_lines",
    "join_page_breaks",
    "link_footnotes",
    "placeholder",
    "pop_footnote_markers",
    "strip_footnote_markers",
]

MARK_OPEN = "\ufff0"
MARK_CLOSE = "\ufff1"
PLACEHOLDER_RE = re.compile(MARK_OPEN + r"fn(\d+)" + MARK_CLOSE)

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans(_SUPERSCRIPTS, "0123456789")
_DIGIT_TO_SUP = str.maketrans("0123456789", _SUPERSCRIPTS)

_SDU_LINE_RE = re.compile(r"^\s*(\d{1,3})\s+(\S.*?)\s*$")
_SUP_LINE_RE = re.compile(r"^\s*([" + _SUPERSCRIPTS + r"]+)\s*(\S.*?)\s*$")
_WORD_REF_RE = re.compile(r"\[footnoteRef:(\d+)\]")
_WORD_BODY_START_RE = re.compile(r"[ \t]*\[(\d+):[ \t]")
_URL_ONLY_RE = re.compile(r"^\s*((?:https?://|www\.)\S+)\s*$")
_URL_TOKEN_RE = re.compile(r"(?:https?://|www\.)\S*$")
_MD_LINK_RE = re.compile(r"\[([^\[\]]*)\]\([^()\s]*\)")

# Words that follow an elision hyphen: "vredes- en veiligheidsprocessen".
_ELISION_WORDS = {"en", "of", "tot", "noch", "als", "dan", "en/of"}
_SALUTATION_RE = re.compile(r"^(Geachte|Hooggeachte|Beste|Zeer geachte)\b.*,$")
_VOWELS = set("aeiouyàáâäèéêëìíîïòóôöùúûü")


def placeholder(number: int) -> str:
    """The token that stands for the marker of footnote ``number`` in returned text."""
    return f"{MARK_OPEN}fn{number}{MARK_CLOSE}"


def pop_footnote_markers(text: str) -> tuple[str, list[int]]:
    """Remove placeholders from ``text``; return the clean text and the footnote numbers found
    (in order of appearance, without duplicates)."""
    numbers: list[int] = []
    for m in PLACEHOLDER_RE.finditer(text):
        n = int(m.group(1))
        if n not in numbers:
            numbers.append(n)
    return PLACEHOLDER_RE.sub("", text), numbers


def strip_footnote_markers(text: str) -> str:
    """``text`` without placeholders."""
    return PLACEHOLDER_RE.sub("", text)


def link_footnotes(
    footnotes: Iterable[Footnote], numbers: Iterable[int], context: str, key: Optional[str]
) -> None:
    """Set ``context``/``context_key`` on the footnotes with the given numbers (first wins:
    a footnote already linked keeps its link)."""
    wanted = set(numbers)
    for fn in footnotes:
        if fn.number in wanted and fn.context is None:
            fn.context = context
            fn.context_key = key


def detect_style(text: str) -> str:
    """``"word"``, ``"superscript"`` or ``"sdu"`` (the default, also for text without footnotes)."""
    if _WORD_REF_RE.search(text):
        return "word"
    if re.search(r"(?m)^\s*[" + _SUPERSCRIPTS + r"]+\s*\S", text):
        return "superscript"
    return "sdu"


def extract_footnotes(text: str, *, placeholders: bool = True) -> tuple[str, list[Footnote]]:
    """Cut the footnotes out of ``text``.

    Returns ``(text, footnotes)``: the text without footnote bodies, each marker replaced by
    :func:`placeholder` (or simply removed when ``placeholders`` is false), page breaks inside
    sentences joined; and the footnotes sorted by number (``page`` None, no context yet).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    style = detect_style(text)
    if style == "word":
        out, footnotes = _extract_word(text)
    else:
        out, footnotes = _extract_lines(text, style)
        out = join_page_breaks(out)
    footnotes.sort(key=lambda f: f.number)
    if not placeholders:
        out = strip_footnote_markers(out)
    return out, footnotes


# ---------------------------------------------------------------------------------------------
# Word export


def _extract_word(text: str) -> tuple[str, list[Footnote]]:
    footnotes: dict[int, Footnote] = {}
    parts: list[str] = []
    pos = 0
    while True:
        m = _WORD_BODY_START_RE.search(text, pos)
        if not m:
            break
        # find the matching closing bracket
        depth, i = 0, m.start(0) + m.group(0).index("[")
        end = -1
        while i < len(text):
            c = text[i]
            if c == "[":
                depth += 1
            elif c == "]":
                depth -= 1
                if depth == 0:
                    end = i
                    break
            i += 1
        if end < 0:
            break
        n = int(m.group(1))
        body = text[m.end(0):end]
        footnotes.setdefault(n, Footnote(number=n, text=_clean_footnote_text(body)))
        parts.append(text[pos:m.start(0)])
        pos = end + 1
    parts.append(text[pos:])
    out = "".join(parts)
    out = _WORD_REF_RE.sub(lambda m: placeholder(int(m.group(1))), out)
    # trailing blanks left where a body was cut off at a line end
    out = re.sub(r"[ \t]+\n", "\n", out)
    out = re.sub(r"[ \t]+$", "", out)
    return out, list(footnotes.values())


# ---------------------------------------------------------------------------------------------
# Line-based styles (SDU/PDF text and Unicode superscripts)


def _is_blank(line: str) -> bool:
    return not line.strip()


def _visible(line: str) -> str:
    return strip_footnote_markers(line).strip()


def _clean_footnote_text(s: str) -> str:
    s = _MD_LINK_RE.sub(r"\1", s)
    return re.sub(r"\s+", " ", s).strip()


def _ends_with_url(s: str) -> bool:
    return bool(_URL_TOKEN_RE.search(s.rstrip()))


def _is_url_continuation(prev: str, line: str) -> bool:
    """Does ``line`` continue the URL at the end of ``prev`` (a URL broken at the line end)?"""
    if line[:1].isspace() or not line.strip():
        return False
    first = line.split()[0]
    last = prev.rstrip().split()[-1]
    if last[-1:] in "-/=%&?_#~":
        return True
    return bool(re.search(r"[/%?=&#_]", first)) and not first.startswith(("http", "www."))


def _sdu_marker(lines: list[str], start: tuple[int, int], n: int):
    """The last plausible marker for footnote ``n`` in ``lines`` from ``start`` on, as
    ``(line_index, span_start, span_end)``, or None."""
    digits = str(n)
    pat = re.compile(r"(?<!\d)" + digits + r"(?!\d)")
    found = None
    for li in range(start[0], len(lines)):
        line = lines[li]
        off = start[1] if li == start[0] else 0
        for m in pat.finditer(line, off):
            p, q = m.start(), m.end()
            if p == 0:
                continue
            after = line[q] if q < len(line) else ""
            if after and not (after.isspace() or after in ".,;:)!?"):
                continue
            c = line[p - 1]
            if c.isalpha() or c in ")’”\"'»":
                found = (li, p, q)
            elif c in ".,;:!?" and not (p >= 2 and line[p - 2].isdigit()):
                found = (li, p, q)
            elif c == " " and p >= 2 and line[p - 2] == ")" and after in (".", ",", ";", ":"):
                found = (li, p - 1, q)  # "nr. 236) 3." -> the space goes with the marker
    return found


def _sup_marker(lines: list[str], start: tuple[int, int], n: int):
    sup = str(n).translate(_DIGIT_TO_SUP)
    pat = re.compile(r"(?<![" + _SUPERSCRIPTS + "])" + sup + r"(?![" + _SUPERSCRIPTS + "])")
    found = None
    for li in range(start[0], len(lines)):
        line = lines[li]
        off = start[1] if li == start[0] else 0
        for m in pat.finditer(line, off):
            if line[: m.start()].strip():  # not at the start of a line
                found = (li, m.start(), m.end())
    return found


def _extract_lines(text: str, style: str) -> tuple[str, list[Footnote]]:
    lines = text.split("\n")
    line_re = _SUP_LINE_RE if style == "superscript" else _SDU_LINE_RE
    find_marker = _sup_marker if style == "superscript" else _sdu_marker

    out: list[str] = []
    markers: list[tuple[int, int, int, int]] = []  # (out line, start, end, number)
    footnotes: list[Footnote] = []
    next_number = 1
    search_from = (0, 0)

    def number_of(m: re.Match) -> int:
        return int(m.group(1).translate(_SUP_TO_DIGIT))

    def try_footnote(i: int, in_block: bool):
        """If ``lines[i]`` opens the next footnote, return (number, first text, marker)."""
        nonlocal search_from
        m = line_re.match(lines[i])
        if not m:
            return None
        n = number_of(m)
        if style == "superscript":
            if n < next_number:
                return None
        elif n != next_number:
            return None
        if style == "sdu" and not in_block and i > 0 and not _is_blank(lines[i - 1]):
            return None
        marker = find_marker(out, search_from, n)
        if marker is None and style == "sdu":
            return None
        return n, m.group(2), marker

    def accept(n: int, marker) -> None:
        nonlocal next_number, search_from
        if marker is not None:
            li, s, e = marker
            markers.append((li, s, e, n))
            search_from = (li, e)
        next_number = n + 1

    def is_repeat_url(line: str) -> bool:
        m = _URL_ONLY_RE.match(line)
        if not m:
            return False
        head = m.group(1)[:25]
        return any(head in fn.text for fn in footnotes)

    i = 0
    while i < len(lines):
        hit = try_footnote(i, in_block=False)
        if hit is None:
            out.append(lines[i])
            i += 1
            continue
        # a footnote block starts here
        while hit is not None:
            n, first, marker = hit
            accept(n, marker)
            parts = [first]
            i += 1
            # continuation lines of this footnote
            while i < len(lines):
                line = lines[i]
                if _is_blank(line) or try_footnote(i, in_block=True) is not None:
                    break
                cur = parts[-1]
                if _ends_with_url(cur):
                    if _is_url_continuation(cur, line):
                        parts[-1] = cur.rstrip() + line.strip()
                        i += 1
                        continue
                    break
                if line[:1].isspace() or _URL_ONLY_RE.match(line) and is_repeat_url(line):
                    break
                parts.append(line.strip())
                i += 1
            footnotes.append(Footnote(number=n, text=_clean_footnote_text(join_lines(parts))))
            # what follows: another footnote, repeated URLs, blank lines, or the body again
            hit = None
            j = i
            while j < len(lines):
                if _is_blank(lines[j]) or is_repeat_url(lines[j]):
                    j += 1
                    continue
                hit = try_footnote(j, in_block=True)
                break
            if hit is not None:
                i = j
        # the block is over: lines[j] (if any) resumes the body
        while j < len(lines) and _is_blank(lines[j]):
            j += 1
        while out and _is_blank(out[-1]):
            out.pop()
        if j < len(lines) and out and not _should_join_after_block(out[-1], lines[j]):
            out.append("")
        i = j

    # put the placeholders in
    for li, s, e, n in sorted(markers, key=lambda t: (t[0], -t[1])):
        out[li] = out[li][:s] + placeholder(n) + out[li][e:]
    return "\n".join(out), footnotes


def _should_join_after_block(prev: str, nxt: str) -> bool:
    """After a footnote block: does ``nxt`` continue the sentence that ``prev`` broke off?"""
    p = _visible(prev)
    n = _visible(nxt)
    if not p or not n:
        return False
    if p[-1] in ".!?":
        return False
    if p[-1] in ":;":
        return n[0].islower()
    return True


def join_page_breaks(text: str) -> str:
    """Remove blank lines that split a sentence: the line before does not end with
    ``. ! ? : ;`` and the line after starts in lowercase."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _is_blank(line) and out and not _is_blank(out[-1]):
            j = i
            while j < len(lines) and _is_blank(lines[j]):
                j += 1
            if j < len(lines):
                p, n = _visible(out[-1]), _visible(lines[j])
                if (
                    p
                    and n
                    and p[-1] not in ".!?:;"
                    and n[0].islower()
                    and not _SALUTATION_RE.match(p)
                ):
                    i = j
                    continue
        out.append(line)
        i += 1
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Joining wrapped lines


def _closes_dash_aside(text: str) -> bool:
    """Does the hyphen at the end of ``text`` close an aside opened by a dash in the same
    sentence ("het Fund -waar Nederland aan bijdraagt-" + "schenken")?"""
    tail = re.split(r"[.!?]\s", text[:-1])[-1]
    openers = [w for w in re.findall(r"(\S+)\s-\w", tail) if w.lower() not in _ELISION_WORDS]
    closers = re.findall(r"\w-\s", tail)
    return len(openers) > len(closers)


def join_lines(lines: Iterable[str]) -> str:
    """Join the lines of one paragraph with single spaces, undoing word breaks at line ends.

    A line ending in ``-`` is joined without the hyphen only when it is a word break: a
    lowercase letter on both sides, no vowel clash (``diaspora-organisaties`` keeps its
    hyphen), the next word is not ``en``/``of``… (``vredes- en``), and the hyphen does not
    close an aside opened by a dash (``-waar … bijdraagt- schenken``). Otherwise a hyphen
    stays and the next line is glued to it (``VN-Veiligheidsraad``, ``gendernormen en
    -waarden``); a hyphen that was followed by a space in the source (``"vredes- "``) keeps
    the space.
    """
    result = ""
    spaced = False  # did the previous source line end with blanks?
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not result:
            result, spaced = line, raw != raw.rstrip()
            continue
        prev_raw = result
        prev_spaced, spaced = spaced, raw != raw.rstrip()
        if prev_raw.endswith("-") and prev_spaced:
            result = prev_raw + " " + line  # "vredes- " + "en"
        elif prev_raw.endswith("-") and len(prev_raw) >= 2:
            before = prev_raw[-2]
            first_word = re.split(r"[\s,.;:]", line, maxsplit=1)[0]
            if first_word.lower() in _ELISION_WORDS:
                result = prev_raw + " " + line
            elif (
                before.islower()
                and line[0].islower()
                and not (before in _VOWELS and line[0] in _VOWELS)
            ):
                if _closes_dash_aside(prev_raw):
                    result = prev_raw + " " + line
                else:
                    result = prev_raw[:-1] + line
            elif before.isspace() and not re.search(r"\b(?:en|of|tot)\s+-$", prev_raw):
                result = prev_raw + " " + line  # a dash: "weerstand - bewust"
            else:  # "VN-" + "Veiligheidsraad", "en -" + "waarden"
                result = prev_raw + line
        else:
            result = prev_raw + " " + line
    return re.sub(r"[ \t]{2,}", " ", result)
