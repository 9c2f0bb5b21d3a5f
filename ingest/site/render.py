"""Pure presentation helpers for the site: paragraphs, links and reading order.

Nothing here touches a database; the views in ``ingest.site.views`` read rows and pass them
in as plain dicts, which keeps these functions easy to test.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import quote

from markupsafe import Markup, escape

PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n+")
URL_RE = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:)\]]")
OFFICIAL_SITE = "https://zoek.officielebekendmakingen.nl/"

KIND_LABELS = {
    "brief": "Kamerbrief",
    "schriftelijk_overleg": "Verslag van een schriftelijk overleg",
    "kamervragen": "Kamervragen",
    "lijst_vragen_antwoorden": "Lijst van vragen en antwoorden",
    "motie": "Motie",
    "bijlage": "Bijlage",
    "other": "Document",
}


def kind_label(kind: str | None) -> str:
    return KIND_LABELS.get(kind or "", kind or "Document")


MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)


def dutch_date(value) -> str:
    """``"2020-12-16"`` → ``"16 december 2020"``; anything else is returned as it is."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", str(value or ""))
    if not match or not 1 <= int(match[2]) <= 12:
        return "" if value is None else str(value)
    return f"{int(match[3])} {MONTHS[int(match[2]) - 1]} {match[1]}"


def doc_path(document_id: str, anchor: str | None = None) -> str:
    """The site path of a document's reading page (without any base_url prefix).

    ``sha256:…`` ids keep their colon: it is allowed in a path segment, and the route
    decodes percent-escapes anyway.
    """
    path = "/doc/" + quote(document_id, safe=":-._~")
    return path + ("#" + anchor if anchor else "")


def dossier_path(dossier: str) -> str:
    """The site path of a dossier's page: its documents in order."""
    return "/dossier/" + quote(dossier, safe="-")


def anchor_for(row_id: str | None, document_id: str) -> str | None:
    """``"<doc>-q3"`` → ``"q3"``: the fragment a question, answer or footnote row gets."""
    if not row_id:
        return None
    prefix = document_id + "-"
    return row_id[len(prefix):] if row_id.startswith(prefix) else row_id


def official_url(document: dict) -> str | None:
    """The official page: the stored URL, or one derived from an official (non-hash) id."""
    if document.get("official_url"):
        return document["official_url"]
    document_id = document.get("id") or ""
    if document_id and not document_id.startswith("sha256:") and re.fullmatch(
        r"(kst|ah-tk|ah-ek|h-tk|h-ek|stb|stcrt|trb)-[A-Za-z0-9-]+", document_id
    ):
        return f"{OFFICIAL_SITE}{document_id}.html"
    return None


def json_list(value) -> list:
    if not value:
        return []
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        return []
    return parsed if isinstance(parsed, list) else []


def json_object(value) -> dict:
    if not value:
        return {}
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        return {}
    return parsed if isinstance(parsed, dict) else {}


def split_paragraphs(text: str | None) -> list[str]:
    """Paragraphs as stored ("\\n\\n" between them), trimmed, empty ones dropped."""
    if not text:
        return []
    return [p.strip() for p in PARAGRAPH_BREAK_RE.split(text) if p.strip()]


@dataclass
class Link:
    """A reference in a text: the words as printed and where they should lead."""

    raw: str
    href: str | None
    title: str = ""
    internal: bool = False


def citation_link(citation: dict, doc_href) -> Link:
    """A citation row as a link: to our own page when the cited document is stored."""
    if citation.get("target_document_id"):
        href = doc_href(citation["target_document_id"])
        internal = True
    else:
        href = citation.get("url") or None
        internal = False
    return Link(
        raw=citation.get("raw") or citation.get("target") or "",
        href=href,
        title=citation.get("target") or "",
        internal=internal,
    )


def _anchor(link: Link, words: str) -> Markup:
    css = "cite internal" if link.internal else "cite external"
    return Markup('<a class="{}" href="{}" title="{}">{}</a>').format(
        css, link.href, link.title, words
    )


def _spans(paragraph: str, links: list[Link], placed: set[int]) -> list[tuple[int, int, Link]]:
    spans: list[tuple[int, int, Link]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e, _ in spans)

    for index, link in enumerate(links):
        if index in placed or not link.href or not link.raw:
            continue
        start = paragraph.find(link.raw)
        while start != -1 and not free(start, start + len(link.raw)):
            start = paragraph.find(link.raw, start + 1)
        if start != -1:
            spans.append((start, start + len(link.raw), link))
            placed.add(index)
    for match in URL_RE.finditer(paragraph):
        if free(match.start(), match.end()):
            spans.append((match.start(), match.end(), Link(match.group(0), match.group(0))))
    return sorted(spans, key=lambda span: span[0])


def linked_paragraphs(text: str | None, links: list[Link] | None = None) -> list[Markup]:
    """The text as escaped HTML paragraphs, with each reference linked where it is printed.

    A reference is linked at its first free occurrence; bare URLs become links too.
    Single line breaks inside a paragraph are kept by the stylesheet (``pre-line``).
    """
    links = links or []
    placed: set[int] = set()
    result = []
    for paragraph in split_paragraphs(text):
        html = Markup("")
        position = 0
        for start, end, link in _spans(paragraph, links, placed):
            html += escape(paragraph[position:start]) + _anchor(link, paragraph[start:end])
            position = end
        html += escape(paragraph[position:])
        result.append(html)
    return result


@dataclass
class Block:
    """One item of a document in reading order: a question (block) or an answer."""

    type: str  # "question", "answer", "see_answer", "no_answer"
    id: str
    anchor: str
    label: str = ""
    text: str = ""
    page: int | None = None
    party: str | None = None
    askers: list[str] = field(default_factory=list)
    extra_anchors: list[str] = field(default_factory=list)
    answer_id: str | None = None
    answer_anchor: str | None = None
    answer_label: str | None = None
    section: str | None = None  # the heading it stands under, as printed


def reading_order(
    document_id: str, questions: list[dict], answers: list[dict], askers: list[str] | None = None
) -> list[Block]:
    """Questions in order, each answer right after the last question it serves.

    ``questions`` rows carry ``id, number, label, text, page, party, answer_id``; ``answers``
    rows carry ``id, label, text, page``. A block printed once for several numbers ("Vraag 9
    en 10", stored as two rows with the same text) is shown once; an answer shared by several
    questions ("Antwoord 4 en 5") is shown once, after the last of them. Answers that no
    question points to follow at the end.
    """
    answers_by_id = {a["id"]: a for a in answers}
    ordered = sorted(questions, key=lambda q: (q.get("number") is None, q.get("number") or 0))

    merged: list[dict] = []
    for question in ordered:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous["label"] == question.get("label")
            and previous["text"] == question.get("text")
            and previous["answer_id"] == question.get("answer_id")
        ):
            previous["ids"].append(question["id"])
            continue
        merged.append({**question, "ids": [question["id"]]})

    blocks: list[Block] = []
    emitted: set[str] = set()
    current_section = None
    for index, question in enumerate(merged):
        anchors = [anchor_for(i, document_id) for i in question["ids"]]
        answer = answers_by_id.get(question.get("answer_id") or "")
        section = question.get("section")
        if section and section != current_section:
            # "Inbreng van de leden van de D66-fractie" heads its questions, as printed
            blocks.append(Block(type="section", id=question["id"] + "-section",
                                anchor="section-" + anchors[0], label=section))
        current_section = section
        blocks.append(
            Block(
                type="question",
                id=question["id"],
                anchor=anchors[0],
                extra_anchors=anchors[1:],
                label=question.get("label") or str(question.get("number") or ""),
                text=question.get("text") or "",
                page=question.get("page"),
                party=question.get("party"),
                askers=[] if question.get("party") else list(askers or []),
                answer_id=answer["id"] if answer else None,
                answer_anchor=anchor_for(answer["id"], document_id) if answer else None,
                answer_label=answer.get("label") if answer else None,
                section=section,
            )
        )
        if answer is None:
            blocks.append(Block(type="no_answer", id=question["id"] + "-none", anchor=""))
            continue
        following = merged[index + 1] if index + 1 < len(merged) else None
        if following is not None and following.get("answer_id") == answer["id"]:
            continue  # the answer comes after the last question it serves
        if answer["id"] in emitted:
            blocks.append(
                Block(
                    type="see_answer",
                    id=answer["id"] + "-see",
                    anchor="",
                    label=answer.get("label") or "",
                    answer_anchor=anchor_for(answer["id"], document_id),
                )
            )
            continue
        emitted.add(answer["id"])
        blocks.append(_answer_block(answer, document_id))
    for answer in answers:
        if answer["id"] not in emitted:
            emitted.add(answer["id"])
            blocks.append(_answer_block(answer, document_id))
    return blocks


def _answer_block(answer: dict, document_id: str) -> Block:
    return Block(
        type="answer",
        id=answer["id"],
        anchor=anchor_for(answer["id"], document_id),
        label=answer.get("label") or "",
        text=answer.get("text") or "",
        page=answer.get("page"),
    )


# "Zie beantwoording vraag 20", "zie het antwoord op vraag 4": a pointer to another answer
# in the same document.
ANSWER_POINTER_RE = re.compile(
    r"(?i)\b(?:zie\s+(?:ook\s+)?(?:de\s+|het\s+)?)?(?:beantwoording|antwoord)\s+"
    r"(?:op\s+|van\s+)?(?:de\s+)?vra(?:ag|gen)\s+(\d{1,3})\b"
)


def answer_pointer_links(text: str | None, answer_href) -> list[Link]:
    """Links for every "zie beantwoording vraag N" in ``text`` to the answer that serves
    question N (``answer_href(N)``: its href, or None when there is none)."""
    links = []
    for match in ANSWER_POINTER_RE.finditer(text or ""):
        href = answer_href(int(match.group(1)))
        if href:
            links.append(Link(match.group(0), href, f"Antwoord op vraag {match.group(1)}", True))
    return links


SNIPPET_START = "\x02"
SNIPPET_END = "\x03"


def snippet_html(snippet: str | None) -> Markup:
    """An FTS5 ``snippet()`` made with \\x02/\\x03 around hits, as escaped HTML with <mark>."""
    if not snippet:
        return Markup("")
    html = escape(snippet)
    return Markup(
        str(html).replace(SNIPPET_START, "<mark>").replace(SNIPPET_END, "</mark>")
    )


_WORD_RE = re.compile(r"\w+")


def word_snippet(text: str, is_hit, before: int = 8, size: int = 24) -> str | None:
    """A snippet in the form of FTS5's ``snippet()`` (hits between \\x02 and \\x03, "…"
    where the text is cut): ``size`` words from ``before`` words ahead of the first word
    for which ``is_hit(word)`` holds, marking every such word. None when no word holds."""
    words = list(_WORD_RE.finditer(text or ""))
    hits = {i for i, match in enumerate(words) if is_hit(match.group(0))}
    if not hits:
        return None
    start = max(0, min(hits) - before)
    end = min(len(words), start + size)
    out = "…" if start > 0 else ""
    position = words[start].start()
    for i in range(start, end):
        match = words[i]
        out += text[position:match.start()]
        out += SNIPPET_START + match.group(0) + SNIPPET_END if i in hits else match.group(0)
        position = match.end()
    return out + ("…" if end < len(words) else text[position:])


def shorten(text: str | None, length: int = 220) -> str:
    flat = re.sub(r"\s+", " ", text or "").strip()
    if len(flat) <= length:
        return flat
    cut = flat[:length].rsplit(" ", 1)[0]
    return cut + " …"
