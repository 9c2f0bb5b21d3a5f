"""Compare a parsed Aanhangsel with the official XML of the same document (ground truth).

officielebekendmakingen.nl publishes each Aanhangsel also as XML: a ``<kamervragen>``
element with ``<vraag>`` and ``<antwoord>`` children, each holding ``<nr>`` ("Vraag 1",
"Antwoord 5 en 6") and ``<al>`` paragraphs (which may contain inline elements such as
``<extref>``). ``read_kamervragen_xml`` reads those texts per number; ``compare_with_xml``
scores the texts of a ``ParsedDocument`` against them with rapidfuzz ``fuzz.ratio`` after
whitespace normalisation.

Pure functions (no database, no CLI); used by the tests and usable for corpus checks.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Optional

from rapidfuzz import fuzz

from .model import ParsedDocument


def normalize_ws(text: str) -> str:
    """Collapse every run of whitespace (also paragraph breaks) to one space."""
    return re.sub(r"\s+", " ", text or "").strip()


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(el: ET.Element) -> str:
    return normalize_ws("".join(el.itertext()))


@dataclass
class XmlKamervragen:
    number: Optional[str] = None
    questions: dict[int, str] = field(default_factory=dict)  # number → text
    answers: dict[int, str] = field(default_factory=dict)
    question_labels: dict[int, str] = field(default_factory=dict)  # number → "9 en 10"
    answer_labels: dict[int, str] = field(default_factory=dict)


def _numbers(label: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", label)]


def read_kamervragen_xml(path) -> XmlKamervragen:
    """Texts per question/answer number from an officielebekendmakingen ``<kamervragen>`` XML."""
    root = ET.parse(path).getroot()
    out = XmlKamervragen()
    for el in root.iter():
        tag = _local(el.tag)
        if tag == "kamervraagnummer" and out.number is None:
            out.number = _text(el)
        if tag not in ("vraag", "antwoord"):
            continue
        nr = next((c for c in el if _local(c.tag) == "nr"), None)
        label = _text(nr) if nr is not None else ""
        label = re.sub(r"^(Vraag|Antwoord)\s*", "", label)
        paras = [_text(c) for c in el.iter() if _local(c.tag) == "al"]
        text = "\n\n".join(p for p in paras if p)
        target = out.questions if tag == "vraag" else out.answers
        labels = out.question_labels if tag == "vraag" else out.answer_labels
        for n in _numbers(label):
            target[n] = text
            labels[n] = label
    return out


@dataclass
class Comparison:
    kind: str  # "question" or "answer"
    number: int
    score: float
    expected: str
    actual: Optional[str]


def compare_with_xml(doc: ParsedDocument, xml_path, threshold: float = 98.0) -> list[Comparison]:
    """Score every question and answer of the XML against ``doc``.

    Returns one ``Comparison`` per XML question/answer number; ``actual`` is None when the
    parsed document lacks that number (score 0). ``failures(...)`` filters those below the
    threshold.
    """
    truth = read_kamervragen_xml(xml_path)
    parsed_q = {q.number: q.text for q in doc.questions}
    parsed_a: dict[int, str] = {}
    for a in doc.answers:
        for n in a.numbers:
            parsed_a.setdefault(n, a.text)
    results = []
    for kind, expected, parsed in (
        ("question", truth.questions, parsed_q),
        ("answer", truth.answers, parsed_a),
    ):
        for n, text in sorted(expected.items()):
            actual = parsed.get(n)
            score = fuzz.ratio(normalize_ws(text), normalize_ws(actual)) if actual is not None else 0.0
            results.append(Comparison(kind, n, score, text, actual))
    return results


def failures(results: list[Comparison], threshold: float = 98.0) -> list[Comparison]:
    return [r for r in results if r.score < threshold]
