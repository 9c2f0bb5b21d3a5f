import re
from pathlib import Path

import pytest

from kamerqa.parsers.bijlage import parse_bijlage_text

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
NAME = "bijlage-voortgangsrapportage-nap1325-iv-2021.txt"


@pytest.fixture(scope="module")
def doc():
    return parse_bijlage_text((CORPUS / NAME).read_text(encoding="utf-8"))


def test_fields(doc):
    assert doc.kind == "bijlage"
    assert (doc.id, doc.source_file, doc.sha256) == ("", "", "")
    assert doc.title == "Bijlage 1: Voortgangsrapportage implementatie NAP1325-IV over het jaar 2021"
    assert doc.extra == {"attachment_number": "1"}
    assert doc.date is None
    assert doc.questions == [] and doc.answers == [] and doc.footnotes == []


def test_body(doc):
    body = doc.body
    assert body.startswith(doc.title + "\n\nMinisterie van Buitenlandse Zaken\n\n")
    assert body.endswith("gelijke rechten van LHBTIQ+ personen in de EU.")
    paras = body.split("\n\n")
    assert len(paras) == 267
    assert [p for p in paras if p.startswith("Ministerie van")] == [
        "Ministerie van Buitenlandse Zaken",
        "Ministerie van Defensie",
        "Ministerie van Justitie en veiligheid",
        "Ministerie van Onderwijs, Cultuur en Wetenschap",
    ]
    assert sum(p.startswith("Strategisch doel") for p in paras) == 9
    # whitespace tidied: no empty or padded paragraphs, no runs of spaces
    assert all(p and p == p.strip() for p in paras)
    assert "  " not in body and "\n\n\n" not in body
    # wrapped lines of a cell are one paragraph, word breaks rejoined
    assert (
        "Aantal Nederlandse militaire, politie- en civiele missies met meer genderbalans en meer "
        "vrouwen in senior posities, door recruteringscampagnes of gendertraining"
    ) in paras
    assert "NL streeft naar meer mensen op leiderschapsposities in vredesmissies" in body
    assert "genderstereotypen" in body


def test_nothing_lost(doc):
    # every word of the source is still there, apart from the rejoined hyphenated ones
    source = (CORPUS / NAME).read_text(encoding="utf-8")
    assert abs(len(re.findall(r"\w+", source)) - len(re.findall(r"\w+", doc.body))) < 20


def test_synthetic():
    doc = parse_bijlage_text("\n \nBijlage 2:  Overzicht\t \n\nregel een\nregel twee \n\n\n \nslot")
    assert doc.title == "Bijlage 2: Overzicht"
    assert doc.extra == {"attachment_number": "2"}
    assert doc.body == "Bijlage 2: Overzicht\n\nregel een regel twee\n\nslot"
