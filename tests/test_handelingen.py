"""Handelingen are recognised as kind ``handelingen`` with their id, also with motions in them."""

from __future__ import annotations

from pathlib import Path

import pytest

from kamerqa.parsers.classify import classify_text, looks_like_handelingen
from kamerqa.parsers.documents import parse_file, parse_text

# The shape of a Handelingen item as its PDF prints it: the heading, the debate, a motion
# submitted in it ("MOTIE VAN …", "verzoekt de regering"), the SDU footer with the sitting
# ("TK 61") and the page label "61-10-3" (sitting 61, item 10, page 3).
SITTING = """Tweede Kamer der Staten-Generaal
Vergaderjaar 2017–2018
Handelingen
Ondernemen en Bedrijfsfinanciering
Aan de orde is het VAO Ondernemen en Bedrijfsfinanciering.
De voorzitter:
Ik geef het woord aan de heer Van der Lee.
De Kamer,
gehoord de beraadslaging,
verzoekt de regering, de regeling te verbeteren,
en gaat over tot de orde van de dag.
Van der Lee
Zij krijgt nr. 190 (32637).
Tweede Kamer Ondernemen en Bedrijfsfinanciering 7 februari 2018 TK 61 61-10-3
"""


def test_handelingen_text_with_a_motion_is_handelingen():
    assert looks_like_handelingen(SITTING)
    assert classify_text(SITTING) == "handelingen"
    doc = parse_text(SITTING)
    assert (doc.kind, doc.id, doc.vergaderjaar) == ("handelingen", "h-tk-20172018-61-10", "2017-2018")
    assert (doc.extra["vergadering"], doc.extra["agendapunt"]) == ("61", "10")
    assert doc.body.startswith("Tweede Kamer der Staten-Generaal")


def test_printed_id_wins_and_file_gets_it(tmp_path):
    path = tmp_path / "handelingen.txt"
    path.write_text("h-tk-20232024-12-7\nHandelingen\nMOTIE VAN HET LID X\nverzoekt de regering iets\n", encoding="utf-8")
    doc = parse_file(path)
    assert (doc.kind, doc.id, doc.vergaderjaar, doc.extra["agendapunt"]) == (
        "handelingen", "h-tk-20232024-12-7", "2023-2024", "7"
    )


@pytest.mark.parametrize("text", [
    "Aanhangsel van de Handelingen\nVragen van het lid X (SP) aan de minister",  # Kamervragen
    "Geachte Voorzitter,\nzoals toegezegd in het debat, zie\nHandelingen II 2019/20, nr. 34, item 5",
    "MOTIE VAN HET LID X\nverzoekt de regering iets",
])
def test_not_handelingen(text):
    assert not looks_like_handelingen(text)
    assert classify_text(text) != "handelingen"


def test_official_xml_is_handelingen():
    xml = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "real" / "handelingen-xml" / "h-tk-20172018-61-10.xml"
    if not xml.exists():
        pytest.skip(f"real Handelingen XML not found at {xml}")
    doc = parse_file(xml)
    assert (doc.kind, doc.id) == ("handelingen", "h-tk-20172018-61-10")
    assert doc.extra["motions"]  # the motions submitted in it are Kamerstukken of their own
