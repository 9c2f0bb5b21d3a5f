"""The Aanhangsel van de Handelingen as a text export: the same structure as from the PDF.

Each real Aanhangsel PDF is exported to text with pdfium (the page texts joined by form feeds,
with the running footers, the publication block and the footnotes at the foot of each page,
as a "save as text" gives them) and parsed as a .txt file. The text reader and the PDF reader
feed the one Kamervragen structure parser, so the id (from "Vergaderjaar 2023–2024 …
Aanhangsel … 1786"), the askers with parties, the dates (also "(ontvangen 21 mei 2024)."
wrapped onto a new line), the question and answer labels, the footnotes and where their
markers stand must come out as from the PDF, and no footnote text may stay in an answer.
"""

from __future__ import annotations

from functools import lru_cache

import pytest

from kamerqa.parsers.documents import parse_file

from .test_aanhangsel_pdf import NAMES, parsed as parsed_pdf  # the PDF parses, cached once

pdfium = pytest.importorskip("pypdfium2", reason="pypdfium2 makes the text exports")
fuzz = pytest.importorskip("rapidfuzz.fuzz")

# Where plain text cannot tell a footnote marker from the text: "NIS24" is the directive
# NIS2 with footnote marker 4 raised in the PDF; in text it is one number.
KNOWN_MARKER_MISSES = {("1c0f765c", 4)}


@lru_cache(maxsize=None)
def exported(name: str, tmp_root: str):
    from pathlib import Path

    from .test_aanhangsel_pdf import AH3235, OPENDATA

    source = AH3235 / "ah-tk-20202021-3235.pdf" if name == "3235" else next(OPENDATA.glob(name + "*.pdf"))
    pdf = pdfium.PdfDocument(str(source))
    try:
        text = "\f".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
    path = Path(tmp_root) / f"{name}.txt"
    path.write_text(text.replace("\r\n", "\n"), encoding="utf-8")
    return parse_file(path)


@pytest.fixture(scope="session")
def export_dir(tmp_path_factory):
    return str(tmp_path_factory.mktemp("text-exports"))


@pytest.mark.parametrize("name", NAMES)
def test_text_export_has_the_structure_of_the_pdf(name, export_dir):
    text, pdf = exported(name, export_dir), parsed_pdf(name)
    assert (text.id, text.kind, text.number, text.vergaderjaar) == (pdf.id, pdf.kind, pdf.number, pdf.vergaderjaar)
    assert [(m.name, m.party) for m in text.askers] == [(m.name, m.party) for m in pdf.askers]
    for key in ("submitted", "received", "minister", "mede_namens", "answer_kind"):
        assert text.extra.get(key) == pdf.extra.get(key), key
    assert text.date == pdf.date
    assert [(q.number, q.label, q.answer_key, q.party) for q in text.questions] == [
        (q.number, q.label, q.answer_key, q.party) for q in pdf.questions
    ]
    assert [(a.label, a.numbers) for a in text.answers] == [(a.label, a.numbers) for a in pdf.answers]
    assert [f.number for f in text.footnotes] == [f.number for f in pdf.footnotes]
    for ours, theirs in zip(text.footnotes, pdf.footnotes):
        assert ours.page == theirs.page
        assert fuzz.ratio(ours.text, theirs.text) > 97, (ours.text, theirs.text)
        if (name, ours.number) not in KNOWN_MARKER_MISSES:
            assert (ours.context, ours.context_key) == (theirs.context, theirs.context_key)
    for ours, theirs in zip(text.questions + text.answers, pdf.questions + pdf.answers):
        assert fuzz.ratio(ours.text, theirs.text) > 97, (ours.text[:80], theirs.text[:80])
    # no footnote text (unless the PDF's text says the same) and no page furniture inside a
    # question or an answer
    for part, pdf_part in zip(text.questions + text.answers, pdf.questions + pdf.answers):
        for footnote in text.footnotes:
            if footnote.text in part.text:
                assert footnote.text in pdf_part.text
        assert "ISSN" not in part.text and "ah-tk-" not in part.text
        assert "Tweede Kamer, vergaderjaar" not in part.text or "Tweede Kamer, vergaderjaar" in pdf_part.text
        assert "\ufffe" not in part.text and "\ufff0" not in part.text


def test_known_marker_misses_are_still_misses(export_dir):
    # if the reader learns to read them, this list must shrink
    for name, number in KNOWN_MARKER_MISSES:
        footnote = next(f for f in exported(name, export_dir).footnotes if f.number == number)
        assert footnote.context is None


def test_page_foot_rules_the_text_exports_need():
    """The forms the real exports above print, each on its own (``pages.separate_pages``)."""
    from kamerqa.parsers.footnotes import placeholder
    from kamerqa.parsers.pages import separate_pages

    page1 = [
        "In mijn brief van 7 november 20231 heb ik dat gemeld.",      # marker glued to a year
        "Dat gold vanaf 2018.2 Het beleid uit 2021?3 Waarom niet?",   # after a year's full stop, after '?'
        "3. Alle producten gaan terug.",                             # a numbered body line
        "3 cent per minuut is te veel.4 Zo is het.",                  # a body line opening with a number
        "1 Kamerstuk 26 485, nr. 380 2 Het actuele beleid staat op",  # two footnotes on one line
        "de website. 3 Zie de brief van 3 mei.",                      # and one more in a continuation
        "4 Kamerstuk 36 180, nr. 1.",
    ]
    separated = separate_pages([page1])
    assert [(f.number, f.text) for f in separated.footnotes] == [
        (1, "Kamerstuk 26 485, nr. 380"),
        (2, "Het actuele beleid staat op de website."),
        (3, "Zie de brief van 3 mei."),
        (4, "Kamerstuk 36 180, nr. 1."),
    ]
    assert separated.lines[0] == f"In mijn brief van 7 november 2023{placeholder(1)} heb ik dat gemeld."
    assert separated.lines[1] == f"Dat gold vanaf 2018.{placeholder(2)} Het beleid uit 2021?{placeholder(3)} Waarom niet?"
    assert separated.lines[2:] == ["3. Alle producten gaan terug.", f"3 cent per minuut is te veel.{placeholder(4)} Zo is het."]
