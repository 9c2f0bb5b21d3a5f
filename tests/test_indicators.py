"""Indicator tables → ``Indicator`` rows (``parsers.indicators``) and the ``indicators`` table.

The expected rows were read off ``corpus/bijlage-voortgangsrapportage-nap1325-iv-2021.txt``:
48 table rows, per ministry and pillar as counted below.
"""

from __future__ import annotations

from collections import Counter

import pytest
import sqlite_utils

from kamerqa.db.schema import MIGRATIONS, ensure_shape
from kamerqa.db.writes import document_rows, store_document
from kamerqa.parsers.documents import parse_file
from kamerqa.parsers.indicators import (
    Marker,
    TableRow,
    build_indicators,
    parse_indicator_text,
    table_rows_from_cells,
    table_rows_from_text,
    tidy_cell,
)
from kamerqa.parsers.model import Indicator

from .conftest import CORPUS

ANNEX = CORPUS / "bijlage-voortgangsrapportage-nap1325-iv-2021.txt"

BZ, DEF, JENV, OCW = (
    "Buitenlandse Zaken",
    "Defensie",
    "Justitie en veiligheid",
    "Onderwijs, Cultuur en Wetenschap",
)
NOODHULP = "Noodhulp, wederopbouw en herstel"

COUNTS = {
    (BZ, "Participatie"): 5,
    (BZ, "Preventie"): 6,
    (BZ, "Bescherming"): 6,
    (BZ, NOODHULP): 6,
    (BZ, "Mainstreaming"): 6,
    (DEF, "Participatie"): 1,
    (DEF, "Mainstreaming"): 3,  # Strategisch doel 5 itself has no progress: no row
    (JENV, "Participatie"): 1,
    (JENV, "Preventie"): 1,
    (JENV, "Bescherming"): 5,  # Subdoel 3.4 names two indicators in its progress text
    (JENV, "Mainstreaming"): 1,
    (OCW, "Participatie"): 3,
    (OCW, "Preventie"): 2,
    (OCW, "Mainstreaming"): 2,
}

SD1 = (
    "Strategisch doel 1: Meer vrouwen in leiderschapsposities en gelijke en betekenisvolle "
    "participatie van vrouwen en meisjes op alle niveaus in besluitvormingsprocessen ten behoeve "
    "van vrede en veiligheid, inclusief conflictpreventie en -beslechting, vredesopbouw, "
    "bescherming, noodhulp, wederopbouw en herstel"
)
SD2 = (
    "Strategisch doel 2: De preventie van gewapend conflict en de preventie van gewelddadig "
    "extremisme, inclusief het daaraan gerelateerde geweld tegen vrouwen en meisjes, is "
    "gebaseerd op de mensenrechtenbenadering en heeft human security als uitgangspunt. "
    "Preventiebeleid en beleidsuitvoering is conflictsensitief en is gendersensitief, "
    "-responsief en transformatief"
)


@pytest.fixture(scope="module")
def rows() -> list[Indicator]:
    return parse_indicator_text(ANNEX.read_text(encoding="utf-8"))


def test_rows_per_ministry_and_pillar(rows):
    assert len(rows) == 48
    assert Counter((r.ministry, r.pillar) for r in rows) == COUNTS
    # in the order of the annex
    assert [r.ministry for r in rows] == [BZ] * 29 + [DEF] * 4 + [JENV] * 8 + [OCW] * 7


def test_goals_and_subgoals(rows):
    labels = [
        (r.goal.split(":")[0] if r.goal else None, r.subgoal.split(":")[0] if r.subgoal else None)
        for r in rows
    ]
    assert labels[:29] == [
        ("Strategisch doel 1", None),
        ("Strategisch doel 1", None),
        ("Strategisch doel 1", "Subdoel 1.1"),
        ("Strategisch doel 1", "Subdoel 1.2"),
        ("Strategisch doel 1", "Subdoel 1.3"),
        ("Strategisch doel 2", None),
        ("Strategisch doel 2", None),
        ("Strategisch doel 2", None),
        ("Strategisch doel 2", "Subdoel 2.1"),
        ("Strategisch doel 2", "Subdoel 2.2"),
        ("Strategisch doel 2", "Subdoel 2.2"),
        ("Strategisch doel 3", None),
        ("Strategisch doel 3", None),
        ("Strategisch doel 3", "Subdoel 3.1"),
        ("Strategisch doel 3", "Subdoel 3.1"),
        ("Strategisch doel 3", "Subdoel 3.2"),
        ("Strategisch doel 3", "Subdoel 3.3"),
        ("Strategisch doel 4", None),
        ("Strategisch doel 4", None),
        ("Strategisch doel 4", "Subdoel 4.1"),
        ("Strategisch doel 4", "Subdoel 4.1"),
        ("Strategisch doel 4", "Subdoel 4.2"),
        ("Strategisch doel 4", "Subdoel 4.3"),
        ("Strategisch doel 5", None),
        ("Strategisch doel 5", None),
        ("Strategisch doel 5", "Subdoel 5.1"),
        ("Strategisch doel 5", "Subdoel 5.2"),
        ("Strategisch doel 5", "Subdoel 5.4"),
        ("Strategisch doel 5", "Subdoel 5.4"),
    ]
    assert labels[29:] == [
        ("Strategisch doel 1", None),
        ("Strategisch doel 5", "Subdoel 5.1"),
        ("Strategisch doel 5", "Subdoel 5.3"),
        ("Strategisch doel 5", "Subdoel 5.4"),
        ("Strategisch doel 1", None),
        ("Strategisch doel 2", None),  # printed "Stategisch doel 2"
        ("Strategisch doel 3", None),
        ("Strategisch doel 3", "Subdoel 3.1"),
        ("Strategisch doel 3", "Subdoel 3.2"),
        ("Strategisch doel 3", "Subdoel 3.4"),
        ("Strategisch doel 3", "Subdoel 3.4"),
        (None, "Subdoel 5.1"),  # MAINSTREAMING MinJenV prints no strategic goal
        ("Strategisch doel 1", None),
        ("Strategisch doel 1", None),
        ("Strategisch doel 1", "Subdoel 1.1"),
        ("Strategisch doel 2", None),
        ("Strategisch doel 2", None),
        (None, "Subdoel 5.2"),
        (None, "Subdoel 5.2"),
    ]
    assert rows[0].goal == SD1
    assert rows[5].goal == SD2
    # goal cells continued after a page break
    assert rows[3].subgoal == (
        "Subdoel 1.2: Vrouwen- en diasporaorganisaties, mensenrechtenverdedigers en "
        "vredesactivisten die zich inzetten voor vrouwenrechten en gendergelijkheid in "
        "(post)conflictlanden, worden gesteund om betekenisvol te participeren in vrede en "
        "veiligheidsprocessen"
    )
    assert rows[16].subgoal == (
        "Subdoel 3.3: Verbeterde implementatie van artikel 7.4 van het Wapenhandelsverdrag"
    )


def test_full_rows(rows):
    first = rows[0]
    assert (first.ministry, first.pillar, first.goal, first.subgoal) == (BZ, "Participatie", SD1, None)
    assert first.indicator == (
        "Aantal Nederlandse militaire, politie- en civiele missies met meer genderbalans en "
        "meer vrouwen in senior posities, door recruteringscampagnes of gendertraining"
    )
    assert first.progress.startswith(
        "NL streeft naar meer mensen op leiderschapsposities in vredesmissies en "
        "crisisbeheersingsoperaties. De Civiele Missie Pool (CMP) vormt"
    )
    assert first.progress.endswith("wordt er ook gezocht naar vrouwelijke kandidaten.")
    assert "\n" not in first.progress

    # an indicator cell and a progress cell cut by a page break, joined again
    assert rows[9].indicator == (
        "Aantal keren dat de Nederlandse overheid organisaties uit het maatschappelijk "
        "middenveld en vrouwenrechten organisaties steunt om deel te nemen aan agendabepaling "
        "en beleidsvorming met betrekking tot het tegengaan van radicalisering en terrorisme"
    )
    assert rows[9].progress == (
        "Deelname van BZ aan een Ronde Tafel met het maatschappelijk middenveld (o.a. Human "
        "Security Collective en WO+MEN), MinFin, MinJenV en de bankensector over invloed "
        "CT-maatregelen en derisking van banken op de activiteiten en toegang tot financiering "
        "voor het maatschappelijk middenveld (MMV) en het stimuleren van deelname van mmv in de "
        "ontwikkeling van beleid op CT- en PCVE gebied. Ook was er Nlse deelname aan meerdere "
        "bijeenkomsten over CT en Gender binnen Global Counter Terrorisme Forum (GCTF)."
    )
    assert rows[12].indicator == (
        "Aantal vrouwen dat deelneemt aan:\n"
        "- beschermingsprogramma’s (zoals opvanglocaties en shelters)"
    )
    assert rows[12].progress.split("\n\n")[0] == (
        "In 2021 ving Shelter City 9 vrouwelijke mensenrechtenverdedigers op in Nederlandse "
        "Shelter Cities."
    )
    # "Aantal humanitaire" at the foot of a page, the rest of the cell after the page break
    assert rows[20] == Indicator(
        ministry=BZ,
        pillar=NOODHULP,
        goal=(
            "Strategisch doel 4: Noodhulp, wederopbouw en herstel voldoen aan de behoeften en "
            "dragen bij aan de empowerment van vrouwen en meisjes"
        ),
        subgoal=(
            "Subdoel 4.1: Verbeterde fysieke, geestelijke en psychosociale gezondheid van "
            "vrouwen en meisjes in/uit humanitaire of fragiele situaties"
        ),
        indicator=(
            "Aantal humanitaire programma’s die ondersteunende diensten uitvoeren voor "
            "overlevers van seksueel en gender gerelateerd geweld en aantal overlevers die met "
            "deze programma’s worden bereikt"
        ),
        progress=(
            "Referte 3, sub1, m.b.t. financiering van humanitaire hulporganisaties; Nl stuurt en "
            "monitort niet de door deze organisaties gefinancierde programma’s en activiteiten en "
            "verzamelt dus ook geen data rond de dienstverlening noch het bereik van deze "
            "programma’s."
        ),
    )
    # no indicator column (Defensie): the progress only
    assert (rows[29].ministry, rows[29].indicator) == (DEF, "")
    assert rows[29].progress.startswith("Defensie streeft continu naar een betere genderbalans")
    # "Indicator: …" inside the progress of a two-column table
    assert rows[38].indicator == (
        "Voorbeelden van de uitvoering van het gender-responsief en - transformatief "
        "beschermingsbeleid op Ned. nationaal of subnationaal niveau."
    )
    assert rows[38].progress.startswith("De Directie Migratiebeleid (DMB) verkent met het COA")
    assert rows[38].progress.endswith("betrokken kunnen worden in de asielprocedure.")
    assert rows[39].indicator == (
        "Aantal multi-stakeholder dialogen tussen meerdere belanghebbenden over de ontwikkeling, "
        "de uitvoering en het toezicht op het beschermingsbeleid en -programma’s, bijvoorbeeld "
        "in asielzoekerscentra en opvanglocaties."
    )
    assert rows[39].progress.startswith("DMB heeft zowel met de IND als met het COA")
    assert (rows[45].ministry, rows[45].pillar, rows[45].progress) == (OCW, "Preventie", "n/a")


def test_cells_holding_two_indicators_and_lists(rows):
    # one cell, two indicators, one progress text: one row, paragraphs kept apart
    assert rows[3].indicator.split("\n\n") == [
        "Aantal initiatieven van de Nederlandse overheid om vrouwenrechtenorganisaties, "
        "vrouwelijke mensenrechtenverdedigers en vredesactivisten te betrekken, te ondersteunen "
        "en te beschermen bij landenanalyses en vredesprocessen",
        "Voorbeelden van hoe deze initiatieven hebben geleid tot veranderingen voor "
        "vrouwenrechtenorganisaties, vrouwelijke mensenrechtenverdedigers en vrouwelijke "
        "vredesactivisten",
    ]
    # a bulleted list cut by a page break and by progress text in between
    assert rows[1].indicator.split("\n") == [
        "Aantal door de Nederlandse overheid gesteunde processen met betrokkenheid van vrouwen "
        "en genderperspectief, d.w.z.:",
        "• Vredesoverleg of -onderhandelingen op nationaal niveau (track 1)",
        "• Vredesoverleg of -onderhandelingen op lokaal of sub-nationaal niveau",
        "• Inspanningen voor conflictbeheersing of -vermindering via onderhandelingen "
        "(bijvoorbeeld staakt-het-vuren, onderhandelingen over humanitaire toegang of "
        "vrijlating van gevangenen)",
        "• Transitional governance processen",
        "• Opstellen grondwet",
        "• Wetgeving voor vrouwen in hogere posities",
        "• Nationale dialoogprocessen voor vrede en veiligheidskwesties",
        "• Overige",
        "",
        "Vermelden in welke formele of informele capaciteiten vrouwen in deze processen waren "
        "betrokken",
    ]
    assert rows[42].indicator == rows[1].indicator  # OCW repeats the indicator (wider table)


def test_no_layout_leftovers(rows):
    for r in rows:
        for text in (r.indicator, r.progress, r.goal or "", r.subgoal or ""):
            assert "Indicatoren Min" not in text
            assert "Strategisch doel" not in text[1:]
            assert "\uf0b7" not in text
            assert "  " not in text
        # words broken at a cell edge are whole again
        assert "besluitvormingsproce ssen" not in (r.goal or "")
    assert any("mensenrechtenbenadering" in (r.goal or "") for r in rows)
    assert "7" not in [p for r in rows for p in r.progress.split("\n\n")]


def test_text_items_are_markers_and_rows():
    items = table_rows_from_text(ANNEX.read_text(encoding="utf-8"))
    markers = [(m.kind, m.text, m.columns) for m in items if isinstance(m, Marker)]
    assert markers[:3] == [
        ("ministry", BZ, 3),
        ("pillar", "Participatie", 3),
        ("pillar", "Preventie", 3),
    ]
    assert ("pillar", NOODHULP, 3) in markers
    assert [m for m in markers if m[0] == "ministry"] == [
        ("ministry", BZ, 3), ("ministry", DEF, 3), ("ministry", JENV, 3), ("ministry", OCW, 3)
    ]
    # Defensie and JenV tables have no indicator column
    assert [m[2] for m in markers if m[0] == "pillar"] == [3] * 5 + [2] * 6 + [3] * 3
    assert all(isinstance(i, TableRow) and len(i.cells) == 3 for i in items if not isinstance(i, Marker))


def test_other_texts_have_no_indicators():
    for name in ("brief-voortgangsrapportage-nap1325-iv-2022-11-09.txt", "vso-nap1325-iv-2021.txt"):
        assert parse_indicator_text((CORPUS / name).read_text(encoding="utf-8")) == []


def test_tidy_cell_joins_pieces_cut_by_a_page_break():
    assert tidy_cell(["Deelname (o.a. Human Security", "Collective en WO+MEN), MinFin."]) == (
        "Deelname (o.a. Human Security Collective en WO+MEN), MinFin."
    )
    assert tidy_cell(["technische ondersteuning van", "(vrouwelijke) verdedigers."]) == (
        "technische ondersteuning van (vrouwelijke) verdedigers."
    )
    assert tidy_cell(["Eerste alinea.", "Tweede alinea."]) == "Eerste alinea.\n\nTweede alinea."
    assert tidy_cell(["Aantal initiatieven", "Voorbeelden van hoe"]) == (
        "Aantal initiatieven\n\nVoorbeelden van hoe"
    )
    assert tidy_cell(["d.w.z.:", "• een", "• twee"]) == "d.w.z.:\n• een\n• twee"


# --------------------------------------------------------------------------- PDF tables


def test_pdf_table_rows_feed_the_same_row_builder():
    """Rows of cells as pdfplumber's ``extract_tables()`` gives them (None for a merged or
    empty cell, wrapped lines separated by newlines)."""
    table = [
        ["Doel/subdoel", "Indicator", "Voortgang"],
        ["Ministerie van Buitenlandse Zaken", None, None],
        ["PARTICIPATIE Indicatoren MinBZ", None, None],
        [
            "Strategisch doel 1:\nMeer vrouwen in\nleiderschapsposities",
            "Aantal Nederlandse\nmissies met meer\ngenderbalans",
            "NL streeft naar meer mensen op\nleiderschapsposities.",
        ],
        [
            None,
            "Aantal door de\nNederlandse overheid\ngesteunde processen",
            "Een exact overzicht kan niet\ngegeven worden aangezien de inzet op",
        ],
        # the same row after a page break
        [None, "onderhandelingen\n(track 1)", "deze thema’s deel is van\nverschillende processen."],
        ["Subdoel 1.1:\nVerbeterde rand-\nvoorwaarden", "Aantal wetten ter\nbevordering van", "NL sprak zich uit."],
        [None, "deelname van\n• vrouwen\n• meisjes", None],  # continued after a page break
        [None, "Voorbeelden van\ninitiatieven", "Shelter City."],  # a new sub-row
        ["Ministerie van Defensie", None, None],
        ["PARTICIPATIE MinDef", None],
        ["Strategisch doel 1: Meer vrouwen", "Defensie streeft naar een\nbetere genderbalans."],
    ]
    items = table_rows_from_cells(table, page=3)
    assert [type(i).__name__ for i in items] == [
        "Marker", "Marker", "TableRow", "TableRow", "TableRow", "TableRow", "Marker", "Marker", "TableRow",
    ]
    indicators = build_indicators(items)
    assert [(i.ministry, i.pillar, i.goal, i.subgoal, i.indicator, i.progress, i.page) for i in indicators] == [
        (
            BZ, "Participatie", "Strategisch doel 1: Meer vrouwen in leiderschapsposities", None,
            "Aantal Nederlandse missies met meer genderbalans",
            "NL streeft naar meer mensen op leiderschapsposities.", 3,
        ),
        (
            BZ, "Participatie", "Strategisch doel 1: Meer vrouwen in leiderschapsposities", None,
            "Aantal door de Nederlandse overheid gesteunde processen onderhandelingen (track 1)",
            "Een exact overzicht kan niet gegeven worden aangezien de inzet op deze thema’s deel "
            "is van verschillende processen.", 3,
        ),
        (
            BZ, "Participatie", "Strategisch doel 1: Meer vrouwen in leiderschapsposities",
            "Subdoel 1.1: Verbeterde randvoorwaarden",
            "Aantal wetten ter bevordering van deelname van\n• vrouwen\n• meisjes",
            "NL sprak zich uit.", 3,
        ),
        (BZ, "Participatie", "Strategisch doel 1: Meer vrouwen in leiderschapsposities",
         "Subdoel 1.1: Verbeterde randvoorwaarden", "Voorbeelden van initiatieven", "Shelter City.", 3),
        (
            DEF, "Participatie", "Strategisch doel 1: Meer vrouwen", None, "",
            "Defensie streeft naar een betere genderbalans.", 3,
        ),
    ]


# --------------------------------------------------------------------------- database


def test_annex_document_carries_its_indicators():
    doc = parse_file(ANNEX)
    assert doc.kind == "bijlage"
    assert len(doc.indicators) == 48
    rows = document_rows(doc)["indicators"]
    assert [r["number"] for r in rows] == list(range(1, 49))
    assert rows[0]["id"] == f"{doc.id}-i1"
    assert set(rows[0]) == {
        "id", "document_id", "number", "ministry", "pillar", "goal", "subgoal",
        "indicator", "progress", "page",
    }


def test_indicators_table_search_and_rebuild(tmp_path):
    db = sqlite_utils.Database(tmp_path / "k.db")
    ensure_shape(db)
    doc = parse_file(ANNEX)
    store_document(db, doc)
    assert db["indicators"].count == 48
    assert db["indicators"].detect_fts() == "indicators_fts"
    hits = [
        r["number"]
        for r in db.query(
            "select number from indicators where rowid in "
            "(select rowid from indicators_fts where indicators_fts match ?) order by number",
            ['"Shelter City"'],
        )
    ]
    assert hits == [4, 13]
    facets = {
        (r["ministry"], r["pillar"]): r["n"]
        for r in db.query("select ministry, pillar, count(*) as n from indicators group by 1, 2")
    }
    assert facets == COUNTS
    # storing the document again replaces its rows
    store_document(db, doc)
    assert db["indicators"].count == 48
    assert [fk.other_table for fk in db["indicators"].foreign_keys] == ["documents"]


def test_migration_adds_the_table_to_an_older_database(tmp_path):
    db = sqlite_utils.Database(tmp_path / "old.db")
    names = [m.__name__ for m in MIGRATIONS]
    assert "m004_indicators" in names
    db["_migrations"].create({"name": str, "applied_at": str}, pk="name")
    db["documents"].create({"id": str}, pk="id")
    for name in names:
        if name != "m004_indicators":
            db["_migrations"].insert({"name": name, "applied_at": "2024-01-01"})
    ensure_shape(db)
    assert "indicators" in db.table_names()
    assert db["indicators"].detect_fts() == "indicators_fts"
    assert {"m004_indicators"} <= {r["name"] for r in db["_migrations"].rows}
