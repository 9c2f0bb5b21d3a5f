"""Indicator tables of progress reports (the NAP 1325 annex) → ``Indicator`` rows.

The annex to a progress report of the Nationaal Actieplan 1325 is a table per ministry and
pillar: "Ministerie van Buitenlandse Zaken", "PARTICIPATIE Indicatoren MinBZ", then rows of
three cells: the goal ("Strategisch doel 1: Meer vrouwen in …" or "Subdoel 1.1: …"), the
indicator ("Aantal Nederlandse militaire, politie- en civiele missies …") and the progress
over the year. Some ministries (Defensie, Justitie en Veiligheid) leave out the indicator
column; they then name indicators inside the progress text ("Indicator: …", "Indicatoren en
bestaande rapportageverplichtingen: …").

Two steps, so that any source of table rows gives the same result:

1. rows: ``table_rows_from_text(text)`` (a text export of the table) or
   ``table_rows_from_cells(rows)`` (rows of cells, e.g. pdfplumber's
   ``page.extract_tables()``) give a list of ``Marker`` (ministry or pillar headings) and
   ``TableRow`` (cells: goal, indicator, progress);
2. ``build_indicators(items)`` turns those into ``Indicator`` objects: the ministry and
   pillar of the last headings, the strategic goal and sub-goal the row stands under (an
   empty goal cell continues the goal above it, as a merged cell does), the indicator and
   progress texts tidied, and inline "Indicator: …" paragraphs of a two-column table split
   off. A row with neither indicator nor progress only sets the goal.

One ``Indicator`` per table row: an indicator cell that holds two indicators in one cell
(they share one progress text) stays one row, its paragraphs separated by a blank line.

Reading the text export

A text export lists a table row cell by cell (goal, indicator, progress), so the columns
follow each other; a row that runs over a page break continues after the page break, again
cell by cell, with the parts of the cells that did not fit. What the text gives to go on:

* line width: the narrow goal and indicator columns against the wide progress column. The
  width of the narrow columns is measured per ministry section from the goal texts (the text
  after each "Strategisch doel"/"Subdoel" label, which is always a goal cell); a block of lines
  with a line longer than 1.25 × that width is progress text;
* a line without a trailing space continues its word on the next line ("besluitvormingsproce"
  + "ssen", "Vredesoverleg of -" + "onderhandelingen"); with a trailing space the word ended;
* a line that starts with a space inside progress text starts a new piece of text (after a
  page break: the continuation of a goal or indicator cell);
* after progress text, a block of narrow text is a new row when the progress ended a sentence
  and the block starts with a capital; it continues the row (after a page break) when the
  progress stopped mid-sentence or the block starts in lower case. Of such continuation
  pieces, the first goes to the goal cell when the row has a goal and there are two or more,
  the others to the indicator cell. Once continuation pieces have started, only a block that
  starts like an indicator ("Aantal …", "Voorbeelden …", "Best practices …", "Totale …")
  starts a new row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Optional, Union

from .layout import join_lines
from .model import Indicator

# --------------------------------------------------------------------------- items


@dataclass
class Marker:
    """A heading row: ``kind`` "ministry" or "pillar"."""

    kind: str
    text: str
    columns: int = 3  # pillar tables with an indicator column have 3


@dataclass
class TableRow:
    cells: list[str]  # goal, indicator, progress (a two-column row: goal, "", progress)
    page: Optional[int] = None


Item = Union[Marker, TableRow]

# --------------------------------------------------------------------------- patterns

PILLARS = ("PARTICIPATIE", "PREVENTIE", "BESCHERMING", "NOODHULP", "MAINSTREAMING")
_MINISTRY_RE = re.compile(r"^Ministerie van\s+(?P<name>\S.*?)\s*$")
_PILLAR_RE = re.compile(rf"^(?P<name>(?:{'|'.join(PILLARS)})\b[A-Z ,]*?)\s*(?P<rest>\b(?:Indicatoren|Min)\S*.*)?$")
_PILLAR_CONT_RE = re.compile(r"^(?:WEDEROPBOUW|EN HERSTEL|HERSTEL)\b[A-Z ,]*$")
_PILLAR_TAIL_RE = re.compile(r"^(?:Indicatoren\s+)?Min[A-Za-z]+$")
_GOAL_RE = re.compile(r"^(?:Strategisch|Stategisch)\s+doel\s+(?P<n>\d+)\s*:?\s*(?P<rest>.*)$")
_SUBGOAL_RE = re.compile(r"^Subdoel\s+(?P<n>\d+(?:\.\d+)?)\s*:?\s*(?P<rest>.*)$")
_PAGE_NUMBER_RE = re.compile(r"^\d{1,3}$")
_LABEL_RE = re.compile(r"^[A-Z][a-z]+:$")  # "Extern:", "Intern:" at the top of progress text
_NO_VALUE_RE = re.compile(r"^(?:n/?a|n\.v\.t\.?|nvt|[-–—])$", re.I)
INDICATOR_START_RE = re.compile(
    r"^\(?(?:Aantal|Voorbeelden|Best practices|Totale|Percentage|Mate\b|Omvang|Het aantal)"
)
_INLINE_INDICATOR_RE = re.compile(
    r"^(?:Indicator(?:en)?(?:\s+en\s+bestaande\s+rapportageverplichtingen)?)\s*:\s*"
)
_COLUMN_HEADINGS = {
    "doel", "doelen", "subdoel", "doel/subdoel", "doel / subdoel", "strategisch doel",
    "indicator", "indicatoren", "voortgang", "voortgang 2021", "resultaat", "resultaten",
}
_COMPLETE_END = tuple(".!?)”’\"")
_BULLETS = "•·▪◦\uf0b7"


def _is_header(text: str) -> bool:
    return bool(_GOAL_RE.match(text) or _SUBGOAL_RE.match(text))


def _complete(text: str) -> bool:
    return text.rstrip().endswith(_COMPLETE_END)


def _starts_lower(text: str) -> bool:
    t = text.lstrip()
    return bool(t) and not t[0].isupper()


# --------------------------------------------------------------------------- cell text


@dataclass
class _Line:
    text: str  # without surrounding spaces
    lead: bool  # started with a space
    glued: bool  # no trailing space: the word continues on the next line


def _join(lines: list[_Line], paragraphs: bool = False) -> str:
    """Wrapped lines of one piece of a cell → text; a bullet ("•", or "-" after a colon or
    before a capital) starts a line of its own. With ``paragraphs`` (progress text, set
    ragged right) a line shorter than 70 % of the widest that is followed by a capital ended
    its paragraph: the next word would have fitted on it."""
    out = ""
    prev: Optional[_Line] = None
    width = max((len(ln.text) for ln in lines), default=0)
    for ln in lines:
        text = ln.text
        if text[:1] in _BULLETS:
            text = "•" + text[1:]
        if prev is None:
            out = text
        elif text.startswith("•") or (
            re.match(r"^-\s?\S", text)
            and (out.rstrip().endswith((":", ";", ".")) or re.match(r"^-\s?[A-Z]", text))
        ):
            out = out.rstrip() + "\n" + text
        elif prev.glued:
            out += text
        elif (
            paragraphs
            and len(prev.text) < 0.7 * width
            and re.match(r"[A-Z0-9‘“\"(]", text)
        ):
            out = out.rstrip() + "\n\n" + text
        else:
            out += " " + text
        prev = ln
    return re.sub(r"[ \t]+", " ", out).strip()


def tidy_cell(pieces: Iterable[str]) -> str:
    """Pieces of one cell → its text. A piece that goes on with the sentence of the piece
    before (that one ends without a full stop, and this one starts in lower case or with
    "(", or the one before left a parenthesis open) is joined with a space: a page break
    cut it. A list item goes on a new line; other pieces are paragraphs, separated by a
    blank line."""
    out = ""
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        last = out.rstrip()
        if not out:
            out = piece
        elif piece.startswith(("•", "- ")):
            out = last + "\n" + piece
        elif not last.endswith((".", "!", "?", ":", ";")) and (
            piece[0].islower() or piece[0] == "(" or last.count("(") > last.count(")")
        ):
            out = last + " " + piece
        else:
            out = last + "\n\n" + piece
    return out


# --------------------------------------------------------------------------- text → rows


def _lines(text: str) -> list[Optional[_Line]]:
    """None for a blank line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").lstrip("\ufeff")
    out: list[Optional[_Line]] = []
    for raw in text.split("\n"):
        if not raw.strip():
            out.append(None)
            continue
        out.append(_Line(raw.strip(), raw[:1].isspace(), not raw[-1:].isspace()))
    return out


@dataclass
class _Seg:
    lines: list[_Line]
    wide: bool = False

    @property
    def text(self) -> str:
        return _join(self.lines, paragraphs=self.wide)

    @property
    def first(self) -> _Line:
        return self.lines[0]


def _narrow_width(lines: list[Optional[_Line]]) -> float:
    """The widest line of the goal texts (the block after each goal label)."""
    widths: list[int] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        if ln is not None and _is_header(ln.text):
            rest = (_GOAL_RE.match(ln.text) or _SUBGOAL_RE.match(ln.text))["rest"]
            j = i + 1
            if not rest:
                while j < len(lines) and lines[j] is None:
                    j += 1
            while j < len(lines) and lines[j] is not None and not _is_header(lines[j].text):
                widths.append(len(lines[j].text))
                j += 1
            i = j
            continue
        i += 1
    return float(max(widths)) if widths else 40.0


def _sections(lines: list[Optional[_Line]]) -> list[tuple[Optional[str], list[Optional[_Line]]]]:
    """Split at "Ministerie van …" lines (text before the first is dropped)."""
    out: list[tuple[Optional[str], list[Optional[_Line]]]] = []
    for ln in lines:
        if ln is not None and _MINISTRY_RE.match(ln.text) and len(ln.text) < 80:
            out.append((_MINISTRY_RE.match(ln.text)["name"], []))
            continue
        if out:
            out[-1][1].append(ln)
    return out


def table_rows_from_text(text: str) -> list[Item]:
    """Markers and table rows from a text export of the indicator table."""
    items: list[Item] = []
    for ministry, lines in _sections(_lines(text)):
        items.append(Marker("ministry", ministry))
        items.extend(_section_rows(lines))
    return items


def _section_rows(lines: list[Optional[_Line]]) -> list[Item]:
    limit = 1.25 * _narrow_width(lines)
    items: list[Item] = []
    reader = _RowReader(items, limit)
    block: list[_Line] = []

    def flush_block():
        if block:
            for seg in _segments(block, limit):
                reader.segment(seg)
            block.clear()

    i = 0
    while i < len(lines):
        ln = lines[i]
        i += 1
        if ln is None:
            if block and block[-1].glued:
                continue  # "Vredesoverleg of -" ⏎⏎ "onderhandelingen": one cell
            flush_block()
            continue
        text = ln.text
        if _PAGE_NUMBER_RE.match(text) or re.fullmatch(r"[+*]", text):
            continue
        m = _PILLAR_RE.match(text)
        if m and text.split()[0].rstrip(",") in PILLARS:
            flush_block()
            name = m["name"].strip()
            rest = m["rest"] or ""
            while i < len(lines) and lines[i] is not None and _PILLAR_CONT_RE.match(lines[i].text):
                name += " " + lines[i].text.strip()
                i += 1
            reader.pillar(_pillar_name(name), 3 if "Indicatoren" in rest else 2)
            continue
        if _PILLAR_TAIL_RE.match(text) and reader.just_had_pillar():
            # "Indicatoren MinBZ" / "MinDef" on a line of its own below the pillar
            reader.pillar_columns(3 if "Indicatoren" in text else 2)
            continue
        if _is_header(text):
            flush_block()
            m = _GOAL_RE.match(text) or _SUBGOAL_RE.match(text)
            label = (
                f"Strategisch doel {m['n']}:" if m.re is _GOAL_RE else f"Subdoel {m['n']}:"
            )
            rest = [_Line(m["rest"], False, ln.glued)] if m["rest"] else []
            while i < len(lines) and lines[i] is not None and not _is_header(lines[i].text):
                rest.append(lines[i])
                i += 1
            reader.header(label, rest)
            continue
        block.append(ln)
    flush_block()
    reader.finish()
    return items


def _pillar_name(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,")
    return name[:1] + name[1:].lower()


def _segments(block: list[_Line], limit: float) -> list[_Seg]:
    """Split a block of lines into narrow and wide pieces.

    A block is wide (progress text) when a line in it is longer than ``limit``; inside wide
    text, a narrow line that starts with a space starts a narrow piece (a cell continued
    after a page break); a label such as "Extern:" is a wide piece of its own; "n/a" is a
    progress value."""
    segs: list[_Seg] = []
    cur: list[_Line] = []
    cur_wide = False
    for ln in block:
        wide = len(ln.text) > limit
        if not cur:
            cur, cur_wide = [ln], wide or bool(_LABEL_RE.match(ln.text))
            if _LABEL_RE.match(ln.text):
                segs.append(_Seg(cur, True))
                cur, cur_wide = [], False
            continue
        if cur_wide and not wide and ln.lead and not cur[-1].glued:
            segs.append(_Seg(cur, True))
            cur, cur_wide = [ln], False
            continue
        cur.append(ln)
        cur_wide = cur_wide or wide
    if cur:
        segs.append(_Seg(cur, cur_wide))
    for seg in segs:
        if len(seg.lines) == 1 and _NO_VALUE_RE.match(seg.first.text):
            seg.wide = True
    return segs


@dataclass
class _Row:
    goal: list[str] = field(default_factory=list)
    indicator: list[str] = field(default_factory=list)
    progress: list[str] = field(default_factory=list)
    header: bool = False
    goal_text: bool = False  # the goal cell has text besides its label
    seen_progress: bool = False


class _RowReader:
    """The state machine that assigns pieces of text to cells (see the module docstring)."""

    def __init__(self, items: list[Item], limit: float):
        self.items = items
        self.limit = limit  # longest line of the narrow columns
        self.columns = 3
        self.row: Optional[_Row] = None
        self.pending: list[str] = []
        self.last_complete = True
        self.last_wide = False

    # -- headings
    def just_had_pillar(self) -> bool:
        return bool(self.items) and isinstance(self.items[-1], Marker) and self.items[-1].kind == "pillar"

    def pillar(self, name: str, columns: int) -> None:
        self._close()
        self.columns = columns
        self.items.append(Marker("pillar", name, columns))

    def pillar_columns(self, columns: int) -> None:
        self.columns = columns
        self.items[-1].columns = columns

    def header(self, label: str, rest: list[_Line]) -> None:
        self._close()
        self.row = _Row(goal=[label], header=True)
        if rest:
            if self.columns == 2:
                self.row.goal.append(_join(rest))
                self.row.goal_text = True
            else:
                self.row.indicator.append(_join(rest))
        self.last_complete, self.last_wide = True, False

    # -- text
    def segment(self, seg: _Seg) -> None:
        if self.row is None:
            self.row = _Row()
        if seg.wide:
            # "Aantal humanitaire" ⏎ progress…: an indicator line at the top of progress text
            # right after complete progress starts a new row
            first = seg.first
            if (
                self.columns == 3
                and self.last_wide
                and self.last_complete
                and not self.pending
                and len(seg.lines) > 1
                and not first.lead
                and len(first.text) <= self.limit
                and not first.text.endswith(":")
                and INDICATOR_START_RE.match(first.text)
            ):
                self.segment(_Seg([first], False))
                seg = _Seg(seg.lines[1:], True)
            self._progress(seg.text)
            return
        self._narrow(seg.text)

    def _narrow(self, text: str) -> None:
        row = self.row
        if self.columns == 2:
            row.goal.append(text)
            row.goal_text = True
        elif not row.seen_progress:
            if row.header and not row.goal_text and not row.indicator:
                row.goal.append(text)
                row.goal_text = True
            else:
                row.indicator.append(text)
        elif self.pending or not self.last_complete or _starts_lower(text):
            if self.pending and self.last_complete and INDICATOR_START_RE.match(text):
                self._assign_pending()
                self._new_row(text)
            else:
                self.pending.append(text)
        else:
            self._new_row(text)
        self.last_wide = False

    def _progress(self, text: str) -> None:
        self._assign_pending()
        self.row.progress.append(text)
        self.row.seen_progress = True
        self.last_complete = _complete(text)
        self.last_wide = True

    def _new_row(self, indicator: str) -> None:
        self._close()
        self.row = _Row(indicator=[indicator])

    def _assign_pending(self) -> None:
        if not self.pending:
            return
        row = self.row
        pieces = self.pending
        self.pending = []
        if row.header and len(pieces) >= 2:
            row.goal.append(pieces[0])
            row.goal_text = True
            pieces = pieces[1:]
        row.indicator.extend(pieces)

    def _close(self) -> None:
        if self.row is None:
            return
        self._assign_pending()
        row = self.row
        self.items.append(
            TableRow([tidy_cell(row.goal), tidy_cell(row.indicator), tidy_cell(row.progress)])
        )
        self.row = None

    def finish(self) -> None:
        self._close()


# --------------------------------------------------------------------------- cells → rows


def table_rows_from_cells(rows: Iterable[list[Optional[str]]], page: Optional[int] = None) -> list[Item]:
    """Markers and table rows from rows of cells (pdfplumber ``extract_tables()`` rows:
    ``None`` for an empty or merged cell, lines separated by "\\n").

    A row with a single filled cell that reads "Ministerie van …" or a pillar heading is a
    ``Marker``; the table's own heading row ("Doel", "Indicator", "Voortgang") is skipped.
    A row split by a page break comes as two rows: a row whose goal cell is no goal label
    continues the row before it when that row's progress stopped mid-sentence or its own
    first filled cell starts in lower case."""
    items: list[Item] = []
    for cells in rows:
        cells = [_cell_text(c) for c in cells]
        filled = [c for c in cells if c]
        if not filled:
            continue
        if all(c.lower().rstrip(":") in _COLUMN_HEADINGS for c in filled):
            continue
        if len(filled) == 1:
            only = filled[0].split("\n")[0]
            m = _MINISTRY_RE.match(only)
            if m:
                items.append(Marker("ministry", m["name"]))
                continue
            if only.split()[0].rstrip(",") in PILLARS:
                name = re.sub(r"\b(?:Indicatoren\s+)?Min\w+\b", "", filled[0].replace("\n", " "))
                items.append(Marker("pillar", _pillar_name(name), 3 if "Indicatoren" in filled[0] else 2))
                continue
        if len(cells) == 2:
            cells = [cells[0], "", cells[1]]
        cells = (cells + ["", "", ""])[:3]
        prev = items[-1] if items and isinstance(items[-1], TableRow) else None
        if (
            prev is not None
            and not _is_header(cells[0])
            and ((prev.cells[2] and not _complete(prev.cells[2])) or filled[0][:1].islower())
        ):
            prev.cells = [tidy_cell([a, b]) for a, b in zip(prev.cells, cells)]
            continue
        items.append(TableRow(cells, page))
    return items


def _cell_text(cell: Optional[str]) -> str:
    """A PDF cell's lines joined (``layout.join_lines``: "rand-" + "voorwaarden" →
    "randvoorwaarden", "VN-" + "resoluties" stays); a bullet starts a line of its own."""
    if not cell:
        return ""
    items: list[list[str]] = []
    for raw in cell.split("\n"):
        text = raw.strip()
        if not text:
            continue
        if text[:1] in _BULLETS:
            text = "•" + text[1:]
        if not items or text.startswith("•"):
            items.append([text])
        else:
            items[-1].append(text)
    return "\n".join(join_lines(item) for item in items)


# --------------------------------------------------------------------------- rows → indicators


def build_indicators(items: Iterable[Item]) -> list[Indicator]:
    """``Indicator`` objects from markers and table rows (see the module docstring)."""
    out: list[Indicator] = []
    ministry = pillar = goal = subgoal = None
    for item in items:
        if isinstance(item, Marker):
            if item.kind == "ministry":
                ministry, pillar, goal, subgoal = item.text, None, None, None
            else:
                pillar, goal, subgoal = item.text, None, None
            continue
        goal_cell, indicator, progress = (list(item.cells) + ["", "", ""])[:3]
        goal_cell = _flat(goal_cell)
        if _GOAL_RE.match(goal_cell):
            goal, subgoal = goal_cell, None
        elif _SUBGOAL_RE.match(goal_cell):
            subgoal = goal_cell
        elif goal_cell:
            # a goal cell without its label continues the goal above it
            if subgoal:
                subgoal = f"{subgoal} {goal_cell}"
            elif goal:
                goal = f"{goal} {goal_cell}"
            else:
                goal = goal_cell
        for ind, prog in _indicator_pairs(indicator, progress):
            if not ind and not prog:
                continue
            out.append(
                Indicator(
                    ministry=ministry,
                    pillar=pillar,
                    goal=goal,
                    subgoal=subgoal,
                    indicator=ind,
                    progress=prog,
                    page=item.page,
                )
            )
    return out


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _indicator_pairs(indicator: str, progress: str) -> list[tuple[str, str]]:
    """[(indicator, progress)]: without an indicator cell, paragraphs of the progress that
    start with "Indicator: …" name the indicator of the text after them (up to the end of
    the sentence that names it)."""
    if indicator or not progress:
        return [(indicator, progress)]
    paragraphs = progress.split("\n\n")
    if not any(_INLINE_INDICATOR_RE.match(p) for p in paragraphs):
        return [("", progress)]
    pairs: list[tuple[str, list[str]]] = []
    for para in paragraphs:
        m = _INLINE_INDICATOR_RE.match(para)
        if m:
            rest = para[m.end():]
            end = re.search(r"\.(?:\s+(?=[A-Z])|$)", rest)
            name, after = (rest[: end.start() + 1], rest[end.end():]) if end else (rest, "")
            pairs.append((name.strip(), [after.strip()] if after.strip() else []))
        elif pairs:
            pairs[-1][1].append(para)
        else:
            pairs.append(("", [para]))
    return [(name, "\n\n".join(texts)) for name, texts in pairs]


def parse_indicator_text(text: str) -> list[Indicator]:
    """All indicators of an indicator table given as text (empty when there is none)."""
    if not (re.search(r"^\s*(?:Strategisch|Stategisch)\s+doel\s+\d", text, re.M) and "Indicatoren" in text):
        return []
    return build_indicators(table_rows_from_text(text))
