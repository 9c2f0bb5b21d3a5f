"""Written Kamervragen with their answers (kind ``kamervragen``) as plain text.

``parse_kamervragen_text(text)`` reads the layout of the answer document a ministry sends
(often a Word export):

    Antwoord van minister Veldkamp (Buitenlandse Zaken), mede namens de minister van
    Defensie (ontvangen 4 juni 2025)

    Vraag 1
    <question>
    Antwoord
    <answer>

Question headers: "Vraag 3", "Vraag 9 en 10", "Vragen 5, 6 en 7", "Vraag 3 t/m 5", each
optionally followed by ":" or "." and the question on the same line. A header with several
numbers gives one ``Question`` per number, all with the same text and the printed label
("9 en 10").

Answer headers: "Antwoord", "Antwoord 5 en 6", "Antwoord 5, 6 en 7", "Antwoord op vraag 3",
"Antwoord op vragen 4 en 5", "Antwoord vraag 2" (again optionally with ":" and text). A bare "Antwoord" serves
every question printed since the previous answer, so "Vraag 4" + "Vraag 5" + "Antwoord"
gives one answer labelled "4 en 5" with numbers [4, 5]; an answer that names its numbers
serves those. Each served question gets ``answer_key`` = that answer's key ("a4").

From the header: ``date`` = the received date (also ``extra["received"]``),
``extra["minister"]`` (the name), ``extra["role"]`` ("minister", "staatssecretaris", …),
``extra["ministry"]``, ``extra["mede_namens"]``; "(ingezonden 12 maart 2025)" gives
``extra["submitted"]``. A line "Vragen van het lid X (Partij) aan de minister … over …"
gives ``askers`` (and every question's ``members``/``party``) and the title; otherwise the
title is "Antwoord van minister Veldkamp (Buitenlandse Zaken) op Kamervragen".

Texts: Word ``[bookmark: …]`` artefacts are removed; each printed line of a Word export is a
paragraph, and paragraphs are separated by a blank line (``"\\n\\n"``); text wrapped at a
fixed width (PDF) is re-joined with ``brief.paragraphs``. Footnotes come from
``parsers.footnotes``; a footnote's ``context``/``context_key`` is where its marker stands
("question"/"q3", "answer"/"a4", or "body"). ``body`` holds the text before the first
question other than the header line (often empty).
"""

from __future__ import annotations

import re
from typing import Optional

from .brief import clean_text, paragraphs
from .dates import dutch_date
from .footnotes import extract_footnotes, link_footnotes, pop_footnote_markers
from .model import Answer, Member, ParsedDocument, Question
from .parties import canonical_party

_NUMS = r"\d+(?:\s*(?:,|\ben\b|&|t/m|tot en met|-|–)\s*\d+)*"
_VRAAG = re.compile(
    r"^(?:Vraag|Vragen)\s+(?P<nums>" + _NUMS + r")(?:\s*[:.]\s*(?P<rest>.*)|\s*)$"
)
_ANTWOORD = re.compile(
    r"^Antwoord(?:en)?(?:\s+(?:op\s+)?(?:de\s+)?(?:vraag|vragen))?(?:\s+(?P<nums>" + _NUMS + r"))?"
    r"(?:\s*[:.]\s*(?P<rest>.*)|\s*)$"
)
_HEADER = re.compile(
    r"Antwoord van (?:de )?(?P<role>minister-president|minister|staatssecretaris)\s+"
    r"(?P<name>[^(),\n]+?)\s*\((?P<ministry>[^)\n]*)\)(?P<mid>[^\n]*?)"
    r"\(ontvangen\s+(?P<received>[^)\n]*)\)"
)
_SUBMITTED = re.compile(r"\(ingezonden\s+([^)\n]*)\)")
_VRAGEN_VAN = re.compile(r"^(Vragen van (?:het lid|de leden)\s+(.+?)\s+aan\s+.+?)\s*$")
_MEMBER = re.compile(r"([^,()]+?)\s*\(([^()]+)\)")


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
    out: list[int] = []
    for n in numbers:
        if n not in out:
            out.append(n)
    return out


def format_label(numbers: list[int]) -> str:
    """[4, 5] -> "4 en 5"; [5, 6, 7] -> "5, 6 en 7"."""
    parts = [str(n) for n in numbers]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " en " + parts[-1]


def _printed_label(printed: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\s*,\s*", ", ", printed)).strip()


def _is_wrapped(lines: list[str]) -> bool:
    """Is the text wrapped at a fixed width (PDF) rather than one line per paragraph?"""
    cont = 0
    for a, b in zip(lines, lines[1:]):
        a, b = a.strip(), b.strip()
        if a and b and not a.endswith((".", "?", "!", ":", ";")) and b[:1].islower():
            cont += 1
    return cont >= 3


def _tidy(lines: list[str], wrapped: bool) -> str:
    if wrapped:
        return "\n\n".join(paragraphs("\n".join(lines)))
    paras = [re.sub(r"[ \t]{2,}", " ", line.strip()) for line in lines]
    return "\n\n".join(p for p in paras if p)


def parse_kamervragen_text(text: str) -> ParsedDocument:
    """Parse the answers to written Kamervragen given as plain text."""
    text, footnotes = extract_footnotes(clean_text(text))
    doc = ParsedDocument(id="", kind="kamervragen", source_file="", sha256="",
                         footnotes=footnotes)
    lines = text.split("\n")
    wrapped = _is_wrapped(lines)

    # Split into blocks: ("pre", None, None, lines), ("q", nums, label, lines), ("a", …).
    blocks: list[tuple[str, Optional[list[int]], Optional[str], list[str]]] = []
    kind, nums, label, buf = "pre", None, None, []
    for raw in lines:
        line = raw.strip()
        m = _VRAAG.match(line) or _ANTWOORD.match(line)
        if m:
            blocks.append((kind, nums, label, buf))
            kind = "q" if m.re is _VRAAG else "a"
            nums = parse_numbers(m.group("nums")) if m.group("nums") else None
            label = _printed_label(m.group("nums")) if m.group("nums") else None
            buf = [m.group("rest")] if m.group("rest") else []
            continue
        buf.append(raw)
    blocks.append((kind, nums, label, buf))

    questions: dict[int, Question] = {}
    pending: list[int] = []
    body_lines: list[str] = []
    for kind, nums, label, buf in blocks:
        if kind == "pre":
            body_lines = _parse_preamble(buf, doc)
            continue
        piece, markers = pop_footnote_markers(_tidy(buf, wrapped))
        if kind == "q":
            if not nums:
                continue
            printed = label if len(nums) > 1 else str(nums[0])
            for n in nums:
                if n in questions:  # printed again (e.g. repeated before its answer)
                    if not questions[n].text:
                        questions[n].text = piece
                else:
                    questions[n] = Question(number=n, label=printed, text=piece)
                    doc.questions.append(questions[n])
                if n not in pending and questions[n].answer_key is None:
                    pending.append(n)
            link_footnotes(footnotes, markers, "question", f"q{nums[0]}")
        else:
            served = nums or list(pending)
            answer = Answer(
                label=label if nums else format_label(served), numbers=served, text=piece
            )
            doc.answers.append(answer)
            for n in served:
                if n in questions:
                    questions[n].answer_key = answer.key
            pending = [n for n in pending if n not in served]
            link_footnotes(footnotes, markers, "answer", answer.key)

    body, markers = pop_footnote_markers(_tidy(body_lines, wrapped))
    doc.body = body
    link_footnotes(footnotes, markers, "body", None)

    for q in doc.questions:
        q.members = [Member(m.name, m.party) for m in doc.askers]
        parties = {m.party for m in doc.askers}
        if len(parties) == 1:
            q.party = parties.pop()

    if doc.title is None and "minister" in doc.extra:
        doc.title = (
            f"Antwoord van {doc.extra['role']} {doc.extra['minister']} "
            f"({doc.extra['ministry']}) op Kamervragen"
        )
    return doc


def _parse_preamble(lines: list[str], doc: ParsedDocument) -> list[str]:
    """Read header facts from the lines before the first question; return the rest."""
    rest: list[str] = []
    for raw in lines:
        line, _ = pop_footnote_markers(raw.strip())
        if not line:
            rest.append(raw)
            continue
        used = False
        m = _HEADER.search(line)
        if m and "minister" not in doc.extra:
            received = dutch_date(m.group("received"))
            doc.extra["minister"] = m.group("name").strip()
            doc.extra["role"] = m.group("role")
            doc.extra["ministry"] = m.group("ministry").strip()
            mede = re.search(r"mede namens\s+(.+?)[\s,]*$", m.group("mid"))
            if mede:
                doc.extra["mede_namens"] = mede.group(1)
            if received:
                doc.extra["received"] = received
                doc.date = received
            used = True
        s = _SUBMITTED.search(line)
        if s and dutch_date(s.group(1)):
            doc.extra["submitted"] = dutch_date(s.group(1))
        v = _VRAGEN_VAN.match(_SUBMITTED.sub("", line).strip().rstrip("."))
        if v and not doc.askers:
            doc.title = v.group(1)
            doc.askers = [
                Member(name.strip(), canonical_party(party) or party.strip())
                for name, party in _MEMBER.findall(_askers_part(v.group(2)))
            ]
        if not used:
            rest.append(raw)
    return rest


def _askers_part(s: str) -> str:
    """"Dobbe (SP) en Paternotte (D66)" -> "Dobbe (SP), Paternotte (D66)" for _MEMBER."""
    return re.sub(r"\)\s+en\s+", "), ", s)
