"""Themes of a question or answer, from the curated vocabulary in ``data/themes.json``.

Pure text analysis (imports neither ``db`` nor ``ingest``). Text and theme terms are
lemmatised the same way (``parsers.lemmas``) and matched with a spaCy ``PhraseMatcher`` on
the lemma sequence (attribute LOWER of a Doc built from the lemmas), so "missies",
"vredesmissies" and "de krijgsmacht" find the terms "missie", "vredesmissie" and
"krijgsmacht". Hyphenated words are split for matching: "VN-vlag" mentions "vn".
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .lemmas import lemma_list, nlp

THEMES_FILE = Path(__file__).resolve().parent / "data" / "themes.json"

_PART = re.compile(r"[^\W_]+|\+\+", re.UNICODE)


@dataclass(frozen=True)
class Theme:
    id: str
    name: str
    description: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class ThemeMatch:
    theme_id: str
    terms: tuple[str, ...]  # the vocabulary terms found, in order of first appearance


def load_themes(path: Optional[Path] = None) -> list[Theme]:
    data = json.loads((path or THEMES_FILE).read_text(encoding="utf-8"))
    return [
        Theme(t["id"], t["name"], t["description"], tuple(t["terms"]))
        for t in data["themes"]
    ]


def _parts(text: str) -> list[str]:
    """The lemma sequence of ``text``, hyphenated lemmas split into their parts."""
    out: list[str] = []
    for item in lemma_list(text):
        out += _PART.findall(item)
    return out


@functools.lru_cache(maxsize=4)
def _matcher(path: Optional[Path] = None):
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    vocab = nlp().vocab
    matcher = PhraseMatcher(vocab, attr="LOWER")
    # term text per match key, to report which terms were found
    names: dict[int, tuple[str, str]] = {}
    for theme in load_themes(path):
        for term in theme.terms:
            parts = _parts(term)
            if not parts:
                continue
            key = f"{theme.id}\t{term}"
            matcher.add(key, [Doc(vocab, words=parts)])
            names[vocab.strings[key]] = (theme.id, term)
    return matcher, names


def match_themes(text: Optional[str], path: Optional[Path] = None) -> list[ThemeMatch]:
    """The themes whose terms occur in ``text``, in vocabulary order."""
    if not text:
        return []
    from spacy.tokens import Doc

    matcher, names = _matcher(path)
    parts = _parts(text)
    if not parts:
        return []
    found: dict[str, list[str]] = {}
    for key, _start, _end in matcher(Doc(nlp().vocab, words=parts)):
        theme_id, term = names[key]
        terms = found.setdefault(theme_id, [])
        if term not in terms:
            terms.append(term)
    order = {theme.id: n for n, theme in enumerate(load_themes_cached(path))}
    return [
        ThemeMatch(theme_id, tuple(terms))
        for theme_id, terms in sorted(found.items(), key=lambda item: order[item[0]])
    ]


@functools.lru_cache(maxsize=4)
def load_themes_cached(path: Optional[Path] = None) -> tuple[Theme, ...]:
    return tuple(load_themes(path))


def annotate_document(doc) -> None:
    """Lemmatise every question and answer of a ``ParsedDocument`` and find its themes.

    Runs in the parsing worker, so the main process only stores the results.
    """
    from .lemmas import lemmatize

    cache: dict[str, tuple[str, list]] = {}
    for part in list(doc.questions) + list(doc.answers):
        text = part.text or ""
        if text not in cache:
            cache[text] = (
                lemmatize(text),
                [(m.theme_id, m.terms) for m in match_themes(text)],
            )
        part.lemmas, part.themes = cache[text]
