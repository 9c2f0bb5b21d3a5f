"""Official XML (officielebekendmakingen) as an input format: ``parsers.official_xml``.

Real documents, read from the XML files themselves:

* ``ah-tk-20202021-3235.xml``: ``<kamervragen>``, vergaderjaar 2020-2021, kamervraagnummer
  3235, questions of Van Weyenberg, Romke de Jong and Kat (allen D66) to the Minister of SZW
  about de TOZO (ingezonden 3 juni 2021), answered by Minister Koolmees (SZW) on 21 juni 2021;
  nine ``<vraag>``/``<antwoord>`` pairs, no ``<noot>``; answer 9 has two ``<al>``.
* ``kst-32545-143.xml``: ``<kamerstuk>``, dossier "32 545" "Wet- en regelgeving financiële
  markten", Nr. 143 "MOTIE VAN DE LEDEN INGE VAN DIJK EN GRINWIS", voorgesteld 2021-07-06,
  eight ``<al>`` and the ``<al-groep>`` "Inge van Dijk", "Grinwis".
* ``h-tk-20172018-61-10.xml`` (UTF-8 with BOM): ``<handelingen>``, agendapunt 10 "Ondernemen
  en Bedrijfsfinanciering", six motions (kst-31311-199 … 204).

Where a document exists as PDF and XML, the XML is the ground truth: the PDF parses of
ah-tk-20202021-3235 and kst-32545-143 are checked against it.
"""

from __future__ import annotations

import pytest
from rapidfuzz import fuzz

from kamerqa.parsers.model import ParseError
from kamerqa.parsers.official_xml import parse_official_xml
from kamerqa.parsers.xml_compare import compare_with_xml, failures, normalize_ws

from .conftest import REAL, parsed_file, requires_shared
from .test_kamerstuk_pdf import MOTIE_PARAGRAPHS

AH = REAL / "ah-tk-20202021-3235"
KST = REAL / "kst-32545-143"
HANDELINGEN = REAL / "handelingen-xml" / "h-tk-20172018-61-10.xml"

ASKERS = [("Van Weyenberg", "D66"), ("Romke de Jong", "D66"), ("Kat", "D66")]
HEADING = (
    "Vragen van de leden Van Weyenberg, Romke de Jong en Kat (allen D66) aan de Minister van "
    "Sociale Zaken en Werkgelegenheid over de TOZO"
)


def _parse(path):
    return parsed_file(path)


# --- kamervragen -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ah_xml():
    return _parse(AH / "ah-tk-20202021-3235.xml")


@pytest.fixture(scope="module")
def ah_pdf():
    return _parse(AH / "ah-tk-20202021-3235.pdf")


@requires_shared
def test_kamervragen_from_the_xml_alone():
    doc = parse_official_xml((AH / "ah-tk-20202021-3235.xml").read_bytes())
    assert (doc.id, doc.kind, doc.number, doc.vergaderjaar) == (
        "ah-tk-20202021-3235", "kamervragen", "3235", "2020-2021",
    )
    assert doc.title == HEADING
    assert doc.date == doc.extra["received"] == "2021-06-21"
    assert doc.extra["submitted"] == "2021-06-03"
    assert doc.extra["addressee"] == "de Minister van Sociale Zaken en Werkgelegenheid"
    assert doc.extra["subject"] == "de TOZO"
    assert doc.extra["minister"] == "Minister Koolmees"
    assert doc.extra["ministers"] == [
        {"role": "Minister", "name": "Koolmees", "ministry": "Sociale Zaken en Werkgelegenheid"}
    ]
    assert [(m.name, m.party) for m in doc.askers] == ASKERS
    assert doc.body == (
        HEADING + " (ingezonden 3 juni 2021).\n\n"
        "Antwoord van Minister Koolmees (Sociale Zaken en Werkgelegenheid) (ontvangen 21 juni 2021)."
    )
    assert [q.number for q in doc.questions] == list(range(1, 10))
    assert [a.label for a in doc.answers] == [str(n) for n in range(1, 10)]
    assert all(q.party == "D66" and q.answer_key == f"a{q.number}" for q in doc.questions)
    assert doc.questions[1].text == (
        "Kunt u toelichten waarom het rentepercentage voor de TOZO-lening op 2% is gesteld?"
    )
    assert doc.answers[1].text.startswith(
        "Bij de invoering van de Tozo is toegelicht waarom de hoogte van de rente is bepaald op "
        "2% (Staatsblad 2020, 118). Bij de keuze"
    )
    assert doc.answers[8].text.count("\n\n") == 1
    assert doc.answers[8].text.endswith("als renteloze lening of als bijstand om niet.")
    assert doc.footnotes == []


@requires_shared
def test_kamervragen_through_parse_file(ah_xml):
    assert ah_xml.id == "ah-tk-20202021-3235"
    assert ah_xml.source_file.endswith("ah-tk-20202021-3235.xml")
    # metadata.xml beside it applies (it names this id)
    assert ah_xml.extra["vraagnummer"] == ah_xml.vraagnummer == "2021Z09739"
    assert ah_xml.title == "Antwoord op vragen van de leden Van Weyenberg, Romke de Jong en Kat over de Tozo"
    assert [(c.context, c.context_key, c.target) for c in ah_xml.citations] == [
        ("answer", "a2", "stb-2020-118")
    ]


@requires_shared
def test_pdf_and_xml_of_ah_tk_20202021_3235_agree(ah_pdf, ah_xml):
    xml_path = AH / "ah-tk-20202021-3235.xml"
    assert failures(compare_with_xml(ah_pdf, xml_path)) == []
    assert [c.score for c in compare_with_xml(ah_xml, xml_path)] == [100.0] * 18
    for name in ("id", "kind", "number", "vergaderjaar", "date", "title", "body"):
        assert getattr(ah_pdf, name) == getattr(ah_xml, name), name
    assert [(m.name, m.party) for m in ah_pdf.askers] == [(m.name, m.party) for m in ah_xml.askers]
    for key in ("addressee", "subject", "submitted", "received", "minister", "ministers", "mede_namens"):
        assert ah_pdf.extra[key] == ah_xml.extra[key], key
    for ours, truth in zip(ah_pdf.questions + ah_pdf.answers, ah_xml.questions + ah_xml.answers):
        assert ours.label == truth.label
        assert fuzz.ratio(normalize_ws(ours.text), normalize_ws(truth.text)) >= 98
    assert [(q.number, q.party, q.answer_key) for q in ah_pdf.questions] == [
        (q.number, q.party, q.answer_key) for q in ah_xml.questions
    ]
    citations = lambda d: {(c.context, c.context_key, c.target) for c in d.citations}  # noqa: E731
    assert citations(ah_pdf) == citations(ah_xml)


# --- kamerstuk -------------------------------------------------------------------------------


@requires_shared
def test_motie_from_the_xml():
    doc = parse_official_xml((KST / "kst-32545-143.xml").read_bytes())
    assert (doc.id, doc.kind, doc.dossier, doc.number, doc.vergaderjaar) == (
        "kst-32545-143", "motie", "32545", "143", "2020-2021",
    )
    assert doc.extra["dossier_title"] == "Wet- en regelgeving financiële markten"
    assert doc.extra["heading"] == "MOTIE VAN DE LEDEN INGE VAN DIJK EN GRINWIS"
    assert doc.date == doc.extra["voorgesteld"] == "2021-07-06"
    assert doc.title == "Motie van de leden Inge van Dijk en Grinwis"
    assert doc.body.split("\n\n") == MOTIE_PARAGRAPHS
    assert doc.signatories == ["Inge van Dijk", "Grinwis"]


@requires_shared
def test_pdf_and_xml_of_kst_32545_143_agree():
    pdf, xml = _parse(KST / "kst-32545-143.pdf"), _parse(KST / "kst-32545-143.xml")
    for name in ("id", "kind", "dossier", "number", "vergaderjaar", "date", "title", "body", "signatories"):
        assert getattr(pdf, name) == getattr(xml, name), name
    for key in ("dossier_title", "heading", "voorgesteld"):
        assert pdf.extra[key] == xml.extra[key]
    assert xml.extra["indieners"] == ["I. (Inge) van Dijk", "P.A. Grinwis"]  # from metadata.xml


# --- handelingen -----------------------------------------------------------------------------


@requires_shared
def test_handelingen():
    assert HANDELINGEN.read_bytes()[:3] == b"\xef\xbb\xbf"  # UTF-8 with a byte order mark
    doc = _parse(HANDELINGEN)
    assert (doc.id, doc.kind, doc.vergaderjaar) == ("h-tk-20172018-61-10", "handelingen", "2017-2018")
    assert doc.title == "Ondernemen en Bedrijfsfinanciering"
    assert (doc.extra["vergadering"], doc.extra["agendapunt"]) == ("61", "10")
    assert [(s["name"], s["party"]) for s in doc.extra["speakers"]] == [
        ("Wörsdörfer", "VVD"), ("Paternotte", "D66"), ("Van der Lee", "GroenLinks"),
        ("Graus", "PVV"), ("Amhaouch", "CDA"), ("Keijzer", None),
    ]
    assert doc.extra["speakers"][-1]["role"] == "Staatssecretaris"
    assert doc.extra["motions"] == [f"kst-31311-{n}" for n in range(199, 205)]
    paragraphs = doc.body.split("\n\n")
    assert paragraphs[0] == "Aan de orde is het VAO Ondernemen en Bedrijfsfinanciering (AO d.d. 22/02)."
    assert paragraphs[1].startswith("De voorzitter: Aan de orde is het VAO Ondernemen en bedrijfsfinanciering.")
    assert paragraphs[2].startswith("De heer Wörsdörfer (VVD): Dank u wel, voorzitter. Veel mkb-ondernemers")
    assert "Motie\n\nDe Kamer,\n\ngehoord de beraadslaging,\n\noverwegende dat het krijgen van financiering" in doc.body
    assert paragraphs[-1] == (
        "De voorzitter: Wij stemmen dinsdag over de moties. We gaan meteen door met het volgende "
        "debat. Dat is het VAO Toerisme."
    )
    assert "\ufeff" not in doc.body


# --- metadata records and file discovery -----------------------------------------------------


@requires_shared
@pytest.mark.parametrize("name", ["metadata.xml", "metadata_owms.xml"])
def test_metadata_records_are_refused(name, tmp_path):
    with pytest.raises(ParseError, match="metadata record, not a document"):
        _parse(AH / name)
    # also by content, under another name
    copy = tmp_path / "record.xml"
    copy.write_bytes((AH / name).read_bytes())
    with pytest.raises(ParseError, match="metadata record"):
        _parse(copy)


@requires_shared
def test_file_discovery_skips_metadata_records():
    from kamerqa.ingest.pipeline import find_input_files

    found = [p.name for p in find_input_files([AH, KST, HANDELINGEN.parent])]
    assert found == [
        "ah-tk-20202021-3235.pdf", "ah-tk-20202021-3235.xml",
        "kst-32545-143.pdf", "kst-32545-143.xml",
        "h-tk-20172018-61-10.xml",
    ]


def test_is_input_file():
    from kamerqa.parsers.documents import is_input_file

    assert is_input_file("a/kst-1-2.xml") and is_input_file("x.PDF") and is_input_file("x.txt")
    assert not is_input_file("a/metadata.xml") and not is_input_file("a/Metadata_OWMS.xml")
    assert not is_input_file("a/kst-1-2.html")


# --- synthetic XML ---------------------------------------------------------------------------

_KV = """<?xml version="1.0" encoding="UTF-8"?>
<officiele-publicatie><metadata/><kamervragen>
 <kamervraagkop><tekstregel inhoud="vergaderjaar">Vergaderjaar 2023-2024</tekstregel>
  <tekstregel inhoud="kamernummer">2</tekstregel></kamervraagkop>
 <kamervraagnummer>42</kamervraagnummer>
 <kamervraagomschrijving type="vraag">Vragen van het lid <naam><achternaam>Bikker</achternaam></naam>
  (ChristenUnie) aan de Minister van Justitie en Veiligheid over iets
  (ingezonden <datum isodatum="2024-01-05">5 januari 2024</datum>).</kamervraagomschrijving>
 <vraag><nr>Vraag 1</nr><al>Kent u het bericht?<noot id="n1" type="voet"><noot.nr>1</noot.nr>
  <noot.al>NOS, 4 januari 2024.</noot.al></noot></al></vraag>
 <vraag><nr>Vraag 2 en 3</nr><al>Waarom? En wanneer?</al></vraag>
 <antwoord><nr>Antwoord 1</nr><al>Ja.</al></antwoord>
 <antwoord><nr>Antwoord 2 en 3</nr><al>Zie Kamerstuk 36 200 VI, nr. 5.<noot id="n2" type="voet">
  <noot.nr>2</noot.nr><noot.al>Zie <extref doc="kst-36200-VI-5">ook</extref> dit.</noot.al></noot></al>
  <al>Tweede alinea.</al></antwoord>
</kamervragen></officiele-publicatie>"""


def test_kamervragen_footnotes_and_grouped_numbers():
    doc = parse_official_xml(_KV.encode())
    assert doc.id == "ah-tk-20232024-42"
    assert [(m.name, m.party) for m in doc.askers] == [("Bikker", "ChristenUnie")]
    assert doc.extra["submitted"] == "2024-01-05"
    assert [(q.number, q.label, q.text, q.answer_key) for q in doc.questions] == [
        (1, "1", "Kent u het bericht?", "a1"),
        (2, "2 en 3", "Waarom? En wanneer?", "a2"),
        (3, "2 en 3", "Waarom? En wanneer?", "a2"),
    ]
    assert [(a.label, a.numbers) for a in doc.answers] == [("1", [1]), ("2 en 3", [2, 3])]
    assert doc.answers[1].text == "Zie Kamerstuk 36 200 VI, nr. 5.\n\nTweede alinea."
    assert [(f.number, f.text, f.context, f.context_key) for f in doc.footnotes] == [
        (1, "NOS, 4 januari 2024.", "question", "q1"),
        (2, "Zie ook dit.", "answer", "a2"),
    ]


_VSO = """<officiele-publicatie><kamerstuk>
 <kamerstukkop><tekstregel inhoud="vergaderjaar">Vergaderjaar 2020-2021</tekstregel></kamerstukkop>
 <dossier><dossiernummer><dossiernr>26 150</dossiernr></dossiernummer><titel>Rol van Nederland</titel></dossier>
 <stuk><stuknr>Nr. <ondernummer>191</ondernummer></stuknr><titel>VERSLAG VAN EEN SCHRIFTELIJK OVERLEG</titel>
  <datumtekst>Vastgesteld <datum isodatum="2021-02-23">23 februari 2021</datum></datumtekst>
  <algemeen><vrije-tekst><tekst>
   <al>De vaste commissie voor Buitenlandse Zaken heeft vragen voorgelegd.</al>
   <tussenkop>I Vragen en opmerkingen van de leden van de VVD-fractie</tussenkop>
   <al>De leden van de VVD-fractie vragen of het kabinet dit deelt?<noot id="a" type="voet"><noot.nr>1</noot.nr><noot.al>Bron.</noot.al></noot></al>
   <al>1. Antwoord van het kabinet:</al>
   <al>Ja.</al>
   <al>De leden van de VVD-fractie vragen nog iets?</al>
   <al>2. Antwoord van het kabinet:</al>
   <al>Nee.</al>
  </tekst></vrije-tekst></algemeen></stuk>
</kamerstuk></officiele-publicatie>"""


def test_vso_kamerstuk_goes_through_the_vso_structure_parser():
    doc = parse_official_xml(_VSO)
    assert (doc.id, doc.kind, doc.dossier, doc.number) == ("kst-26150-191", "schriftelijk_overleg", "26150", "191")
    assert doc.extra["vastgesteld"] == "2021-02-23"
    assert [(q.number, q.party, q.text) for q in doc.questions] == [
        (1, "VVD", "De leden van de VVD-fractie vragen of het kabinet dit deelt?"),
        (2, "VVD", "De leden van de VVD-fractie vragen nog iets?"),
    ]
    assert [a.text for a in doc.answers] == ["Ja.", "Nee."]
    assert [(f.number, f.text, f.context_key) for f in doc.footnotes] == [(1, "Bron.", "q1")]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"<officiele-publicatie><stcrt/></officiele-publicatie>", "unsupported XML"),
        (b"<officiele-publicatie><kamerstuk>", "not well-formed XML"),
        (b'<metadata_gegevens><metadata name="DC.identifier" content="x"/></metadata_gegevens>', "metadata record"),
    ],
)
def test_bad_xml(data, message):
    with pytest.raises(ParseError, match=message):
        parse_official_xml(data)


@requires_shared
def test_vraagnummer_from_the_metadata_record_beside_the_pdf():
    # the PDF does not print the TK case number; its metadata.xml (OVERHEIDop.vraagnummer) does
    doc = parsed_file(AH / "ah-tk-20202021-3235.pdf")
    assert doc.vraagnummer == "2021Z09739"
