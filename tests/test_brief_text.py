import re
from pathlib import Path

import pytest

from kamerqa.parsers.brief import paragraphs, parse_brief_text

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def load(name):
    return parse_brief_text((CORPUS / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def kst():
    return load("kst-26150-190-brief-nap1325-iv-2020-12-16.txt")


@pytest.fixture(scope="module")
def b2022():
    return load("brief-voortgangsrapportage-nap1325-iv-2022-11-09.txt")


# ----------------------------------------------------------------- Kamerstuk layout


def test_kst_header(kst):
    assert kst.kind == "brief"
    assert (kst.id, kst.source_file, kst.sha256) == ("", "", "")
    assert kst.number == "190"
    assert kst.date == "2020-12-16"
    assert kst.title == (
        "Brief van de ministers van Buitenlandse Zaken en voor Buitenlandse Handel "
        "en Ontwikkelingssamenwerking"
    )
    assert kst.extra["addressee"] == "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal"
    assert kst.questions == [] and kst.answers == []


def test_kst_signatories(kst):
    assert kst.signatories == [
        "S.A. Blok (Minister van Buitenlandse Zaken)",
        "S.A.M. Kaag (Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking)",
    ]


def test_kst_footnotes(kst):
    assert [fn.number for fn in kst.footnotes] == [1]
    fn = kst.footnotes[0]
    assert fn.text == "Raadpleegbaar via www.tweedekamer.nl."
    assert (fn.context, fn.context_key) == ("body", None)


def test_kst_body(kst):
    body = kst.body
    assert body.startswith("Hierbij bieden wij u het vierde Nationaal Actieplan 1325 Vrouwen")
    assert body.endswith("internationale implementatie van NAP-IV te informeren.")
    # header, footnote and signature are gone
    for gone in ("Nr. 190", "BRIEF VAN", "Den Haag, 16 december", "Raadpleegbaar", "S.A. Blok",
                 "De Minister van Buitenlandse Zaken"):
        assert gone not in body
    # marker "aan1" removed, wrapped lines joined, hyphenated words rejoined
    assert "Vrouwen, Vrede en Veiligheid aan dat in samenwerking" in body
    assert "vredesopbouw, bescherming, noodhulp" in body
    assert "mensenrechtenbenadering" in body
    assert "nationale beleidsfocus en implementatie." in body  # split over a blank line
    assert "bij (re)organisatie, verbetering" in body
    assert "vrede en veiligheid, inclusief conflictpreventie" in body  # around the footnote
    assert "\n\n" in body and "\n\n\n" not in body
    paras = body.split("\n\n")
    assert paras[0].endswith("tot stand is gekomen.")
    assert paras[1].startswith("Het Ministerie van Buitenlandse Zaken is de interdepartementale")
    assert "\n– NAP-IV bevat naast een buitenlandse" in body  # list item keeps its own line


# ----------------------------------------------------------------- ministry layout


def test_2022_header(b2022):
    assert b2022.kind == "brief"
    assert b2022.date == "2022-11-09"
    assert b2022.number is None
    assert b2022.title == (
        "Voortgangsrapportage Nationaal Actieplan 1325-IV inzake Vrouwen, Vrede en Veiligheid"
    )
    assert b2022.extra["reference"] == "BZDOC-2023943977-38"
    assert b2022.extra["attachments"] == "1"
    assert b2022.extra["ministry"] == "Buitenlandse Zaken"
    assert b2022.extra["addressee"] == "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal"


def test_2022_signatories(b2022):
    assert b2022.signatories == [
        "Wopke Hoekstra (minister van Buitenlandse Zaken)",
        "Liesje Schreinemacher (minister voor Buitenlandse Handel en Ontwikkelingssamenwerking)",
    ]


def test_2022_footnotes(b2022):
    assert [fn.number for fn in b2022.footnotes] == [1, 2, 3, 4, 5, 6, 7, 8]
    texts = {fn.number: fn.text for fn in b2022.footnotes}
    assert texts[1].startswith("Zie Kamerbrief NAP1325-IV")
    assert texts[1].endswith("26 150 nr. 190")
    assert texts[5] == "Zie noot 4"
    assert texts[7].endswith("2020D51493")
    assert all((fn.context, fn.context_key) == ("body", None) for fn in b2022.footnotes)


def test_2022_body(b2022):
    body = b2022.body
    assert body.startswith("op 16 december 2020 ontving uw Kamer het vierde nationaal actieplan")
    assert body.endswith("te bevorderen en te verbeteren.")
    for gone in ("Geachte Voorzitter", "Onze Referentie", "BZDOC", "Betreft", "Datum 9 november",
                 "Prinses Irenestraat", "Zie noot 4", "Wopke Hoekstra", "De minister van"):
        assert gone not in body
    assert not re.search("[¹²³⁴⁵⁶⁷⁸⁹⁰]", body)
    # paragraphs broken by a footnote block or page header are joined again
    assert "gebogen over rapportage en transparantie. Dit heeft" in body
    assert 'de Spaans-Nederlandse "*Gender in operations course*" voortgezet' in body
    assert "\n\nDe mondiale inzet op Vrouwen, Vrede en Veiligheid.\n\n" in body
    assert "\n- Participatie;\n- Preventie;\n" in body
    assert "\n\n\n" not in body


# ----------------------------------------------------------------- synthetic

SYNTHETIC = """Aan de Voorzitter van de
Tweede Kamer der Staten-Generaal
Postbus 20018
2500 EA Den Haag

Ministerie van Financiën

Ons kenmerk
2024-0000012345

Datum

1 maart 2024

Betreft

Stand van zaken
toeslagen

Geachte voorzitter,

Hierbij informeer ik u over de stand
van zaken.

Ons kenmerk
2024-0000012345

Dit is de tweede alinea.

Hoogachtend,

De minister van Financiën,

J. de Vries

A.B. van der Berg ganisaties.
"""


def test_synthetic_ministry_letter():
    doc = parse_brief_text(SYNTHETIC)
    assert doc.date == "2024-03-01"
    assert doc.title == "Stand van zaken toeslagen"
    assert doc.extra["reference"] == "2024-0000012345"
    assert doc.extra["ministry"] == "Financiën"
    assert doc.body == "Hierbij informeer ik u over de stand van zaken.\n\nDit is de tweede alinea."
    # the second name has no function printed; lower-case words after a name are no part of it
    assert doc.signatories == ["J. de Vries (minister van Financiën)", "A.B. van der Berg"]


def test_signature_fragment_on_own_line():
    text = (
        "Den Haag, 2 januari 2023\n\nTekst.\n\nDe minister van Defensie,\n\n"
        "Kajsa Ollongren\n\nganisaties.\n"
    )
    doc = parse_brief_text(text)
    assert doc.signatories == ["Kajsa Ollongren (minister van Defensie)"]
    assert doc.body == "Tekst."
    assert doc.date == "2023-01-02"


def test_paragraphs():
    text = "Een regel die door-\nloopt en\n\nverder gaat.\n\nKop\n\n- a;\n- b;\n"
    assert paragraphs(text) == ["Een regel die doorloopt en verder gaat.", "Kop", "- a;\n- b;"]
