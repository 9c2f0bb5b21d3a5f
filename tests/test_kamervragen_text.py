from pathlib import Path

import pytest

from kamerqa.parsers.kamervragen import format_label, parse_kamervragen_text, parse_numbers
from kamerqa.parsers.model import Member

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
NAME = "antwoord-kamervragen-wps-veldkamp-2025-06-04.txt"


@pytest.fixture(scope="module")
def doc():
    return parse_kamervragen_text((CORPUS / NAME).read_text(encoding="utf-8"))


def all_texts(d):
    yield d.title or ""
    yield d.body
    for q in d.questions:
        yield q.text
    for a in d.answers:
        yield a.text
    for fn in d.footnotes:
        yield fn.text


# ----------------------------------------------------------------- the real document


def test_header(doc):
    assert doc.kind == "kamervragen"
    assert (doc.id, doc.source_file, doc.sha256) == ("", "", "")
    assert doc.date == "2025-06-04"
    assert doc.extra["received"] == "2025-06-04"
    # the same facts, in the same form, as the Aanhangsel PDF and the official XML give
    assert doc.extra["minister"] == "Minister Veldkamp"
    assert doc.extra["ministers"] == [
        {"role": "Minister", "name": "Veldkamp", "ministry": "Buitenlandse Zaken"}
    ]
    assert doc.extra["ministry"] == "Buitenlandse Zaken"
    assert doc.extra["mede_namens"] == "de minister van Defensie"
    assert "submitted" not in doc.extra
    assert doc.title == "Antwoord van Minister Veldkamp (Buitenlandse Zaken) op Kamervragen"
    assert doc.body == (
        "Antwoord van minister Veldkamp (Buitenlandse Zaken), mede namens de minister van "
        "Defensie (ontvangen 4 juni 2025)"
    )
    assert doc.askers == []


def test_questions(doc):
    assert [q.number for q in doc.questions] == [1, 2, 3, 4, 5]
    assert [q.label for q in doc.questions] == ["1", "2", "3", "4", "5"]
    assert [q.answer_key for q in doc.questions] == ["a1", "a2", "a3", "a4", "a4"]
    q = {q.number: q for q in doc.questions}
    assert q[1].text == (
        "Bent u bekend met het nieuwsbericht dat de Verenigde Staten een streep zet door het "
        "eigen Vrouwen, Vrede en Veiligheidsprogramma?"
    )
    assert q[2].text.startswith("Kunt u toezeggen om bij uw Amerikaanse ambtsgenoten")
    assert q[2].text.endswith("en internationaal humanitair recht?")
    assert q[3].text.endswith("de in 2021 aangenomen EU Gender Action Plan-3?")
    assert q[4].text.startswith("Wilt u op EU- en VN-niveau met medestanders")
    assert q[4].text.endswith("voor duurzame vrede en veiligheid voor iedereen?")
    assert q[5].text.startswith("Welke acties onderneemt u zelf")
    assert q[5].text.endswith("via eigen beleid en programma’s?")
    assert all(q.party is None and q.members == [] for q in doc.questions)


def test_answers(doc):
    assert [a.label for a in doc.answers] == ["1", "2", "3", "4 en 5"]
    assert [a.numbers for a in doc.answers] == [[1], [2], [3], [4, 5]]
    assert [a.key for a in doc.answers] == ["a1", "a2", "a3", "a4"]
    a = doc.answers
    assert a[0].text == "Ja."
    assert a[1].text.startswith("Nederland spreekt zich voor en achter gesloten deuren uit")
    assert a[1].text.endswith("het Wapenhandelsverdrag niet geratificeerd.")
    assert a[1].text.count("\n\n") == 1  # two paragraphs
    assert a[2].text.startswith("Zoals ook aangegeven in de brief van 20 februari 2025")
    assert "Vrouwen, Vrede en Veiligheid, voert het kabinet" in a[2].text  # marker removed
    assert a[2].text.endswith("participatie van vrouwen in vredesprocessen benadrukken.")
    assert a[3].text.startswith("Zoals benoemd in het antwoord op vraag 3 benadrukt Nederland")
    assert "Vrouwen, Vrede en Veiligheid. Ter uitvoering van de motie Dobbe wordt" in a[3].text
    assert "organisatie Justice for Life.\n\nOok in multilateraal verband" in a[3].text
    assert a[3].text.endswith("op het gebied van beleid, trainingen en uitvoering.")
    assert a[3].text.count("\n\n") == 4  # five paragraphs


def test_footnotes(doc):
    # the document has three footnotes: 1 in answer 3, 2 and 3 in the answer to 4 and 5
    assert [fn.number for fn in doc.footnotes] == [1, 2, 3]
    assert [(fn.context, fn.context_key) for fn in doc.footnotes] == [
        ("answer", "a3"),
        ("answer", "a4"),
        ("answer", "a4"),
    ]
    assert doc.footnotes[0].text == "Kamerstukken 26 150 en 36 180 nr. 223 en 224."
    assert doc.footnotes[1].text.startswith("Nader gewijzigde motie 36 600, nr. 46")
    assert doc.footnotes[2].text.startswith("Motie 32 623, nr. 345")


def test_no_artefacts(doc):
    for text in all_texts(doc):
        assert "[bookmark" not in text
        assert "footnoteRef" not in text
        assert "\ufff0" not in text and "\ufff1" not in text
        assert "Kamerstukken 26 150" not in text or text == doc.footnotes[0].text
        assert text == text.strip()


# ----------------------------------------------------------------- grouped forms

GROUPED = """Vragen van de leden Dobbe (SP) en Paternotte (D66) aan de minister van Buitenlandse Zaken over vrouwen en vrede (ingezonden 12 maart 2025).

Antwoord van staatssecretaris Jansen (Buitenlandse Zaken) (ontvangen 3 april 2025)

Vraag 1
Eerste vraag?

Antwoord op vraag 1
Eerste antwoord.

Vraag 2
Tweede vraag?[footnoteRef:1] [1:  Zie Kamerstuk 26 150, nr. 190.]

Vraag 3
Derde vraag?

Antwoord 2 en 3
Antwoord op twee en drie.

Vraag 4
Vierde vraag?
Vraag 5
Vijfde vraag?
Vraag 6
Zesde vraag?

Antwoord 4, 5 en 6
Drie tegelijk.

Vraag 9 en 10
Een vraag met twee nummers?

Antwoord
Een antwoord voor beide.

Vraag 11: Op dezelfde regel?
Antwoord: Ja, op dezelfde regel.

Vragen 12 t/m 14
Drie in een blok?

Antwoord vraag 12 t/m 14
Zo.
"""


@pytest.fixture(scope="module")
def grouped():
    return parse_kamervragen_text(GROUPED)


def test_grouped_questions(grouped):
    qs = {q.number: q for q in grouped.questions}
    assert [q.number for q in grouped.questions] == [1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14]
    assert qs[9].label == qs[10].label == "9 en 10"
    assert qs[9].text == qs[10].text == "Een vraag met twee nummers?"
    assert qs[12].label == "12 t/m 14"
    assert qs[11].text == "Op dezelfde regel?"
    assert qs[2].text == "Tweede vraag?"


def test_grouped_answers(grouped):
    labels = [(a.label, a.numbers, a.key) for a in grouped.answers]
    assert labels == [
        ("1", [1], "a1"),
        ("2 en 3", [2, 3], "a2"),
        ("4, 5 en 6", [4, 5, 6], "a4"),
        ("9 en 10", [9, 10], "a9"),
        ("11", [11], "a11"),
        ("12 t/m 14", [12, 13, 14], "a12"),
    ]
    keys = {q.number: q.answer_key for q in grouped.questions}
    assert keys == {1: "a1", 2: "a2", 3: "a2", 4: "a4", 5: "a4", 6: "a4", 9: "a9", 10: "a9",
                    11: "a11", 12: "a12", 13: "a12", 14: "a12"}
    assert grouped.answers[1].text == "Antwoord op twee en drie."
    assert grouped.answers[4].text == "Ja, op dezelfde regel."


def test_grouped_header(grouped):
    assert grouped.date == "2025-04-03"
    assert grouped.extra["submitted"] == "2025-03-12"
    assert grouped.extra["minister"] == "Staatssecretaris Jansen"
    assert grouped.extra["mede_namens"] is None
    assert grouped.title == (
        "Vragen van de leden Dobbe (SP) en Paternotte (D66) aan de minister van Buitenlandse "
        "Zaken over vrouwen en vrede"
    )
    assert grouped.askers == [Member("Dobbe", "SP"), Member("Paternotte", "D66")]
    assert grouped.questions[0].members == grouped.askers
    assert grouped.questions[0].party is None  # two parties
    assert grouped.body.startswith("Vragen van de leden Dobbe (SP)")


def test_footnote_in_question(grouped):
    assert [(fn.number, fn.context, fn.context_key) for fn in grouped.footnotes] == [
        (1, "question", "q2")
    ]
    assert grouped.footnotes[0].text == "Zie Kamerstuk 26 150, nr. 190."


def test_single_asker_party():
    doc = parse_kamervragen_text(
        "Vragen van het lid Dobbe (SP) aan de minister over iets (ingezonden 1 mei 2025).\n\n"
        "Vraag 1\nWaarom?\nAntwoord\nDaarom.\n"
    )
    assert doc.askers == [Member("Dobbe", "SP")]
    assert doc.questions[0].party == "SP"
    assert doc.questions[0].answer_key == "a1"
    assert doc.extra["submitted"] == "2025-05-01"
    assert doc.date is None


def test_numbers_and_labels():
    assert parse_numbers("9 en 10") == [9, 10]
    assert parse_numbers("5, 6 en 7") == [5, 6, 7]
    assert parse_numbers("3 t/m 5") == [3, 4, 5]
    assert parse_numbers("4") == [4]
    assert format_label([4, 5]) == "4 en 5"
    assert format_label([5, 6, 7]) == "5, 6 en 7"
    assert format_label([3]) == "3"


def test_questions_listed_first_then_repeated():
    doc = parse_kamervragen_text(
        "Vraag 1\nEen?\nVraag 2\nTwee?\n\nVraag 1\nEen?\nAntwoord op vraag 1\nA1.\n"
        "Antwoord op vraag 2\nA2.\n"
    )
    assert [(q.number, q.text, q.answer_key) for q in doc.questions] == [
        (1, "Een?", "a1"),
        (2, "Twee?", "a2"),
    ]
    assert [(a.label, a.numbers, a.text) for a in doc.answers] == [
        ("1", [1], "A1."),
        ("2", [2], "A2."),
    ]


# ----------------------------------------------------------------- a ministry's answer letter

LETTER = """Aan de Voorzitter van de Tweede Kamer
der Staten-Generaal
Postbus 20018
2500 EA DEN HAAG

Datum
3 juli 2024
Onderwerp
Beantwoording Kamervragen over de jeugdzorg

In antwoord op uw brief van 12 juni 2024, nr. 2024Z09876, deel ik u mede dat de vragen van de leden Mutluer, Lahlah (GroenLinks-PvdA), Boswijk (CDA) en Helder (BBB) worden beantwoord zoals aangegeven in de bijlage van deze brief.

De staatssecretaris van Volksgezondheid, Welzijn en Sport,

M. Karremans

Antwoorden van de staatssecretaris van Volksgezondheid, Welzijn en Sport op Kamervragen van de leden Mutluer, Lahlah (GroenLinks-PvdA), Boswijk (CDA) en Helder (BBB) over de jeugdzorg.

Vraag 1
Eerste vraag?

Antwoord op vraag 1
Eerste antwoord.

Vraag 2
Tweede vraag?
Het tweede antwoord staat hier zonder label.

Vraag 4
Vierde vraag, vóór de derde gedrukt?

Vraag 3
Derde vraag?

Vraag 5
Vijfde vraag?

Antwoorden op vraag 4 en 5
Samen beantwoord.

Vraag 6
Zesde vraag?

Vraag 7
Zevende vraag?

Antwoord op vraag 6
Zesde antwoord.

Vraag 8
Achtste vraag?

Antwoord op vraag 3 en 8
Laat en niet aaneensluitend.

Vraag 9
Negende vraag?

Vraag 10
Tiende vraag?

Antwoorden op vraag 7, 9 en 10
Drie tegelijk, in een late groep.
"""


@pytest.fixture(scope="module")
def letter():
    return parse_kamervragen_text(LETTER)


def test_letter_covering_letter(letter):
    assert letter.vraagnummer == "2024Z09876"
    assert letter.date == "2024-07-03"
    assert letter.extra["letter_of"] == "2024-06-12"
    assert letter.extra["minister"] == "Staatssecretaris Karremans"
    assert letter.extra["ministry"] == "Volksgezondheid, Welzijn en Sport"
    assert letter.signatories == ["M. Karremans"]
    assert letter.askers == [
        Member("Mutluer", "GroenLinks-PvdA"), Member("Lahlah", "GroenLinks-PvdA"),
        Member("Boswijk", "CDA"), Member("Helder", "BBB"),
    ]
    # the covering letter is body text, no question; the letterhead is not kept
    assert letter.body.startswith("In antwoord op uw brief van 12 juni 2024")
    assert "Postbus" not in letter.body
    assert all("In antwoord op uw brief" not in q.text for q in letter.questions)


def test_letter_grouped_late_and_unlabelled_answers(letter):
    assert [q.number for q in letter.questions] == [1, 2, 4, 3, 5, 6, 7, 8, 9, 10]  # as printed
    assert [(a.label, a.numbers) for a in letter.answers] == [
        ("1", [1]), ("2", [2]), ("4 en 5", [4, 5]), ("6", [6]), ("3 en 8", [3, 8]),
        ("7, 9 en 10", [7, 9, 10]),
    ]
    keys = {q.number: q.answer_key for q in letter.questions}
    assert keys == {1: "a1", 2: "a2", 3: "a3", 4: "a4", 5: "a4", 6: "a6", 7: "a7", 8: "a3",
                    9: "a7", 10: "a7"}
    q = {q.number: q for q in letter.questions}
    assert q[2].text == "Tweede vraag?"
    assert letter.answers[1].text == "Het tweede antwoord staat hier zonder label."
    # every question has the parties of all askers (a joint question), no single party
    assert all(x.party is None and len(x.members) == 4 for x in letter.questions)
    assert {m.party for m in q[1].members} == {"GroenLinks-PvdA", "CDA", "BBB"}


@pytest.mark.parametrize("printed, expected", [
    ("Temmink en van Nispen (beiden SP)", [("Temmink", "SP"), ("van Nispen", "SP")]),
    ("Mutluer, Lahlah (GroenLinks-PvdA), Boswijk (CDA) en Helder (BBB)",
     [("Mutluer", "GroenLinks-PvdA"), ("Lahlah", "GroenLinks-PvdA"), ("Boswijk", "CDA"), ("Helder", "BBB")]),
    ("Ceder (ChristenUnie) en Dobbe (SP)", [("Ceder", "ChristenUnie"), ("Dobbe", "SP")]),
    ("Van Weyenberg, Romke de Jong en Kat (allen D66)",
     [("Van Weyenberg", "D66"), ("Romke de Jong", "D66"), ("Kat", "D66")]),
])
def test_askers_with_parties(printed, expected):
    from kamerqa.parsers.kamervragen import parse_askers

    assert [(m.name, m.party) for m in parse_askers(printed)] == expected


def test_antwoorden_op_vraag_label():
    doc = parse_kamervragen_text(
        "Vraag 3\nA?\nVraag 4\nB?\nVraag 5\nC?\nVraag 9\nD?\nVraag 10\nE?\n"
        "Antwoorden op vraag 3, 4, 5, 9 en 10\nSamen.\n"
    )
    assert [(a.label, a.numbers) for a in doc.answers] == [("3, 4, 5, 9 en 10", [3, 4, 5, 9, 10])]
    assert {q.answer_key for q in doc.questions} == {"a3"}


def test_text_export_header_with_wrapped_received_date():
    doc = parse_kamervragen_text(
        "Tweede Kamer der Staten-Generaal\nVergaderjaar 2023–2024 Aanhangsel van de Handelingen\n"
        "Vragen gesteld door de leden der Kamer, met de daarop door de\nregering gegeven antwoorden\n"
        "387\n"
        "Vragen van het lid Temmink (SP) aan de Minister van Justitie en Veiligheid over\n"
        "het alarmnummer (ingezonden 20 oktober 2023).\n"
        "Antwoord van Minister Yeşilgöz-Zegerius (Justitie en Veiligheid) (ontvangen\n"
        "13 november 2023).\n"
        "Vraag 1\nWaarom?\nAntwoord 1\nDaarom.\n"
    )
    assert (doc.id, doc.number, doc.vergaderjaar) == ("ah-tk-20232024-387", "387", "2023-2024")
    assert doc.date == doc.extra["received"] == "2023-11-13"
    assert doc.extra["submitted"] == "2023-10-20"
    assert doc.extra["minister"] == "Minister Yeşilgöz-Zegerius"
    assert doc.askers == [Member("Temmink", "SP")]
