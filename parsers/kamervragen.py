"""Written Kamervragen with their answers (kind ``kamervragen``): the one structure parser.

``parse_kamervragen(model)`` reads a ``readers.DocumentModel``, whichever reader made it: the
Aanhangsel van de Handelingen as PDF (``aanhangsel.parse_aanhangsel``) or as a text export,
a ministry's answer letter as Word file, PDF or text. Every rule below lives here once.

**Header** (everything before the first "Vraag"/"Antwoord"/"Mededeling" label):

* the official id: "Vergaderjaar 2023–2024" and the Aanhangsel number printed on its own line
  (in a PDF larger than the body text; in text after "Aanhangsel"), else the identifier in
  the page furniture or printed anywhere ("ah-tk-20232024-1786") → ``id``, ``number``,
  ``vergaderjaar``;
* the heading "Vragen van de leden A (X), B en C (allen Y) aan de Minister van … over …
  (ingezonden 3 juni 2021)." → ``askers``, ``title``, ``extra["addressee"]``,
  ``extra["subject"]``, ``extra["submitted"]``;
* the answer line "Antwoord van Minister X (Ministerie), mede namens … (ontvangen 21 juni
  2021). Zie ook …" or "Mededeling van …", also wrapped over several lines →
  ``extra["minister"]`` ("Minister X"), ``extra["ministers"]`` (role, name, ministry),
  ``extra["ministry"]``, ``extra["mede_namens"]``, ``extra["received"]`` (= ``date``),
  ``extra["answer_kind"]``, ``extra["zie_ook"]``;
* an answer letter: "Antwoorden van de minister van Justitie en Veiligheid [mede namens …] op
  Kamervragen van de leden Temmink en Van Nispen (beiden SP) … over …" → ``title``,
  ``askers``, the minister's ministry; the covering letter "In antwoord op uw brief van 6
  december 2023, nr. 2023Z19677, deel ik u mede …" and its signature ("De minister van …" /
  "D. Yeşilgöz-Zegerius") → ``vraagnummer``, ``extra["minister"]``; "Datum" / "11 januari
  2024" in the letterhead → ``date``. The covering letter is body text, not a question.
* a TK case number (2021Z09739) anywhere in the header → ``vraagnummer``.

**Blocks**: "Vraag 3", "Vraag 9 en 10", "Vragen 5, 6 en 7", "Vraag 3 t/m 5" open a question;
"Antwoord", "Antwoord 5 en 6", "Antwoord op vraag 3", "Antwoord op vragen 4, 5, 6 en 7",
"Antwoorden op vraag 3, 4, 5, 9 en 10", "Antwoord vraag 2" an answer (each optionally with
":" or "." and the text on the same line). A label with several numbers gives one ``Question``
per number with the same text and the printed label. An answer that names its numbers
serves those, wherever it stands ("Antwoord op vraag 3 en 8" after question 8); a bare
"Antwoord" serves every question printed since the previous answer. Questions keep the
order they are printed in. A question printed again before its answer keeps its first text.
A question block whose question has no labelled answer anywhere, and which goes on after the
paragraph that asks ("…?"), holds its answer unlabelled: that rest becomes the answer.
"Mededeling" (a notice of delay instead of answers) → ``extra["mededeling"]``.

Footnote markers are taken out of every piece of text and the footnote gets the place where
its marker stood (``context``/``context_key``). ``body`` holds the heading, the answer line,
the covering letter and a Mededeling.
"""

from __future__ import annotations

import re
from typing import Optional

from .dates import dutch_date
from .model import Answer, Member, ParsedDocument, ParseError, Question
from .parties import canonical_party
from .readers import Block, DocumentModel, read_text

# ------------------------------------------------------------------------- numbers and labels

_NUMS = r"\d+(?:\s*(?:,\s*(?:en\s+)?|\ben\b|&|t/m|tot en met|-|–)?\s*\d+)*"
_VRAAG = re.compile(
    r"^(?:Vraag|Vragen)\s+(?P<nums>" + _NUMS + r")(?:\s*[:.]\s*(?P<rest>.*)|\s*)$", re.S
)
_ANTWOORD = re.compile(
    r"^Antwoord(?:en)?(?:\s+(?:op\s+)?(?:de\s+)?(?:vraag|vragen))?(?:\s+(?P<nums>" + _NUMS + r"))?"
    r"(?:\s*[:.]\s*(?P<rest>.*)|\s*)$",
    re.S,
)
_MEDEDELING = re.compile(r"^Mededeling\s*:?$")


def parse_numbers(printed: str) -> list[int]:
    """"9 en 10" -> [9, 10]; "5, 6 en 7" -> [5, 6, 7]; "3 t/m 5" -> [3, 4, 5]."""
    numbers: list[int] = []
    tokens = re.findall(r"\d+|t/m|tot en met|-|–", printed)
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.isdigit():
            numbers.append(int(tok))
        elif numbers and i + 1 < len(tokens) and tokens[i + 1].isdigit():
            hi = int(tokens[i + 1])
            if numbers[-1] < hi <= numbers[-1] + 50:
                numbers.extend(range(numbers[-1] + 1, hi + 1))
                i += 1
        i += 1
    return list(dict.fromkeys(numbers))


def format_label(numbers: list[int]) -> str:
    """[4, 5] -> "4 en 5"; [5, 6, 7] -> "5, 6 en 7"."""
    parts = [str(n) for n in numbers]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " en " + parts[-1]


def _printed_label(printed: str) -> str:
    """As printed, with tidy spaces: "7, 8, en 9" stays, "9  en 10" → "9 en 10"."""
    return re.sub(r"\s+", " ", re.sub(r"\s*,\s*", ", ", printed)).strip()


def match_label(text: str) -> Optional[tuple[str, Optional[list[int]], Optional[str], str]]:
    """("vraag"|"antwoord"|"mededeling", numbers or None, printed label or None, rest of the
    line) when ``text`` opens a block, else None."""
    text = text.strip()
    for kind, pattern in (("vraag", _VRAAG), ("antwoord", _ANTWOORD)):
        m = pattern.match(text)
        if m:
            nums = m.group("nums")
            return (kind, parse_numbers(nums) if nums else None,
                    _printed_label(nums) if nums else None, (m.group("rest") or "").strip())
    if _MEDEDELING.match(text):
        return ("mededeling", None, None, "")
    return None


# ------------------------------------------------------------------------- askers

_HEADING_RE = re.compile(
    r"^Vragen van (?:de leden|het lid|lid|de leden)\s+(?P<askers>.+?)\s+aan\s+"
    r"(?P<addressee>(?:de|het)\s.+?)"
    r"(?:\s+over\s+(?P<subject>.+?))?"
    r"\s*\(ingezonden\s+(?P<date>[^)]*)\)\s*\.?\s*$",
    re.S,
)
# "Vragen van het lid Dobbe (SP) aan de minister over iets" without a submitted date
_HEADING_NO_DATE_RE = re.compile(
    r"^Vragen van (?:de leden|het lid)\s+(?P<askers>.+?)\s+aan\s+(?P<addressee>(?:de|het)\s.+?)"
    r"(?:\s+over\s+(?P<subject>.+?))?\s*\.?\s*$",
    re.S,
)
# The heading of a ministry's answers: "Antwoorden van de minister van X [mede namens de
# minister van Y] op [de] Kamervragen van het lid Z (P) [aan …] over …"
_LETTER_HEADING_RE = re.compile(
    r"^Antwoord(?:en)? van (?:de |het )?(?P<role>minister-president|minister|staatssecretaris)"
    r"(?:\s+(?:van|voor)\s+(?P<ministry>.+?))?"
    r"(?:,?\s+mede namens\s+(?P<mede>.+?))?"
    r"\s+op\s+(?:de\s+)?(?:schriftelijke\s+)?(?:Kamer)?vragen\s+van\s+(?:het lid|de leden|lid)\s+"
    r"(?P<askers>.+?)(?:\s+aan\s+(?P<addressee>(?:de|het)\s.+?))?(?:\s+over\s+(?P<subject>.+?))?"
    r"\s*\.?\s*$",
    re.S | re.I,
)
_COVERING_RE = re.compile(
    r"^In (?:het )?antwoord op uw brief van (?P<date>\d{1,2}\s+\w+\s+\d{4}),?\s*"
    r"(?:nr\.|nummer|kenmerk)?\s*(?P<nr>[\w/.-]+)?",
    re.I,
)
_SIGNATURE_ROLE_RE = re.compile(
    r"^(?:de|De)\s+(?P<role>[Mm]inister-[Pp]resident|[Mm]inister|[Ss]taatssecretaris)"
    r"(?:\s+(?:van|voor)\s+(?P<ministry>.+?))?\s*,?\s*$"
)
_MEDE_NAMENS_RE = re.compile(r"^Mede namens\s+(?P<who>.+?)\s*,?\s*$", re.I)
_VRAAGNUMMER_RE = re.compile(r"\b(\d{4}Z\d{5})\b")
_PARTY_GROUP_RE = re.compile(r"\(\s*(?:allen|beiden|beide)\s+(?P<party>[^()]+?)\s*\)\s*$", re.I)
_TUSSENVOEGSEL_GLUE = re.compile(r"\b(van|de|der|den|het|ter|ten|te|in|op)(?=[A-Z])")


def canonical_or_printed(name: str) -> Optional[str]:
    """The canonical party name, or the printed one when it is not a known party."""
    name = re.sub(r"\s+", " ", name).strip()
    return canonical_party(name) or (name or None)


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
    """Members with parties, as the heading prints them: "Van Weyenberg, Romke de Jong en Kat
    (allen D66)"; "Temmink en Van Nispen (beiden SP)"; "Mutluer, Lahlah (GroenLinks-PvdA),
    Boswijk (CDA) en Helder (BBB)": a party in brackets is that of the names since the previous
    party."""
    text = re.sub(r"\s+", " ", text).strip()
    common = None
    m = _PARTY_GROUP_RE.search(text)
    if m:
        common = canonical_or_printed(m["party"])
        text = text[: m.start()].strip()
    members: list[Member] = []
    waiting: list[Member] = []  # names not yet followed by a party
    for part in _split_outside_parens(text):
        pm = re.match(r"^(?P<name>.+?)\s*\((?P<party>[^()]+)\)$", part)
        if pm:
            party = canonical_or_printed(pm["party"])
            for member in waiting:
                member.party = party
            waiting = []
            members.append(Member(_clean_name(pm["name"]), party))
        else:
            member = Member(_clean_name(part), common)
            members.append(member)
            waiting.append(member)
    return members


# ------------------------------------------------------------------------- the answer line

_ANSWER_LINE_RE = re.compile(
    r"^(?P<kind>Antwoord|Mededeling)\s+van\s+(?P<who>.+?)\s*"
    r"\((?:ontvangen\s+)+(?P<date>[^)]*)\)\s*\.?\s*(?P<rest>.*)$",
    re.S,
)
_PERSON_RE = re.compile(
    r"(?P<role>Minister-president|Minister|Staatssecretaris)\s+(?P<name>[^()]+?)\s*"
    r"\((?P<ministry>[^()]*)\)",
    re.I,
)


def _role(printed: str) -> str:
    return printed[:1].upper() + printed[1:].lower()


def parse_answer_line(text: str) -> dict:
    """"Antwoord van Minister X (M), mede namens … (ontvangen …). Zie ook …" → facts."""
    out: dict = {}
    m = _ANSWER_LINE_RE.match(text)
    if not m:
        return out
    out["answer_kind"] = m["kind"].lower()
    out["received"] = dutch_date(m["date"])
    who = re.sub(r"\s+", " ", m["who"]).strip().rstrip(",")
    who = re.sub(r"^(?:de|het)\s+", "", who)
    mede = None
    mm = re.search(r",?\s+mede namens\s+(.+)$", who)
    if mm:
        mede = mm.group(1).strip().rstrip(",")
        who = who[: mm.start()].strip()
    persons = [
        {
            "role": _role(p["role"]),
            "name": _clean_name(p["name"]),
            "ministry": re.sub(r"\s+", " ", p["ministry"]).strip(),
        }
        for p in _PERSON_RE.finditer(who)
    ]
    out["ministers"] = persons
    out["minister"] = (
        " en ".join(f"{p['role']} {p['name']}" for p in persons) if persons else who or None
    )
    if persons:
        out["ministry"] = persons[0]["ministry"]
    out["mede_namens"] = mede
    rest = m["rest"].strip()
    zm = re.match(r"^Zie ook\s+(?P<ref>.+?)\.?$", rest, re.S)
    if zm:
        out["zie_ook"] = re.sub(r"\s+", " ", zm["ref"]).strip()
    return out


# ------------------------------------------------------------------------- Mededeling

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


# ------------------------------------------------------------------------- the header

_VERGADERJAAR_RE = re.compile(r"Vergaderjaar\s+(\d{4})\s*[–—-]\s*(\d{4})", re.I)
_PRINTED_ID_RE = re.compile(r"\bah-(tk|ek)-(\d{4})(\d{4})-(\d+)\b")


class _Header:
    def __init__(self) -> None:
        self.vergaderjaar: Optional[str] = None
        self.number: Optional[str] = None
        self.kamer = "tk"
        self.heading: list[Block] = []
        self.answer_line: list[Block] = []
        self.letter_heading: list[Block] = []
        self.covering: list[Block] = []


def _read_header(
    model: DocumentModel, header: list[Block], doc: ParsedDocument
) -> tuple[list[str], list[int]]:
    """Facts from the blocks before the first label into ``doc``; returns the body parts and
    the footnote markers that stood in them."""
    h = _Header()
    body_size = model.body_size
    seen_aanhangsel = False
    target: Optional[list[Block]] = None
    for i, block in enumerate(header):
        text = block.text.strip()
        if not text:
            continue
        m = _VERGADERJAAR_RE.search(text)
        if m and h.vergaderjaar is None:
            h.vergaderjaar = f"{m[1]}-{m[2]}"
        seen_aanhangsel = seen_aanhangsel or "Aanhangsel" in text
        if text.startswith("Eerste Kamer") and (
            block.size is None or body_size is None or block.size > body_size * 1.5
        ):
            h.kamer = "ek"
        if re.fullmatch(r"\d{1,5}", text) and target is None and h.number is None and (
            (block.size and body_size and body_size < block.size < 3 * body_size)
            or (block.size is None and seen_aanhangsel)
        ):
            h.number = text
            continue
        if text.startswith("Vragen van"):
            target = h.heading
        elif text.startswith("Antwoorden van") or (
            text.startswith("Antwoord van") and _LETTER_HEADING_RE.match(model.join(header[i:i + 3]))
        ):
            target = h.letter_heading
        elif re.match(r"^(Antwoord|Mededeling)\s+van\b", text):
            target = h.answer_line
        elif _COVERING_RE.match(text):
            target = h.covering
        elif text == "Datum" and i + 1 < len(header) and doc.date is None:
            doc.date = dutch_date(header[i + 1].text.strip())
        elif text.startswith("Datum ") and doc.date is None:
            doc.date = dutch_date(text[6:].strip())
        if target is not None:
            target.append(block)

    body_parts: list[str] = []
    markers: list[int] = []

    def joined(blocks: list[Block]) -> str:
        text, found = model.take_markers(model.join(blocks))
        markers.extend(found)
        return text

    # the id
    if h.vergaderjaar is None:
        h.vergaderjaar = model.furniture.get("vergaderjaar")
    footer_id = model.furniture.get("id")
    if h.number is None and footer_id:
        h.number = footer_id.rsplit("-", 1)[-1]
    if h.number is None:
        printed = next((m for b in model.blocks for m in [_PRINTED_ID_RE.search(b.text)] if m), None)
        if printed:
            h.kamer, h.number = printed[1], printed[4]
            h.vergaderjaar = h.vergaderjaar or f"{printed[2]}-{printed[3]}"
    if h.number and h.vergaderjaar:
        doc.id = f"ah-{h.kamer}-{h.vergaderjaar.replace('-', '')}-{h.number}"
        doc.number, doc.vergaderjaar = h.number, h.vergaderjaar
    if footer_id:
        doc.extra["footer_id"] = footer_id
    if model.furniture.get("page_numbers"):
        doc.extra["printed_pages"] = dict(model.furniture["page_numbers"])

    # "Vragen van …" and "Antwoord van …"
    heading = joined(h.heading)
    if heading:
        body_parts.append(heading)
        hm = _HEADING_RE.match(heading) or _HEADING_NO_DATE_RE.match(heading)
        if hm:
            doc.askers = parse_askers(hm["askers"])
            doc.extra["addressee"] = re.sub(r"\s+", " ", hm["addressee"]).strip()
            doc.extra["subject"] = re.sub(r"\s+", " ", hm["subject"]).strip() if hm["subject"] else None
            if "date" in hm.groupdict():
                doc.extra["submitted"] = dutch_date(hm["date"])
            cut = heading.rfind("(ingezonden")
            doc.title = (heading[:cut] if cut > 0 else heading).strip().rstrip(".")
        else:
            doc.title = heading.rstrip(".")
    answer_line = joined(h.answer_line)
    if answer_line:
        body_parts.append(answer_line)
        facts = parse_answer_line(answer_line)
        doc.extra.update(facts)
        if facts.get("received"):
            doc.date = facts["received"]

    # an answer letter: the covering letter, its signature, the heading of the answers
    covering = [b for b in h.covering if b.text.strip()]
    if covering:
        _signature(covering, doc)
        letter, found = model.take_markers("\n\n".join(model.paragraphs(covering)))
        markers.extend(found)
        body_parts.append(letter)
        cm = _COVERING_RE.match(letter)
        if cm:
            doc.extra["letter_of"] = dutch_date(cm["date"])
        vn = _VRAAGNUMMER_RE.search(letter)
        if vn:
            doc.vraagnummer = vn.group(1)
    letter_heading = joined(h.letter_heading)
    if letter_heading:
        body_parts.append(letter_heading)
        lm = _LETTER_HEADING_RE.match(letter_heading)
        if lm:
            if not doc.askers:
                doc.askers = parse_askers(lm["askers"])
            if lm["ministry"]:
                doc.extra.setdefault("ministry", re.sub(r"\s+", " ", lm["ministry"]).strip())
            if lm["mede"]:
                doc.extra.setdefault("mede_namens", re.sub(r"\s+", " ", lm["mede"]).strip())
            if lm["subject"]:
                doc.extra.setdefault("subject", re.sub(r"\s+", " ", lm["subject"]).strip())
        doc.title = doc.title or letter_heading.rstrip(".")
    if doc.vraagnummer is None:
        vn = _VRAAGNUMMER_RE.search(heading + " " + answer_line)
        if vn:
            doc.vraagnummer = vn.group(1)
    return body_parts, markers


def _signature(covering: list[Block], doc: ParsedDocument) -> None:
    """The signature at the end of a covering letter ("Mede namens …," / "De minister van X" /
    "D. Yeşilgöz-Zegerius") → the minister, the ministry, ``signatories``."""
    for i, block in enumerate(covering[:-1]):
        text = block.text.strip()
        mm = _MEDE_NAMENS_RE.match(text)
        if mm:
            doc.extra.setdefault("mede_namens", mm["who"])
            continue
        sm = _SIGNATURE_ROLE_RE.match(text)
        name = covering[i + 1].text.strip()
        if sm and name and len(name) < 60 and not name.endswith((".", "?", ":", ",")):
            role = _role(sm["role"])
            ministry = re.sub(r"\s+", " ", sm["ministry"] or "").strip() or None
            surname = re.sub(r"^(?:[A-Z]\.\s?)+", "", name).strip()
            doc.extra["minister"] = f"{role} {surname}"
            doc.extra["ministers"] = [{"role": role, "name": surname, "ministry": ministry}]
            if ministry:
                doc.extra["ministry"] = ministry
            doc.signatories = [name]
            return


# ------------------------------------------------------------------------- the parser


def parse_kamervragen(model: DocumentModel) -> ParsedDocument:
    """Kamervragen (an Aanhangsel, or a ministry's answer letter) from any reader's model."""
    blocks = model.blocks
    first = next((i for i, b in enumerate(blocks) if match_label(b.text)), len(blocks))
    doc = ParsedDocument(id="", kind="kamervragen", source_file="", sha256="",
                         footnotes=model.footnotes, pages=model.pages)
    body_parts, header_markers = _read_header(model, blocks[:first], doc)
    fn_context: dict[int, tuple[str, Optional[str]]] = {n: ("body", None) for n in header_markers}

    # segments: (kind, numbers, label, page, blocks)
    segments: list[tuple[str, Optional[list[int]], Optional[str], Optional[int], list[Block]]] = []
    for block in blocks[first:]:
        found = match_label(block.text)
        if found:
            kind, numbers, label, rest = found
            first_blocks = [Block(text=rest, page=block.page, size=block.size, source=block.source)] if rest else []
            segments.append((kind, numbers, label, block.page, first_blocks))
        elif segments:
            segments[-1][4].append(block)

    questions: dict[int, Question] = {}
    pending: list[int] = []
    served_anywhere = {n for kind, nums, _, _, _ in segments if kind == "antwoord" and nums for n in nums}
    has_bare_answers = any(kind == "antwoord" and not nums for kind, nums, _, _, _ in segments)

    def add_answer(answer: Answer, markers: list[int]) -> None:
        doc.answers.append(answer)
        for n in answer.numbers:
            if n in questions and questions[n].answer_key is None:
                questions[n].answer_key = answer.key
        for n in markers:
            fn_context.setdefault(n, ("answer", answer.key))

    for kind, numbers, label, page, seg in segments:
        paragraphs = model.paragraphs(seg) if seg else []
        if kind == "vraag":
            if not numbers:
                continue
            asked, unlabelled = paragraphs, []
            if not has_bare_answers and not any(n in served_anywhere for n in numbers):
                asked, unlabelled = _split_unlabelled_answer(paragraphs)
            text, markers = model.take_markers("\n\n".join(asked))
            printed = label if len(numbers) > 1 else str(numbers[0])
            for n in numbers:
                if n in questions:  # printed again (e.g. listed before the answers)
                    if not questions[n].text:
                        questions[n].text = text
                    continue
                questions[n] = Question(number=n, label=printed, text=text, page=page)
                doc.questions.append(questions[n])
                if questions[n].answer_key is None and n not in pending:
                    pending.append(n)
            for n in markers:
                fn_context.setdefault(n, ("question", f"q{numbers[0]}"))
            if unlabelled:
                answer_text, answer_markers = model.take_markers("\n\n".join(unlabelled))
                add_answer(Answer(label=printed, numbers=list(numbers), text=answer_text, page=page),
                           answer_markers)
                pending = [n for n in pending if n not in numbers]
        elif kind == "antwoord":
            served = numbers or list(pending)
            text, markers = model.take_markers("\n\n".join(paragraphs))
            add_answer(Answer(label=label if numbers else format_label(served), numbers=served,
                              text=text, page=page), markers)
            pending = [n for n in pending if n not in served]
        else:
            text, markers = model.take_markers("\n\n".join(paragraphs))
            mededeling = parse_mededeling(text)
            mededeling["page"] = page
            doc.extra["mededeling"] = mededeling
            body_parts.append(text)
            for n in markers:
                fn_context.setdefault(n, ("body", None))

    doc.body = "\n\n".join(p for p in body_parts if p)
    for footnote in doc.footnotes:
        if footnote.context is None and footnote.number in fn_context:
            footnote.context, footnote.context_key = fn_context[footnote.number]

    parties = {m.party for m in doc.askers}
    for question in doc.questions:
        question.members = [Member(m.name, m.party) for m in doc.askers]
        question.party = next(iter(parties)) if len(parties) == 1 else None

    if doc.title is None and doc.extra.get("minister"):
        ministry = doc.extra.get("ministry")
        doc.title = f"Antwoord van {doc.extra['minister']}" + (f" ({ministry})" if ministry else "") + " op Kamervragen"
    return doc


def _split_unlabelled_answer(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """A question block that goes on after the paragraph that asks holds its answer without a
    label: the question is everything up to the last paragraph ending in "?", the rest answers."""
    asking = [i for i, p in enumerate(paragraphs) if p.rstrip(" )»”’\"'").endswith("?")]
    if not asking or asking[-1] == len(paragraphs) - 1:
        return paragraphs, []
    return paragraphs[: asking[-1] + 1], paragraphs[asking[-1] + 1:]


def parse_kamervragen_text(text: str) -> ParsedDocument:
    """Kamervragen given as plain text (an export of the Aanhangsel or of an answer letter)."""
    if not text.strip():
        raise ParseError("empty document (no text)")
    return parse_kamervragen(read_text(text))
