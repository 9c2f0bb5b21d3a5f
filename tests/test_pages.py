"""parsers.pages: furniture, footnotes and page-end hyphenation on pages of text lines.

The functions take pages of plain text lines, as any reader can give them. The real PDFs are
turned into such pages once per session (their ``Line.text`` per page); one test also gives
the footnote markers as plain digits, the way a text export prints them.
"""

from __future__ import annotations

import pytest

from kamerqa.parsers.footnotes import placeholder
from kamerqa.parsers.pages import furniture_lines, separate_pages

from .conftest import REAL, pdf_lines, requires_shared

VSO = REAL / "vso-tk-word" / "1848-notificatie-met-undefined-unicodes.pdf"
FICHE = REAL / "kamerbrieven" / "fiche-5-herziening-verordening-en-richtlijn-markten-voor-financiele-instrumenten.pdf"
LETTER_1400405 = (
    REAL
    / "kamerbrieven"
    / "1400405_Brief_aan_de_Tweede_Kamer_inzake_onbeantwoorde_vragen_algemeen_overleg_leerlingendaling_27_juni_2018.pdf"
)
_PLAIN = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def _text_pages(path) -> list[list[str]]:
    lines, n = pdf_lines(path)
    pages: list[list[str]] = [[] for _ in range(n)]
    for ln in lines:
        pages[ln.page - 1].append(ln.text)
    return pages


@pytest.fixture(scope="session")
def real_pages() -> dict:
    if not REAL.is_dir():
        pytest.skip(f"real documents not present: {REAL}")
    return {path.name: _text_pages(path) for path in (VSO, FICHE, LETTER_1400405)}


# ----------------------------------------------------------------------------- synthetic


def test_pagina_footer_between_the_halves_of_a_hyphenated_word():
    # the symptom of issue 9: "participa-Pagina 13 tie" in a question
    pages = [
        ["Vragen over de regeling", "De leden vragen naar de mate van participa-", "Pagina 12"],
        ["tie van gemeenten en provincies.", "Zij vragen ook of dat lukt.", "Pagina 13"],
        ["Het antwoord volgt hier.", "Pagina 14"],
    ]
    out = separate_pages(pages)
    assert out.lines == [
        "Vragen over de regeling",
        "De leden vragen naar de mate van participatie",
        "van gemeenten en provincies.",
        "Zij vragen ook of dat lukt.",
        "",
        "Het antwoord volgt hier.",
    ]
    assert out.pages == [1, 1, 2, 2, None, 3]
    assert out.furniture == [(1, "Pagina 12"), (2, "Pagina 13"), (3, "Pagina 14")]


def test_running_head_with_page_number_and_text_footnotes():
    pages = [
        [
            "Tweede Kamer, vergaderjaar 2023–2024, 29 338, nr. 289",
            "De minister schrijft over het NWO1-programma en de brief van 30 september jl.2",
            "1 NWO: Nederlandse Organisatie voor Wetenschappelijk Onderzoek",
            "2 Kamerstuk 29 338, nr. 278",
            "1 van 2",
        ],
        [
            "Tweede Kamer, vergaderjaar 2023–2024, 29 338, nr. 289",
            "1. Een genummerde lijst is geen voetnoot",
            "2 van 2",
        ],
    ]
    out = separate_pages(pages)
    assert [(f.number, f.page, f.text) for f in out.footnotes] == [
        (1, 1, "NWO: Nederlandse Organisatie voor Wetenschappelijk Onderzoek"),
        (2, 1, "Kamerstuk 29 338, nr. 278"),
    ]
    assert out.lines == [
        f"De minister schrijft over het NWO{placeholder(1)}-programma en de brief van 30 september jl.{placeholder(2)}",
        "",
        "1. Een genummerde lijst is geen voetnoot",
    ]
    assert [t for _, t in out.furniture] == [
        "Tweede Kamer, vergaderjaar 2023–2024, 29 338, nr. 289",
        "1 van 2",
        "Tweede Kamer, vergaderjaar 2023–2024, 29 338, nr. 289",
        "2 van 2",
    ]
    assert separate_pages(pages, placeholders=False).lines[0].startswith(
        "De minister schrijft over het NWO-programma en de brief van 30 september jl."
    )


def test_numbered_list_without_markers_is_not_a_footnote():
    pages = [["Er zijn twee criteria:", "1 behoefte, gemeten naar aanvragen", "2 kwaliteit"]]
    out = separate_pages(pages)
    assert out.footnotes == []
    assert out.lines == pages[0]


def test_reader_given_footnote_area_and_furniture():
    pages = [["Body met een noot¹ erin.", "¹ De noot zelf", "KOP"], ["Meer body.", "KOP"]]
    out = separate_pages(pages, footnote_starts=[1, None], furniture=[{2}, {1}])
    assert [(f.number, f.page, f.text) for f in out.footnotes] == [(1, 1, "De noot zelf")]
    assert out.lines == [f"Body met een noot{placeholder(1)} erin.", "", "Meer body."]


def test_blank_lines_at_page_edges_and_sentences_running_on():
    pages = [["Eerste alinea.", "", "De zin loopt", ""], ["", "door op de volgende bladzijde.", "Pagina 2"]]
    out = separate_pages(pages)
    assert out.lines == ["Eerste alinea.", "", "De zin loopt", "door op de volgende bladzijde."]
    assert out.pages == [1, None, 1, 2]
    assert out.furniture == [(2, "Pagina 2")]  # a lone page number agrees with its page


# ----------------------------------------------------------------------------- real


@requires_shared
def test_pagina_n_van_m_footers_of_a_fiche(real_pages):
    pages = real_pages[FICHE.name]
    found = furniture_lines(pages)
    assert [[pages[p][i] for i in sorted(s)] for p, s in enumerate(found)] == [
        [f"Pagina {n} van 15"] for n in range(1, 16)
    ]


@requires_shared
def test_misprinted_footer_repeats_and_is_still_furniture(real_pages):
    # every page after the first prints "Pagina 10 van 10"; the letter's right-hand column
    # ("Onze referentie", "1400405") repeats at the top of pages 2-10 as well
    pages = real_pages[LETTER_1400405.name]
    found = furniture_lines(pages)
    assert [pages[0][i] for i in sorted(found[0])] == ["Pagina 1 van 10"]
    for p in range(1, 10):
        assert [pages[p][i] for i in sorted(found[p])] == ["Onze referentie", "1400405", "Pagina 10 van 10"]


@requires_shared
def test_real_vso_footnotes_from_plain_digit_markers(real_pages):
    # the real VSO has no running heads or feet; its markers printed as plain digits glued to
    # the word, as a text export gives them ("NWO1-programma's", "jl.3")
    pages = [[t.translate(_PLAIN) for t in page] for page in real_pages[VSO.name]]
    assert furniture_lines(pages) == [set() for _ in pages]
    out = separate_pages(pages)
    assert [(f.number, f.page) for f in out.footnotes] == [
        (1, 2), (2, 6), (3, 9), (4, 13), (5, 14), (6, 15), (7, 16), (8, 17)
    ]
    assert out.footnotes[2].text == "Kamerstuk 29 338, nr. 278"
    assert out.footnotes[4].text == (
        "https://www.rathenau.nl/nl/wetenschap-cijfers/geld/rd-investeringen-internationaal-"
        "vergeleken/rd-uitgaven-en-capaciteit-naar"
    )
    with_markers = [t for t in out.lines if "\ufff0" in t]
    assert len(with_markers) == 8
    assert "rapport ‘NWO" + placeholder(1) + "-programma’s voor" in with_markers[0]
    assert "van 30 september jl." + placeholder(3) + " noem ik" in with_markers[2]
    assert with_markers[6] == "Kamerbrief." + placeholder(7)
    # the real compound broken at the end of page 5 keeps its hyphen
    k = out.lines.index("hierover elk half jaar aan de Kamer kan toezenden. De leden van de D66-fractie")
    assert out.pages[k] == 5
    assert out.lines[k + 1] == "vragen de minister op welke manier hij wil zorgen dat onderzoek"
