"""parse_aanhangsel_pdf on the 14 real Aanhangsel PDFs in ../shared/corpus/real.

The expected values in DOCS were read off each PDF's text by eye (heading, answer line,
the "Vraag"/"Antwoord" labels, footnotes), not copied from parser output. Parties are the
printed ones, passed through the same canonicalisation the parser uses.
"""

import re
from pathlib import Path

import pytest

from kamerqa.parsers.aanhangsel import (
    _canonical_party,
    parse_aanhangsel,
    parse_askers,
    parse_mededeling,
)
from kamerqa.parsers.layout import SUPERSCRIPTS, Line
from kamerqa.parsers.model import ParseError
from kamerqa.parsers.xml_compare import compare_with_xml, failures, read_kamervragen_xml

from .conftest import pdf_lines

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "real"
if not REAL.is_dir():
    pytest.skip("../shared/corpus/real not present", allow_module_level=True)

OPENDATA = REAL / "aanhangsel-tk-opendata"
AH3235 = REAL / "ah-tk-20202021-3235"

_cache: dict = {}


def parsed(name: str):
    """``parse_aanhangsel_pdf`` of the named PDF, on the lines read once per session."""
    if name not in _cache:
        path = AH3235 / "ah-tk-20202021-3235.pdf" if name == "3235" else next(OPENDATA.glob(name + "*.pdf"))
        _cache[name] = parse_aanhangsel(*pdf_lines(path))
    return _cache[name]


# file prefix, id, pages, askers [(name, printed party)], question labels, answer labels,
# submitted, received, minister, mede namens, footnote count
DOCS = [
    ("3235", "ah-tk-20202021-3235", 3,
     [("Van Weyenberg", "D66"), ("Romke de Jong", "D66"), ("Kat", "D66")],
     [str(n) for n in range(1, 10)], [str(n) for n in range(1, 10)],
     "2021-06-03", "2021-06-21", "Minister Koolmees", None, 0),
    ("01bf9f06", "ah-tk-20232024-1999", 1,
     [("Sneller", "D66"), ("Chakor", "GroenLinks-PvdA"), ("Van Nispen", "SP")],
     ["1", "2", "3"], [],
     "2024-05-30", "2024-06-07", "Minister De Jonge", None, 1),
    ("00fe7edd", "ah-tk-20232024-1314", 2,
     [("Mutluer", "GroenLinks-PvdA"), ("Kostić", "PvdD")],
     ["1", "2", "3, 4 en 5", "6"], ["1", "2", "3, 4 en 5", "6"],
     "2024-03-06", "2024-03-25", "Minister Dijkgraaf", None, 2),
    ("01b2bcad", "ah-tk-20232024-2129", 3,
     [("Ceder", "ChristenUnie"), ("Dobbe", "SP")],
     [str(n) for n in range(1, 10)], [str(n) for n in range(1, 10)],
     "2024-06-05", "2024-06-28", "Minister Bruins Slot en Minister Schreinemacher", None, 5),
    ("1a2d8959", "ah-tk-20232024-2210", 5,
     [("Erkens", "VVD")],
     [str(n) for n in range(1, 14)], [str(n) for n in range(1, 14)],
     "2024-07-02", "2024-07-23", "Minister Hermans", None, 2),
    ("1a529d02", "ah-tk-20232024-2271", 6,
     [("Westerveld", "GroenLinks-PvdA")],
     [str(n) for n in range(1, 13)], [str(n) for n in range(1, 13)],
     "2024-06-21", "2024-08-12", "Staatssecretaris Karremans", None, 17),
    ("1b0f0b98", "ah-tk-20232024-1786", 6,
     # Teunissen is printed "(PvdA)" in this PDF (she sits for the PvdD); we keep what is printed
     [("Hirsch", "GroenLinks-PvdA"), ("Teunissen", "PvdA")],
     [str(n) for n in range(1, 10)] + ["10 en 11"] + [str(n) for n in range(12, 16)],
     [str(n) for n in range(1, 10)] + ["10 en 11"] + [str(n) for n in range(12, 16)],
     "2024-04-04", "2024-05-21", "Staatssecretaris Van Rij",
     "de Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking", 16),
    ("1b26915f", "ah-tk-20232024-1771", 4,
     [("Van Nispen", "SP")],
     [str(n) for n in range(1, 7)], [str(n) for n in range(1, 7)],
     "2024-03-29", "2024-05-17", "Staatssecretaris Heijnen", "de Minister van Justitie en Veiligheid", 8),
    ("1b2d2126", "ah-tk-20232024-2367", 3,
     [("Van der Lee", "GroenLinks-PvdA")],
     ["1", "2", "3, 4, 5 en 6", "7, 8, 9 10 en 11", "12"],
     ["1", "2", "3, 4, 5 en 6", "7, 8, 9 10 en 11", "12"],
     "2024-06-28", "2024-08-29", "Minister Heinen", None, 4),
    ("1b62ee8d", "ah-tk-20232024-1432", 4,
     [("Van Zanten", "BBB")],
     [str(n) for n in range(1, 7)], [str(n) for n in range(1, 7)],
     "2024-03-07", "2024-04-05", "Staatssecretaris Gräper-van Koolwijk", None, 3),
    ("1bb0809b", "ah-tk-20232024-1949", 2,
     [("Faber-van de Klashorst", "PVV")],
     ["1", "2 en 3", "4", "5"], ["1", "2 en 3", "4", "5"],
     "2024-05-06", "2024-06-11", "Minister Yeşilgöz-Zegerius", "de Minister voor Rechtsbescherming", 1),
    ("1bca1484", "ah-tk-20232024-2313", 5,
     [("Bushoff", "GroenLinks-PvdA"), ("Patijn", "GroenLinks-PvdA")],
     [str(n) for n in range(1, 11)], [str(n) for n in range(1, 11)],
     "2024-07-05", "2024-08-22", "Minister Van Hijum", "de Minister van Volksgezondheid, Welzijn en Sport", 4),
    ("1c0f765c", "ah-tk-20232024-1178", 5,
     [("Sneller", "D66")],
     [str(n) for n in range(1, 10)], [str(n) for n in range(1, 10)],
     "2024-01-16", "2024-03-07", "Staatssecretaris Van Huffelen", None, 15),
    ("1dac45ca", "ah-tk-20232024-878", 4,
     [("Inge van Dijk", "CDA")],
     [str(n) for n in range(1, 8)], [str(n) for n in range(1, 8)],
     "2023-12-13", "2024-01-26", "Staatssecretaris Van Huffelen", None, 2),
]
NAMES = [row[0] for row in DOCS]


def _numbers(label):
    return [int(n) for n in re.findall(r"\d+", label)]


@pytest.mark.parametrize(
    "name, doc_id, pages, askers, q_labels, a_labels, submitted, received, minister, mede, n_fn",
    DOCS,
    ids=NAMES,
)
def test_document_facts(name, doc_id, pages, askers, q_labels, a_labels, submitted, received, minister, mede, n_fn):
    doc = parsed(name)
    assert doc.id == doc_id
    assert doc.kind == "kamervragen"
    assert doc.number == doc_id.rsplit("-", 1)[1]
    assert doc.vergaderjaar == ("2020-2021" if name == "3235" else "2023-2024")
    assert doc.pages == pages
    assert doc.source_file == "" and doc.sha256 == ""
    assert doc.extra["footer_id"] == doc_id  # printed number and footer id agree
    # askers with parties
    assert [(m.name, m.party) for m in doc.askers] == [(n, _canonical_party(p)) for n, p in askers]
    # questions: one Question per number, grouped blocks share label and text
    expected_q = [(n, label) for label in q_labels for n in _numbers(label)]
    assert [(q.number, q.label) for q in doc.questions] == expected_q
    assert len(doc.questions) == sum(len(_numbers(lb)) for lb in q_labels)
    assert [a.label for a in doc.answers] == a_labels
    assert [a.numbers for a in doc.answers] == [_numbers(lb) for lb in a_labels]
    for label in q_labels:
        texts = {q.text for q in doc.questions if q.label == label}
        assert len(texts) == 1 and texts.pop()
    # every question points to the answer that serves it
    for q in doc.questions:
        if a_labels:
            answer = next(a for a in doc.answers if a.key == q.answer_key)
            assert q.number in answer.numbers
        else:
            assert q.answer_key is None
    # party of the questions: the askers' party when they share one
    parties = {_canonical_party(p) for _, p in askers}
    assert {q.party for q in doc.questions} == {parties.pop() if len(parties) == 1 else None}
    # dates and minister
    assert doc.extra["submitted"] == submitted
    assert doc.extra["received"] == received
    assert doc.date == received
    assert doc.extra["minister"] == minister
    assert doc.extra["mede_namens"] == mede
    assert doc.extra["answer_kind"] == ("mededeling" if name == "01bf9f06" else "antwoord")
    assert "vraagnummer" not in doc.extra  # none of these PDFs prints a TK case number
    # footnotes: all of them, numbered 1..n, each with a page and a context
    assert [f.number for f in doc.footnotes] == list(range(1, n_fn + 1))
    assert all(f.page and f.context in ("question", "answer", "body") for f in doc.footnotes)
    # all footnote markers were taken out of the texts
    for text in [q.text for q in doc.questions] + [a.text for a in doc.answers]:
        assert not re.search(f"[{SUPERSCRIPTS}]", text)


FURNITURE = [
    re.compile(r"ISSN"),
    re.compile(r"Tweede Kamer, vergaderjaar"),
    re.compile(r"vergaderjaar \d{4}–\d{4}, Aanhangsel"),
    re.compile(r"’s-Gravenhage \d{4}"),
    re.compile(r"ah-tk-\d{8}-\d+"),
    re.compile(r"Aanhangsel \d+\s*$", re.M),
    re.compile(r"Vragen gesteld door de leden der Kamer"),
]


@pytest.mark.parametrize("name", NAMES)
def test_no_furniture_in_texts(name):
    doc = parsed(name)
    for text in [q.text for q in doc.questions] + [a.text for a in doc.answers] + [doc.body]:
        for pattern in FURNITURE:
            assert not pattern.search(text), (pattern.pattern, text[:80])
    for f in doc.footnotes:
        for pattern in FURNITURE[2:]:
            assert not pattern.search(f.text)
    # page breaks inside a text leave no page number behind
    for text in [q.text for q in doc.questions] + [a.text for a in doc.answers]:
        assert not re.search(r"\n\n\d{1,2}\n\n", text)


def test_footnote_that_quotes_tweede_kamer_is_kept():
    doc = parsed("1b0f0b98")
    fn4 = doc.footnotes[3]
    assert (fn4.number, fn4.page, fn4.context, fn4.context_key) == (4, 2, "question", "q4")
    assert fn4.text == "Tweede Kamer, vergaderjaar 2022–2023, 26 485, nr. 424"


# ----------------------------------------------------------------------------- pages


@pytest.mark.parametrize(
    "name, kind, number, page",
    [
        ("3235", "question", 1, 1),
        ("3235", "answer", 3, 2),
        ("3235", "question", 8, 3),
        ("1a2d8959", "question", 2, 1),  # "Vraag 2" is the last block on page 1 …
        ("1a2d8959", "answer", 2, 2),  # … its answer starts page 2
        ("1a2d8959", "question", 13, 5),
        ("00fe7edd", "question", 5, 1),  # "Vraag 3, 4 en 5" starts on page 1 …
        ("00fe7edd", "answer", 5, 2),  # … and runs on to page 2, where its answer is
        ("1b0f0b98", "question", 11, 4),
        ("1b0f0b98", "answer", 15, 6),
        ("1b2d2126", "answer", 9, 2),
    ],
)
def test_pages(name, kind, number, page):
    doc = parsed(name)
    if kind == "question":
        item = next(q for q in doc.questions if q.number == number)
    else:
        item = next(a for a in doc.answers if number in a.numbers)
    assert item.page == page


# ----------------------------------------------------------------------------- footnotes


def test_footnote_marker_removed_and_linked():
    doc = parsed("01bf9f06")
    (fn,) = doc.footnotes
    assert (fn.number, fn.page, fn.context, fn.context_key) == (1, 1, "question", "q1")
    assert fn.text == (
        "De Volkskrant, 28 mei 2024 (www.volkskrant.nl/nieuws-achtergrond/ambtenaren-zien-nog-veel-"
        "juridische-hobbels-richting-regeerprogramma~bc49ab66/)"
    )
    assert "gemaakt van het hoofdlijnenakkoord? Zo ja, kunt u" in doc.questions[0].text


def test_footnotes_across_pages_and_contexts():
    doc = parsed("01b2bcad")
    assert [(f.number, f.page, f.context, f.context_key) for f in doc.footnotes] == [
        (1, 1, "question", "q1"),
        (2, 2, "question", "q3"),
        (3, 2, "question", "q5"),
        (4, 3, "question", "q8"),
        (5, 3, "answer", "a8"),
    ]
    answer8 = next(a for a in doc.answers if a.numbers == [8])
    assert answer8.text.startswith("Graag verwijs ik u naar de Kamerbrief van 14 juli 2023 waarin uitgebreid")
    # marker in a grouped question block → the key of its first number
    doc = parsed("00fe7edd")
    assert (doc.footnotes[1].page, doc.footnotes[1].context_key) == (2, "q3")


def test_question_text_runs_over_page_break_and_footnotes():
    doc = parsed("00fe7edd")
    q3 = next(q for q in doc.questions if q.number == 3)
    paras = q3.text.split("\n\n")
    assert len(paras) == 3
    assert paras[0].startswith("Deelt u de mening dat als een provincie het predicaat")
    assert paras[0].endswith("wat is de waarde van dat predicaat dan nog?")
    assert paras[1].startswith("Deelt u de mening dat regenboogprovincies in het kader")
    assert paras[2].startswith("Kent u de Inventarisatie Regenboogbeleid Regenboogprovincies? Zo ja, deelt")


def test_hyphenation_in_parsed_texts():
    doc = parsed("1dac45ca")
    answers = {a.numbers[0]: a.text for a in doc.answers}
    assert "De aard van de vertegenwoordigingsrelatie, bloedverwant of niet" in answers[2]
    assert "de bevoegdheidsverklaringsdienst en de gezagsmodule." in answers[3]
    assert "Dit zijn nog lang niet alle publieke dienstverleners." in answers[3]
    assert "was met laaggeletterden." in answers[6]
    assert "langs de afdeling communicatie voor controle" in answers[6]
    assert "(2022Z10723)" in answers[2]
    assert doc.footnotes[0].text.endswith(
        "https://www.nationaleombudsman.nl/nieuws/artikel/2023/digitale-toegang-"
        "overheid-niet-goed-geregeld-voor-wettelijk-vertegenwoordigers."
    )
    assert "Trouw, 12 december 2023, Digitale toegang overheid niet goed geregeld voor wettelijk vertegenwoordigers" in doc.footnotes[0].text
    doc = parsed("1a2d8959")
    a13 = next(a for a in doc.answers if a.numbers == [13])
    assert "de aanloop- en volloopverliezen worden afgedekt" in a13.text
    assert "bij bijvoorbeeld CCS-projecten rekening" in a13.text
    assert "De initiatiefnemer voor de CO₂-buis" in a13.text
    doc = parsed("1b0f0b98")
    a6 = next(a for a in doc.answers if a.numbers == [6])
    assert "op basis van de internationale mvo-standaarden." in a6.text


def test_paragraphs_and_lists():
    doc = parsed("1b26915f")
    a2 = next(a for a in doc.answers if a.numbers == [2]).text.split("\n\n")
    assert len(a2) == 8
    assert a2[2].startswith("Dit onderzoek richt zich op de oorzaak")
    assert a2[3].startswith("1. Alle producten met een «screamer» effect")
    assert a2[5].startswith("3. Alle producten met een burstpercentage van meer dan 12,5%")
    assert a2[6] == "Bovenstaande producten worden momenteel niet meer opgeslagen in woonwijken."
    doc = parsed("1b0f0b98")
    a2 = next(a for a in doc.answers if a.numbers == [2]).text
    # "Sinds 1 januari 2022": a number at a line start is bound to the next word
    assert "(mvo). Sinds 1 januari 2022 monitort" in a2


# ----------------------------------------------------------------------------- header


def test_header_3235():
    doc = parsed("3235")
    assert doc.title == (
        "Vragen van de leden Van Weyenberg, Romke de Jong en Kat (allen D66) aan de Minister van "
        "Sociale Zaken en Werkgelegenheid over de TOZO"
    )
    assert doc.extra["subject"] == "de TOZO"
    assert doc.extra["addressee"] == "de Minister van Sociale Zaken en Werkgelegenheid"
    assert doc.extra["ministers"] == [
        {"role": "Minister", "name": "Koolmees", "ministry": "Sociale Zaken en Werkgelegenheid"}
    ]
    assert doc.body.startswith("Vragen van de leden Van Weyenberg")
    assert "Antwoord van Minister Koolmees (Sociale Zaken en Werkgelegenheid) (ontvangen 21 juni 2021)." in doc.body


def test_header_quirks():
    doc = parsed("01b2bcad")  # two ministers ("… (BZ) van Minister …")
    assert [p["name"] for p in doc.extra["ministers"]] == ["Bruins Slot", "Schreinemacher"]
    assert doc.extra["addressee"] == (
        "de Ministers van Buitenlandse Zaken en voor Buitenlandse Handel en Ontwikkelingssamenwerking"
    )
    doc = parsed("1b26915f")  # nested «» quotes in the subject
    assert doc.extra["subject"] == (
        "het bericht «In ruim 400 woonwijken ligt tot 10.000 kilo vuurwerk opgeslagen: "
        "«Dat is 400 keer heel gevaarlijk»»"
    )
    doc = parsed("1b2d2126")  # no full stop after "(ontvangen 29 augustus 2024)"
    assert doc.extra["received"] == "2024-08-29" and doc.extra["subject"] == "rekeninggluren"
    doc = parsed("1c0f765c")  # "Zie ook … 1028" without "nr."
    assert doc.extra["zie_ook"] == "Aanhangsel Handelingen, vergaderjaar 2023–2024, 1028"
    assert parsed("1a529d02").extra["zie_ook"] == "Aanhangsel Handelingen, vergaderjaar 2023–2024, nr. 2147"
    doc = parsed("1a529d02")
    assert doc.extra["ministers"][0]["ministry"] == "Volksgezondheid, Welzijn en Sport – Jeugd, Preventie en Sport"
    doc = parsed("1bb0809b")  # "Yes¸ilgöz" in the raw glyphs, "Klashorst(PVV)" without a space
    assert doc.extra["ministers"][0]["name"] == "Yeşilgöz-Zegerius"
    assert doc.extra["addressee"] == "de Minister Justitie en Veiligheid"


def test_mededeling():
    doc = parsed("01bf9f06")
    assert doc.answers == []
    assert all(q.answer_key is None for q in doc.questions)
    med = doc.extra["mededeling"]
    # this notice does not postpone: it says the questions were answered by a letter
    assert med["reason"] == (
        "beantwoord middels een brief over Ambtelijke analyses hoofdlijnenakkoord (36 471-64) op 7 juni 2024"
    )
    assert med["expected_delay"] is None
    assert med["page"] == 1
    assert med["text"].startswith("De schriftelijke vragen van de leden Sneller, Chakor, Van Nispen")
    assert "(36 471-64)" in doc.body  # so citation extraction over the body finds it
    assert doc.extra["minister"] == "Minister De Jonge"
    assert doc.extra["received"] == "2024-06-07"  # "(ontvangen (ontvangen 7 juni 2024)"


def test_mededeling_postponement_wording():
    # synthetic text in the usual wording of an uitstel notice (not from the corpus)
    med = parse_mededeling(
        "De vragen van het lid Jansen over windparken (ingezonden 1 mei 2024) kunnen niet binnen "
        "de gebruikelijke termijn worden beantwoord. De reden van het uitstel is dat de "
        "beantwoording interdepartementale afstemming vergt. Ik streef ernaar de vragen binnen "
        "drie weken te beantwoorden."
    )
    assert med["reason"] == "de beantwoording interdepartementale afstemming vergt"
    assert med["expected_delay"] == "binnen drie weken"


# ----------------------------------------------------------------------------- helpers


def test_parse_askers():
    assert [(m.name, m.party) for m in parse_askers("Bushoff en Patijn(beiden GroenLinks-PvdA)")] == [
        ("Bushoff", "GroenLinks-PvdA"),
        ("Patijn", "GroenLinks-PvdA"),
    ]
    assert [(m.name, m.party) for m in parse_askers("Inge vanDijk (CDA)")] == [("Inge van Dijk", "CDA")]


def test_not_an_aanhangsel():
    line = Line("Zomaar een tekst", 1, 100, 200, 100, 108.5, 8.5, "Univers", False, False)
    with pytest.raises(ParseError):
        parse_aanhangsel([line], 1)


# ----------------------------------------------------------------------------- ground truth


def test_xml_ground_truth_3235():
    xml = AH3235 / "ah-tk-20202021-3235.xml"
    truth = read_kamervragen_xml(xml)
    assert truth.number == "3235"
    assert sorted(truth.questions) == list(range(1, 10))
    assert sorted(truth.answers) == list(range(1, 10))
    results = compare_with_xml(parsed("3235"), xml)
    assert len(results) == 18
    assert failures(results, 98) == []
    assert min(r.score for r in results) >= 98
    # paragraphs agree too (answer 9 has two <al>)
    doc = parsed("3235")
    assert all(truth.answers[a.numbers[0]] == a.text for a in doc.answers)
    assert all(truth.questions[q.number] == q.text for q in doc.questions)
