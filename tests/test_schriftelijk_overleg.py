import textwrap
from pathlib import Path

import pytest

from kamerqa.parsers.footnotes import MARK_CLOSE, MARK_OPEN
from kamerqa.parsers.model import ParseError
from kamerqa.parsers.parties import canonical_party
from kamerqa.parsers.schriftelijk_overleg import parse_schriftelijk_overleg, party_in

VSO = Path(__file__).parent.parent / "corpus" / "vso-nap1325-iv-2021.txt"

EXPECTED_PARTY = {
    **{n: "VVD" for n in range(1, 19)},
    **{n: "D66" for n in range(19, 26)},
    **{n: "GroenLinks" for n in range(26, 29)},
    **{n: "PvdA" for n in range(29, 36)},
}


@pytest.fixture(scope="module")
def doc():
    return parse_schriftelijk_overleg(VSO.read_text(encoding="utf-8"))


def q(doc, n):
    return doc.questions[n - 1]


def a(doc, n):
    return doc.answers[n - 1]


# --- document -------------------------------------------------------------------------------


def test_document_fields(doc):
    assert doc.kind == "schriftelijk_overleg"
    assert (doc.id, doc.source_file, doc.sha256) == ("", "", "")
    assert doc.title == (
        "Verslag van een schriftelijk overleg over het vierde Nationaal Actieplan 1325 "
        "Vrouwen, Vrede en Veiligheid"
    )
    assert doc.date == "2021-02-19"
    assert doc.extra["questions_sent"] == "2021-01-29"
    assert doc.extra["letter_date"] == "2020-12-16"
    assert doc.extra["committee"] == "vaste commissie voor Buitenlandse Zaken"
    assert doc.citations == []


# --- answers and questions ------------------------------------------------------------------


def test_35_answers_and_questions(doc):
    assert len(doc.answers) == 35
    assert len(doc.questions) == 35
    assert [x.label for x in doc.answers] == [str(n) for n in range(1, 36)]
    assert [x.numbers for x in doc.answers] == [[n] for n in range(1, 36)]
    assert [x.number for x in doc.questions] == list(range(1, 36))
    assert [x.label for x in doc.questions] == [str(n) for n in range(1, 36)]
    for question, answer in zip(doc.questions, doc.answers):
        assert question.answer_key == answer.key == f"a{question.number}"
        assert question.key == f"q{question.number}"
        assert question.text and answer.text


def test_parties(doc):
    assert {x.number: x.party for x in doc.questions} == EXPECTED_PARTY


def test_sections_as_printed(doc):
    headings = {
        "VVD": "I Vragen en opmerkingen van de leden van de VVD-fractie",
        "D66": "II Vragen en opmerkingen van de leden van de D66-fractie",
        "GroenLinks": "III Vragen en opmerkingen van de leden van de GroenLinks-fractie",
        "PvdA": "IV Vragen en opmerkingen van de leden van de PvdA-fractie",
    }
    assert {x.number: x.section for x in doc.questions} == {
        n: headings[party] for n, party in EXPECTED_PARTY.items()
    }


def test_no_answer_contains_a_question_opener(doc):
    for answer in doc.answers:
        assert "De leden van de" not in answer.text, answer.label
        assert "Antwoord van het kabinet" not in answer.text


def test_texts_are_clean(doc):
    for x in [*doc.questions, *doc.answers]:
        assert MARK_OPEN not in x.text and MARK_CLOSE not in x.text
        assert "Vragen en opmerkingen van de leden" not in x.text
        assert "\n\n\n" not in x.text
        assert x.text == x.text.strip()
        assert "  " not in x.text
        for para in x.text.split("\n\n"):
            assert "\n" not in para


def test_first_question_contains_the_intro(doc):
    assert q(doc, 1).text == (
        "De leden van de VVD-fractie hebben met belangstelling kennisgenomen van het Vierde "
        "Nationaal Actieplan 1325 Vrouwen, Vrede en Veiligheid (NAP-IV). Zij hebben hierover nog "
        "de volgende vragen en opmerkingen.\n\n"
        "De leden van de VVD-fractie lezen dat het NAP-IV gericht is op gezamenlijke inzet. Wat "
        "ziet het kabinet de komende jaren als de grootste uitdagingen op dit gebied?"
    )


def test_first_answer_paragraphs(doc):
    text = a(doc, 1).text
    assert text.count("\n\n") == 2
    assert text.startswith("Voor een effectief vrede- en veiligheidsbeleid is onder meer een continue dialoog en constructieve samenwerking")
    assert "kwamen tot stand door deze nauwe samenwerking.\n\nEen grote uitdaging die het kabinet ziet" in text
    assert text.endswith("en beleidsuitvoering betreffende vrede en veiligheid.")


def test_intro_paragraphs_belong_to_their_partys_next_question(doc):
    q19 = q(doc, 19).text
    assert q19.startswith(
        "De leden van de D66-fractie hebben met interesse kennisgenomen van het Vierde Nationaal "
        "Actieplan 1325 Vrouwen Vrede en Veiligheid. Deze leden hebben nog enkele vragen aan het "
        "kabinet.\n\nDe leden van de D66-fractie vinden het goed te lezen dat er sinds het aannemen "
        "van de VN-Veiligheidsraad (VNVR)-resolutie 1325 in 2000"
    )
    assert q19.endswith("wel tot prioriteit te maken voor de VN en haar lidstaten?")
    q26 = q(doc, 26).text
    assert q26.startswith(
        "De leden van de fractie van GroenLinks hebben met grote belangstelling kennisgenomen van "
        "het Vierde Nationaal Actieplan 1325 Vrouwen, Vrede en Veiligheid. Deze leden zijn "
        "verheugd te lezen"
    )
    assert "D66" not in q26
    assert q26.endswith("Zo ja, op welke onderdelen zal dit dan specifiek zijn?")
    q29 = q(doc, 29).text
    assert q29.startswith("De leden van de PvdA-fractie hebben met instemming kennisgenomen")
    assert "nog een aantal vragen ter verduidelijking.\n\nDe leden van de PvdA-fractie lezen in het NAP-IV" in q29
    assert q29.endswith("om dit goed te beleggen conform de eigen commitments?")
    # a remark without a question before the next question of the same party
    q8 = q(doc, 8).text
    assert q8.startswith(
        "De leden van de VVD-fractie zijn verheugd te lezen dat hier ook bij de asielprocedure "
        "aandacht aan wordt besteed en dat geweldscultuur onder asielzoekers wordt aangepakt.\n\n"
        "De leden van de VVD-fractie hebben met interesse kennisgenomen"
    )
    assert a(doc, 7).text.endswith("neemt Nederland deel aan campagnes en activiteiten die hier een bijdrage aan leveren.")


def test_body_holds_intro_headings_and_closing_remark(doc):
    body = doc.body
    assert body.startswith(
        "De vaste commissie voor Buitenlandse Zaken heeft een aantal vragen en opmerkingen "
        "voorgelegd aan de ministers van Buitenlandse Zaken en voor Buitenlandse Handel en "
        "Ontwikkelingssamenwerking over de brief van 16 december 2020 over het vierde Nationaal "
        "Actieplan 1325 Vrouwen, Vrede en Veiligheid (Kamerstuk 26 150, nr. 190).\n\n"
    )
    assert "Bij brief van 19 februari 2021 zijn de vragen beantwoord.\n\nVragen en opmerkingen vanuit de fracties en reactie van de bewindspersoon\n\n" in body
    for heading in (
        "I Vragen en opmerkingen van de leden van de VVD-fractie",
        "II Vragen en opmerkingen van de leden van de D66-fractie",
        "III Vragen en opmerkingen van de leden van de GroenLinks-fractie",
        "IV Vragen en opmerkingen van de leden van de PvdA-fractie",
    ):
        assert f"\n\n{heading}" in body
    # D66's closing remark has no question of its own: body, not an answer nor GroenLinks' question
    remark = (
        "De leden van de D66-fractie zijn tot slot erg positief over het feit dat ruim zestig "
        "maatschappelijke organisaties medeondertekenaar zijn van het NAP-IV en dat zeven "
        "bewindspersonen het NAP-IV hebben getekend."
    )
    assert (
        "II Vragen en opmerkingen van de leden van de D66-fractie\n\n"
        + remark
        + "\n\nIII Vragen en opmerkingen van de leden van de GroenLinks-fractie"
    ) in body
    assert a(doc, 25).text.endswith("resultaten op gebied van vrouwenrechten en gendergelijkheid op de verschillende beleidsterreinen beter zichtbaar te maken.")
    assert body.count("\n\n") == 7


def test_boundary_answer_14_question_15(doc):
    assert a(doc, 14).text.startswith("De Nederlandse focus bij de implementatie van de Women, Peace and Security (WPS)-agenda lag")
    assert a(doc, 14).text.endswith(
        "om weerstand - bewust of onbewust - en andere barrières voor vrouwen om gelijkelijk te "
        "participeren in politiek en in de defensie- en veiligheidssector weg te nemen."
    )
    assert q(doc, 15).text == (
        "Deelt het kabinet de mening dat het eigenlijk vreemd is om op deze wijze landen met "
        "repressieve politieke en maatschappelijke structuren op één lijn te plaatsen met Nederland?"
    )
    assert q(doc, 15).party == "VVD"


def test_boundary_answer_32_question_33(doc):
    assert a(doc, 32).text.startswith("Het kabinet erkent en ondersteunt de rol van het maatschappelijk middenveld")
    assert a(doc, 32).text.endswith(
        "Hiermee wordt ook bijgedragen aan de uitvoering van VNVR-resolutie 2462 over het "
        "tegengaan van terrorismefinanciering."
    )
    assert "\n" not in a(doc, 32).text
    assert q(doc, 33).text.startswith(
        "De leden van de PvdA-fractie steunen van harte de inzet van het kabinet op de bestrijding"
    )
    assert q(doc, 33).text.endswith("Wanneer verwacht het kabinet de uitkomst van dit onderzoek?")
    assert q(doc, 32).text == (
        "Wat is de inzet van het kabinet op het voorkomen van een negatieve impact van financiële "
        "anti-terreurmaatregelen op het werk van onder meer ngo’s die zich op deze terreinen (en "
        "wellicht ter plaatse) inzetten?"
    )


def test_boundary_answer_33_question_34(doc):
    assert a(doc, 33).text == (
        "De verwachting is dat het adviescollege in het voorjaar van 2021 met een advies zal komen. "
        "Het adviescollege zal in dit advies ingaan op de aan het stelsel van schadevergoeding en "
        "schadetegemoetkoming ten grondslag te leggen principes. Mocht de uitkomst van dit onderzoek "
        "daartoe aanleiding geven, dan zal opnieuw gekeken worden of, en zo ja onder welke "
        "voorwaarden, ook slachtoffers van misdrijven die in het buitenland zijn gepleegd in "
        "aanmerking komen voor kosteloze rechtsbijstand."
    )
    q34 = q(doc, 34).text
    assert q34.startswith("Met het NAP-IV wil het kabinet ook de bescherming van overlevenden van conflictgerelateerd geweld")
    assert "welke hulp zij vrouwen bieden. De leden van de PvdA-fractie delen de constatering" in q34
    assert q34.endswith("Zal dit onder meer in overleg met ervaringsdeskundigen en vrouwenorganisaties zijn?")


def test_boundary_answer_34_question_35(doc):
    assert a(doc, 34).text.startswith("Om adequate opvolging te geven aan de punten die de PvdA-fractie noemt")
    assert a(doc, 34).text.endswith("maar de precieze samenstelling is momenteel nog niet bekend.")
    assert q(doc, 35).text == (
        "Tot slot willen de leden van de PvdA-graag weten of de jaarlijkse rapportages van de "
        "betrokken overheidsinstanties aan de Tweede Kamer integrale kabinetsbrede rapportages "
        "zullen zijn, zoals ook dit NAP-IV een kabinetsbreed en daarmee interdisciplinair document is?"
    )
    assert a(doc, 35).text == (
        "Ja, de betrokken overheidsinstanties zijn gezamenlijk verantwoordelijk voor de jaarlijkse "
        "geïntegreerde rapportage aan de Tweede Kamer. Ten aanzien van dit vierde NAP 1325, zal de "
        "eerste rapportage in het voorjaar van 2022 worden opgesteld."
    )


def test_questions_without_opener(doc):
    assert q(doc, 3).text == "Wordt er ook samengewerkt met andere landen op dit gebied?"
    assert q(doc, 13).text.startswith("Bij Defensie, en ook bijvoorbeeld bij de politie, zijn grote aantallen vacatures.")
    assert q(doc, 13).text.endswith("dus deze leden vragen zich af van welke barrière hier sprake is.")
    assert a(doc, 12).text.endswith("teneinde meer vrouwen aan te trekken en te behouden.")
    assert q(doc, 18).text.startswith("Zij vragen het kabinet verder om, indien dit daadwerkelijk een risico is")
    assert a(doc, 17).text.endswith("dat de goederen zouden worden gebruikt bij gender gerelateerd geweld.")
    assert q(doc, 24).text == "Kan het kabinet dezelfde vraag beantwoorden met betrekking tot subdoel 2.2?"


# --- footnotes ------------------------------------------------------------------------------


def test_footnotes_linked(doc):
    assert [(f.number, f.context, f.context_key) for f in doc.footnotes] == [
        (1, "answer", "a2"),
        (2, "answer", "a5"),
        (3, "answer", "a5"),
        (4, "answer", "a18"),
        (5, "answer", "a20"),
        (6, "question", "q25"),
        (7, "answer", "a26"),
    ]
    assert doc.footnotes[4].text == "Defensie Actieplan 1325 (2021-2025), Kamerstuk 35 570 X, nr. 80"


def test_footnote_markers_and_bodies_removed(doc):
    a2 = a(doc, 2).text
    assert "resultatenrapportage ontwikkelingssamenwerking. Zo zijn onder andere mannen" in a2
    assert "het Bevolkingsfonds van de Verenigde Naties (UNFPA), het Trust Fund" in a2
    assert "osresultaten" not in a2
    a5 = a(doc, 5).text
    assert "een eerste evaluatierapport uit over Nederland" in a5
    assert "(Kamerstuk 28345, nr. 236)." in a5
    assert "in navolging van het Nederlandse lidmaatschap van de VN Veiligheidsraad in 2018" in a5
    assert "coe.int" not in a5 and "rijksoverheid" not in a5
    assert a(doc, 18).text.endswith("Wapenhandelverdrag, een gelijk speelveld nagestreefd.")
    assert "geweld tegen vrouwen en kinderen. Nederland is" in a(doc, 18).text
    assert "Het DAP is op 10 december 2020 met uw Kamer gedeeld (Kamerstuk 35570-X, nr. 80)." in a(doc, 20).text
    assert a(doc, 20).text.endswith("ook op het gebied van gender mainstreaming.")
    assert q(doc, 25).text.endswith(
        "in het extern optreden van de EU. Deelt het kabinet de mening dat er ook op EU-niveau een "
        "taak ligt ter bevordering van gendergelijkheid en participatie van vrouwen? Zo ja, hoe zet "
        "het kabinet zich daarvoor in?"
    )
    assert "subsidiekader Women, Peace and Security invulling aan het NAP 1325-IV" in a(doc, 26).text
    assert a(doc, 27).text.endswith("genderbewustzijn en gendergelijke (machts)verhoudingen beogen.")
    for x in [*doc.questions, *doc.answers]:
        assert "https://" not in x.text
        assert "EU-voorstel" not in x.text


# --- line joining ---------------------------------------------------------------------------


def test_page_breaks_and_hyphens(doc):
    assert "tegemoetkomt aan zowel mannen, vrouwen, jongens en meisjes als gender non-conforme mensen" in q(doc, 20).text
    assert "hoe de ambitie van bescherming van vrouwelijke mensenrechtenverdedigers tegen geweld" in q(doc, 10).text
    assert "als in kader van VN-brede onderhandelingsprocessen" in a(doc, 3).text
    assert "richting geven aan het algehele VN-ontwikkelingssysteem." in a(doc, 3).text
    assert "inclusief vrouwen- en diaspora-organisaties, bij vredes- en veiligheidsprocessen" in a(doc, 22).text
    assert "vredesactivisten in vredes- en veiligheidsprocessen bepleiten" in q(doc, 30).text
    assert "positieve gendernormen en -waarden." in a(doc, 16).text
    assert "het VN Peacebuilding Fund -waar Nederland financieel aan bijdraagt- schenken specifiek" in a(doc, 22).text
    assert "Security (WPS)-agenda" in a(doc, 14).text
    assert "sinds het aannemen van de VN-Veiligheidsraad (VNVR)-resolutie 1325" in q(doc, 19).text
    a6 = a(doc, 6).text
    assert a6.endswith(
        "moet bestaan uit:\n\n1) Slachtofferhulp, 2) Onpartijdig, tijdig en transparant onderzoek "
        "en 3) Wanneer relevant, disciplinaire maatregelen en verwijzing naar nationale autoriteiten "
        "voor criminele vervolging. 4) Nederland hamert daarnaast op transparante rapportage ten "
        "behoeve van monitoring van de opvolging en het vooropstellen van de belangen van "
        "slachtoffers in alle processen."
    )
    assert "op de werkvloer" in a(doc, 11).text and "Dat doen we onder andere door na te gaan" in a(doc, 11).text


# --- independence of line widths ------------------------------------------------------------


def _render(doc, width: int) -> str:
    """The parsed document written out again as plain text with another line width."""

    def wrap(text: str) -> str:
        return "\n\n".join(
            textwrap.fill(p, width, break_long_words=False, break_on_hyphens=False)
            for p in text.split("\n\n")
        )

    body = doc.body.split("\n\n")
    heading_at = {1: "I ", 19: "II ", 26: "III ", 29: "IV "}
    intro = [p for p in body if not p.startswith(("I ", "II ", "III ", "IV "))]
    headings = {p.split()[0]: p for p in body if p.startswith(("I ", "II ", "III ", "IV "))}
    closing = [p for p in intro if p.startswith("De leden van de D66-fractie zijn tot slot")]
    intro = [p for p in intro if p not in closing]
    out = [wrap("\n\n".join(intro))]
    for question, answer in zip(doc.questions, doc.answers):
        if question.number == 26:
            out.append(wrap(closing[0]))
        if question.number in heading_at:
            out.append(headings[heading_at[question.number].strip()])
        out.append(wrap(question.text))
        out.append(f"{answer.label}. Antwoord van het kabinet:")
        out.append(wrap(answer.text))
    return "\n\n".join(out) + "\n"


@pytest.mark.parametrize("width", [40, 55, 72, 100, 130])
def test_rewrapped_text_parses_the_same(doc, width):
    again = parse_schriftelijk_overleg(_render(doc, width))
    assert [x.text for x in again.questions] == [x.text for x in doc.questions]
    assert [x.text for x in again.answers] == [x.text for x in doc.answers]
    assert [x.party for x in again.questions] == [x.party for x in doc.questions]
    assert again.title == doc.title and again.date == doc.date


def test_no_answers_is_a_parse_error():
    with pytest.raises(ParseError):
        parse_schriftelijk_overleg("Geen vragen en geen antwoorden.")


# --- parties --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, party",
    [
        ("VVD", "VVD"),
        ("GL", "GroenLinks"),
        ("Groen Links", "GroenLinks"),
        ("GroenLinks-PvdA", "GroenLinks-PvdA"),
        ("GL-PvdA", "GroenLinks-PvdA"),
        ("Partij van de Arbeid", "PvdA"),
        ("CU", "ChristenUnie"),
        ("Christen Unie", "ChristenUnie"),
        ("Partij voor de Dieren", "PvdD"),
        ("de VVD-fractie", "VVD"),
        ("fractie van GroenLinks", "GroenLinks"),
        ("50PLUS", "50PLUS"),
        ("Bij1", "BIJ1"),
        ("ja21", "JA21"),
        ("Forum voor Democratie", "FvD"),
        ("Onbekende Partij", None),
        ("", None),
    ],
)
def test_canonical_party(name, party):
    assert canonical_party(name) == party


def test_party_in():
    assert party_in("De leden van de D66-fractie lezen") == "D66"
    assert party_in("De leden van de fractie van GroenLinks vragen") == "GroenLinks"
    assert party_in("De VVD-fractieleden vinden") == "VVD"
    assert party_in("De leden van de fractie van de Partij van de Arbeid vragen") == "PvdA"
    assert party_in("De leden van de GroenLinks-PvdA-fractie vragen") == "GroenLinks-PvdA"
    assert party_in("Tot slot willen de leden van de PvdA-graag weten") is None
