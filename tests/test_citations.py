"""Tests for parsers.citations.

The strings in the tables are citations as printed in real parliamentary documents (the
seed documents and public Kamerstukken / Aanhangsels), plus the forms the module promises
to read. Every case pins the exact list of targets, in order.
"""

import pytest

from kamerqa.parsers.citations import (
    extract_citations,
    normalize_kamerstuk_ref,
    official_url,
    vergaderjaar_id,
)
from kamerqa.parsers.model import Citation

KST = "kamerstuk"

# (printed text, expected targets in order)
CASES = [
    # --- Kamerstukken, from the seed documents
    ("Actieplan 1325 Vrouwen, Vrede en Veiligheid (Kamerstuk 26 150, nr. 190). ", ["kst-26150-190"]),
    ("(Kamerstuk 34 952, nr. 1). ", ["kst-34952-1"]),
    ("(Kamerstuk 28345, nr. 236) 3. ", ["kst-28345-236"]),
    ("(Kamerstuk 22 054, nr. 334), maakt Nederland", ["kst-22054-334"]),
    ("een vergunningsaanvraag (Kamerstuk 22054, nr. 293). Tot ", ["kst-22054-293"]),
    ("(Emancipatienota 2018-2021: principes in praktijk, Kamerstuk 30420-270) aan hoe", ["kst-30420-270"]),
    ("Het DAP is op 10 december 2020 met uw Kamer gedeeld5 (Kamerstuk 35570-X, nr. 80). ", ["kst-35570-X-80"]),
    ("5 Defensie Actieplan 1325 (2021-2025), Kamerstuk 35 570 X, nr. 80", ["kst-35570-X-80"]),
    ("toegestuurd op 22 januari jl., Kamerstuk 22112, nr. 3015). ", ["kst-22112-3015"]),
    ("Kamerstuk 34952, nr. 117) en zullen de komende vijf jaar (2021-2025) worden", ["kst-34952-117"]),
    ("¹ Zie [Kamerbrief NAP1325-IV](#), kenmerk:26 150 nr. 190", ["kst-26150-190"]),
    ("⁶ [Kamerbrief inzet gendergelijkheid in EU](#), kenmerk 30420 nr. 367", ["kst-30420-367"]),
    ("(kamerstuk 27 925, nr. 808); en De laatste Stand van Zaken", ["kst-27925-808"]),
    ("Kamerbrief 29 september 2021 Kamerstuk 35925-XVII-4). ", ["kst-35925-XVII-4"]),
    ("evaluatie gendermainstreaming, d.d. 27 september 2021, kenmerk 33625-331.   ", ["kst-33625-331"]),
    ("Uw Kamer werd laatstelijk bij brief van 8 maart 2016 (Kamerstuk 26 150, \nnr. 150) onder andere",
     ["kst-26150-150"]),
    ("[1:  Kamerstukken 26 150 en 36 180 nr. 223 en 224.] ", ["kst-26150-223", "kst-26150-224"]),
    ("[2:  Nader gewijzigde motie 36 600, nr. 46 van het lid Boswijk c.s.. ]", ["kst-36600-46"]),
    ("[3:  Motie 32 623, nr. 345 extra inspanning voor het versterken van maatschappelijk middenveld",
     ["kst-32623-345"]),
    # --- Kamerstukken, from published Kamerstukken and Aanhangsels
    ("1 BNC-fiche Mededeling nieuw Actieplan Kapitaalmarktunie, Kamerstukken II 2020/21, 22 112 nr. 2953.",
     ["kst-22112-2953"]),
    ("1 Bijlage 1 van kamerstuk 32 813, nr. 1395", ["kst-32813-1395"]),
    ("1 Kamerstuk 36 410 VIII, nr. 106", ["kst-36410-VIII-106"]),
    ("10 Tweede Kamer, vergaderjaar 2017–2018, 26 485, nr. 267", ["kst-26485-267"]),
    ("2 Tweede Kamer, vergaderjaar 2017-2018, 31 293/31 289, nr. 390", ["kst-31293-390"]),
    ("6 Tweede Kamer, vergaderjaar 2017-2018, 31 293 / 31 289, nr. 408.", ["kst-31293-408"]),
    ("3 Kamerstuk 21 501-02, nr. 2498 (https://www.tweedekamer.nl/kamerstukken/moties/",
     ["kst-21501-02-2498", "https://www.tweedekamer.nl/kamerstukken/moties/"]),
    ("5 Kamerstuk 22 054, nr. 395, d.d. 14 juli 2023.", ["kst-22054-395"]),
    ("4 Kamerstukken II, 2023/2024, 31 839, nr. 1024", ["kst-31839-1024"]),
    ("6 Kamerstukken II, 2022/2023, 31 839, nr 874", ["kst-31839-874"]),
    ("14 Kamerstukken II, 25 424, nr. 679, nr. 684 en 685, en het IZA midterm review: https://",
     ["kst-25424-679", "kst-25424-684", "kst-25424-685"]),
    ("17 Kamerstukken ll 2023/24, 36 410 XVI, nr. 160", ["kst-36410-XVI-160"]),
    ("de uitwerking van onze motie (Kamerstuk 25 424, nr. 691)16 over structurele", ["kst-25424-691"]),
    ("(Kamerstuk\n35 351, nr. 2) (Kamerstuk 35 351, nr. 3);", ["kst-35351-2", "kst-35351-3"]),
    ("compliance rapport van GRECO vierde evaluatieronde (Kamerstuk 35 300 VI, nr. 105);",
     ["kst-35300-VI-105"]),
    ("n.a.v. de motie Van Raak (29754, nr. 113) - 29754-145", ["kst-29754-113", "kst-29754-145"]),
    ("Voortgang uitvoering moties 30420, nrs 100 en 101 over de seksediverse",
     ["kst-30420-100", "kst-30420-101"]),
    ("Kamer stuurde (21501-07, nr. 1395).", ["kst-21501-07-1395"]),
    ("Kamerstukken II 2009/10, 32 123 XVI, nr. 30", ["kst-32123-XVI-30"]),
    # --- Kamerstukken, the other promised forms
    ("Kamerstukken II 2022/23, 36 200 VII, nr. 7", ["kst-36200-VII-7"]),
    ("Kamerstukken II 2019–20, 35 300, nr. 12", ["kst-35300-12"]),
    ("Kamerstuk 21 501-02, nr. 2733", ["kst-21501-02-2733"]),
    ("Kamerstuk 31865-207", ["kst-31865-207"]),
    ("TK 2021/22, 29 282, nr. 455", ["kst-29282-455"]),
    ("Kamerstuk 35 570 X, nr. 80", ["kst-35570-X-80"]),
    ("zie nr. 456 (36800-XVI)", ["kst-36800-XVI-456"]),
    ("Kamerstuk 26 150, nrs. 12 en 13", ["kst-26150-12", "kst-26150-13"]),
    ("Kamerstuk 26 150, nr. 223 en 224", ["kst-26150-223", "kst-26150-224"]),
    ("Kamerstuk 26 150, nrs. 12, 14 t/m 16", ["kst-26150-12", "kst-26150-14", "kst-26150-15", "kst-26150-16"]),
    ("Kamerstuk 36 123 (R2099), nr. 5", ["kst-36123-5"]),
    ("Kamerstuk\u00a026\u00a0150,\u00a0nr.\u00a0190", ["kst-26150-190"]),
    ("Kamerstuk 21 501\u201302, nr. 2733", ["kst-21501-02-2733"]),
    ("Kamerstuk 36 200 IXB, nr. 3", ["kst-36200-IXB-3"]),
    ("Kamerstuk 26 150, nr. 190, 12 mei 2020", ["kst-26150-190"]),
    ("zie kst-32545-143 en Stcrt-2018-49440, 4 september 2018.", ["kst-32545-143", "stcrt-2018-49440"]),
    # --- Kamerstukken without keyword, as besluitenlijsten print them
    ("Nota van wijziging - 30569-8", ["kst-30569-8"]),
    ("Ministerie van Economische Zaken - 34550-XIII-5", ["kst-34550-XIII-5"]),
    ("Nota naar aanleiding van het verslag - 34417-(R2068)-7", ["kst-34417-7"]),
    ("Maartcirculaire gemeentefonds en provinciefonds 2009 - 31700-B-14", ["kst-31700-B-14"]),
    ("Nederlandse bilaterale lening IMF - 21501-07-1398", ["kst-21501-07-1398"]),
    ("aan Europese Commissie - 21501-07-\n1400\nBesluit: Voor kennisgeving aangenomen.",
     ["kst-21501-07-1400"]),
    ("Tweede nota van wijziging 30372 nr. 31 - 30372-31", ["kst-30372-31", "kst-30372-31"]),
    ("Toezichtarrangementen (commissie Oosting, zie 31700 VII nr. 72)", ["kst-31700-VII-72"]),
    ("Noot: Betreft documenten 31544-8 en 31544-9", ["kst-31544-8", "kst-31544-9"]),
    ("beantwoord middels een brief over Ambtelijke analyses hoofdlijnenakkoord (36 471-64) op 7 juni",
     ["kst-36471-64"]),
    # --- Aanhangsel and Handelingen
    ("Aanhangsel Handelingen II 2020/21, nr. 1234", ["ah-tk-20202021-1234"]),
    ("4 februari 2025). Zie ook Aanhangsel Handelingen, vergaderjaar 2024–2025, nr. 1028.",
     ["ah-tk-20242025-1028"]),
    ("(ontvangen 7 maart 2024). Zie ook Aanhangsel\nHandelingen, vergaderjaar 2023–2024, 1028",
     ["ah-tk-20232024-1028"]),
    ("Zie ook Aanhangsel Handelingen, vergaderjaar 2023-2024, nr. 594", ["ah-tk-20232024-594"]),
    ("Aanhangsel van de Handelingen II 1999/00, nrs. 12 en 13", ["ah-tk-19992000-12", "ah-tk-19992000-13"]),
    ("Handelingen II 2022/23, nr. 14, item 11", ["h-tk-20222023-14-11"]),
    ("Handelingen II 2022/23, nr. 14", ["h-tk-20222023-14"]),
    ("Handelingen I 2020/21, nr. 5, item 3", ["h-ek-20202021-5-3"]),
    # --- Staatsblad and Staatscourant
    ("Staatsblad 2020, 118", ["stb-2020-118"]),
    ("Stb. 2020, 118", ["stb-2020-118"]),
    ("Staatscourant 2021, 12345", ["stcrt-2021-12345"]),
    ("Stcrt. 2021, 12345", ["stcrt-2021-12345"]),
    ("(Staatsblad 2017 327)", ["stb-2017-327"]),
    ("Lasten en bevelen dat deze in het Staatsblad zal worden geplaatst", []),
    # Tractatenblad, from a besluitenlijst (openkamer, Financiën 26 oktober 2016)
    ("belastingen (Trb. 2009, 217 en Trb. 2010, 162) - 34417-(R2068)", ["trb-2009-217", "trb-2010-162"]),
    ("• Zie ook Trb. 2015, 103.", ["trb-2015-103"]),
    # --- Tweede Kamer numbers
    ("⁷ [Kamerbrief DAP1325](#), kenmerk: 2020D51493", ["2020D51493"]),
    ("(2022Z10723), niets doen dat de hulp aan deze groep in de weg kan staan.", ["2022Z10723"]),
    ("Rijksuitgaven van 12 februari 2015 (2015Z02621).", ["2015Z02621"]),
    # --- EU
    ("COM(2021) 726 en COM(2021) 727", ["COM(2021)726", "COM(2021)727"]),
    ("SWD(2021) 346", ["SWD(2021)346"]),
    # EU legislation: CELEX numbers (fiche 5 MiFID/MiFIR, the EOM wetsvoorstel kst-36327-2)
    ("Proposal for a directive amending Directive 2014/65/EU on markets", ["celex-32014L0065"]),
    ("in de zin van artikel 3 van richtlijn 2011/95/EU.", ["celex-32011L0095"]),
    ("Richtlijn 95/46/EG", ["celex-31995L0046"]),
    ("conform artikel 5 van Verordening (EU) nr. 182/2011. Het kabinet", ["celex-32011R0182"]),
    ("amending Regulation (EU) No 600/2014 as regards", ["celex-32014R0600"]),
    ("Verordening (EU) Nr. 648/2012 van het Europees Parlement", ["celex-32012R0648"]),
    ("op grond van de Verordening (EU) 2017/1939 van de Raad", ["celex-32017R1939"]),
    ("Verordening (EG) nr. 1998/2006", ["celex-32006R1998"]),
    ("Verordening (EEG) nr. 1408/71", ["celex-31971R1408"]),
    ("Verordening (EU, Euratom) 2020/2093", ["celex-32020R2093"]),
    ("Uitvoeringsverordening (EU) 2019/947", ["celex-32019R0947"]),
    ("tot wijziging van Besluit nr. 716/2009/EG en tot intrekking van Besluit 2009/77/EG van de Commissie",
     ["celex-32009D0716", "celex-32009D0077"]),
    # --- UN
    ("Hiermee wordt ook bijgedragen aan de uitvoering van VNVR-resolutie 2462 over het", ["unscr-2462"]),
    ("Veiligheidsraad (VNVR)-resolutie 1325 in 2000 in internationaal verband", ["unscr-1325"]),
    ("² Zie link [VN Veiligheidsraad resolutie 1325 en daaropvolgende resoluties](#)", ["unscr-1325"]),
    ("In 2000 werd de VN Veiligheidsraad (VNVR) Resolutie 1325 over *Women, Peace and Security* "
     "(Res1325) aangenomen.", ["unscr-1325"]),
    ("bindende Women, Peace and Security (WPS) VN Veiligheidsraad Resoluties 1325 (2000), 1820 (2008), "
     "1888 (2009), 1889 (2009), 1960 (2010), 2106 (2013), 2122 (2013), 2242 (2015), 2467 (2019), "
     "2493 (2019) en 2538 (2020), alsook het bindende VN-Vrouwenrechtenverdrag (1979)",
     ["unscr-1325", "unscr-1820", "unscr-1888", "unscr-1889", "unscr-1960", "unscr-2106",
      "unscr-2122", "unscr-2242", "unscr-2467", "unscr-2493", "unscr-2538"]),
    ("UN Security Council resolution 2250 on youth", ["unscr-2250"]),
    ("Operations en AVVN-resoluties die richting geven", []),
    # --- URLs
    ("1 Raadpleegbaar via www.tweedekamer.nl.", ["https://www.tweedekamer.nl"]),
    ("1 https://www.osresultaten.nl/thema/vrouwenrechten-en-gendergelijkheid#equality_violence ",
     ["https://www.osresultaten.nl/thema/vrouwenrechten-en-gendergelijkheid#equality_violence"]),
    ("4 Artikel 7.4 ATT: https://www.thearmstradetreaty.org/treaty-text.html?templateId=209884",
     ["https://www.thearmstradetreaty.org/treaty-text.html?templateId=209884"]),
    ("10 https://puc.overheid.nl/nza/doc/PUC_760147_22\n11 NEMESIS-3, 2023",
     ["https://puc.overheid.nl/nza/doc/PUC_760147_22"]),
    ("«Aanpassingen wapenexportcontrolebeleid» (https://\n"
     "www.rijksoverheid.nl/actueel/nieuws/2023/10/04/aanpassingen-wapenexportcontrolebeleid)",
     ["https://www.rijksoverheid.nl/actueel/nieuws/2023/10/04/aanpassingen-wapenexportcontrolebeleid"]),
    ("7 https://www.rijksoverheid.nl/documenten/beleidsnotas/2019/11/28/beleidskader-versterking-"
     "maatschappelijk-\nmiddenveld\n beogen. ",
     ["https://www.rijksoverheid.nl/documenten/beleidsnotas/2019/11/28/"
      "beleidskader-versterking-maatschappelijk-middenveld"]),
    ("Te raadplegen via https://www.oecd.org/\nTweede Kamer, vergaderjaar 2023–2024, Aanhangsel 5",
     ["https://www.oecd.org/"]),
    ("(zie http://example.org/a_(b)).", ["http://example.org/a_(b)"]),
    # an intranet address (host without a dot) from a besluitenlijst, broken after a hyphen
    ("Parlislink: http://parlisweb/parlis/document.aspx?id=e6274658-4c32-45d2-\n9dcb-b0d0e94223cd.\nZaak:",
     ["http://parlisweb/parlis/document.aspx?id=e6274658-4c32-45d2-9dcb-b0d0e94223cd"]),
    # a host name with a path but no scheme (ah-tk-20232024-1949, footnote 1)
    ("conducteur in Purmerend (regiopurmerend.nl/2024/05/03/tieners-13-en-14-weer-\n"
     "vrijgelaten-na-verdenking-van-mishandeling-conducteur-in-purmerend/).",
     ["https://regiopurmerend.nl/2024/05/03/tieners-13-en-14-weer-"
      "vrijgelaten-na-verdenking-van-mishandeling-conducteur-in-purmerend/"]),
    # --- mixed
    ("Kamerstuk 35 300 VI, nr. 105 en Handelingen II 2019/20, nr. 14, item 11 en Stb. 2020, 118",
     ["kst-35300-VI-105", "h-tk-20192020-14-11", "stb-2020-118"]),
]

FALSE_POSITIVES = [
    "nr. 5",
    "Zie nr. 5 van de lijst.",
    "16 december 2020",
    "Het DAP is op 10 december 2020 met uw Kamer gedeeld.",
    "1325",
    "Actieplan 1325 (2021-2025)",
    "Kamerbrief NAP1325-IV",
    "Rapportage 2022-2023 inzake het Nationaal Actieplan",
    "een bedrag van 18.000 Euro beschikbaar gesteld",
    "In VN-verband heeft Nederland in 2020 samen met Frankrijk een resolutie over",
    "Kamerstuk 35 405",
    "Kamerstuk 21 501-02",
    "de motie Dobbe wordt uitgevoerd",
    "26 150 nr. 190",
    "Europees Parlement resolutie 2020/2345(INI)",
    "Tweede Kamer, vergaderjaar 2020–2021, Aanhangsel 2",
    "https://\n",
    "http://localhost",
    "Bijgaande cijfers zijn aangeleverd door Discriminatie.nl/Fryslân/Tumba:",
    "Post-Quantum Cryptography | CSRC (nist.gov)",
    "mvo (atradiusdutchstatebusiness.nl)",
    # look-alikes of the keyword-less besluitenlijst form: four digits, not five
    "Rapportage 2016-2020",
    "in de periode 2016 - 2020",
    "Postbus 20018, 2515 XP Den Haag",
    "Telefoon 070-3567000",
    "06-12345678",
    # seven or ten digits, or glued to a letter or a hyphen
    "1400405_Brief_aan_de_Tweede_Kamer",
    "Ons kenmerk BZDOC-2023943977-38",
    "ISBN 978-90-12345-67-8",
    "kenmerk a30569-8",
    # five digits outside 19000-39999 (an address or product code "12345-6")
    "Voorbeeldstraat 12345-6",
    "Artikel 40000-2",
    # amounts and decimals
    "tussen 25000-30000 euro",
    "tussen € 20.000-25.000",
    "ca. 25 000-30 000 mensen",
    "ongeveer 26 150-200 euro",
    "factor 30569-8,5",
    # a dossier alone, or 21501 without its suffix
    "belastingen - 34417-(R2068)",
    "21501-07",
    "21501-1398",
    "30569/8",
    "wetsvoorstellen 30174 en 30372",
    # EU acts need an EU mark, "(EU)" or "/EU"; a Dutch "Besluit 2009/123" is national
    "Besluit 2009/123",
    "Verordening 1095/2010",
    "richtlijn 2014/65",
    "",
]


@pytest.mark.parametrize("text, targets", CASES, ids=[c[0][:50] for c in CASES])
def test_targets(text, targets):
    assert [c.target for c in extract_citations(text)] == targets


def test_table_is_big_enough():
    assert len(CASES) >= 40


@pytest.mark.parametrize("text", FALSE_POSITIVES)
def test_no_false_positives(text):
    assert extract_citations(text) == []


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Kamerstuk 26 150, nr. 190", "kamerstuk"),
        ("motie 36 600, nr. 46", "kamerstuk"),
        ("Aanhangsel Handelingen II 2020/21, nr. 1234", "aanhangsel"),
        ("Handelingen II 2022/23, nr. 14, item 11", "handelingen"),
        ("Stb. 2020, 118", "staatsblad"),
        ("Stcrt. 2021, 12345", "staatsblad"),
        ("kenmerk 2020D51493", "tk-document"),
        ("zaak 2021Z09739", "tk-zaak"),
        ("COM(2021) 726", "eu"),
        ("Richtlijn 2014/65/EU", "eu"),
        ("34550-XIII-5", "kamerstuk"),
        ("resolutie 1325", "un"),
        ("https://www.tweedekamer.nl/", "url"),
    ],
)
def test_kinds(text, kind):
    (citation,) = extract_citations(text)
    assert citation.kind == kind


def test_raw_is_the_printed_reference():
    (citation,) = extract_citations("Actieplan (Kamerstuk 26 150, nr. 190). Verder")
    assert citation.raw == "Kamerstuk 26 150, nr. 190"
    assert citation.dossier == "26150"
    assert citation.url == "https://zoek.officielebekendmakingen.nl/kst-26150-190.html"


def test_line_break_inside_reference():
    (citation,) = extract_citations("bij brief (Kamerstuk 26 150,\nnr. 150) onder andere")
    assert citation.target == "kst-26150-150"
    assert citation.raw == "Kamerstuk 26 150, nr. 150"


def test_list_shares_raw_and_uses_first_dossier():
    citations = extract_citations("[1:  Kamerstukken 26 150 en 36 180 nr. 223 en 224.] ")
    assert [c.raw for c in citations] == ["Kamerstukken 26 150 en 36 180 nr. 223 en 224"] * 2
    assert {c.dossier for c in citations} == {"26150"}


def test_dossier_keeps_its_suffix():
    assert extract_citations("Kamerstuk 35 570 X, nr. 80")[0].dossier == "35570-X"
    assert extract_citations("Kamerstuk 21 501-02, nr. 2733")[0].dossier == "21501-02"
    assert extract_citations("Kamerstuk 35925-XVII-4")[0].dossier == "35925-XVII"


def test_rijkswet_mark_kept_in_raw_only():
    (citation,) = extract_citations("Kamerstuk 36 123 (R2099), nr. 5")
    assert citation.raw == "Kamerstuk 36 123 (R2099), nr. 5"
    assert citation.target == "kst-36123-5"


def test_motion_submitter_after_reference():
    (citation,) = extract_citations("[2:  Nader gewijzigde motie 36 600, nr. 46 van het lid Boswijk c.s.. ]")
    assert citation.target == "kst-36600-46"
    assert citation.kind == "kamerstuk"
    assert citation.submitter == "Boswijk c.s."
    assert citation.raw == "motie 36 600, nr. 46"


def test_motion_submitters_several_members():
    (citation,) = extract_citations(
        "de motie 32 545, nr. 143 van de leden Inge van Dijk en Grinwis verzoekt de regering"
    )
    assert citation.submitter == "Inge van Dijk en Grinwis"


def test_motion_submitter_before_reference():
    (citation,) = extract_citations("Facadepolitiek n.a.v. de motie Van Raak (29754, nr. 113)")
    assert citation.submitter == "Van Raak"


def test_motion_without_submitter():
    (citation,) = extract_citations("[3:  Motie 32 623, nr. 345 extra inspanning voor het versterken")
    assert citation.submitter is None


def test_submitter_only_for_motions():
    (citation,) = extract_citations("Kamerstuk 26 150, nr. 190 van het lid Boswijk")
    assert citation.submitter is None


def test_context_is_passed_on():
    citations = extract_citations("Kamerstuk 26 150, nrs. 12 en 13", "answer", "a5")
    assert [(c.context, c.context_key) for c in citations] == [("answer", "a5")] * 2
    (default,) = extract_citations("Stb. 2020, 118")
    assert (default.context, default.context_key) == ("body", None)


def test_same_reference_twice_gives_two_citations():
    text = "Kamerstuk 26 485, nr. 380 en later nogmaals Kamerstuk 26 485, nr. 380."
    assert [c.target for c in extract_citations(text)] == ["kst-26485-380", "kst-26485-380"]


def test_no_double_match_inside_url():
    text = "zie https://www.tweedekamer.nl/kamerstukken/detail?id=2020D51493&did=2020D51493 en verder"
    citations = extract_citations(text)
    assert [c.kind for c in citations] == ["url"]


def test_tk_number_of_broken_url_is_not_a_citation():
    text = "(https://www.tweedekamer.nl/kamerstukken/moties/\ndetail?id=2022D25169&did=2022D25169)"
    assert [c.target for c in extract_citations(text)] == [
        "https://www.tweedekamer.nl/kamerstukken/moties/"
    ]


def test_running_header_is_not_a_citation():
    text = "Tweede Kamer, vergaderjaar 2022–2023, 36 327, nr. 2 10\nArtikel 1.1"
    assert extract_citations(text) == []


def test_bare_kamerstuk_raw_and_dossier():
    (citation,) = extract_citations("Nota naar aanleiding van het verslag - 34417-(R2068)-7")
    assert (citation.raw, citation.dossier, citation.kind) == ("34417-(R2068)-7", "34417", "kamerstuk")
    (citation,) = extract_citations("Ministerie van Economische Zaken - 34550-XIII-5")
    assert citation.dossier == "34550-XIII"
    assert citation.url == "https://zoek.officielebekendmakingen.nl/kst-34550-XIII-5.html"


def test_eu_legislation_raw_and_url():
    (citation,) = extract_citations("amending Regulation (EU) No 600/2014 as regards")
    assert citation.raw == "Regulation (EU) No 600/2014"
    assert citation.kind == "eu"
    assert citation.url == "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32014R0600"


def test_returns_citation_objects():
    (citation,) = extract_citations("Kamerstuk 26 150, nr. 190")
    assert isinstance(citation, Citation)


@pytest.mark.parametrize(
    "raw, ids",
    [
        ("Kamerstuk 26 150, nr. 190", ["kst-26150-190"]),
        ("Kamerstuk 26 150, nrs. 12 en 13", ["kst-26150-12", "kst-26150-13"]),
        ("Kamerstukken 26 150 en 36 180 nr. 223 en 224", ["kst-26150-223", "kst-26150-224"]),
        ("26 150, nr. 190", ["kst-26150-190"]),
        ("31865-207", ["kst-31865-207"]),
        ("Kamerstuk 35925-XVII-4", ["kst-35925-XVII-4"]),
        ("35 570 X, nr. 80", ["kst-35570-X-80"]),
        ("kst-26150-190", ["kst-26150-190"]),
        ("Handelingen II 2022/23, nr. 14", []),
        ("geen verwijzing", []),
    ],
)
def test_normalize_kamerstuk_ref(raw, ids):
    assert normalize_kamerstuk_ref(raw) == ids


@pytest.mark.parametrize(
    "target, url",
    [
        ("kst-26150-190", "https://zoek.officielebekendmakingen.nl/kst-26150-190.html"),
        ("kst-36200-VII-7", "https://zoek.officielebekendmakingen.nl/kst-36200-VII-7.html"),
        ("ah-tk-20232024-594", "https://zoek.officielebekendmakingen.nl/ah-tk-20232024-594.html"),
        ("h-tk-20222023-14-11", "https://zoek.officielebekendmakingen.nl/h-tk-20222023-14-11.html"),
        ("stb-2020-118", "https://zoek.officielebekendmakingen.nl/stb-2020-118.html"),
        ("stcrt-2021-12345", "https://zoek.officielebekendmakingen.nl/stcrt-2021-12345.html"),
        ("trb-2009-217", "https://zoek.officielebekendmakingen.nl/trb-2009-217.html"),
        ("blg-1007826", "https://zoek.officielebekendmakingen.nl/blg-1007826.html"),
        ("2020D51493", "https://www.tweedekamer.nl/kamerstukken/detail?id=2020D51493&did=2020D51493"),
        ("2021Z09739", "https://www.tweedekamer.nl/zoeken?qry=2021Z09739"),
        ("COM(2021)726", "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=COM:2021:726:FIN"),
        ("celex-32014L0065", "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32014L0065"),
        ("celex-32014R0600", "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32014R0600"),
        ("celex-32014", None),
        ("https://www.tweedekamer.nl/", "https://www.tweedekamer.nl/"),
        ("unscr-1325", None),
        ("sha256:0123456789abcdef", None),
        ("", None),
    ],
)
def test_official_url(target, url):
    assert official_url(target) == url


def test_citation_url_is_filled():
    (citation,) = extract_citations("Aanhangsel Handelingen, vergaderjaar 2023–2024, nr. 594")
    assert citation.url == "https://zoek.officielebekendmakingen.nl/ah-tk-20232024-594.html"
    (un,) = extract_citations("resolutie 1325")
    assert un.url is None


@pytest.mark.parametrize(
    "printed, year",
    [
        ("2020/21", "20202021"),
        ("2019–20", "20192020"),
        ("2023–2024", "20232024"),
        ("2023-2024", "20232024"),
        ("2023 / 2024", "20232024"),
        ("1999/00", "19992000"),
        ("2020", None),
    ],
)
def test_vergaderjaar_id(printed, year):
    assert vergaderjaar_id(printed) == year


def test_pathological_input_is_fast():
    import time

    texts = ["nr. 1 en " * 5000, "Kamerstuk " + "12 345 en " * 2000, "resolutie " + "1325 (2000), " * 3000]
    start = time.perf_counter()
    for text in texts:
        extract_citations(text)
    assert time.perf_counter() - start < 5
