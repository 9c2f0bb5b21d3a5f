"""Ministry letters and the BNC-fiche (``parsers.ministry_letter``) on the real PDFs.

Every expected value below was read off the PDFs in ``../shared/corpus/real/kamerbrieven``.
"""

from __future__ import annotations

import pytest

from kamerqa.parsers.layout import Line, Span, lines_from_chars
from kamerqa.parsers.ministry_letter import (
    asking,
    is_ministry_layout,
    parse_ministry_letter,
    right_column_x,
    split_sentences,
)

from .conftest import REAL, parsed_file, pdf_lines, requires_shared

LETTERS = REAL / "kamerbrieven"
OCW = LETTERS / (
    "1400405_Brief_aan_de_Tweede_Kamer_inzake_onbeantwoorde_vragen_algemeen_overleg_"
    "leerlingendaling_27_juni_2018.pdf"
)
DRAAGMOEDERSCHAP = LETTERS / "20110301-5687928a-draagmoederschap.pdf"
FICHE = LETTERS / "fiche-5-herziening-verordening-en-richtlijn-markten-voor-financiele-instrumenten.pdf"


# --------------------------------------------------------------------------- no PDFs needed


def _chars(text, x0, bottom, size, width=None):
    width = width or 0.6 * size
    out = []
    for i, ch in enumerate(text):
        out.append(
            {
                "text": ch,
                "fontname": "Verdana",
                "size": size,
                "x0": x0 + i * width,
                "x1": x0 + (i + 1) * width,
                "top": bottom - size,
                "bottom": bottom,
            }
        )
    return out


def test_small_characters_across_a_column_gap_stay_out_of_a_body_line():
    # body line in 9 pt ending at x=93.4; the right column (6.5 pt) starts 15 pt further
    body = _chars("barrières", 80, 170, 9.0, width=5.4)
    column = _chars("1400405", 128.4 + 15, 168.5, 6.5)
    lines = lines_from_chars(body + column, 1, 595, 842)
    assert [ln.text for ln in lines] == ["1400405", "barrières"] or [
        ln.text for ln in lines
    ] == ["barrières", "1400405"]


def test_a_footnote_marker_touching_its_word_is_still_raised():
    body = _chars("waarde", 80, 170, 9.0, width=5.4)
    marker = _chars("2", 80 + 6 * 5.4 + 0.3, 166.0, 5.5)
    (line,) = lines_from_chars(body + marker, 1, 595, 842)
    assert line.text == "waarde²"


def test_sentences_do_not_end_at_initials_or_abbreviations():
    text = (
        "De commissie staat onder voorzitterschap van de heer E. Dijkgraaf. Overige leden "
        "zijn de heer F.W. Hoekstra en mevrouw C. Kervezee. Zie Kamerstuk 31 293, nr. 390. Klaar."
    )
    assert [s for _, s in split_sentences(text)] == [
        "De commissie staat onder voorzitterschap van de heer E. Dijkgraaf.",
        "Overige leden zijn de heer F.W. Hoekstra en mevrouw C. Kervezee.",
        "Zie Kamerstuk 31 293, nr. 390.",
        "Klaar.",
    ]


@pytest.mark.parametrize(
    "sentence, members, pronoun",
    [
        ("Mevrouw Westerveld (GroenLinks) vroeg naar de mogelijkheden.", [("Westerveld", "GroenLinks")], False),
        ("De heer Van Meenen (D66) stelde de vraag hoe OCW dat doet.", [("Van Meenen", "D66")], False),
        ("De heer van Meenen vroeg tot slot of ik dat toesta.", [("Van Meenen", None)], False),
        ("Het lid Heerema (VVD) vroeg of het mogelijk is.", [("Heerema", "VVD")], False),
        ("Ook vroeg de heer Bisschop naar het lot van de regeling.", [("Bisschop", None)], False),
        ("Verder vroeg hij naar de stand van zaken.", [], True),
        ("De heer Heerema wilde weten of het mogelijk is.", [("Heerema", None)], False),
        (
            "De Kamerleden Van den Hul, Bisschop, Van Meenen en Kwint, hebben allen gevraagd naar de situatie.",
            [("Van den Hul", None), ("Bisschop", None), ("Van Meenen", None), ("Kwint", None)],
            False,
        ),
    ],
)
def test_asking_sentences(sentence, members, pronoun):
    found = asking(sentence)
    assert found is not None
    assert found.members == members
    assert found.pronoun is pronoun


@pytest.mark.parametrize(
    "sentence",
    [
        "In de motie-Westerveld-Van den Hul vraagt u mij om te toetsen.",
        "Met de motie Rog vraagt de Kamer om samen met het onderwijsveld te onderzoeken.",
        "De commissie staat onder voorzitterschap van de heer E. Dijkgraaf.",
        "De heer Kwint is lid van de commissie.",
        "Een andere vraag die in het onderzoek aan de orde komt is de volgende.",
    ],
)
def test_sentences_that_are_no_question_by_a_member(sentence):
    assert asking(sentence) is None


def _line(text, x, top, size=9.0, bold=False, page=1):
    spans, cx = [], x
    for word in text.split(" "):
        width = 0.55 * size * len(word)
        spans.append(Span(word, cx, cx + width, size, bold))
        cx += width + 0.3 * size
    return Line(text, page, x, cx - 0.3 * size, top, top + size, size, "Verdana", bold, False,
                spans, 595.0, 842.0)


def test_letter_layout_from_lines_salutation_and_two_signers():
    column = 468  # wherever the column is: it is found from the lines
    lines = [
        _line("> Retouradres Postbus 20061 2500 EB Den Haag", 80, 120, 6.5),
        _line("Aan de Voorzitter van de Tweede Kamer", 80, 150),
        _line("der Staten-Generaal", 80, 162),
        _line("Binnenhof 4", 80, 174),
        _line("Ministerie van Buitenlandse Zaken", column, 150, 6.5, bold=True),
        _line("Rijnstraat 8", column, 160, 6.5),
        _line("Ons kenmerk", column, 200, 6.5, bold=True),
        _line("BZ2024-123", column, 209, 6.5),
        _line("Uw brief", column, 225, 6.5, bold=True),
        _line("2024Z01234", column, 234, 6.5),
        _line("Bijlage(n)", column, 250, 6.5, bold=True),
        _line("1", column, 259, 6.5),
        _line("Datum 5 maart 2024", 80, 270),
        _line("Betreft Reactie op het verzoek van de commissie over de", 80, 282),
        _line("uitvoering van de motie", 118.6, 294),  # wrapped at the value's indent
        _line("Geachte Voorzitter,", 80, 320),
        _line("Hierbij stuur ik u de reactie op het verzoek van de vaste commissie voor", 80, 344),
        _line("Buitenlandse Zaken. Het lid Brekelmans (VVD) vroeg of de regering de", 80, 356),
        _line("motie uitvoert. Dat doe ik graag.", 80, 368),
        _line("Hoogachtend,", 80, 400),
        _line("de minister van Buitenlandse Zaken,", 80, 424),
        _line("H.G.J. Bruins Slot", 80, 470),
        _line("de minister voor Buitenlandse Handel en Ontwikkelingssamenwerking,", 80, 500),
        _line("E.N.A.J. Schreinemacher", 80, 546),
        _line("Pagina 1 van 1", column, 800, 6.5),
    ]
    assert is_ministry_layout(lines)
    doc = parse_ministry_letter(lines, 1)
    assert (doc.kind, doc.date) == ("brief", "2024-03-05")
    assert doc.title == "Reactie op het verzoek van de commissie over de uitvoering van de motie"
    assert doc.signatories == [
        "H.G.J. Bruins Slot (Minister van Buitenlandse Zaken)",
        "E.N.A.J. Schreinemacher (Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking)",
    ]
    assert doc.extra == {
        "reference": "BZ2024-123",
        "your_reference": "2024Z01234",
        "attachments": "1",
        "sender": "Ministerie van Buitenlandse Zaken",
        "ministry": "Buitenlandse Zaken",
        "return_address": "Postbus 20061 2500 EB Den Haag",
        "addressee": "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal",
        "minister": "Minister Bruins Slot",
    }
    assert doc.body == (
        "Hierbij stuur ik u de reactie op het verzoek van de vaste commissie voor Buitenlandse Zaken."
    )
    assert [(q.text, [(m.name, m.party) for m in q.members], q.answer_key) for q in doc.questions] == [
        ("Het lid Brekelmans (VVD) vroeg of de regering de motie uitvoert.", [("Brekelmans", "VVD")], "a1")
    ]
    assert [a.text for a in doc.answers] == ["Dat doe ik graag."]


# --------------------------------------------------------------------------- real PDFs


@pytest.fixture(scope="module")
def ocw():
    return parsed_file(OCW)


@pytest.fixture(scope="module")
def draagmoederschap():
    return parsed_file(DRAAGMOEDERSCHAP)


@pytest.fixture(scope="module")
def fiche():
    return parsed_file(FICHE)


@requires_shared
def test_layout_is_recognised_only_for_the_ministry_documents():
    for path in (OCW, DRAAGMOEDERSCHAP, FICHE):
        lines, _ = pdf_lines(path)
        assert is_ministry_layout(lines), path.name
    others = [
        REAL / "ah-tk-20202021-3235" / "ah-tk-20202021-3235.pdf",
        REAL / "kst-32545-143" / "kst-32545-143.pdf",
        REAL / "besluitenlijsten" / "besluitenlijst_example1.pdf",
        REAL / "besluitenlijsten" / "besluitenlijst_example2.pdf",
        *sorted((REAL / "aanhangsel-tk-opendata").glob("*.pdf"))[:3],
    ]
    for path in others:
        lines, _ = pdf_lines(path)
        assert not is_ministry_layout(lines), path.name


@requires_shared
def test_right_column_is_found_from_the_lines():
    for path in (OCW, DRAAGMOEDERSCHAP):
        lines, _ = pdf_lines(path)
        x = right_column_x(lines)
        assert x is not None and 460 < x < 475, path.name
    lines, _ = pdf_lines(FICHE)
    assert right_column_x(lines) is None


@requires_shared
def test_right_column_never_mixes_into_the_letter(ocw, draagmoederschap):
    for doc, column_texts in (
        (ocw, ["1400405", "Onze referentie", "Rijnstraat 50", "Pagina"]),
        (draagmoederschap, ["5687928/11", "Ons kenmerk", "Schedeldoekshaven", "Pagina", "DJJ"]),
    ):
        texts = [doc.body] + [q.text for q in doc.questions] + [a.text for a in doc.answers]
        texts += [f.text for f in doc.footnotes]
        for text in texts:
            for column_text in column_texts:
                assert column_text not in text
    assert "barrières voor samenwerking weg te halen" in ocw.questions[1].text


@requires_shared
def test_draagmoederschap_letter(draagmoederschap):
    doc = draagmoederschap
    assert doc.kind == "brief"
    assert doc.title == "Draagmoederschap"
    assert doc.date == "2011-03-01"
    assert doc.pages == 3
    assert doc.signatories == ["F. Teeven (Staatssecretaris van Veiligheid en Justitie)"]
    assert doc.extra["reference"] == "5687928/11"
    assert doc.extra["addressee"] == "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal"
    assert doc.extra["return_address"] == "Postbus 20301 2500 EH Den Haag"
    assert doc.extra["minister"] == "Staatssecretaris Teeven"
    assert doc.extra["website"] == "www.rijksoverheid.nl/venj"
    # the footnote number is a row of its own in this PDF; it is joined to its text
    assert [(f.number, f.page, f.context) for f in doc.footnotes] == [(1, 2, "body")]
    assert doc.footnotes[0].text.startswith(
        "Bij hoogtechnologisch draagmoederschap wordt een embryo dat is ontstaan door IVF,"
    )
    assert doc.footnotes[0].text.endswith("De draagmoeder is dan de genetische moeder.")
    assert doc.body.startswith("Draagmoederschap is een complex onderwerp waar de samenleving")
    assert doc.body.endswith("om de verdere voortgang rondom dit onderwerp te kunnen bepalen.")
    assert "bevoegd inzake ideëel hoogtechnologisch draagmoederschap. Het VUmc" in doc.body
    # headings are paragraphs of their own; an italic title inside a sentence is not one
    paragraphs = doc.body.split("\n\n")
    for heading in ("Rapport", "Vrijwilligheid", "Belangen", "Draagmoederschap of adoptie?"):
        assert heading in paragraphs
    assert "met het belang van wensouders. De Wet donorgegevens kunstmatige bevruchting geeft" in doc.body
    assert "F. Teeven" not in doc.body and "Staatssecretaris van Veiligheid" not in doc.body
    assert doc.questions == [] and doc.answers == []
    assert [(c.target, c.context) for c in doc.citations] == [("kst-32123-XVI-30", "body")]


@requires_shared
def test_ocw_letter_header_signature_footnotes(ocw):
    doc = ocw
    assert doc.kind == "brief"
    assert doc.title == "Onbeantwoorde vragen algemeen overleg leerlingendaling 27 juni 2018"
    assert doc.date == "2018-10-03"
    assert doc.pages == 10
    assert doc.extra["reference"] == "1400405"
    assert doc.extra["sender"] == "Voortgezet Onderwijs"
    assert doc.extra["addressee"] == "Aan de voorzitter van de Tweede Kamer der Staten-Generaal"
    assert doc.signatories == ["Arie Slob (Minister voor Basis- en Voortgezet Onderwijs en Media)"]
    assert doc.extra["minister"] == "Minister Slob"
    assert [(f.number, f.page, f.context, f.context_key) for f in doc.footnotes] == [
        (1, 1, "answer", "a1"),
        (2, 2, "question", "q4"),
        (3, 3, "answer", "a5"),
        (4, 4, "answer", "a9"),
        (5, 4, "answer", "a10"),
        (6, 6, "answer", "a15"),
        (7, 6, "answer", "a16"),
        (8, 8, "body", None),
        (9, 8, "body", None),
        (10, 9, "body", None),
        (11, 10, "body", None),
    ]
    fn = {f.number: f.text for f in doc.footnotes}
    assert fn[2] == "Tweede Kamer, vergaderjaar 2017-2018, 31 293/31 289, nr. 390"
    assert fn[4] == (
        "Zie https://infowms.nl/sites/default/files/publicaties/20180101%20Expertisecentrum"
        "%20Handreiking%20MR%20fusie%20of%20sluiting%20school.pdf"
    )
    assert fn[10] == (
        "De enquête is begin september 2018 uitgevoerd en ingevuld door ongeveer 5 procent "
        "van de vo-besturen."
    )
    targets = [(c.target, c.context, c.context_key) for c in doc.citations if c.kind != "url"]
    assert targets == [
        ("kst-31293-390", "footnote", "fn2"),
        ("stb-2017-327", "footnote", "fn3"),
        ("kst-31293-408", "footnote", "fn6"),
        ("stcrt-2018-49440", "footnote", "fn8"),
        ("stcrt-2018-49440", "footnote", "fn11"),
    ]
    # the table of the kleinescholentoeslag: one row per line, cells separated
    assert "\n\n100 | € 45.000 | € 55.000 | € 10.000\n\n" in doc.body
    assert "Arie Slob" not in doc.body


# (member, party) per question, in order: 21 questions read off the letter
OCW_QUESTIONS = [
    [("Beertema", "PVV")],
    [("Westerveld", "GroenLinks")],
    [("Van Meenen", "D66")],
    [("Van Meenen", "D66")],
    [("Heerema", "VVD")],
    [("Westerveld", "GroenLinks")],
    [("Bisschop", "SGP")],
    [("Bisschop", "SGP")],
    [("Westerveld", "GroenLinks")],
    [("Van den Hul", None), ("Bisschop", "SGP"), ("Van Meenen", "D66"), ("Kwint", None)],
    [("Kwint", None)],
    [("Bisschop", "SGP")],
    [("Van Meenen", "D66")],
    [("Heerema", "VVD")],
    [("Bisschop", "SGP")],
    [("Bisschop", "SGP")],  # "Verder vroeg hij …"
    [("Kwint", None)],
    [("Heerema", "VVD")],
    [("Van den Hul", None)],
    [("Rog", None)],
    [("Kwint", None)],
]


@requires_shared
def test_ocw_questions_members_and_parties(ocw):
    assert [q.number for q in ocw.questions] == list(range(1, 22))
    assert [q.label for q in ocw.questions] == [str(n) for n in range(1, 22)]
    assert [[(m.name, m.party) for m in q.members] for q in ocw.questions] == OCW_QUESTIONS
    assert [q.party for q in ocw.questions] == [
        "PVV", "GroenLinks", "D66", "D66", "VVD", "GroenLinks", "SGP", "SGP", "GroenLinks",
        None, None, "SGP", "D66", "VVD", "SGP", "SGP", None, "VVD", None, None, None,
    ]
    assert [q.page for q in ocw.questions] == [
        1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 6, 6, 6, 6, 7, 7, 7, 8
    ]


@requires_shared
def test_ocw_questions_texts_and_answers(ocw):
    q = {x.number: x for x in ocw.questions}
    a = {x.key: x for x in ocw.answers}
    assert q[1].text == (
        "De heer Beertema (PVV) vroeg mij een overzicht te geven van de mogelijkheden tot "
        "samenwerking."
    )
    assert q[2].text == (
        "Mevrouw Westerveld (GroenLinks) vroeg naar de mogelijkheden om barrières voor "
        "samenwerking weg te halen. Hierbij doelde ze op de mogelijkheid voor twee scholen om "
        "bijvoorbeeld een gezamenlijke vwo-afdeling aan te bieden en op mogelijkheden voor het "
        "samenvoegen van de bovenbouw."
    )
    assert q[4].text == (
        "De heer Van Meenen vroeg daarnaast of ik creatieve bestuurlijke constructen - "
        "zogenaamde pseudofusies- waarbij inspraak ontbreekt, ga ontmoedigen."
    )
    assert q[17].text == (
        "De heer Kwint vroeg naar situaties waarbij kleine scholen de dupe kunnen worden van "
        "een plotseling gestegen opheffingsnorm door gemeentelijke herindelingen. Hij vraagt of "
        "de inspectie daarbij een rol zou kunnen krijgen."
    )
    # every question has an answer; 5 and 6 (asked one after the other) share one
    assert [x.answer_key for x in ocw.questions] == [
        f"a{n}" for n in (1, 2, 3, 4, 5, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21)
    ]
    assert [x.label for x in ocw.answers] == [
        "1", "2", "3", "4", "5 en 6", *[str(n) for n in range(7, 22)]
    ]
    assert a["a5"].numbers == [5, 6]
    assert a["a5"].page == 3
    assert a["a5"].text.startswith("De samenwerkingsschool is een uitzondering op het grondwettelijke")
    assert a["a5"].text.endswith("voor de overige scholen is de wet ook verruimd, maar in mindere mate.")
    assert a["a1"].text.startswith("Er zijn tal van samenwerkingsmogelijkheden in het onderwijs,")
    assert a["a1"].text.endswith(
        "zijn brochures gepubliceerd waarin de samenwerkingsopties overzichtelijk uitgewerkt zijn."
    )
    assert a["a15"].text == "Die reactie is te vinden in de verzamelbrief van 13 juli jongstleden."
    assert a["a17"].text.startswith("De opheffingsnormen zijn gerelateerd aan de leerlingdichtheid")
    assert a["a17"].text.endswith("extra financiële ruimte om ondanks de omvang toch goed onderwijs te kunnen geven.")
    assert a["a21"].text == (
        "Ik ben regelmatig in gesprek met de ministers van LNV en BZK over krimp en de gevolgen daarvan."
    )
    # the heading each question stands under
    topics = ocw.extra["question_topics"]
    assert topics["1"] == "Mogelijkheden en belemmeringen samenwerking"
    assert topics["10"] == "Zeeuws-Vlaanderen"
    assert topics["21"] == "Contacten andere departementen"
    # text outside questions and answers stays in the body; answers end at a heading
    assert "Toedeling kleinescholentoeslag\n\nConform toezegging, ga ik nader in op" in ocw.body
    assert ocw.body.startswith("In deze brief beantwoord ik de vragen die tijdens het AO Krimp")
    assert "Om leerlingendaling het hoofd te bieden, is het nodig dat schoolbesturen" in ocw.body
    assert ocw.body.endswith("Daarom heb ik de commissie gevraagd deze motie te betrekken in haar advies.")
    assert not any("Motie Heerema-Rog" in x.text for x in ocw.answers)


@requires_shared
def test_bnc_fiche(fiche):
    doc = fiche
    assert doc.kind == "other"
    assert doc.title == "Fiche 5: Herziening verordening en richtlijn markten voor financiële instrumenten"
    assert doc.date is None  # no date of the fiche itself is printed
    assert doc.pages == 15
    assert doc.signatories == []
    assert doc.extra["document_type"] == "BNC-fiche"
    assert doc.extra["fiche_number"] == "5"
    assert doc.extra["ministry"] == "Financiën"
    items = doc.extra["fiche"]
    assert list(items) == [
        "Titel voorstel",
        "Datum ontvangst Commissiedocument",
        "Nr. Commissiedocument",
        "EUR-Lex",
        "Nr. impact assessment Commissie en Opinie Raad voor Regelgevingstoetsing",
        "Behandelingstraject Raad",
        "Eerstverantwoordelijk ministerie",
        "Rechtsbasis",
        "Besluitvormingsprocedure Raad",
        "Rol Europees Parlement",
    ]
    assert items["Datum ontvangst Commissiedocument"] == "25 november 2021"
    assert items["Nr. Commissiedocument"] == "COM(2021) 726 en COM(2021) 727"
    assert items["Rechtsbasis"] == (
        "Artikel 53, eerste lid, en artikel 114 van het Verdrag betreffende de Werking van de "
        "Europese Unie (VWEU)"
    )
    assert [(f.number, f.page) for f in doc.footnotes] == [
        (1, 2), (2, 2), (3, 2), (4, 3), (5, 4), (6, 4), (7, 4), (8, 5), (9, 6), (10, 8),
        (11, 9), (12, 11), (13, 13),
    ]
    assert all(f.context == "body" for f in doc.footnotes)
    assert doc.footnotes[8].text == (
        "Reactie op EU consultatie herziening MiFID II/ MiFIR. Kamerstukken II 2019/20, 22 112 nr. 2876."
    )
    targets = {(c.target, c.context) for c in doc.citations}
    assert {
        ("kst-22112-2953", "footnote"),
        ("kst-22112-2876", "footnote"),
        ("COM(2021)726", "body"),
        ("COM(2021)727", "body"),
    } <= targets
    assert "Pagina" not in doc.body
    assert "\n\n5. Financiële consequenties, gevolgen voor regeldruk, concurrentiekracht en geopolitieke aspecten\n\n" in doc.body
    assert doc.body.endswith("Naar verwachting zijn er geen implicaties voor ontwikkelingslanden.")
