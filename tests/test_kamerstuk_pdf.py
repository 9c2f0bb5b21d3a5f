"""Kamerstukken in the officielebekendmakingen layout (``parsers.kamerstuk``).

Real documents (read from the PDFs and their XML):

* ``kst-32545-143``: a motie, one page. Header "Tweede Kamer der Staten-Generaal",
  "Vergaderjaar 2020–2021", "32 545 Wet- en regelgeving financiële markten", "Nr. 143 MOTIE
  VAN DE LEDEN INGE VAN DIJK EN GRINWIS", "Voorgesteld 6 juli 2021"; eight paragraphs from
  "De Kamer," to "en gaat over tot de orde van de dag."; signed "Inge van Dijk", "Grinwis".
* ``kst-wetsvoorstel/vm1kkye15yy2.pdf``: kst-36327-2, 252 pages, "36 327 Vaststelling van het
  nieuwe Wetboek van Strafvordering (Wetboek van Strafvordering)", "Nr. 2 VOORSTEL VAN WET",
  vergaderjaar 2022–2023.
"""

from __future__ import annotations

import pytest

from kamerqa.parsers.kamerstuk import dossier_id, looks_like_kamerstuk, parse_kamerstuk, read_kst_header
from kamerqa.parsers.layout import Line, Span
from kamerqa.parsers.model import ParseError

from .conftest import REAL, parsed_file, pdf_lines, requires_shared

MOTIE = REAL / "kst-32545-143" / "kst-32545-143.pdf"
WETSVOORSTEL = REAL / "kst-wetsvoorstel" / "vm1kkye15yy2.pdf"

MOTIE_PARAGRAPHS = [
    "De Kamer,",
    "gehoord de beraadslaging,",
    "constaterende dat diverse financiële instellingen klanten laten betalen voor hun spaargeld "
    "en in sommige gevallen ook afscheid nemen van spaarders;",
    "constaterende dat veel financiële instellingen een negatieve spaarrente hanteren vanaf "
    "€ 100.000;",
    "overwegende dat voorkomen dient te worden dat de grens van negatieve spaarrente de kleine "
    "spaarder nog verder gaat raken;",
    "verzoekt de regering, om een grensspaarsaldo te definiëren waaronder een negatieve "
    "spaarrente onwenselijk is en met de banken in gesprek te gaan om afspraken te maken over "
    "het borgen van deze ondergrens;",
    "verzoekt de regering tevens, om, indien de Minister constateert dat banken niet bereid zijn "
    "zich te beperken tot dit grenssaldo, een wetsvoorstel voor te bereiden met een verbod op "
    "negatieve spaarrente vanaf de geformuleerde spaarsaldogrens,",
    "en gaat over tot de orde van de dag.",
]


# --- the motie, from the PDF alone -----------------------------------------------------------


@pytest.fixture(scope="module")
def motie():
    lines, pages = pdf_lines(MOTIE)
    return parse_kamerstuk(lines, pages)


@requires_shared
def test_motie_header(motie):
    assert motie.id == "kst-32545-143"
    assert motie.kind == "motie"
    assert (motie.dossier, motie.number, motie.vergaderjaar) == ("32545", "143", "2020-2021")
    assert motie.extra["dossier_title"] == "Wet- en regelgeving financiële markten"
    assert motie.extra["heading"] == "MOTIE VAN DE LEDEN INGE VAN DIJK EN GRINWIS"
    assert motie.date == motie.extra["voorgesteld"] == "2021-07-06"
    assert motie.title == "Motie van de leden Inge van Dijk en Grinwis"
    assert motie.pages == 1


@requires_shared
def test_motie_text_and_signatories(motie):
    assert motie.body.split("\n\n") == MOTIE_PARAGRAPHS
    assert motie.signatories == ["Inge van Dijk", "Grinwis"]
    assert motie.footnotes == [] and motie.questions == []
    for furniture in ("kst-32545-143", "ISSN", "Gravenhage", "Tweede Kamer, vergaderjaar"):
        assert furniture not in motie.body


@requires_shared
def test_motie_through_parse_file():
    """``parse_pdf`` dispatches on the header; the metadata.xml beside it then adds its title."""
    doc = parsed_file(MOTIE)
    assert (doc.id, doc.kind, doc.dossier, doc.number) == ("kst-32545-143", "motie", "32545", "143")
    assert doc.signatories == ["Inge van Dijk", "Grinwis"]
    assert doc.extra["dossier_title"] == "Wet- en regelgeving financiële markten"
    assert doc.title == (
        "Motie van de leden Inge van Dijk en Grinwis over het definiëren van een "
        "grensspaarsaldo voor negatieve spaarrente"
    )
    assert doc.body.split("\n\n") == MOTIE_PARAGRAPHS


# --- the wetsvoorstel (252 pages) ------------------------------------------------------------


@pytest.fixture(scope="module")
def wetsvoorstel():
    return parsed_file(WETSVOORSTEL)


@requires_shared
def test_wetsvoorstel(wetsvoorstel):
    doc = wetsvoorstel
    assert doc.id == "kst-36327-2"
    assert doc.kind == "other"
    assert doc.pages == 252
    assert (doc.dossier, doc.number, doc.vergaderjaar) == ("36327", "2", "2022-2023")
    title = "Vaststelling van het nieuwe Wetboek van Strafvordering (Wetboek van Strafvordering)"
    assert doc.extra["dossier_title"] == title
    assert doc.extra["heading"] == "VOORSTEL VAN WET"
    assert doc.title == f"Voorstel van wet: {title}"
    assert doc.body.startswith(
        "Wij Willem-Alexander, bij de gratie Gods, Koning der Nederlanden, Prins van "
        "Oranje-Nassau, enz. enz. enz."
    )
    assert "Artikel 1.1.1\n\nStrafvordering heeft alleen plaats op de wijze bij de wet voorzien." in doc.body
    assert doc.body.endswith("De Minister voor Rechtsbescherming,\n\nDe Minister van Justitie en Veiligheid,")
    assert "Tweede Kamer, vergaderjaar 2022–2023, 36 327, nr. 2" not in doc.body


# --- what is not a Kamerstuk -----------------------------------------------------------------


@requires_shared
@pytest.mark.parametrize(
    "path",
    [
        "ah-tk-20202021-3235/ah-tk-20202021-3235.pdf",
        "aanhangsel-tk-opendata/01bf9f06-42d0-48a6-a85f-12c9c8e14c57.pdf",
        "kamerbrieven/20110301-5687928a-draagmoederschap.pdf",
        "besluitenlijsten/besluitenlijst_example1.pdf",
    ],
)
def test_other_layouts_are_not_kamerstukken(path):
    lines, _ = pdf_lines(REAL / path)
    assert not looks_like_kamerstuk(lines)
    with pytest.raises(ParseError):
        parse_kamerstuk(lines, 1)


# --- the header, on synthetic lines ----------------------------------------------------------


def _line(text, top, *, page=1, size=9.1, bold=False, x0=221.0):
    width = 0.5 * size * len(text)
    spans, x = [], x0
    for word in text.split():
        w = 0.5 * size * len(word)
        spans.append(Span(word, x, x + w, size, bold))
        x += w + 0.28 * size
    return Line(
        text=text, page=page, x0=x0, x1=x0 + width, top=top, bottom=top + size, size=size,
        font="Univers-Black" if bold else "Univers", bold=bold, italic=False, spans=spans,
        page_width=595.0, page_height=842.0,
    )


def _header(*lines_after):
    return [
        _line("Tweede Kamer der Staten-Generaal", 65, size=18.1, bold=True, x0=55),
        _line("Vergaderjaar 2020–2021", 128, size=9.6, x0=55),
        *lines_after,
    ]


def test_dossier_with_suffix_and_wrapped_title():
    lines = _header(
        _line("35 570 X Vaststelling van de begrotingsstaten van het", 178, size=12.3, bold=True, x0=55),
        _line("Ministerie van Defensie (X) voor het jaar 2021", 191, size=12.3, bold=True),
        _line("Nr. 80 BRIEF VAN DE MINISTER VAN DEFENSIE", 275, bold=True, x0=55),
        _line("Aan de Voorzitter van de Tweede Kamer der Staten-Generaal", 300),
        _line("Den Haag, 10 december 2020", 320),
        _line("Hierbij bied ik u het Defensie Actieplan 1325 aan.", 340),
        _line("De Minister van Defensie,", 370),
        _line("A.Th.B. Bijleveld-Schouten", 400),
        _line("Tweede Kamer, vergaderjaar 2020–2021, 35 570 X, nr. 80 1", 766),
    )
    header = read_kst_header(lines)
    assert header.dossier_printed == "35 570 X" and header.dossier == "35570-X"
    assert header.dossier_title == (
        "Vaststelling van de begrotingsstaten van het Ministerie van Defensie (X) voor het jaar 2021"
    )
    assert (header.number, header.id, header.kind) == ("80", "kst-35570-X-80", "brief")
    doc = parse_kamerstuk(lines, 1)
    assert (doc.id, doc.kind, doc.dossier, doc.number) == ("kst-35570-X-80", "brief", "35570-X", "80")
    assert doc.date == "2020-12-10"
    assert doc.extra["dossier_title"].startswith("Vaststelling van de begrotingsstaten")


def test_vso_in_kst_layout_goes_to_the_vso_parser():
    lines = _header(
        _line("26 150 Rol van Nederland in de Verenigde Naties", 178, size=12.3, bold=True, x0=55),
        _line("Nr. 191 VERSLAG VAN EEN SCHRIFTELIJK OVERLEG", 275, bold=True, x0=55),
        _line("Vastgesteld 23 februari 2021", 286),
        _line("De leden van de VVD-fractie vragen of het kabinet dit deelt?", 310),
        _line("1. Antwoord van het kabinet:", 330, bold=True),
        _line("Ja, dat deelt het kabinet.", 350),
        _line("Tweede Kamer, vergaderjaar 2020–2021, 26 150, nr. 191 1", 766),
    )
    doc = parse_kamerstuk(lines, 1)
    assert (doc.id, doc.kind) == ("kst-26150-191", "schriftelijk_overleg")
    assert doc.extra["vastgesteld"] == "2021-02-23"
    assert [(q.number, q.party, q.page) for q in doc.questions] == [(1, "VVD", 1)]
    assert [(a.label, a.text) for a in doc.answers] == [("1", "Ja, dat deelt het kabinet.")]
    assert "VERSLAG" not in doc.body and "Vastgesteld" not in doc.body


def test_no_dossier_is_no_kamerstuk():
    lines = _header(_line("Gewone tekst zonder dossiernummer.", 178))
    assert read_kst_header(lines) is None
    assert not looks_like_kamerstuk(lines)


@pytest.mark.parametrize(
    "printed, expected",
    [("32 545", "32545"), ("35 570 X", "35570-X"), ("21 501-02", "21501-02"), ("36 200 VIII", "36200-VIII")],
)
def test_dossier_id(printed, expected):
    assert dossier_id(printed) == expected
