"""The parsed-document data model.

Parsers return these dataclasses and nothing else; ``db`` reads them. Keys such as
``Question.key`` are local to one document (``q3``, ``a5``, ``fn2``) so that a parser never
has to know how the database builds its primary keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

# Document kinds, as stored in documents.kind.
KINDS = (
    "brief",
    "schriftelijk_overleg",
    "kamervragen",
    "lijst_vragen_antwoorden",
    "motie",
    "bijlage",
    "handelingen",
    "other",
)

# Where a citation or footnote marker stands.
CONTEXTS = ("question", "answer", "footnote", "body")


class ParseError(Exception):
    """A file that cannot be parsed; the message says why, in words a user understands."""


@dataclass
class Member:
    name: str
    party: Optional[str] = None


@dataclass
class Answer:
    label: str  # as printed: "5", "5 en 6"
    numbers: list[int]  # the question numbers this answer serves
    text: str
    page: Optional[int] = None
    # Set by parsers.themes.annotate_document: lemmatised text and theme matches.
    lemmas: Optional[str] = None
    themes: Optional[list] = None  # [(theme id, (matched term, ...)), ...]

    @property
    def key(self) -> str:
        return f"a{self.numbers[0]}" if self.numbers else "a"


@dataclass
class Question:
    number: int
    label: str  # as printed: "3", "9 en 10"
    text: str
    party: Optional[str] = None  # canonical short party name
    page: Optional[int] = None
    answer_key: Optional[str] = None  # Answer.key of the answer that serves it
    # Who asked it, with their parties, where that differs per question (a VSO's fractie
    # section, joint questions). Empty: the document's askers asked it.
    members: list[Member] = field(default_factory=list)
    # The heading of the section it stands under, as printed: "Inbreng van de leden van de
    # D66-fractie" in a VSO grouped per fractie.
    section: Optional[str] = None
    # Set by parsers.themes.annotate_document: lemmatised text and theme matches.
    lemmas: Optional[str] = None
    themes: Optional[list] = None  # [(theme id, (matched term, ...)), ...]

    @property
    def key(self) -> str:
        return f"q{self.number}"


@dataclass
class Footnote:
    number: int
    text: str
    page: Optional[int] = None
    # where its marker stands: ("question", "q3"), ("answer", "a5"), ("body", None)
    context: Optional[str] = None
    context_key: Optional[str] = None

    @property
    def key(self) -> str:
        return f"fn{self.number}"


@dataclass
class Citation:
    raw: str  # as printed
    target: str  # normalised id: kst-26150-190, ah-tk-20232024-594, https://…
    kind: str  # kamerstuk, aanhangsel, handelingen, staatsblad, tk-document, eu, un, url
    url: Optional[str] = None
    context: str = "body"
    context_key: Optional[str] = None  # Question/Answer/Footnote key, None for body
    dossier: Optional[str] = None
    submitter: Optional[str] = None  # for motions: "het lid Boswijk c.s."


@dataclass
class Indicator:
    """One row of an indicator table (the progress annex of the NAP 1325)."""

    ministry: Optional[str]  # "Buitenlandse Zaken"
    pillar: Optional[str]  # "Participatie"
    goal: Optional[str]  # "Strategisch doel 1: Meer vrouwen in …"
    subgoal: Optional[str]  # "Subdoel 1.1: …"
    indicator: str
    progress: str
    page: Optional[int] = None


@dataclass
class ParsedDocument:
    id: str
    kind: str
    source_file: str
    sha256: str
    title: Optional[str] = None
    date: Optional[str] = None  # ISO 8601
    dossier: Optional[str] = None
    number: Optional[str] = None
    vergaderjaar: Optional[str] = None  # "2020-2021"
    # The Tweede Kamer's case number of written questions ("2023Z19677"): it ties a ministry's
    # answer letter to its Aanhangsel publication.
    vraagnummer: Optional[str] = None
    pages: Optional[int] = None
    body: str = ""  # text that belongs to no question, answer or footnote
    signatories: list[str] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    answers: list[Answer] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    askers: list[Member] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)  # rows of an indicator table
    # Anything else a layout yields (minister, ministry, received date, reference, …).
    extra: dict = field(default_factory=dict)
