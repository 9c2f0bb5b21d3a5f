"""The ministries' answer letters to Kamervragen as Word files (../shared/corpus/real/antwoord-docx).

Expected values were read off the documents (covering letter, "Vraag"/"Antwoord op vraag"
labels, the notes typed at the end and the Word footnotes), not copied from parser output.
SOURCES.md counts the Word footnotes only (1, 1, 2); the letters also carry the notes of the
questions typed as "1)" / "[1]" paragraphs at the end, so they have 3, 3 and 5 notes, numbered
in the order of their markers.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from kamerqa.parsers.documents import parse_file
from kamerqa.parsers.model import Member, ParseError

from .conftest import parsed_file

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "real" / "antwoord-docx"
if not REAL.is_dir():
    pytest.skip(f"real answer letters not found at {REAL}", allow_module_level=True)


def parsed(asker: str):
    """The letter of ``asker``, parsed once per test session (shared with other modules)."""
    (path,) = [p for p in REAL.glob("*.docx") if asker in p.name]
    return parsed_file(path)


def _answers(doc):
    return [(a.label, a.numbers) for a in doc.answers]


def _keys(doc):
    return {q.number: q.answer_key for q in doc.questions}


def test_temmink_van_nispen():
    doc = parsed("Temmink")
    assert doc.kind == "kamervragen"
    assert doc.id.startswith("sha256:")  # the Aanhangsel number is not in the letter
    assert doc.vraagnummer == "2023Z19677"
    assert doc.date == "2024-01-11"
    assert doc.extra["letter_of"] == "2023-12-06"
    assert doc.extra["minister"] == "Minister Yeşilgöz-Zegerius"
    assert doc.extra["ministry"] == "Justitie en Veiligheid"
    assert doc.signatories == ["D. Yeşilgöz-Zegerius"]
    assert doc.askers == [Member("Temmink", "SP"), Member("Van Nispen", "SP")]
    assert [q.number for q in doc.questions] == list(range(1, 11))
    assert {q.party for q in doc.questions} == {"SP"}
    assert _answers(doc) == [
        ("1", [1]), ("2 en 3", [2, 3]), ("4 en 5", [4, 5]), ("6", [6]),
        ("7, 8, en 9", [7, 8, 9]), ("10", [10]),
    ]
    assert _keys(doc) == {1: "a1", 2: "a2", 3: "a2", 4: "a4", 5: "a4", 6: "a6", 7: "a7",
                          8: "a7", 9: "a7", 10: "a10"}
    q = {q.number: q for q in doc.questions}
    assert q[2].text == (
        "Waarom is ervoor gekozen om dit nummer van de brandweer in handen te geven van een "
        "commerciële partij die uiteraard ook commerciële tarieven vraagt?"
    )
    a4 = next(a for a in doc.answers if a.key == "a4")
    assert a4.text.startswith("Een goed bereikbare politie en brandweer")
    assert a4.text.count("\n\n") == 1
    assert [(f.number, f.context, f.context_key, f.text) for f in doc.footnotes] == [
        (1, "question", "q2", "Geen spoed wel brandweer – Brandweer"),
        (2, "question", "q6", "Contact marechaussee | Koninklijke Marechaussee | Defensie.nl"),
        (3, "answer", "a10", "Kamerstukken, 2022-2023, 29628, nr. 1135"),
    ]
    # the covering letter is body text, not a question; the letterhead is neither
    assert doc.body.startswith("In antwoord op uw brief van 6 december 2023, nr. 2023Z19677, deel ik u mede dat de vragen")
    assert "Retouradres" not in doc.body and "Vraag 1" not in doc.body
    assert [c.target for c in doc.citations if c.context == "footnote"] == ["kst-29628-1135"]


def test_eerdmans():
    doc = parsed("Eerdmans")
    assert doc.askers == [Member("Eerdmans", "JA21")]
    # the letter cites "nr. 5284183", not a TK case number
    assert doc.vraagnummer is None
    assert doc.date == "2024-03-24"
    assert doc.extra["minister"] == "Minister Yeşilgöz-Zegerius"
    assert [(q.number, q.party) for q in doc.questions] == [(1, "JA21"), (2, "JA21"), (3, "JA21")]
    assert _answers(doc) == [("1", [1]), ("2", [2]), ("3", [3])]
    assert doc.title == (
        "Antwoorden van de minister van Justitie en Veiligheid op Kamervragen van het lid "
        "Eerdmans (JA21) over het bericht dat een ME'er in Arnhem zijn taak niet wilde "
        "uitvoeren vanwege zijn religie"
    )
    assert doc.questions[0].text.endswith("wat voor traumatische ervaringen worden hier bedoeld?")
    assert [(f.number, f.context, f.context_key) for f in doc.footnotes] == [
        (1, "question", "q1"), (2, "question", "q1"), (3, "answer", "a2"),
    ]
    assert doc.footnotes[0].text == "Aanhangsel Handelingen, vergaderjaar 2023-2024, nr. 1121."
    assert doc.footnotes[1].text.startswith("AD, 13 januari 2024, Hoe een provocatie")
    assert doc.footnotes[2].text == "Aanhangsel van de Handelingen, vergaderjaar 2023-2024, nr. 1121."
    # the typed notes are not left at the end of the last answer
    assert doc.answers[-1].text.endswith("Wel is door de politie aangegeven dat dit uitzonderlijk is.")
    a2 = doc.answers[1].text
    assert a2.count("\n\n") == 1 and "(ME)." in a2


def test_teunissen():
    doc = parsed("Teunissen")
    assert doc.askers == [Member("Teunissen", "PvdD")]
    assert doc.vraagnummer == "2024Z11889"
    assert doc.date == "2024-08-26"
    assert doc.extra["minister"] == "Minister van Weel"
    assert doc.extra["mede_namens"] == "de Minister van Landbouw, Visserij, Voedselzekerheid en Natuur"
    assert [q.number for q in doc.questions] == list(range(1, 23))
    grouped = [(a.label, a.numbers) for a in doc.answers if len(a.numbers) > 1]
    assert grouped == [("11, 12 en 13", [11, 12, 13])]
    assert len(doc.answers) == 20
    assert all(q.answer_key for q in doc.questions)
    assert _keys(doc)[12] == _keys(doc)[13] == "a11"
    assert [(f.number, f.context, f.context_key) for f in doc.footnotes] == [
        (1, "question", "q1"), (2, "question", "q1"), (3, "question", "q10"),
        (4, "answer", "a20"), (5, "answer", "a21"),
    ]
    assert doc.footnotes[3].text.endswith("(Kamerstuk 28 286, nr. 1255).")
    # a sentence broken over two Word paragraphs by hand is one paragraph again
    a21 = next(a for a in doc.answers if a.key == "a21").text
    assert "verwerving van honden, selectie van geleiders" in a21
    q1 = doc.questions[0].text
    assert q1.endswith("keerde overleden’?") and "[1]" not in q1


def _docx_with(tmp_path: Path, name: str, members: dict[str, bytes]) -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as z:
        for member, data in members.items():
            z.writestr(member, data)
    return path


def test_bad_docx_files(tmp_path):
    not_zip = tmp_path / "kapot.docx"
    not_zip.write_bytes(b"dit is geen zip")
    with pytest.raises(ParseError, match="not a valid .docx file"):
        parse_file(not_zip)
    no_document = _docx_with(tmp_path, "leeg.docx", {"[Content_Types].xml": b"<Types/>"})
    with pytest.raises(ParseError, match="no word/document.xml"):
        parse_file(no_document)


def test_odt_and_html_are_refused_in_one_line(tmp_path):
    for suffix, reason in ((".odt", "OpenDocument"), (".html", "official XML")):
        path = tmp_path / f"doc{suffix}"
        path.write_bytes(b"x")
        with pytest.raises(ParseError, match=reason) as error:
            parse_file(path)
        assert "\n" not in str(error.value)


def test_letters_build_with_parties_per_question(tmp_path):
    import sqlite_utils

    from kamerqa.ingest.pipeline import build

    db = sqlite_utils.Database(tmp_path / "letters.db")
    result = build(db, [REAL], jobs=1)
    assert (result.files, result.stored, result.failed) == (3, 3, [])
    rows = db.query(
        "select d.vraagnummer, count(distinct q.id) as questions, group_concat(distinct p.name) as parties "
        "from documents d join questions q on q.document_id = d.id "
        "join question_parties qp on qp.question_id = q.id join parties p on p.id = qp.party_id "
        "group by d.id order by questions"
    )
    assert [(r["vraagnummer"], r["questions"], r["parties"]) for r in rows] == [
        (None, 3, "JA21"), ("2023Z19677", 10, "SP"), ("2024Z11889", 22, "PvdD"),
    ]


def test_answer_letter_as_pdf_goes_to_the_same_parser(tmp_path):
    """No real answer letter as PDF is in the corpus: a hand-made one-page PDF in the letter's
    form shows that the PDF lines reach the same Kamervragen parser as the Word file."""
    from .test_integrity import make_pdf, text_page

    lines = [
        "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
        "Datum 3 juli 2024",
        "In antwoord op uw brief van 12 juni 2024, nr. 2024Z09876, deel ik u mede dat de vragen",
        "van het lid Dobbe (SP) worden beantwoord zoals aangegeven in de bijlage van deze brief.",
        "De minister van Buitenlandse Zaken,",
        "C.C.J. Veldkamp",
        "Antwoorden van de minister van Buitenlandse Zaken op Kamervragen van het lid Dobbe (SP)",
        "over Jemen.",
        "Vraag 1", "Wat weet u van de situatie?",
        "Antwoord op vraag 1", "Weinig.",
        "Vraag 2", "Wat doet u eraan?",
        "Vraag 3", "Waarom niet meer?",
        "Antwoord op vragen 2 en 3", "Wij doen wat wij kunnen.",
    ]
    path = tmp_path / "antwoord.pdf"
    path.write_bytes(make_pdf(text_page(lines), filters=b""))
    doc = parse_file(path)
    assert doc.kind == "kamervragen"
    assert (doc.vraagnummer, doc.date, doc.extra["letter_of"]) == ("2024Z09876", "2024-07-03", "2024-06-12")
    assert doc.extra["minister"] == "Minister Veldkamp"
    assert doc.askers == [Member("Dobbe", "SP")]
    assert [(q.number, q.answer_key, q.party) for q in doc.questions] == [
        (1, "a1", "SP"), (2, "a2", "SP"), (3, "a2", "SP"),
    ]
    assert [(a.label, a.text) for a in doc.answers] == [("1", "Weinig."), ("2 en 3", "Wij doen wat wij kunnen.")]
    assert doc.body.startswith("In antwoord op uw brief van 12 juni 2024")
