"""Every citation of the embedded corpus and of the real PDFs, against a golden file.

``tests/data/citations_golden.json`` lists, per document, the citations ``parse_file`` must
give as ``[context, context_key, raw, target]``, in order. Each entry was checked by reading
the document (see the file's ``_about``); references the parser does not read are listed
under ``known_misses`` with the reason, so the gaps stay visible. The comparison is exact:
a new citation, a lost one or a changed raw/target/context fails, and so does a known miss
that starts to be read (move it into ``citations`` after checking it against the text).

Documents in ``../shared/corpus/real`` are skipped, saying so, when that folder is absent.
Each document is parsed once per test session (``conftest.parsed_file``), shared with the
other test modules that read it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kamerqa.parsers.citations import official_url
from kamerqa.parsers.model import ParseError

from .conftest import CORPUS, REAL, parsed_file

GOLDEN_FILE = Path(__file__).resolve().parent / "data" / "citations_golden.json"
GOLDEN = json.loads(GOLDEN_FILE.read_text(encoding="utf-8"))
DOCUMENTS: dict[str, dict] = GOLDEN["documents"]


def source_path(key: str) -> Path:
    """'corpus/<file>' is in the repository; every other key is under ../shared/corpus/real."""
    if key.startswith("corpus/"):
        return CORPUS.parent / key
    return REAL / key


def skip_if_unavailable(key: str) -> None:
    path = source_path(key)
    if not path.is_file():
        pytest.skip(f"real document not present: {path} (CI provides ../shared beside the repository)")


def parsed(key: str):
    return parsed_file(source_path(key))


def rows(doc) -> list[list]:
    return [[c.context, c.context_key, c.raw, c.target] for c in doc.citations]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def parts(doc):
    """(context, context_key, text) of every part extract_citations reads, as attach_citations does."""
    for question in doc.questions:
        yield "question", question.key, question.text
    for answer in doc.answers:
        yield "answer", answer.key, answer.text
    for footnote in doc.footnotes:
        yield "footnote", footnote.key, footnote.text
    if doc.body:
        yield "body", None, doc.body


@pytest.mark.parametrize("key", sorted(DOCUMENTS))
def test_citations_match_golden(key):
    skip_if_unavailable(key)
    entry = DOCUMENTS[key]
    if "parse_error" in entry:
        with pytest.raises(ParseError, match=re.escape(entry["parse_error"])):
            parsed(key)
        return
    doc = parsed(key)
    assert doc.id == entry["id"]
    assert rows(doc) == entry["citations"]


KEYS_WITH_MISSES = sorted(
    key for key, entry in DOCUMENTS.items()
    if any(miss["printed"] for miss in entry["known_misses"])
)


@pytest.mark.parametrize("key", KEYS_WITH_MISSES)
def test_known_misses_are_printed_where_stated(key):
    """A known miss names text that really is in the stated part of the parsed document, and
    its target (when it has one) is not among the citations."""
    skip_if_unavailable(key)
    doc = parsed(key)
    texts = {(context, context_key): _squeeze(text) for context, context_key, text in parts(doc)}
    targets = {citation.target for citation in doc.citations}
    for miss in DOCUMENTS[key]["known_misses"]:
        if miss["printed"] is None:
            continue
        where = (miss["context"], miss["context_key"])
        assert where in texts, f"{key}: no part {where} for {miss['printed']!r}"
        assert _squeeze(miss["printed"]) in texts[where], f"{key}: {miss['printed']!r} not in {where}"
        assert miss["target"] not in targets, f"{key}: {miss['target']} is read now; move it to citations"


def test_golden_covers_every_document():
    corpus = {f"corpus/{path.name}" for path in CORPUS.glob("*.txt")}
    assert corpus <= set(DOCUMENTS)
    if not REAL.is_dir():
        pytest.skip(f"real documents not present: {REAL} (CI provides ../shared beside the repository)")
    real = {path.relative_to(REAL).as_posix() for path in REAL.rglob("*.pdf")}
    assert set(DOCUMENTS) == corpus | real


def test_golden_entries_are_well_formed():
    contexts = {"question", "answer", "footnote", "body"}
    for key, entry in DOCUMENTS.items():
        for context, context_key, raw, target in entry["citations"]:
            assert context in contexts and raw and target, (key, raw)
            assert (context_key is None) == (context == "body"), (key, raw)
            assert official_url(target) or target.startswith("unscr-"), (key, target)
        for miss in entry["known_misses"]:
            assert set(miss) == {"context", "context_key", "printed", "target", "reason"}, key
            assert miss["reason"], key
            if miss["target"] is not None:
                assert official_url(miss["target"]), (key, miss["target"])
