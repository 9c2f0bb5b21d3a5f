"""Themes from the curated vocabulary, matched on lemmas."""

from __future__ import annotations

import json

from kamerqa.parsers.themes import THEMES_FILE, load_themes, match_themes

NAP = "sha256:cecc3f6136e7068f"


def theme_ids(text: str) -> set[str]:
    return {m.theme_id for m in match_themes(text)}


def test_vocabulary_shape():
    themes = load_themes()
    ids = [t.id for t in themes]
    assert len(ids) == len(set(ids)) >= 17
    names = {t.name for t in themes}
    for expected in (
        "Onderwijs en wetenschap", "Zorg en gezondheid", "Internationaal", "Defensie",
        "Openbare orde en veiligheid", "Economie", "Financiën", "Sociale zekerheid", "Werk",
        "Migratie en integratie", "Recht", "Bestuur", "Natuur en milieu", "Landbouw",
        "Verkeer", "Huisvesting", "Cultuur en recreatie",
    ):
        assert expected in names
    assert all(t.description and len(t.terms) >= 10 for t in themes)
    data = json.loads(THEMES_FILE.read_text(encoding="utf-8"))
    assert "officielebekendmakingen" in data["source"]


def test_jeugdzorg_is_zorg():
    assert "zorg-en-gezondheid" in theme_ids(
        "Hoe lang zijn de wachtlijsten in de jeugdzorg voor kinderen met complexe problemen?"
    )


def test_inflected_and_hyphenated_terms_match():
    assert theme_ids("Welke vredesmissies lopen er nog?") >= {"defensie", "internationaal"}
    assert "internationaal" in theme_ids("Is er inzet op geweld onder VN-vlag?")
    matches = {m.theme_id: m.terms for m in match_themes("De krijgsmacht en de marine.")}
    assert matches["defensie"] == ("krijgsmacht", "marine")


def test_no_theme_for_plain_text():
    assert theme_ids("Wordt er ook samengewerkt met andere landen op dit gebied?") == set()


def test_nap1325_questions_on_missions_and_armed_forces(corpus_db):
    """Read in corpus/vso-nap1325-iv-2021.txt: q11 (defensie- en veiligheidssector,
    Afghanistan), q12 (krijgsmacht, ministerie van Defensie, marine), q18 (defensie-industrie,
    monitoring in Europees verband) and q21 (vrouwen in civiele missies, ministers van
    Buitenlandse Zaken)."""
    rows = corpus_db.execute(
        "select questions.number, question_themes.theme_id from question_themes "
        "join questions on questions.id = question_themes.question_id "
        "where questions.document_id = ?",
        [NAP],
    ).fetchall()
    themes: dict[int, set[str]] = {}
    for number, theme_id in rows:
        themes.setdefault(number, set()).add(theme_id)
    for number in (11, 18, 21):
        assert {"defensie", "internationaal"} <= themes[number], number
    assert "defensie" in themes[12]
    assert "defensie" in themes[13]  # "Bij Defensie, en ook bij de politie ... vacatures"
    assert "openbare-orde-en-veiligheid" in themes[13]
    # q3 "Wordt er ook samengewerkt met andere landen op dit gebied?" names no theme
    assert 3 not in themes


def test_themes_in_the_database(corpus_db):
    assert corpus_db["themes"].count == len(load_themes())
    row = corpus_db.execute(
        "select theme, party, matched_terms from themed_questions "
        "where question_id = ? and theme = 'Defensie'",
        [f"{NAP}-q12"],
    ).fetchone()
    assert row[1] == "VVD"
    assert "krijgsmacht" in json.loads(row[2])
    fks = {(fk.column, fk.other_table) for fk in corpus_db["question_themes"].foreign_keys}
    assert fks == {("question_id", "questions"), ("theme_id", "themes")}
    assert corpus_db["answer_themes"].count > 0
