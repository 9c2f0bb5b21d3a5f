"""References as people type them into a search box (``parsers.citations.read_reference``),
shared by the site's search page, ``kamerqa search`` and the saved queries."""

import pytest

from kamerqa.parsers.citations import read_reference

# (typed, kind, targets, dossier)
FORMS = [
    ("Kamerstuk 26150 nr. 190", "document", ["kst-26150-190"], "26150"),
    ("Kamerstuk 26 150, nr. 190", "document", ["kst-26150-190"], "26150"),
    ("26 150, nr. 190", "document", ["kst-26150-190"], "26150"),
    ("26 150 nr. 190", "document", ["kst-26150-190"], "26150"),
    ("26150-190", "document", ["kst-26150-190"], "26150"),
    ("kst-26150-190", "document", ["kst-26150-190"], "26150"),
    ("KST-26150-190", "document", ["kst-26150-190"], "26150"),
    ("Kamerstukken II 2020/21, 26 150, nr. 190", "document", ["kst-26150-190"], "26150"),
    ("kenmerk:26 150 nr. 190", "document", ["kst-26150-190"], "26150"),
    ("  Kamerstuk 26150 nr. 190. ", "document", ["kst-26150-190"], "26150"),
    ("Kamerstuk 35570-X, nr. 80", "document", ["kst-35570-X-80"], "35570-X"),
    ("Kamerstukken 26 150, nrs. 12 en 13", "document", ["kst-26150-12", "kst-26150-13"], "26150"),
    ("Aanhangsel Handelingen 2023-2024, nr. 1121", "document", ["ah-tk-20232024-1121"], None),
    ("Aanhangsel van de Handelingen II 2023/24, nr. 1121", "document", ["ah-tk-20232024-1121"], None),
    ("ah-tk-20232024-1121", "document", ["ah-tk-20232024-1121"], None),
    ("Handelingen II 2022/23, nr. 45, item 12", "document", ["h-tk-20222023-45-12"], None),
    ("2023Z19677", "case", ["2023Z19677"], None),
    ("2020D51493", "case", ["2020D51493"], None),
    ("26 150", "dossier", [], "26150"),
    ("26150", "dossier", [], "26150"),
    ("dossier 29338", "dossier", [], "29338"),
    ("Kamerstuk 29 338", "dossier", [], "29338"),
    ("36200-VII", "dossier", [], "36200-VII"),
    ("21 501-02", "dossier", [], "21501-02"),
]

# Not references: amounts, dates, years and year ranges, phone numbers, postcodes, words,
# a reference with other words.
NOT_REFERENCES = [
    "2021-2025", "2020/21", "2021", "1325", "10000", "12345", "25000-30000", "25.000-30.000",
    "€ 25.000", "€ 26.150", "12 mei 2021", "16-12-2020", "2020-12-16", "070-3567000",
    "2515 XP", "nr. 190", "vrouwen", "26150 vrouwen", "Kamerstuk 26150 nr. 190 en vrouwen",
    "resolutie 1325", "21501", "", "   ",
]


@pytest.mark.parametrize("typed, kind, targets, dossier", FORMS)
def test_typed_forms(typed, kind, targets, dossier):
    found = read_reference(typed)
    assert found is not None, typed
    assert (found.kind, found.targets, found.dossier) == (kind, targets, dossier)


@pytest.mark.parametrize("typed", NOT_REFERENCES)
def test_not_references(typed):
    assert read_reference(typed) is None


def test_reference_urls():
    assert read_reference("26 150, nr. 190").url == (
        "https://zoek.officielebekendmakingen.nl/kst-26150-190.html"
    )
    assert read_reference("dossier 29338").url == (
        "https://zoek.officielebekendmakingen.nl/dossier/29338"
    )
    assert read_reference("2023Z19677").url == "https://www.tweedekamer.nl/zoeken?qry=2023Z19677"
