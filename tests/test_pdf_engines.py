"""The two PDF character engines (parsers.pdf_chars) give the same documents.

Every real PDF under ``../shared/corpus/real`` and every PDF in ``tests/fixtures`` is parsed
once per engine in this session; the parsed documents must be identical field by field:
questions, answers, parties and members, footnotes with their pages, citations, body and
metadata. Files that cannot be read must fail with the same message.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest

from kamerqa.parsers.documents import parse_file
from kamerqa.parsers.layout import lines_from_chars, read_pdf_lines
from kamerqa.parsers.model import ParseError
from kamerqa.parsers.pdf_chars import DEFAULT_ENGINE, ENGINES, open_pdf_chars, standard_font_descent

from .conftest import FIXTURES, REAL, parsed_file, requires_shared
from .test_layout import _encrypted_pdf

REAL_PDFS = sorted(REAL.rglob("*.pdf")) if REAL.is_dir() else []
FIXTURE_PDFS = sorted(FIXTURES.glob("*.pdf"))
AH3235 = REAL / "ah-tk-20202021-3235" / "ah-tk-20202021-3235.pdf"


@pytest.fixture(scope="session")
def parsed():
    """``parsed(path, engine)``: the document, or the ParseError; each parsed once (with
    the default engine through the session's shared ``parsed_file``)."""
    cache: dict = {}

    def get(path: Path, engine: str):
        if (path, engine) not in cache:
            try:
                cache[path, engine] = (
                    parsed_file(path) if engine == DEFAULT_ENGINE else parse_file(path, engine)
                )
            except ParseError as error:
                cache[path, engine] = error
        return cache[path, engine]

    return get


def _name(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


SECTIONS = ("questions", "answers", "askers", "footnotes", "citations", "indicators", "signatories")


def _compare(path: Path, parsed) -> None:
    slow, fast = parsed(path, "pdfplumber"), parsed(path, "pdfium")
    if isinstance(slow, ParseError):
        assert isinstance(fast, ParseError), f"{path.name}: pdfium read what pdfplumber refused"
        assert str(fast) == str(slow)
        return
    assert not isinstance(fast, ParseError), f"{path.name}: pdfium failed: {fast}"
    slow, fast = asdict(slow), asdict(fast)
    for section in SECTIONS:  # one section at a time, so a failure says where
        assert len(fast[section]) == len(slow[section]), section
        for i, (a, b) in enumerate(zip(slow[section], fast[section])):
            assert b == a, f"{section}[{i}]"
    assert fast == slow


@requires_shared
@pytest.mark.parametrize("path", REAL_PDFS, ids=_name)
def test_real_pdf_same_with_both_engines(path, parsed):
    _compare(path, parsed)


@pytest.mark.parametrize("path", FIXTURE_PDFS, ids=_name)
def test_fixture_pdf_same_with_both_engines(path, parsed):
    _compare(path, parsed)


@requires_shared
def test_comparison_sees_real_content(parsed):
    """The comparison above compares documents with content, not two empty results."""
    doc = parsed(AH3235, "pdfium")
    assert doc.id == "ah-tk-20202021-3235"
    assert [q.number for q in doc.questions] == list(range(1, 10))
    assert len(doc.answers) == 9
    assert [m.name for m in doc.askers] == ["Van Weyenberg", "Romke de Jong", "Kat"]
    assert sum(len(parsed(p, "pdfium").questions) for p in REAL_PDFS
               if not isinstance(parsed(p, "pdfium"), ParseError)) > 100
    assert sum(len(parsed(p, "pdfium").footnotes) for p in REAL_PDFS
               if not isinstance(parsed(p, "pdfium"), ParseError)) > 20


# ----------------------------------------------------------------------------- errors


@pytest.mark.parametrize("engine", ENGINES)
def test_fixture_errors_name_the_reason(engine):
    with pytest.raises(ParseError, match=r"^encrypted PDF \(password protected\)$"):
        read_pdf_lines(FIXTURES / "encrypted-with-user-password.pdf", engine)
    with pytest.raises(ParseError, match=r"^no text layer \(scanned document\)$"):
        read_pdf_lines(FIXTURES / "scanned-image-only-no-text-layer.pdf", engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_broken_files_same_message(engine, tmp_path):
    cases = {
        "empty.pdf": (b"", "empty file"),
        "text.pdf": (b"Dit is geen PDF.\n", "not a PDF file"),
        "locked.pdf": (_encrypted_pdf(), "encrypted PDF (password protected)"),
        "header-only.pdf": (b"%PDF-1.4\n%%EOF\n", None),
    }
    if AH3235.exists():
        data = AH3235.read_bytes()
        cases["truncated.pdf"] = (data[: len(data) // 2], None)
    messages = {}
    for name, (data, expected) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(ParseError) as error:
            read_pdf_lines(path, engine)
        messages[name] = str(error.value)
        if expected is not None:
            assert messages[name] == expected
    # the damaged ones: the same words as the pdfplumber engine gives
    for name in ("header-only.pdf", "truncated.pdf"):
        if name in messages:
            with pytest.raises(ParseError) as reference:
                read_pdf_lines(tmp_path / name, "pdfplumber")
            assert messages[name] == str(reference.value)


def test_unknown_engine():
    with pytest.raises(ValueError, match="unknown PDF engine 'mupdf'"):
        with open_pdf_chars(FIXTURES / "scanned-image-only-no-text-layer.pdf", "mupdf"):
            pass


# ----------------------------------------------------------------------------- details


def test_standard_font_descents_are_pdfminers():
    from pdfminer.fontmetrics import FONT_METRICS

    for name, (descriptor, _) in FONT_METRICS.items():
        assert standard_font_descent(name) == (descriptor.get("Descent") or 0) / 1000, name
    assert standard_font_descent("ABCDEF+Helvetica") is None  # embedded subset: its own
    assert standard_font_descent("Verdana") is None


def test_space_over_a_letter_does_not_split_the_word():
    # "WWI" with a stray space from 2.5 pt lower lying over the first W (pdfminer reports
    # it, PDFium does not): one word, as printed
    def char(text, x0, x1, bottom):
        return {"text": text, "fontname": "Times-Roman", "size": 10.4,
                "x0": x0, "x1": x1, "top": bottom - 10.4, "bottom": bottom}

    chars = [char("W", 210.84, 220.64, 330.33), char("W", 220.56, 230.36, 330.33),
             char("I", 230.4, 233.86, 330.33), char(" ", 233.76, 236.35, 330.33),
             char(" ", 210.84, 213.43, 332.85), char("i", 236.4, 239.3, 330.33)]
    (line,) = lines_from_chars(chars, page=1)
    assert line.text == "WWI i"


@requires_shared
def test_pdfium_page_sizes_and_characters():
    with open_pdf_chars(AH3235, "pdfium") as pdf:
        assert pdf.page_count == 3
        sizes = [(round(w), round(h), len(chars)) for chars, w, h in pdf.pages()]
    assert sizes == [(595, 842, 1976), (595, 842, 3436), (595, 842, 909)]


# ----------------------------------------------------------------------------- the option


@requires_shared
def test_build_pdf_engine_reaches_the_workers(tmp_path, monkeypatch):
    """``kamerqa build --pdf-engine`` picks the reader in the worker processes (forked, so
    they see this test's stand-in for the pdfplumber reader, which refuses to work)."""
    from click.testing import CliRunner

    from kamerqa.ingest.cli import cli
    from kamerqa.parsers import pdf_chars

    def no_pdfplumber(path):
        raise RuntimeError("the pdfplumber reader was used")

    monkeypatch.setattr(pdf_chars, "_open_pdfplumber", no_pdfplumber)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / AH3235.name).write_bytes(AH3235.read_bytes())
    (folder / "copy.pdf").write_bytes(AH3235.read_bytes())
    runner = CliRunner()
    ok = runner.invoke(cli, ["build", str(folder), "--db", str(tmp_path / "a.db"), "-j", "2",
                             "--pdf-engine", "pdfium", "-q"])
    assert ok.exit_code == 0, ok.output
    assert "1 stored, 1 alternate sources, 0 unchanged, 0 failed of 2 files" in ok.output
    refused = runner.invoke(cli, ["build", str(folder), "--db", str(tmp_path / "b.db"), "-j", "2",
                                  "--pdf-engine", "pdfplumber", "-q"])
    assert refused.exit_code != 0
    assert "every one of the 2 files failed" in refused.output


@requires_shared
def test_pdfium_closes_each_page_before_reading_the_next(monkeypatch):
    """Memory stays flat: a page and its text page are closed once their characters are
    read, before the next page is loaded."""
    import pypdfium2

    events = []
    for cls, name in ((pypdfium2.PdfPage, "page"), (pypdfium2.PdfTextPage, "text")):
        original = cls.close

        def close(self, *args, _original=original, _name=name, **kwargs):
            events.append(f"close {_name}")
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(cls, "close", close)
    with open_pdf_chars(AH3235, "pdfium") as pdf:
        for _chars, _width, _height in pdf.pages():
            events.append("read")
    assert events == ["read", "close text", "close page"] * 3
