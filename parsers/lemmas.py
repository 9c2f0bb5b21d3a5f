"""Dutch lemmatisation for search and theme matching.

Pure text analysis: it imports neither ``db`` nor ``ingest``, so it runs in worker
processes. It uses spaCy's blank Dutch pipeline (tokeniser, sentencizer) and the lemma tables of
spacy-lookups-data (read into compact tables, ``_tables``); no trained model is needed. When ``nl_core_news_sm``
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
    """spaCy's blank Dutch pipeline with a sentencizer: its tokeniser, sentences and
    vocabulary. Lemmas come from the compact tables (``lemma``), not from a spaCy
    lemmatiser: loading its lookup table cost every build almost a second for nothing."""
    import spacy

    pipeline = spacy.blank("nl")
    pipeline.add_pipe("sentencizer")
    pipeline.initialize()
    return pipeline


# Without a tagger the part of speech is unknown: try nouns first (what questions are
# searched by), then verbs, then adjectives.
_POS = ("noun", "verb", "adj")
# Bumped when what the compact tables hold changes, so an old cache file is not read.
_TABLES_FORMAT = 1


def _spacy_tables() -> dict:
    """spaCy's Dutch tables as plain data: per part of speech the known lemmas (index), the
    irregular forms (exc) and the suffix rules; the lookup table; the function words."""
    from spacy.lang.nl.stop_words import STOP_WORDS
    from spacy.lookups import load_lookups

    tables = load_lookups("nl", ["lemma_lookup", "lemma_index", "lemma_exc", "lemma_rules"])
    index = tables.get_table("lemma_index")
    exc = tables.get_table("lemma_exc")
    rules = tables.get_table("lemma_rules")
    lookup = tables.get_table("lemma_lookup")
    return {
        # spaCy's Table keys by hash; its string keys are kept in the original data
        "lookup": {form: lookup.get(form) for form in _lookup_forms()},
        "index": {pos: sorted(index.get(pos) or ()) for pos in _POS},
        "exc": {pos: {k: list(v)[:1] for k, v in (exc.get(pos) or {}).items()} for pos in _POS},
        "rules": {pos: [list(r) for r in rules.get(pos) or ()] for pos in _POS},
        "function_words": sorted(STOP_WORDS),
    }


def _lookup_forms() -> list[str]:
    """The word forms of spacy-lookups-data's Dutch lookup table, as written in its file."""
    import gzip
    import json
    from pathlib import Path

    import spacy_lookups_data

    path = Path(spacy_lookups_data.nl["lemma_lookup"])
    if not path.exists():  # the package names the file without the .gz it is stored with
        path = path.with_name(path.name + ".gz")
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return list(json.load(handle))


def _cache_path():
    """Where the compact tables are kept: one file per version of spaCy's data."""
    import os
    from importlib.metadata import PackageNotFoundError, version
    from pathlib import Path

    try:
        key = f"{version('spacy-lookups-data')}-{version('spacy')}-{_TABLES_FORMAT}"
    except PackageNotFoundError:
        return None
    folder = os.environ.get("KAMERQA_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "kamerqa"
    )
    return Path(folder) / f"lemma-tables-{key}.sqlite"


def _write_cache(path, tables: dict) -> None:
    """The tables as one indexed SQLite file, written whole under a temporary name and then
    renamed, so parallel workers never see half a file."""
    import json
    import os
    import sqlite3
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(handle)
    try:
        conn = sqlite3.connect(temporary)
        conn.execute("create table forms (form text primary key, lookup text, exc text, pos integer)")
        rows: dict[str, list] = {}
        for form, found in tables["lookup"].items():
            rows.setdefault(form, [None, None, 0])[0] = found
        for pos_bit, pos in enumerate(_POS):
            for form in tables["index"][pos]:
                rows.setdefault(form, [None, None, 0])[2] |= 1 << pos_bit
        for form in {f for pos in _POS for f in tables["exc"][pos]}:
            rows.setdefault(form, [None, None, 0])[1] = json.dumps(
                [(tables["exc"][pos].get(form) or [None])[0] for pos in _POS]
            )
        conn.executemany("insert into forms values (?, ?, ?, ?)", ((k, *v) for k, v in rows.items()))
        conn.execute("create table meta (key text primary key, value text)")
        conn.executemany("insert into meta values (?, ?)", [
            ("rules", json.dumps(tables["rules"])),
            ("function_words", json.dumps(tables["function_words"])),
        ])
        conn.commit()
        conn.close()
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


class _Tables:
    """The lemma tables, read from the compact SQLite file: opening it costs milliseconds,
    where importing spaCy and loading its tables costs seconds (most of a search's time)."""

    def __init__(self, path) -> None:
        import json
        import sqlite3

        # check_same_thread=False: Datasette calls the SQL functions from its worker
        # threads; the connection is only ever read
        self.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        meta = dict(self.conn.execute("select key, value from meta"))
        self.rules = {pos: [tuple(r) for r in rules] for pos, rules in json.loads(meta["rules"]).items()}
        self.function_words = frozenset(json.loads(meta["function_words"]))

    def row(self, form: str):
        """(lookup, first irregular form per part of speech, index bits) of ``form``, or None."""
        import json

        found = self.conn.execute("select lookup, exc, pos from forms where form = ?", [form]).fetchone()
        if found is None:
            return None
        return found[0], json.loads(found[1]) if found[1] else None, found[2]

    def indexed(self, forms: list[str]) -> dict[str, int]:
        """The index bits of those ``forms`` the index knows."""
        if not forms:
            return {}
        marks = ",".join("?" * len(forms))
        return dict(self.conn.execute(f"select form, pos from forms where pos != 0 and form in ({marks})", forms))


@functools.lru_cache(maxsize=1)
def _tables() -> _Tables:
    """The compact tables: made from spaCy's data the first time (per version of it), then
    only opened. Where no cache can be written, a private temporary copy is made."""
    import atexit
    import shutil
    import sqlite3
    import tempfile
    from pathlib import Path

    path = _cache_path()
    if path is not None and path.exists():
        try:
            return _Tables(path)
        except sqlite3.DatabaseError:  # damaged: made anew below
            pass
    tables = _spacy_tables()
    if path is not None:
        try:
            _write_cache(path, tables)
            return _Tables(path)
        except OSError:
            pass
    folder = tempfile.mkdtemp(prefix="kamerqa-lemmas-")
    atexit.register(shutil.rmtree, folder, True)
    private = Path(folder) / "lemma-tables.sqlite"
    _write_cache(private, tables)
    return _Tables(private)


def _known_lemma(lower: str) -> Optional[str]:
    """The lemma when the tables know ``lower`` (as a lemma, an irregular form, a lookup
    entry, or through a suffix rule that lands on a known lemma); else None.

    This is spaCy's Dutch rule lemmatiser with the part of speech left open.
    """
    tables = _tables()
    row = tables.row(lower)
    if row is not None:
        lookup, exc, pos_bits = row
        if pos_bits:  # a known lemma of a noun, verb or adjective
            return lower
        for form in exc or ():
            if form:
                return form
        if lookup is not None:
            return lookup.lower()
    candidates = []
    for pos_bit, pos in enumerate(_POS):
        for old, new in tables.rules[pos]:
            if old and lower.endswith(old):
                form = lower[: len(lower) - len(old)] + new
                if form:
                    candidates.append((pos_bit, form))
    indexed = tables.indexed(sorted({form for _bit, form in candidates}))
    for pos_bit, form in candidates:
        if indexed.get(form, 0) & (1 << pos_bit):
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


def _function_words() -> frozenset[str]:
    return _tables().function_words


def function_words() -> frozenset[str]:
    """spaCy's Dutch stop words, read from the compact tables (no spaCy import)."""
    return _function_words()


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


_OPENING = "([{\"'“‘«<"
_CLOSING = ")]}\"'”’»>,;:!?"
_POSSESSIVE = re.compile(r"^(.+?)(['’]s)$")
_QUERY_SEPARATORS = re.compile(r"[\s()\[\]{}*=<>#|]+")


def query_words(text: str) -> list[str]:
    """The words of a typed query, as ``words`` gives them for the usual cases, without
    loading spaCy (seconds): a search box query must answer at once.

    Brackets, "*", "=" and "#" separate words; quotes around a word and closing punctuation go, a final full stop too
    unless the word is an abbreviation with stops inside ("o.a."), and "programma's" is
    "programma" and "'s", as spaCy's Dutch tokeniser splits it. Inside a word everything
    is kept ("nap-iv", "D&I"): the full-text index splits such a word the same way in the
    query and in the text.
    """
    found: list[str] = []
    for chunk in _QUERY_SEPARATORS.split(text):
        chunk = chunk.lstrip(_OPENING).rstrip(_CLOSING)
        if chunk.endswith(".") and "." not in chunk[:-1]:
            chunk = chunk.rstrip(".").rstrip(_CLOSING)
        possessive = _POSSESSIVE.match(chunk)
        parts = [possessive.group(1), possessive.group(2)] if possessive else [chunk]
        found += [part for part in parts if _WORD.search(part)]
    return found


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
