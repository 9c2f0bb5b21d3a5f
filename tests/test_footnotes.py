from pathlib import Path

import pytest

from kamerqa.parsers.footnotes import (
    detect_style,
    extract_footnotes,
    join_lines,
    join_page_breaks,
    link_footnotes,
    placeholder,
    pop_footnote_markers,
    strip_footnote_markers,
)
from kamerqa.parsers.model import Footnote

CORPUS = Path(__file__).parent.parent / "corpus"


def load(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def vso():
    return extract_footnotes(load("vso-nap1325-iv-2021.txt"))


# --- SDU / PDF-text style ------------------------------------------------------------------


def test_vso_has_exactly_seven_footnotes(vso):
    _, fns = vso
    assert [f.number for f in fns] == [1, 2, 3, 4, 5, 6, 7]
    assert all(f.page is None and f.context is None for f in fns)


def test_vso_footnote_texts(vso):
    _, fns = vso
    t = {f.number: f.text for f in fns}
    assert t[1] == "https://www.osresultaten.nl/thema/vrouwenrechten-en-gendergelijkheid#equality_violence"
    assert t[2] == (
        "Grevio Baseline Evaluation Report Netherlands (20 jan 2020) "
        "https://www.coe.int/en/web/istanbul-convention/newsroom/-/asset_publisher/anlInZ5mw6yX/"
        "content/grevio-publishes-its-report-on-netherlands?inheritRedirect=false&redirect="
        "https%3A%2F%2Fwww.coe.int%2Fen%2Fweb%2Fistanbul-convention%2Fnewsroom%3Fp_p_id%3D101_"
        "INSTANCE_anlInZ5mw6yX%26p_p_lifecycle%3D0%26p_p_state%3Dnormal%26p_p_mode%3Dview%26"
        "p_p_col_id%3Dcolumn-1%26p_p_col_count%3D2"
    )
    assert t[3] == (
        "Response to each recommendation of Grevio, 21-12-2020 "
        "https://www.rijksoverheid.nl/documenten/rapporten/2020/12/21/"
        "appendix-response-to-each-recommendation"
    )
    assert t[4] == "Artikel 7.4 ATT: https://www.thearmstradetreaty.org/treaty-text.html?templateId=209884"
    assert t[5] == "Defensie Actieplan 1325 (2021-2025), Kamerstuk 35 570 X, nr. 80"
    assert t[6] == (
        "EU-voorstel: Gezamenlijke mededeling EU-Genderactieplan III inzake gendergelijkheid en "
        "empowerment van vrouwen in het externe optreden van de EU."
    )
    assert t[7] == (
        "https://www.rijksoverheid.nl/documenten/beleidsnotas/2019/11/28/"
        "beleidskader-versterking-maatschappelijk-middenveld"
    )


def test_vso_markers_become_placeholders(vso):
    text, _ = vso
    assert f"ontwikkelingssamenwerking.{placeholder(1)} Zo" in text
    assert f"evaluatierapport{placeholder(2)} uit" in text
    assert f"(Kamerstuk 28345, nr. 236){placeholder(3)}." in text
    assert f"kinderen.{placeholder(4)} Nederland" in text
    assert f"gedeeld{placeholder(5)} (Kamerstuk" in text
    assert f"EU.{placeholder(6)} Deelt" in text
    assert f"Security{placeholder(7)} \ninvulling" in text
    _, numbers = pop_footnote_markers(text)
    assert numbers == [1, 2, 3, 4, 5, 6, 7]


def test_vso_clean_text(vso):
    text = strip_footnote_markers(vso[0])
    assert "ontwikkelingssamenwerking. Zo" in text
    assert "ontwikkelingssamenwerking.1 Zo" not in text
    assert "evaluatierapport uit" in text
    assert "(Kamerstuk 28345, nr. 236). " in text
    assert "gedeeld (Kamerstuk" in text
    # footnote bodies and their repeated URLs are gone
    assert "osresultaten" not in text
    assert "coe.int" not in text
    assert "thearmstradetreaty" not in text
    assert "Grevio Baseline" not in text
    assert "Defensie Actieplan 1325 (2021-2025), Kamerstuk 35 570 X" not in text
    assert "EU-voorstel" not in text
    # numbered list items stay
    assert "\n1) Slachtofferhulp, \n2) Onpartijdig" in text
    assert "\n1) Actieve en gerichte inzet" in text
    assert "\n4) Nederland hamert" in text
    # the answer headers stay
    assert "\n1. Antwoord van het kabinet: \n" in text
    assert "\n35. Antwoord van het kabinet: \n" in text


def test_vso_halves_joined_after_footnote_block(vso):
    text = strip_footnote_markers(vso[0])
    assert "het Bevolkingsfonds van de Verenigde Naties \n(UNFPA), het Trust Fund" in text
    assert "het Nederlandse lidmaatschap \nvan de VN Veiligheidsraad in 2018" in text
    assert "gendergelijkheid en participatie \nvan vrouwen? Zo ja" in text
    assert "gendergelijke (machts)verhoudingen \n beogen. \n" in text
    # a footnote block between two paragraphs keeps them apart
    assert "nog enkele vragen aan het \nkabinet.\n\nDe leden van de D66-fractie vinden" in text
    assert "gender mainstreaming. \n\nDe leden van de D66-fractie lezen" in text


def test_vso_plain_page_breaks_joined(vso):
    text = strip_footnote_markers(vso[0])
    assert "zowel mannen, vrouwen, \njongens en meisjes" in text
    assert "naar nationale \nautoriteiten voor criminele vervolging." in text
    assert "bescherming van vrouwelijke \nmensenrechtenverdedigers tegen geweld" in text
    # real paragraph breaks stay
    assert "constructieve samenwerking" in text
    assert "stand door deze nauwe samenwerking. \n\nEen grote uitdaging" in text
    assert "\n\nII Vragen en opmerkingen van de leden van de D66-fractie\n\n" in text


def test_kst_letter():
    text, fns = extract_footnotes(load("kst-26150-190-brief-nap1325-iv-2020-12-16.txt"))
    assert [(f.number, f.text) for f in fns] == [(1, "Raadpleegbaar via www.tweedekamer.nl.")]
    assert f"Veiligheid aan{placeholder(1)} dat" in text
    clean = strip_footnote_markers(text)
    assert "Raadpleegbaar" not in clean
    assert "vrede en veiligheid, \n inclusief conflictpreventie" in clean
    assert "nationale beleidsfo-\ncus en implementatie" in clean
    # "(1) Participatie" is a list item, not a marker
    assert "\n(1) Participatie: Meer vrouwen" in clean


# --- Unicode superscripts --------------------------------------------------------------------


def test_superscript_letter():
    raw = load("brief-voortgangsrapportage-nap1325-iv-2022-11-09.txt")
    assert detect_style(raw) == "superscript"
    text, fns = extract_footnotes(raw)
    assert [(f.number, f.text) for f in fns] == [
        (1, "Zie Kamerbrief NAP1325-IV, kenmerk:26 150 nr. 190"),
        (2, "Zie link VN Veiligheidsraad resolutie 1325 en daaropvolgende resoluties"),
        (3, "Zie link WPS Focal Points Network"),
        (4, "Zie voor ondertekenaars de website NAP1325"),
        (5, "Zie noot 4"),
        (6, "Kamerbrief inzet gendergelijkheid in EU, kenmerk 30420 nr. 367"),
        (7, "Kamerbrief DAP1325, kenmerk: 2020D51493"),
        (8, "Zie link How can diplomatic mission support WHRD's"),
    ]
    assert f"16 december 2020{placeholder(1)} ontving" in text
    assert f"neergezet{placeholder(2)}." in text
    _, numbers = pop_footnote_markers(text)
    assert numbers == [1, 2, 3, 4, 5, 6, 7, 8]
    clean = strip_footnote_markers(text)
    assert not any(c in clean for c in "¹²³⁴⁵⁶⁷⁸")
    assert "](#)" not in clean
    assert "over rapportage en\ntransparantie. Dit heeft" in clean
    assert 'de Spaans-Nederlandse\n"*Gender in operations course*" voortgezet' in clean
    assert "overheidsorganisaties.\n\nHoewel op onderdelen" in clean
    # the salutation is not glued to the lowercase first sentence
    assert "Geachte Voorzitter,\n\nop 16 december 2020 ontving" in clean


# --- Word export -----------------------------------------------------------------------------


def test_word_export():
    raw = load("antwoord-kamervragen-wps-veldkamp-2025-06-04.txt")
    assert detect_style(raw) == "word"
    text, fns = extract_footnotes(raw)
    assert [(f.number, f.text) for f in fns] == [
        (1, "Kamerstukken 26 150 en 36 180 nr. 223 en 224."),
        (2, "Nader gewijzigde motie 36 600, nr. 46 van het lid Boswijk c.s.."),
        (3, "Motie 32 623, nr. 345 extra inspanning voor het versterken van maatschappelijk middenveld in Syrië."),
    ]
    assert f"Vrede en Veiligheid{placeholder(1)}, voert" in text
    assert f"motie Dobbe{placeholder(3)} wordt" in text
    clean = extract_footnotes(raw, placeholders=False)[0]
    assert "footnoteRef" not in clean and "[1:" not in clean and "Kamerstukken 26 150" not in clean
    assert "participatie van vrouwen in vredesprocessen benadrukken.\n" in clean
    assert "en de organisatie Justice for Life.\n" in clean


# --- helpers ---------------------------------------------------------------------------------


def test_pop_and_link():
    fns = [Footnote(1, "a"), Footnote(2, "b"), Footnote(3, "c")]
    s = f"Tekst{placeholder(2)} en meer.{placeholder(3)} En{placeholder(2)}"
    clean, numbers = pop_footnote_markers(s)
    assert clean == "Tekst en meer. En"
    assert numbers == [2, 3]
    link_footnotes(fns, numbers, "answer", "a4")
    link_footnotes(fns, [3], "question", "q5")  # already linked: kept
    assert [(f.context, f.context_key) for f in fns] == [
        (None, None),
        ("answer", "a4"),
        ("answer", "a4"),
    ]


def test_no_footnotes_and_list_items_untouched():
    s = "Adequate opvolging bestaat uit:\n\n1) Slachtofferhulp,\n2) Onderzoek\n\n1 Dit is geen voetnoot."
    text, fns = extract_footnotes(s)
    assert fns == []
    assert text == s


def test_join_page_breaks():
    assert join_page_breaks("zowel mannen, vrouwen, \n\n\n\njongens en meisjes") == (
        "zowel mannen, vrouwen, \njongens en meisjes"
    )
    assert join_page_breaks("Einde zin.\n\nvolgende") == "Einde zin.\n\nvolgende"
    assert join_page_breaks("Kop zonder punt\n\nDe tekst") == "Kop zonder punt\n\nDe tekst"


def test_join_lines_hyphens():
    assert join_lines(["de bescher-", "ming van"]) == "de bescherming van"
    assert join_lines(["de VN-", "Veiligheidsraad"]) == "de VN-Veiligheidsraad"
    assert join_lines(["het algehele VN-", "ontwikkelingssysteem"]) == "het algehele VN-ontwikkelingssysteem"
    assert join_lines(["in vredes- ", "en veiligheidsprocessen"]) == "in vredes- en veiligheidsprocessen"
    assert join_lines(["in vredes-", "en veiligheidsprocessen"]) == "in vredes- en veiligheidsprocessen"
    assert join_lines(["inclusief vrouwen- en diaspora-", "organisaties"]) == (
        "inclusief vrouwen- en diaspora-organisaties"
    )
    assert join_lines(["Security (WPS)-", "agenda"]) == "Security (WPS)-agenda"
    assert join_lines(["gendernormen en -", "waarden"]) == "gendernormen en -waarden"
    assert join_lines(["weerstand -", "bewust of onbewust"]) == "weerstand - bewust of onbewust"
    assert join_lines(["het Fund -waar Nederland aan bijdraagt-", "schenken"]) == (
        "het Fund -waar Nederland aan bijdraagt- schenken"
    )
    assert join_lines(["een  lijn ", " en nog een"]) == "een lijn en nog een"
