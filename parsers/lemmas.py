"""Dutch lemmatisation for search and theme matching.

Pure text analysis: it imports neither ``db`` nor ``ingest``, so it runs in worker
processes. It uses spaCy's blank Dutch pipeline (tokeniser, sentencizer) and the lookup
lemmatiser from spacy-lookups-data; no trained model is needed. When ``nl_core_news_sm``
happens to be installed it is *not* used: its lemmas differ from the lookup table's, and the
index and the queries must be lemmatised the same way on every machine.

The lookup table knows about 213,000 word forms but few of the long compounds that Dutch
builds freely ("vrouwenorganisaties", "beleidsterreinen"). For a word the table does not
know, the longest known tail of it that the table maps to another form is lemmatised and the
head kept: "vrouwen" + "organisaties" -> "vrouwenorganisatie". ``compound_stats`` measures
how often that happens.
"""

from __future__ import annotations

import functools
import re
from typing import Iterable, Optional

# Tails shorter than this are never lemmatised on their own: "dens" in "tijdens", "wege".
_MIN_TAIL = 5
_MIN_HEAD = 3

_WORD = re.compile(r"\w", re.UNICODE)


@functools.lru_cache(maxsize=1)
def nlp():
    """spaCy's blank Dutch pipeline with the lookup lemmatiser and a sentencizer."""
    import spacy

    pipeline = spacy.blank("nl")
    pipeline.add_pipe("lemmatizer", config={"mode": "lookup"})
    pipeline.add_pipe("sentencizer")
    pipeline.initialize()
    return pipeline


@functools.lru_cache(maxsize=1)
def _tables():
    """spacy-lookups-data's Dutch tables: the lookup table, and per part of speech the
    known lemmas (index), the irregular forms (exc) and the suffix rules."""
    lookups = nlp().get_pipe("lemmatizer").lookups
    from spacy.lookups import load_lookups

    rule_tables = load_lookups("nl", ["lemma_index", "lemma_exc", "lemma_rules"])
    index = rule_tables.get_table("lemma_index")
    exc = rule_tables.get_table("lemma_exc")
    rules = rule_tables.get_table("lemma_rules")
    return {
        "lookup": lookups.get_table("lemma_lookup"),
        "index": {pos: frozenset(index.get(pos) or ()) for pos in _POS},
        "exc": {pos: dict(exc.get(pos) or {}) for pos in _POS},
        "rules": {pos: [tuple(r) for r in rules.get(pos) or ()] for pos in _POS},
    }


# Without a tagger the part of speech is unknown: try nouns first (what questions are
# searched by), then verbs, then adjectives.
_POS = ("noun", "verb", "adj")


def _known_lemma(lower: str) -> Optional[str]:
    """The lemma when the tables know ``lower`` (as a lemma, an irregular form, a lookup
    entry, or through a suffix rule that lands on a known lemma); else None.

    This is spaCy's Dutch rule lemmatiser with the part of speech left open.
    """
    tables = _tables()
    for pos in _POS:
        if lower in tables["index"][pos]:
            return lower
    for pos in _POS:
        forms = tables["exc"][pos].get(lower)
        if forms:
            return forms[0]
    found = tables["lookup"].get(lower)
    if found is not None:
        return found.lower()
    for pos in _POS:
        index = tables["index"][pos]
        for old, new in tables["rules"][pos]:
            if old and lower.endswith(old):
                form = lower[: len(lower) - len(old)] + new
                if form and form in index:
                    return form
    return None


@functools.lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """The lemma of one word, lower-cased; unknown words are returned lower-cased."""
    lower = word.lower()
    if lower in _function_words():
        # Without a part of speech the verb tables would turn "het" into "hebben".
        return lower
    return _known_lemma(lower) or _compound_lemma(lower) or lower


@functools.lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    from spacy.lang.nl.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _compound_lemma(lower: str) -> Optional[str]:
    """Head + lemma of the longest known tail: vrouwenorganisaties -> vrouwenorganisatie."""
    if not lower.isalpha():
        return None
    for start in range(_MIN_HEAD, len(lower) - _MIN_TAIL + 1):
        found = _known_lemma(lower[start:])
        if found is not None:
            return lower[:start] + found
    return None


def is_known(word: str) -> bool:
    return _known_lemma(word.lower()) is not None


def words(text: str) -> list[str]:
    """The word tokens of ``text`` (spaCy's Dutch tokeniser), punctuation dropped."""
    return [t.text for t in nlp().tokenizer(text) if _WORD.search(t.text)]


def lemma_list(text: str) -> list[str]:
    return [lemma(w) for w in words(text)]


def lemmatize(text: Optional[str]) -> str:
    """``text`` as a space-separated sequence of lower-case lemmas, for the FTS index."""
    if not text:
        return ""
    return " ".join(lemma_list(text))


def sentences(text: str) -> list[str]:
    return [s.text.strip() for s in nlp()(text).sents if s.text.strip()]


def compound_stats(texts: Iterable[str]) -> dict[str, int]:
    """How the lemmas of ``texts`` were found: table, compound tail, or neither."""
    stats = {"tokens": 0, "table": 0, "compound": 0, "unknown": 0}
    for text in texts:
        for word in words(text):
            stats["tokens"] += 1
            lower = word.lower()
            if is_known(lower):
                stats["table"] += 1
            elif _compound_lemma(lower):
                stats["compound"] += 1
            else:
                stats["unknown"] += 1
    return stats
