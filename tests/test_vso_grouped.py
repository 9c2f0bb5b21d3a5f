"""A verslag van een schriftelijk overleg grouped per fractie: the real kst-29338-289.

``../shared/corpus/real/vso-tk-word/1848-notificatie-met-undefined-unicodes.pdf`` (see its
entry in SOURCES.md): the TK Word header without chamber or vergaderjaar, a table of contents
with U+FFFF bullets, "I Vragen en opmerkingen uit de fracties" with four "Inbreng van de leden
van de X-fractie" sections in prose (the VVD asks nothing), "II Reactie van de minister …"
with the answers under the same headings, each restating what it answers, and 8 footnotes.
The expectations below were read from the PDF's text. The PDF is parsed once per session.
"""

from __future__ import annotations

import pytest

from kamerqa.parsers.classify import classify_text
from kamerqa.parsers.schriftelijk_overleg import parse_schriftelijk_overleg

from .conftest import REAL, parsed_file, pdf_lines, requires_shared

PDF = REAL / "vso-tk-word" / "1848-notificatie-met-undefined-unicodes.pdf"
GL, NSC, D66 = "GroenLinks-PvdA", "NSC", "D66"


@pytest.fixture(scope="session")
def vso():
    if not PDF.is_file():
        pytest.skip(f"real VSO not present: {PDF}")
    return parsed_file(PDF)


def _words(text: str, n: int) -> str:
    return " ".join(text.split()[:n])


pytestmark = requires_shared


def test_header_gives_the_official_id(vso):
    assert (vso.id, vso.kind, vso.dossier, vso.number, vso.pages) == (
        "kst-29338-289",
        "schriftelijk_overleg",
        "29338",
        "289",
        17,
    )
    # no "Vergaderjaar" line: the year of the answers' date (after Prinsjesdag 2024)
    assert vso.vergaderjaar == "2024-2025"
    assert vso.extra["dossier_title"] == "Wetenschapsbudget"
    assert vso.extra["heading"] == "Verslag van een schriftelijk overleg"
    assert vso.title == (
        "Verslag van een schriftelijk overleg over de reactie op het rapport "
        "'NWO-programma's voor vrij onderzoek' van het Rathenau Instituut"
    )


def test_dates_and_the_impossible_vastgesteld(vso):
    # answered by letter of 16 January 2025; questions put on 6 November 2024; the header's
    # "Vastgesteld 16 januari 2024" comes before both and is not stored as a fact
    assert vso.date == "2025-01-16"
    assert vso.extra["questions_sent"] == "2024-11-06"
    assert vso.extra["letter_date"] == "2024-09-30"
    assert "vastgesteld" not in vso.extra
    assert vso.extra["committee"] == "vaste commissie voor Onderwijs, Cultuur en Wetenschap"
    assert (vso.extra["committee_chair"], vso.extra["committee_clerk"]) == ("Bromet", "Huls")
    assert vso.signatories == ["Bromet", "Huls"]
    assert vso.extra["date_conflict"].startswith("Vastgesteld 2024-01-16 (as printed) is earlier than questions sent 2024-11-06")


def test_body_is_the_introduction_without_headings_or_contents(vso):
    assert vso.body.startswith("De vaste commissie voor Onderwijs, Cultuur en Wetenschap heeft een aantal vragen")
    assert "Bij brief van 16 januari 2025 zijn de vragen beantwoord." in vso.body
    assert "Met interesse heb ik kennisgenomen van de vragen van de fracties" in vso.body
    # the VVD asks nothing: its remark is text, not a question
    assert "De leden van de VVD-fractie danken de minister voor de onderhavige stukken" in vso.body
    for heading in ("Inhoud", "Inbreng van de leden", "Vragen en opmerkingen uit de fracties", "II Reactie", "\uffff"):
        assert heading not in vso.body


EXPECTED = [
    # number, party, page, first words, answer page
    (1, GL, 2, "De leden van de GroenLinks-PvdA-fractie hebben met belangstelling", 6),
    (2, GL, 2, "De leden van de GroenLinks-PvdA-fractie vragen de minister", 7),
    (3, GL, 2, "Deze leden vragen de minister om te voorzien", 7),
    (4, GL, 2, "Tot slot horen deze leden graag hoe", 8),
    (5, NSC, 2, "De leden van de NSC-fractie hebben kennisgenomen van", 9),
    (6, NSC, 3, "De leden van de NSC-fractie lezen verder", 9),
    (7, NSC, 3, "De minister noemt in zijn brief de", 9),
    (8, NSC, 3, "De leden van de NSC-fractie vragen wat de pilot", 10),
    (9, NSC, 3, "De leden van de NSC-fractie zijn verbaasd", 10),
    (10, NSC, 3, "Is de minister het ermee eens dat", 11),
    (11, NSC, 4, "Ook zijn de leden van de NSC-fractie", 11),
    (12, NSC, 4, "Hoe kijkt de minister naar een pilot", 11),
    (13, NSC, 4, "Wat verwacht de minister van de hoeveelheid", 11),
    (14, NSC, 4, "De leden van de NSC-fractie constateren dat", 12),
    (15, NSC, 4, "De leden van de NSC-fractie vinden het", 12),
    (16, D66, 5, "De leden van de D66-fractie hebben met interesse", None),
    (17, D66, 5, "De leden van de D66-fractie vragen de minister wanneer", 12),
    (18, D66, 5, "Deze leden vragen wat voor effect", 13),
    (19, D66, 5, "Daarnaast vinden de leden van de D66-fractie", 13),
    (20, D66, 5, "De leden van de D66-fractie lezen in", 13),
    (21, D66, 5, "Het Rathenau instituut benadrukt in het", 13),
    (22, D66, 5, "De leden van de D66-fractie lezen dat", 14),
    (23, D66, 5, "De leden van de D66-fractie vragen de minister op", 14),
    (24, D66, 6, "De leden van de D66-fractie vinden het", 15),
    (25, D66, 6, "Zij vragen de minister of hij voornemens", 15),
    (26, D66, 6, "De leden van de D66-fractie zijn van", 15),
    (27, D66, 6, "De leden van de D66-fractie vragen wat", 16),
    (28, D66, 6, "Deze leden vragen de minister of hij", 16),
]


def test_questions_per_fractie(vso):
    got = [
        (q.number, q.party, q.page, _words(q.text, len(first.split())), vso_answer_page(vso, q))
        for q, (_, _, _, first, _) in zip(vso.questions, EXPECTED)
    ]
    assert got == EXPECTED
    assert len(vso.questions) == 28
    assert {q.party for q in vso.questions} == {GL, NSC, D66}  # the VVD asks nothing
    for q in vso.questions:
        assert q.section == f"Inbreng van de leden van de {q.party}-fractie"
        assert q.label == str(q.number)


def vso_answer_page(doc, question):
    answer = next((a for a in doc.answers if a.key == question.answer_key), None)
    return answer.page if answer else None


def test_question_units_end_where_the_next_answer_begins(vso):
    q = {x.number: x for x in vso.questions}
    # the intro paragraph goes with the first question it introduces
    assert q[1].text.endswith("omdat minder onderzoekers kunnen worden ingezet op belangrijk onderzoek.")
    assert "Hoeveel minder onderzoekers krijgen hierdoor straks minder financiering" in q[1].text
    assert q[3].text == (
        "Deze leden vragen de minister om te voorzien in een overzicht van de te verdelen budgetten "
        "voor de komende jaren. Specifieker willen zij graag een concreet inzicht in de gevolgen van "
        "de aangekondigde bezuinigingen op NWO."
    )
    assert q[4].text == (
        "Tot slot horen deze leden graag hoe de minister gesprekken met NWO vormgeeft en hoe de Kamer "
        "hierover geïnformeerd gaat worden."
    )
    # a subheading in the inbreng is not part of a question
    assert "Grondslagen voor budgetverdeling over domeinen" not in " ".join(x.text for x in vso.questions)
    assert q[5].text.startswith("De leden van de NSC-fractie hebben kennisgenomen van de kabinetsreactie")
    assert q[5].text.endswith("wat zijn volgens de minister in dit geval de relevante criteria om daarbij te hanteren?")
    # one paragraph, two questions answered apart
    assert q[9].text.endswith("Welke maatregelen worden er nog meer genomen om de aanvraagdruk echt te reduceren?")
    assert q[10].text.startswith("Is de minister het ermee eens dat geld verdelen tussen domeinen")
    # a paragraph broken over pages 5 and 6 ("D66-" / "fractie")
    assert q[23].text.startswith("De leden van de D66-fractie vragen de minister op welke manier hij wil zorgen")


def test_answers_restate_their_questions(vso):
    assert len(vso.answers) == 27
    by_key = {a.key: a for a in vso.answers}
    for q in vso.questions:
        if q.number == 16:
            assert q.answer_key is None  # "Zij zijn benieuwd hoe het experiment gaat uitpakken."
            continue
        answer = by_key[q.answer_key]
        assert answer.numbers == [q.number]
        assert answer.label == str(q.number)
    a = {x.numbers[0]: x for x in vso.answers}
    assert a[1].text.startswith("De Leden van de GroenLinks-PvdA-fractie vragen hoeveel minder onderzoekers")
    assert a[1].text.endswith("omdat de invulling van een deel van de bezuiniging door NWO nog niet bekend is.")
    assert "NWO subsidiebudgetten:" in a[3].text  # the table belongs to the answer it is in
    assert a[6].text.startswith("De leden van de NSC-fractie vragen zich af of ik erken")
    assert a[14].text.startswith("De leden van de NSC-fractie constateren dat talentenprogramma’s niet de enige zijn")
    assert "Vanuit de brede kennisbasis van de Nederlandse wetenschap" in a[14].text
    assert a[19].text.startswith("De leden vragen mij wat voor effect ik naar aanleiding van dit experiment")
    assert a[21].text.startswith("Het Rathenau Instituut benadrukt in het rapport het belang van stabiele")
    assert a[28].text.startswith("De leden van D66 vragen of ik de studies Keltisch")
    assert a[28].text.endswith("zonder gezamenlijk overleg uit Nederland verdwijnen.")
    assert "Ik ben als minister van OCW stelselverantwoordelijk" in a[28].text


def test_eight_footnotes_with_pages_and_places(vso):
    got = [(f.number, f.page, f.context, f.context_key, f.text) for f in vso.footnotes]
    assert got == [
        (1, 2, "question", "q1", "NWO: Nederlandse Organisatie voor Wetenschappelijk Onderzoek"),
        (2, 6, "question", "q24", "NRC, 10 april 2024, ‘Industriepolitiek? Steek die miljarden liever in fundamenteel onderzoek, stelt het IMF’."),
        (3, 9, "answer", "a5", "Kamerstuk 29 338, nr. 278"),
        (4, 13, "answer", "a18", "www.ocwincijfers.nl"),
        (5, 14, "answer", "a22", "https://www.rathenau.nl/nl/wetenschap-cijfers/geld/rd-investeringen-internationaal-vergeleken/rd-uitgaven-en-capaciteit-naar"),
        (6, 15, "answer", "a26", "Kamerstuk 36 600 VIII, nr. 70"),
        (7, 16, "answer", "a26", "Kamerstuk 36 600 VIII, nr. 61"),
        (8, 17, "answer", "a28", "Kamerstuk 36 600 VIII, nr. 88"),
    ]
    # markers glued to words are gone from the texts
    q1 = vso.questions[0].text
    assert "‘NWO-programma’s voor vrij onderzoek." in q1
    assert "\ufff0" not in vso.body + "".join(q.text for q in vso.questions) + "".join(a.text for a in vso.answers)


def test_kamerstuk_references(vso):
    got = sorted((c.target, c.context, c.context_key) for c in vso.citations if c.kind == "kamerstuk")
    assert got == [
        ("kst-29338-278", "body", None),
        ("kst-29338-278", "footnote", "fn3"),
        ("kst-36600-VIII-61", "footnote", "fn7"),
        ("kst-36600-VIII-70", "footnote", "fn6"),
        ("kst-36600-VIII-88", "footnote", "fn8"),
    ]


# ----------------------------------------------------------------------------- plain text

GROUPED_TEXT = """\
De vaste commissie voor Onderwijs, Cultuur en Wetenschap heeft een aantal vragen en opmerkingen
voorgelegd aan de minister van Onderwijs, Cultuur en Wetenschap over de brief van 30 september
2024 over de reactie op het rapport van het Rathenau Instituut (Kamerstuk 29 338, nr. 278).

Inhoud
\uffff I Vragen en opmerkingen uit de fracties
\uffff Inbreng van de leden van de VVD-fractie
\uffff Inbreng van de leden van de NSC-fractie
\uffff II Reactie van de minister van Onderwijs, Cultuur en Wetenschap

I Vragen en opmerkingen uit de fracties

Inbreng van de leden van de VVD-fractie

De leden van de VVD-fractie danken de minister voor de onderhavige stukken en hebben op dit
moment geen verdere vragen.

Inbreng van de leden van de NSC-fractie

De leden van de NSC-fractie vragen wat de pilot precies behelst. Welke aanvragen tellen mee?

De leden van de NSC-fractie zijn verbaasd dat hier een uitgebreide pilot wordt uitgevoerd. Welke
maatregelen worden er nog meer genomen om de aanvraagdruk echt te reduceren? Is de minister het
ermee eens dat geld verdelen tussen domeinen op basis van het aantal aanvragen een directe prikkel
is om als decanen zoveel mogelijk aanvragen in te dienen?

Hoe kijkt de minister naar een pilot met gewogen loting met groepen die rondom de ‘zaaglijn’
vallen?

II Reactie van de minister van Onderwijs, Cultuur en Wetenschap

Inbreng van de leden van de NSC-fractie

De leden van de NSC-fractie vragen wat de pilot precies behelst. Welke aanvragen tellen mee? NWO
heeft besloten een klein deel van het budget bij wijze van pilot op een andere manier te verdelen.

De leden van de NSC-fractie vragen of ik het ermee eens ben dat geld verdelen tussen domeinen op
basis van het aantal aanvragen een directe prikkel is om als decanen zoveel mogelijk aanvragen in
te dienen. In mijn brief geef ik aan dat dit strategisch gedrag kan uitlokken.

De leden van de NSC-fractie vragen welke maatregelen er nog meer genomen worden om de aanvraagdruk
echt te reduceren. NWO heeft binnen een aantal programma’s maatregelen genomen.
"""


def test_grouped_form_from_plain_text():
    # sentences of kst-29338-289 (fewer of them, answers reordered), as a text reader gives
    # them: the same structure parser; the last question has no answer here
    assert classify_text(GROUPED_TEXT) == "schriftelijk_overleg"
    doc = parse_schriftelijk_overleg(GROUPED_TEXT)
    assert [(q.number, q.party, q.section, _words(q.text, 6), q.answer_key) for q in doc.questions] == [
        (1, NSC, "Inbreng van de leden van de NSC-fractie", "De leden van de NSC-fractie vragen", "a1"),
        (2, NSC, "Inbreng van de leden van de NSC-fractie", "De leden van de NSC-fractie zijn", "a2"),
        (3, NSC, "Inbreng van de leden van de NSC-fractie", "Is de minister het ermee eens", "a3"),
        (4, NSC, "Inbreng van de leden van de NSC-fractie", "Hoe kijkt de minister naar een", None),
    ]
    # answers come in another order than the questions; each goes to what it restates
    assert [(a.label, _words(a.text, 8)) for a in doc.answers] == [
        ("1", "De leden van de NSC-fractie vragen wat de"),
        ("3", "De leden van de NSC-fractie vragen of ik"),
        ("2", "De leden van de NSC-fractie vragen welke maatregelen"),
    ]
    assert doc.body.startswith("De vaste commissie voor Onderwijs, Cultuur en Wetenschap")
    assert "geen verdere vragen" in doc.body
    assert "Inbreng van de leden" not in doc.body and "Inhoud" not in doc.body


def test_vergaderjaar_opens_on_prinsjesdag():
    from kamerqa.parsers.kamerstuk import vergaderjaar_of

    # Prinsjesdag: 17 September 2024, 19 September 2023
    assert [vergaderjaar_of(d) for d in ("2024-09-16", "2024-09-17", "2025-01-16", "2023-09-18", "2023-09-19")] == [
        "2023-2024", "2024-2025", "2024-2025", "2022-2023", "2023-2024",
    ]
    assert vergaderjaar_of(None) is None


def test_text_export_with_page_breaks_gives_the_same_structure(vso):
    # the real VSO as a text export prints it: pages separated by form feeds, blank lines
    # where the PDF leaves space, footnotes at the page feet with plain digits ("1 NWO: …")
    # and markers glued to words ("NWO1-programma's"); the header block is left out
    from kamerqa.parsers.layout import lines_to_text

    lines, pages = pdf_lines(PDF)
    plain = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
    text = "\f".join(
        lines_to_text([ln for ln in lines[3:] if ln.page == page], drop_furniture=False).translate(plain)
        for page in range(1, pages + 1)
    )
    doc = parse_schriftelijk_overleg(text)
    assert [(q.number, q.party, q.section, q.page, q.answer_key) for q in doc.questions] == [
        (q.number, q.party, q.section, q.page, q.answer_key) for q in vso.questions
    ]
    assert [(a.label, a.page) for a in doc.answers] == [(a.label, a.page) for a in vso.answers]
    assert [(f.number, f.page, f.context_key, f.text) for f in doc.footnotes] == [
        (f.number, f.page, f.context_key, f.text) for f in vso.footnotes
    ]
    assert doc.questions[22].text == vso.questions[22].text  # "D66-" / "fractie" across pages


def test_report_in_an_unknown_form_is_kept_as_text():
    # the real report cut off before its part II: neither structure parser applies, and the
    # Kamerstuk is still stored with its id and its text
    from kamerqa.parsers.kamerstuk import parse_kamerstuk

    lines, _ = pdf_lines(PDF)
    cut = next(i for i, ln in enumerate(lines) if ln.page == 6 and ln.text.startswith("II Reactie"))
    doc = parse_kamerstuk(lines[:cut], 6)
    assert (doc.id, doc.kind, doc.questions, doc.answers) == ("kst-29338-289", "schriftelijk_overleg", [], [])
    assert "no numbered answers" in doc.extra["structure_not_recognised"]
    assert "Inbreng van de leden van de D66-fractie" in doc.body
    assert [f.number for f in doc.footnotes] == [1]  # footnote 2 stands at the foot of page 6, cut off


def test_grouped_form_without_headings_in_part_two():
    # part II goes straight to the answers; each names its fractie as it restates
    text = GROUPED_TEXT.replace(
        "II Reactie van de minister van Onderwijs, Cultuur en Wetenschap\n\nInbreng van de leden van de NSC-fractie\n",
        "II Reactie van de minister van Onderwijs, Cultuur en Wetenschap\n",
    )
    assert text.count("Inbreng van de leden van de NSC-fractie") == 2  # the table of contents, part I
    doc = parse_schriftelijk_overleg(text)
    assert [(q.number, q.answer_key) for q in doc.questions] == [(1, "a1"), (2, "a2"), (3, "a3"), (4, None)]
    assert [a.label for a in doc.answers] == ["1", "3", "2"]
