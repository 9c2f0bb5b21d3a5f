"""Aanhangsel van de Handelingen (schriftelijke Kamervragen met antwoorden) from PDF lines.

``parse_aanhangsel(lines, pages)`` takes the lines of ``layout.read_pdf_lines`` and returns a
``ParsedDocument`` of kind ``"kamervragen"``; ``parse_aanhangsel_pdf(path)`` does both steps.
The function is pure: no database, no CLI, no citation extraction (the caller runs
``citations`` over question, answer, footnote and body texts).

What it reads (SDU/XPP layout, Tweede Kamer):

* page-1 header: "Vergaderjaar 2023–2024", the printed number ("1999") → ``id``
  ``ah-tk-20232024-1999``, ``number``, ``vergaderjaar`` "2023-2024" (the footer identifier is
  the fallback and is kept in ``extra["footer_id"]``);
* the heading "Vragen van de leden A (X), B en C (allen Y) aan de Minister van … over …
  (ingezonden 3 juni 2021)." → ``askers``, ``extra["addressee"]``, ``extra["subject"]``,
  ``extra["submitted"]``. ``title`` is always the whole heading sentence without the
  "(ingezonden …)" part;
* "Antwoord van Minister X (Ministerie), mede namens … (ontvangen 21 juni 2021). Zie ook …"
  or "Mededeling van …" → ``extra["minister"]`` ("Minister Koolmees"; two persons joined by
  " en "), ``extra["ministers"]`` (role, name, ministry), ``extra["mede_namens"]``,
  ``extra["received"]`` (= ``date``), ``extra["answer_kind"]`` ("antwoord"/"mededeling"),
  ``extra["zie_ook"]`` (as printed); a printed TK case number (2021Z09739) →
  ``extra["vraagnummer"]``;
* "Vraag N" / "Antwoord N" blocks, also grouped: "Vraag 9 en 10" gives two ``Question``
  objects with the same text and label "9 en 10"; "Antwoord 5 en 6" one ``Answer`` with
  numbers [5, 6] that both questions point to;
* a "Mededeling" block (no answers): ``extra["mededeling"]`` = {"text", "reason",
  "expected_delay"}.

The header text (heading, answer line, a Mededeling text) goes to ``body``.
"""

from __future__ import annotations

import re
from typing import Optional

from .layout import (
    join_lines,
    Line,
    paragraphs,
    read_pdf_lines,
    right_edge,
    separate_body,
    take_footnote_markers,
)
from .dates import dutch_date
from .model import Answer, Member, ParsedDocument, ParseError, Question

LABEL_RE = re.compile(r"^(?P<kind>Vraag|Antwoord)\s+(?P<label>\d+(?:\s*(?:,|en|&)?\s*\d+)*)\s*:?$")
MEDEDELING_LABEL_RE = re.compile(r"^Mededeling\s*:?$")
_VERGADERJAAR_RE = re.compile(r"Vergaderjaar\s+(\d{4})\s*[–—-]\s*(\d{4})", re.I)
_VRAAGNUMMER_RE = re.compile(r"\b(\d{4}Z\d{5})\b")
_HEADING_RE = re.compile(
    r"^Vragen van (?:de leden|het lid|lid|de leden)\s+(?P<askers>.+?)\s+aan\s+"
    r"(?P<addressee>(?:de|het)\s.+?)"
    r"(?:\s+over\s+(?P<subject>.+?))?"
    r"\s*\(ingezonden\s+(?P<date>[^)]*)\)\s*\.?\s*$",
    re.S,
)
_ANSWER_LINE_RE = re.compile(
    r"^(?P<kind>Antwoord|Mededeling)\s+van\s+(?P<who>.+?)\s*"
    r"\((?:ontvangen\s+)+(?P<date>[^)]*)\)\s*\.?\s*(?P<rest>.*)$",
    re.S,
)
_PERSON_RE = re.compile(
    r"(?P<role>Minister-president|Minister|Staatssecretaris)\s+(?P<name>[^()]+?)\s*"
    r"\((?P<ministry>[^()]*)\)"
)
_PARTY_GROUP_RE = re.compile(r"\(\s*(?:allen|beiden|beide)\s+(?P<party>[^()]+?)\s*\)\s*$", re.I)
_TUSSENVOEGSEL_GLUE = re.compile(r"\b(van|de|der|den|het|ter|ten|te|in|op)(?=[A-Z])")


def _canonical_party(name: str) -> Optional[str]:
    name = name.strip()
    try:  # written by another module; a tiny fallback keeps this parser usable alone
        from .parties import canonical_party
    except ImportError:  # pragma: no cover - depends on the tree
        canonical_party = None
    if canonical_party is not None:
        found = canonical_party(name)
        if found:
            return found
    return _LOCAL_PARTIES.get(name.lower(), name or None)


_LOCAL_PARTIES = {
    "groenlinks-pvda": "GroenLinks-PvdA",
    "gl-pvda": "GroenLinks-PvdA",
    "christenunie": "ChristenUnie",
    "pvdd": "PvdD",
    "pvda": "PvdA",
    "d66": "D66",
}


def _clean_name(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,")
    return _TUSSENVOEGSEL_GLUE.sub(r"\1 ", name)


def _split_outside_parens(text: str) -> list[str]:
    """Split "A (X), B (Y) en C (Z)" on ", " and " en " outside parentheses."""
    parts, depth, buf, i = [], 0, "", 0
    while i < len(text):
        ch = text[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if depth == 0:
            if ch == ",":
                parts.append(buf)
                buf = ""
                i += 1
                continue
            m = re.match(r"\s+en\s+", text[i:])
            if m and buf.strip():
                parts.append(buf)
                buf = ""
                i += m.end()
                continue
        buf += ch
        i += 1
    parts.append(buf)
    return [p.strip() for p in parts if p.strip()]


def parse_askers(text: str) -> list[Member]:
    """"Van Weyenberg, Romke de Jong en Kat (allen D66)" → three Members, all D66."""
    text = re.sub(r"\s+", " ", text).strip()
    common = None
    m = _PARTY_GROUP_RE.search(text)
    if m:
        common = _canonical_party(m["party"])
        text = text[: m.start()].strip()
    members = []
    for part in _split_outside_parens(text):
        pm = re.match(r"^(?P<name>.+?)\s*\((?P<party>[^()]+)\)$", part)
        if pm:
            members.append(Member(_clean_name(pm["name"]), _canonical_party(pm["party"])))
        else:
            members.append(Member(_clean_name(part), common))
    if common:
        for member in members:
            member.party = member.party or common
    return members


def _label_numbers(label: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", label)]


def _parse_answer_line(text: str) -> dict:
    out: dict = {}
    m = _ANSWER_LINE_RE.match(text)
    if not m:
        return out
    out["answer_kind"] = m["kind"].lower()
    out["received"] = dutch_date(m["date"])
    who = re.sub(r"\s+", " ", m["who"]).strip().rstrip(",")
    mede = None
    mm = re.search(r",?\s+mede namens\s+(.+)$", who)
    if mm:
        mede = mm.group(1).strip()
        who = who[: mm.start()].strip()
    persons = [
        {
            "role": p["role"],
            "name": _clean_name(p["name"]),
            "ministry": re.sub(r"\s+", " ", p["ministry"]).strip(),
        }
        for p in _PERSON_RE.finditer(who)
    ]
    out["ministers"] = persons
    out["minister"] = (
        " en ".join(f"{p['role']} {p['name']}" for p in persons) if persons else who or None
    )
    out["mede_namens"] = mede
    rest = m["rest"].strip()
    zm = re.match(r"^Zie ook\s+(?P<ref>.+?)\.?$", rest, re.S)
    if zm:
        out["zie_ook"] = re.sub(r"\s+", " ", zm["ref"]).strip()
    return out


_DELAY_RE = re.compile(
    r"\b(binnen (?:de )?(?:\w+ ){0,2}(?:weken|week|dagen|werkdagen|maanden|maand)"
    r"|uiterlijk (?:op |in )?\d{1,2} \w+(?: \d{4})?"
    r"|(?:na|voor|vóór) het (?:zomer|kerst|herfst|voorjaars|)reces"
    r"|zo spoedig mogelijk|zo snel mogelijk|op korte termijn)\b",
    re.I,
)
_REASON_RE = re.compile(
    r"\b(?:de reden (?:van|voor) (?:het )?uitstel is(?: dat)?|omdat|vanwege|in verband met|"
    r"wegens|doordat)\s+(?P<reason>[^.]+)",
    re.I,
)


def parse_mededeling(text: str) -> dict:
    """A Mededeling (notice instead of answers): why, and how long until the answers."""
    flat = re.sub(r"\s+", " ", text).strip()
    reason = None
    m = _REASON_RE.search(flat)
    if m:
        reason = m["reason"].strip()
    else:
        m = re.search(r"\b(?:zijn|worden|is|wordt)\s+(?P<r>(?:beantwoord|betrokken)\b[^.]*?)\.?$", flat)
        if m is None:
            m = re.search(r"\b(?:zijn|worden|is|wordt)\s+(?P<r>(?:beantwoord|betrokken)\b.*?\d{4})\.", flat)
        if m:
            reason = m["r"].strip()
    delay = None
    d = _DELAY_RE.search(flat)
    if d:
        delay = d.group(1)
    return {"text": flat, "reason": reason, "expected_delay": delay}


def parse_aanhangsel(lines: list[Line], pages: int) -> ParsedDocument:
    """Parse the lines of an Aanhangsel van de Handelingen PDF."""
    if not lines:
        raise ParseError("no text lines")
    body = separate_body(lines)
    lines, footnotes, furniture, vocab = body.lines, body.footnotes, body.furniture, body.vocab
    body_size = body.body_size
    fn_numbers = {f.number for f in footnotes}

    # ---- header: everything before the first block label
    first_label = next(
        (i for i, ln in enumerate(lines) if LABEL_RE.match(ln.text) or MEDEDELING_LABEL_RE.match(ln.text)),
        len(lines),
    )
    header, rest = lines[:first_label], lines[first_label:]
    vergaderjaar = None
    number = None
    kamer = "tk"
    heading_lines: list[Line] = []
    answer_lines: list[Line] = []
    target = None
    for ln in header:
        text = ln.text.strip()
        m = _VERGADERJAAR_RE.search(text)
        if m and vergaderjaar is None:
            vergaderjaar = f"{m[1]}-{m[2]}"
        if "Eerste Kamer" in text and ln.size > body_size * 1.5:
            kamer = "ek"
        if re.fullmatch(r"\d{1,5}", text) and body_size < ln.size < 3 * body_size and target is None:
            number = text
            continue
        if text.startswith("Vragen van"):
            target = heading_lines
        elif re.match(r"^(Antwoord|Mededeling)\s+van\b", text):
            target = answer_lines
        if target is not None:
            target.append(ln)
    if vergaderjaar is None:
        vergaderjaar = furniture.get("vergaderjaar")
    footer_id = furniture.get("id")
    if number is None and footer_id:
        number = footer_id.rsplit("-", 1)[-1]
    if number is None or vergaderjaar is None:
        raise ParseError("not an Aanhangsel van de Handelingen: no number or vergaderjaar found")
    doc_id = f"ah-{kamer}-{vergaderjaar.replace('-', '')}-{number}"

    heading = join_lines([ln.text for ln in heading_lines], vocab)
    answer_line = join_lines([ln.text for ln in answer_lines], vocab)
    heading, heading_markers = take_footnote_markers(heading, fn_numbers)
    answer_line, answer_markers = take_footnote_markers(answer_line, fn_numbers)

    extra: dict = {}
    askers: list[Member] = []
    title = None
    hm = _HEADING_RE.match(heading)
    if hm:
        askers = parse_askers(hm["askers"])
        extra["addressee"] = re.sub(r"\s+", " ", hm["addressee"]).strip()
        extra["subject"] = re.sub(r"\s+", " ", hm["subject"]).strip() if hm["subject"] else None
        extra["submitted"] = dutch_date(hm["date"])
        title = heading[: heading.rfind("(ingezonden")].strip()
    elif heading:
        title = heading.rstrip(".")
    extra.update(_parse_answer_line(answer_line))
    vn = _VRAAGNUMMER_RE.search(heading + " " + answer_line)
    if vn:
        extra["vraagnummer"] = vn.group(1)
    if footer_id:
        extra["footer_id"] = footer_id
    if furniture.get("page_numbers"):
        extra["printed_pages"] = dict(furniture["page_numbers"])

    # ---- blocks
    blocks: list[dict] = []
    for ln in rest:
        m = LABEL_RE.match(ln.text.strip())
        if m:
            blocks.append({"kind": m["kind"], "label": re.sub(r"\s+", " ", m["label"]), "page": ln.page, "lines": []})
            continue
        if MEDEDELING_LABEL_RE.match(ln.text.strip()):
            blocks.append({"kind": "Mededeling", "label": "", "page": ln.page, "lines": []})
            continue
        if blocks:
            blocks[-1]["lines"].append(ln)
    edge = right_edge([ln for ln in rest if ln.size == body_size]) if rest else 0.0

    fn_context: dict[int, tuple[str, Optional[str]]] = {}
    for n in heading_markers + answer_markers:
        fn_context.setdefault(n, ("body", None))
    body_parts = [p for p in (heading, answer_line) if p]
    party_set = {m.party for m in askers}
    q_party = party_set.pop() if len(party_set) == 1 else None

    questions: list[Question] = []
    answers: list[Answer] = []
    mededeling = None
    for block in blocks:
        text = "\n\n".join(paragraphs(block["lines"], edge, vocab))
        text, markers = take_footnote_markers(text, fn_numbers)
        if block["kind"] == "Vraag":
            numbers = _label_numbers(block["label"])
            for n in numbers:
                questions.append(
                    Question(
                        number=n,
                        label=block["label"],
                        text=text,
                        party=q_party,
                        page=block["page"],
                        members=[Member(m.name, m.party) for m in askers],
                    )
                )
            ctx = ("question", f"q{numbers[0]}")
        elif block["kind"] == "Antwoord":
            answer = Answer(label=block["label"], numbers=_label_numbers(block["label"]), text=text, page=block["page"])
            answers.append(answer)
            ctx = ("answer", answer.key)
        else:
            mededeling = parse_mededeling(text)
            mededeling["page"] = block["page"]
            body_parts.append(text)
            ctx = ("body", None)
        for n in markers:
            fn_context.setdefault(n, ctx)

    for q in questions:
        for a in answers:
            if q.number in a.numbers:
                q.answer_key = a.key
                break
    for f in footnotes:
        if f.number in fn_context:
            f.context, f.context_key = fn_context[f.number]
    if mededeling is not None:
        extra["mededeling"] = mededeling

    return ParsedDocument(
        id=doc_id,
        kind="kamervragen",
        source_file="",
        sha256="",
        title=title,
        date=extra.get("received"),
        number=number,
        vergaderjaar=vergaderjaar,
        pages=pages,
        body="\n\n".join(body_parts),
        questions=questions,
        answers=answers,
        footnotes=footnotes,
        askers=askers,
        extra=extra,
    )


def parse_aanhangsel_pdf(path) -> ParsedDocument:
    """Read a PDF and parse it; ``source_file`` and ``sha256`` are left for the caller."""
    lines, pages = read_pdf_lines(path)
    return parse_aanhangsel(lines, pages)
