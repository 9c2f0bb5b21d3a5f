from pathlib import Path

import pytest

from kamerqa.parsers.classify import classify_text
from kamerqa.parsers.model import KINDS

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.mark.parametrize(
    "name, kind",
    [
        ("antwoord-kamervragen-wps-veldkamp-2025-06-04.txt", "kamervragen"),
        ("bijlage-voortgangsrapportage-nap1325-iv-2021.txt", "bijlage"),
        ("brief-voortgangsrapportage-nap1325-iv-2022-11-09.txt", "brief"),
        ("kst-26150-190-brief-nap1325-iv-2020-12-16.txt", "brief"),
        ("vso-nap1325-iv-2021.txt", "schriftelijk_overleg"),
    ],
)
def test_corpus(name, kind):
    assert classify_text((CORPUS / name).read_text(encoding="utf-8")) == kind


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Vraag 1\nWat is er?\nAntwoord\nNiets.", "kamervragen"),
        ("Antwoord van staatssecretaris Jansen (Financiën) (ontvangen 1 mei 2024)\n", "kamervragen"),
        ("Vragen en opmerkingen vanuit de fracties\n", "schriftelijk_overleg"),
        ("De leden vragen iets.\n\n12. Antwoord van het kabinet:\nZo.", "schriftelijk_overleg"),
        ("\n  Bijlage 2: overzicht\n", "bijlage"),
        ("Nr. 12  MOTIE VAN HET LID JANSEN\n\nverzoekt de regering, iets te doen,", "motie"),
        ("De Kamer,\n\ngehoord de beraadslaging,\n\nverzoekt de regering, iets te doen,", "motie"),
        ("Geachte Voorzitter,\n\nIn de motie die de regering verzoekt de regering…", "brief"),
        ("Aan de Voorzitter van de Tweede Kamer\n\nHierbij…", "brief"),
        ("Nr. 5  BRIEF VAN DE MINISTER VAN FINANCIËN\n", "brief"),
        ("Een willekeurige tekst.", "other"),
        ("", "other"),
    ],
)
def test_synthetic(text, kind):
    assert classify_text(text) == kind
    assert kind in KINDS
