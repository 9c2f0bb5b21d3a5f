"""Page furniture, footnotes and page-end hyphenation on pages of text lines, from any reader.

Every reader that knows pages (PDF, a text export with form feeds, a DOCX rendered to pages)
ends up with the same problem: the printed page carries lines that are not the document's
text (running heads and feet, page numbers) and footnote bodies at its foot, and a word can
be broken across the page end. This module solves it on plain data, ``pages``: one list of
text lines per page, top to bottom, so that no reader needs its own copy of the rules.

Entry point: :func:`separate_pages`::

    separated = separate_pages(pages)                 # pages: list[list[str]]
    separated.lines      # the body lines, pages concatenated, footnote markers replaced by
                         # parsers.footnotes.placeholder tokens ("\\ufff0fn3\\ufff1")
    separated.pages      # the 1-based page of each of those lines (None for a blank line)
    separated.footnotes  # Footnote(number, text, page); context is left to the caller
    separated.furniture  # [(page, text)] every line dropped as furniture, in order

Optional arguments carry what a reader knows beyond the text:

``footnote_starts``
    per page the index of the first line of its footnote area, or None; a PDF reader knows
    it from position and size (the trailing block in a smaller size, ``layout.split_footnotes``).
    Without it the area is found in the text (below).
``furniture``
    per page a set of line indices the reader already knows to be furniture.
``placeholders``
    False removes the markers instead of replacing them by placeholder tokens.
``vocab``
    the document's own words (``layout.document_vocabulary``), to tell a broken word
    ("participa-" + "tie") from a real compound ("NWO-" + "Talentprogramma").

The rules, none of them tied to a publisher's coordinates:

Furniture (:func:`furniture_lines`)
    Among the first and last few lines of each page, a line is furniture when the same line
    stands at the same end (head or foot) of other pages: either the very same text
    ("Tweede Kamer, vergaderjaar 2023–2024, 29 338, nr. 289"), or the same text in which
    one number follows the page number ("Pagina 3 van 17", "- 3 -", "3"). A bare page number
    or "Pagina N (van M)" is furniture on its own when N agrees with the page.
Footnotes in text (:func:`text_footnote_area`)
    The footnote area of a page is the trailing block that starts with a line "N text"
    (or "¹ text", "N) text", "[N] text") where N is the next footnote number of the document
    and a marker N stands in the body above it: digits glued to a word or to punctuation
    ("NWO1-programma's", "jl.3", "Kamerbrief.7", "2021?10"), to a year ("november 20231",
    "vanaf 2018.12") or a raised ¹. The lowest such line of the page opens the area (a body
    line "3 cent …" stands above it; "3." opens no footnote). Lines below it that open the
    following numbers start the next footnotes, other lines continue the current one; a text
    export may print several on one line ("15 Kamerstuk 26 485, nr. 380 16 Het …"), split
    where the next number stands alone and has its marker.
Page breaks
    Blank lines at the top and foot of a page go; a blank line stands between two pages
    unless the sentence runs on (the page does not end a sentence and the next one goes on
    in lower case), so that a consumer that reads paragraphs between blank lines sees a
    paragraph broken by a page as one.
Hyphenation across pages
    When the last body line of a page ends with a word broken by a hyphen and the first body
    line of the next page goes on in lower case, the rest of the word is moved up:
    "… participa-" / "tie van …" becomes "… participatie" / "van …".
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Optional, Sequence

from .footnotes import PLACEHOLDER_RE, placeholder
from .model import Footnote

__all__ = [
    "SeparatedPages",
    "furniture_lines",
    "join_hyphenated_page_ends",
    "separate_pages",
    "text_footnote_area",
]

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FROM_SUPER = str.maketrans(SUPERSCRIPTS, "0123456789")
_TO_SUPER = str.maketrans("0123456789", SUPERSCRIPTS)

# how many lines at each end of a page can be running heads/feet
EDGE_LINES = 3

_NUMBER_RE = re.compile(r"\d+")
_PAGE_ALONE_RE = re.compile(
    r"^(?:[-–—]\s*)?(?:(?:Pagina|Page|Blz\.?|Blad|p\.)\s*)?(?P<n>\d{1,4})"
    r"(?:\s*(?:van|/|of)\s*(?P<of>\d{1,4}))?(?:\s*[-–—])?$",
    re.I,
)
_FOOTNOTE_LINE_RE = re.compile(
    rf"^\s*(?:(?P<sup>[{SUPERSCRIPTS}]+)|\[(?P<br>\d{{1,3}})\]|(?P<par>\d{{1,3}})\)|(?P<num>\d{{1,3}})(?=\s))"
    r"\s*(?P<text>\S.*?)\s*$"
)
_HYPHENS = ("-", "\u00ad", "\u2010")


@dataclass
class SeparatedPages:
    """The result of :func:`separate_pages` (see the module doc)."""

    lines: list[str] = field(default_factory=list)
    pages: list[Optional[int]] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    furniture: list[tuple[int, str]] = field(default_factory=list)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def _edge_indices(page: Sequence[str], edge: int) -> tuple[list[int], list[int]]:
    filled = [i for i, t in enumerate(page) if t.strip()]
    return filled[:edge], filled[-edge:] if filled else []


def furniture_lines(pages: Sequence[Sequence[str]], edge: int = EDGE_LINES) -> list[set[int]]:
    """Per page, the indices of its running heads, feet and page numbers (module doc)."""
    n_pages = len(pages)
    found: list[set[int]] = [set() for _ in pages]
    # signature → {end: {page index: line index}}
    exact: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
    masked: dict[tuple[str, str], dict[int, tuple[int, list[int]]]] = defaultdict(dict)
    for p, page in enumerate(pages):
        heads, feet = _edge_indices(page, edge)
        for end, indices in (("head", heads), ("foot", feet)):
            for i in indices:
                text = _norm(page[i])
                exact[(end, text)].setdefault(p, i)
                numbers = [int(n) for n in _NUMBER_RE.findall(text)]
                if numbers:
                    masked[(end, _NUMBER_RE.sub("#", text))].setdefault(p, (i, numbers))
                m = _PAGE_ALONE_RE.match(page[i].strip())
                if m and _agrees_with_page(int(m["n"]), p, m["of"], n_pages):
                    found[p].add(i)
    need = max(2, (n_pages + 1) // 2)
    for where in exact.values():
        if len(where) >= need:
            for p, i in where.items():
                found[p].add(i)
    for where in masked.values():
        if len(where) < need:
            continue
        # one of the numbers runs with the page: number − page index is the same on most
        offsets: dict[tuple[int, int], set[int]] = defaultdict(set)
        for p, (_, numbers) in where.items():
            for k, n in enumerate(numbers):
                offsets[(k, n - p)].add(p)
        best = max(offsets.values(), key=len)
        if len(best) >= need:
            for p in best:
                found[p].add(where[p][0])
    return found


def _agrees_with_page(number: int, page_index: int, of: Optional[str], n_pages: int) -> bool:
    """A lone page number: the page's own number (or one off, for a cover page), never more
    than the total it names."""
    if of is not None and number > int(of):
        return False
    return number in (page_index + 1, page_index, page_index + 2) and number <= n_pages + 1


def _footnote_number(m: re.Match) -> int:
    if m["sup"]:
        return int(m["sup"].translate(_FROM_SUPER))
    return int(m["br"] or m["par"] or m["num"])


def _marker_re(n: int) -> re.Pattern:
    """A footnote marker ``n`` in body text: raised digits anywhere but at a line start, or
    plain digits glued to a letter, a closing bracket/quote or punctuation ("NWO1-programma's",
    "jl.3", "Kamerbrief.7"), followed by a space, punctuation, a hyphen or the line end."""
    sup = str(n).translate(_TO_SUPER)
    return re.compile(
        rf"(?<=\S)(?P<sup>(?<![{SUPERSCRIPTS}]){sup}(?![{SUPERSCRIPTS}]))"
        rf"|(?<=[^\W\d_]|[)’”\"'»])(?P<num>{n})(?=[\s.,;:!?)\-]|$)"
        rf"|(?<=[^\d\s][.,;:!?])(?P<num2>{n})(?=[\s)\-]|$)"
        # after a question or exclamation mark, whatever precedes it: "in 2018?10 Bent u"
        rf"|(?<=[?!])(?P<num4>{n})(?=[\s)\-]|$)"
        # glued to a year, as plain text prints a raised marker: "van 7 november 20231 heb"
        rf"|(?<=\b(?:19|20)\d\d)(?P<num3>{n})(?=[\s.,;:)]|$)"
        # or after the full stop that ends a sentence on a year: "vanaf 2018.12 Hierbij"
        rf"|(?<=\b(?:19|20)\d\d[.,;:])(?P<num5>{n})(?=[\s)]|$)"
    )


def _find_marker(body: list[list[str]], n: int, page: int, after: tuple[int, int, int]):
    """The marker of footnote ``n`` printed on ``page`` (else on an earlier page), after the
    previous marker ``after`` = (page, line, offset): (page, line, start, end) or None."""
    pattern = _marker_re(n)
    for p in [page] + list(range(page - 1, after[0] - 1, -1)):
        if p < after[0]:
            break
        for i, text in enumerate(body[p]):
            if (p, i) < after[:2]:
                continue
            start = after[2] if (p, i) == after[:2] else 0
            m = pattern.search(text, start)
            if m:
                return p, i, m.start(), m.end()
    return None


def text_footnote_area(
    page_lines: Sequence[str], expected: int, has_marker
) -> Optional[int]:
    """The index where the footnote area of a page starts, or None.

    ``expected`` is the document's next footnote number; ``has_marker(n, before)`` says
    whether the body above line ``before`` (and earlier pages) holds a marker for ``n``.
    """
    # from the foot up: a body line that happens to open with the number ("3 cent …") stands
    # above the footnote area, never below it
    for i in range(len(page_lines) - 1, 0, -1):
        text = page_lines[i]
        m = _FOOTNOTE_LINE_RE.match(text)
        if not m or _footnote_number(m) != expected:
            continue
        if not has_marker(expected, i):
            continue
        # the rest of the page must read as footnotes: no line opens a number out of order
        # further down (a numbered list in the body would)
        nxt = expected + 1
        ok = True
        for t in page_lines[i + 1 :]:
            m2 = _FOOTNOTE_LINE_RE.match(t)
            if m2 and m2["num"] is None:
                k = _footnote_number(m2)
                if k == nxt:
                    nxt += 1
                elif k < nxt:
                    ok = False
                    break
        if ok:
            return i
    return None


def join_hyphenated_page_ends(
    lines: list[str], pages: list[Optional[int]], vocab: Optional[set[str]] = None
) -> None:
    """Move the rest of a word broken at a page end up to the line that breaks it (in place)."""
    from .layout import join_pair

    for k in range(len(lines) - 1, 0, -1):
        j = k - 1
        while j >= 0 and not lines[j].strip():
            j -= 1
        if j < 0 or pages[j] is None or pages[k] is None or pages[j] == pages[k]:
            continue
        left, right = lines[j].rstrip(), lines[k].strip()
        if not left.endswith(_HYPHENS) or not left[-2:-1].isalnum() or not right[:1].islower():
            continue
        word, _, rest = right.partition(" ")
        lines[j] = join_pair(left, word, vocab)
        lines[k] = rest
        # the broken word is whole again: blank lines between its halves go, and so does
        # a line that held only its rest
        drop = list(range(j + 1, k)) + ([] if rest else [k])
        for d in reversed(drop):
            del lines[d]
            del pages[d]


def separate_pages(
    pages: Sequence[Sequence[str]],
    footnote_starts: Optional[Sequence[Optional[int]]] = None,
    furniture: Optional[Sequence[set[int]]] = None,
    placeholders: bool = True,
    vocab: Optional[set[str]] = None,
) -> SeparatedPages:
    """Body lines, footnotes and furniture of a document given as pages of text lines.

    See the module doc for the arguments and rules. Stable interface: readers of every
    format call it.
    """
    result = SeparatedPages()
    found = furniture_lines(pages)
    if furniture is not None:
        for p, known in enumerate(furniture):
            found[p] |= set(known)
    # body lines per page (furniture out) and the footnote lines after them
    body: list[list[str]] = []
    notes_per_page: list[list[str]] = []
    expected = 1
    last_marker = (0, 0, 0)
    markers: list[tuple[int, int, int, int, int]] = []  # page, line, start, end, number
    for p, page in enumerate(pages):
        kept = [t for i, t in enumerate(page) if i not in found[p]]
        result.furniture.extend((p + 1, t) for i, t in enumerate(page) if i in found[p])
        body.append(kept)
        start = None
        if footnote_starts is not None and footnote_starts[p] is not None:
            # the reader's index counts furniture lines too
            start = sum(1 for i in range(footnote_starts[p]) if i not in found[p])
        else:
            def has_marker(n: int, before: int, p=p) -> bool:
                saved = body[p]
                body[p] = saved[:before]
                try:
                    return _find_marker(body, n, p, last_marker) is not None
                finally:
                    body[p] = saved

            start = text_footnote_area(kept, expected, has_marker)
        if start is None:
            notes_per_page.append([])
            continue
        body[p], area = kept[:start], kept[start:]
        notes_per_page.append(area)
        # the footnotes of this page and their markers
        current: Optional[Footnote] = None
        for t in area:
            m = _FOOTNOTE_LINE_RE.match(t)
            n = _footnote_number(m) if m else None
            if m and (n == expected or (m["num"] is None and n > expected and current is None)):
                current = None
                pieces = [(n, m["text"].strip())]
            elif current is not None:
                current.text = _join(current.text, t)
                pieces = []
            else:
                pieces = None
            if pieces is not None:
                # a text export may print two footnotes on one line: "15 Kamerstuk … 16 Het …"
                def marked(k: int, p=p) -> bool:
                    return _find_marker(body, k, p, last_marker) is not None

                if current is not None:
                    pieces = _footnotes_on_line(current.number, current.text, marked)
                    current.text = pieces[0][1]
                    pieces = pieces[1:]
                else:
                    pieces = _footnotes_on_line(pieces[0][0], pieces[0][1], marked)
                for n, text in pieces:
                    current = Footnote(number=n, text=text, page=p + 1)
                    result.footnotes.append(current)
                    expected = n + 1
                    hit = _find_marker(body, n, p, last_marker)
                    if hit:
                        markers.append((*hit, n))
                        last_marker = (hit[0], hit[1], hit[3])
                continue
            if t.strip():
                body[p].append(t)
    # markers → placeholders (right to left within a line)
    for p, i, s, e, n in sorted(markers, key=lambda m: (m[0], m[1], -m[2])):
        text = body[p][i]
        body[p][i] = text[:s] + (placeholder(n) if placeholders else "") + text[e:]
    for p, kept in enumerate(body):
        while kept and not kept[-1].strip():
            kept.pop()
        while kept and not kept[0].strip():
            kept.pop(0)
        if not kept:
            continue
        if result.lines and not _runs_on(result.lines[-1], kept[0]):
            result.lines.append("")  # the page break is a paragraph break
            result.pages.append(None)
        for t in kept:
            result.lines.append(t)
            result.pages.append(p + 1 if t.strip() else None)
    join_hyphenated_page_ends(result.lines, result.pages, vocab)
    return result


def _runs_on(last: str, first: str) -> bool:
    """Does the sentence at the end of a page go on at the top of the next one? Only when
    it does not end a sentence and the next page goes on in lower case."""
    last = PLACEHOLDER_RE.sub("", last).rstrip()
    first = first.lstrip()
    return bool(last) and last[-1] not in ".!?:;" and first[:1].islower()


def _footnotes_on_line(number: int, text: str, has_marker) -> list[tuple[int, str]]:
    """Footnote ``number`` and those that follow it on the same line, as a text export may
    print them ("15 Kamerstuk 26 485, nr. 380 16 Het …"): the next number standing alone,
    when the body holds a marker for it (``has_marker(n)``)."""
    found = [(number, text)]
    while True:
        n, rest = found[-1]
        m = re.search(rf"\s{n + 1}\s+(?=\S)", rest)
        if not m or not has_marker(n + 1):
            return found
        found[-1] = (n, rest[: m.start()].strip())
        found.append((n + 1, rest[m.end():].strip()))


def _join(left: str, right: str) -> str:
    from .layout import join_pair

    return join_pair(left, right)
