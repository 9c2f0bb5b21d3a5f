"""The published site in a real Chromium (Playwright), against ``kamerqa serve``.

Needs ``pip install playwright`` and Debian's ``chromium`` at /usr/bin/chromium (never
``playwright install``). Without them these tests skip and say why, except when the
environment variable CI is "true": then they fail, so CI cannot pass without a browser.
Screenshots go to ``test-output/`` (git-ignored).
"""

from __future__ import annotations

import csv
import os
import re
import shutil
from pathlib import Path

import pytest

from .test_site import LATER, NAP, add_later_document, db_file, kamerqa_serve

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "test-output"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
KST = "kst-26150-190"


def no_browser(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests cannot run: {reason} (CI=true: failing instead of skipping)",
                    pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        no_browser("playwright is not installed (pip install playwright)")
    if not CHROMIUM.exists():
        no_browser(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    try:
        manager = sync_playwright().start()
    except Exception as error:  # noqa: BLE001 - any failure to start means no browser here
        no_browser(f"playwright did not start: {error}")
    try:
        chromium = manager.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    except Exception as error:  # noqa: BLE001
        manager.stop()
        no_browser(f"Chromium did not launch: {error}")
    try:
        yield chromium
    finally:
        chromium.close()
        manager.stop()


@pytest.fixture(scope="module")
def site(corpus_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("browser") / "kamerqa.db"
    shutil.copy(db_file(corpus_db), path)
    with kamerqa_serve(path) as base:
        yield base


@pytest.fixture(scope="module")
def later_site(corpus_db, tmp_path_factory):
    """The corpus plus a later document whose questions repeat two of the verslag's."""
    path = tmp_path_factory.mktemp("browser-later") / "kamerqa.db"
    shutil.copy(db_file(corpus_db), path)
    add_later_document(path)
    with kamerqa_serve(path) as base:
        yield base


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(scope="module")
def vso_id(corpus_db) -> str:
    return corpus_db.execute(
        "select id from documents where kind = 'schriftelijk_overleg'"
    ).fetchone()[0]


def screenshot(page, name: str, full_page: bool = True) -> Path:
    # Readable means no sideways scrolling: long URLs and ids must wrap.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / name
    page.screenshot(path=str(path), full_page=full_page)
    assert path.stat().st_size > 10_000
    return path


def test_home_search_finds_question_and_answer(page, site, vso_id):
    page.goto(site + "/")
    box = page.get_by_role("searchbox")
    box.fill("Istanbul Conventie")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q=Istanbul"))
    answer = page.locator(f'a[href="/doc/{vso_id}#a4"]')
    assert answer.inner_text() == "Antwoord 4"
    question = page.locator(f'a[href="/doc/{vso_id}#q4"]')
    assert question.inner_text() == "Vraag 4"
    assert page.get_by_text("Hoe verloopt het monitoren en documenteren").first.is_visible()
    assert page.locator("mark", has_text="Istanbul").count() >= 2
    screenshot(page, "home-search.png")
    answer.click()
    page.wait_for_url(re.compile(r"#a4$"))
    assert page.locator("#a4").get_by_text("De Istanbul Conventie is het verdrag").is_visible()


def test_qa_faceted_by_party(page, site):
    page.goto(site + "/kamerqa/qa")
    page.locator(".facet-info a", has_text=re.compile(r"^PvdA$")).click()
    page.wait_for_url(re.compile(r"parties__arraycontains=PvdA"))
    assert page.locator("table.rows-and-columns tbody tr").count() == 7
    assert page.get_by_text('7 rows where parties contains "PvdA"').is_visible()


def test_citation_leads_to_the_cited_letter(page, site, vso_id):
    page.goto(f"{site}/doc/{vso_id}")
    assert page.locator("h1").inner_text().startswith("Verslag van een schriftelijk overleg")
    page.locator(f'#body a.cite[href="/doc/{KST}"]').first.click()
    page.wait_for_url(f"{site}/doc/{KST}")
    assert page.locator("h1").inner_text().startswith("Brief van de ministers")
    assert page.locator("a.kq-official").get_attribute("href") == (
        "https://zoek.officielebekendmakingen.nl/kst-26150-190.html"
    )
    # And back: the letter's page lists the verslag under "Cited by".
    assert page.locator("#cited-by").get_by_role(
        "link", name=re.compile(r"^Verslag van een schriftelijk overleg")
    ).get_attribute("href") == f"/doc/{vso_id}#body"


def test_saved_query_who_cites(page, site, vso_id):
    page.goto(site + "/")
    page.get_by_role("link", name="Who cites this document?").click()
    assert page.title() == "Who cites this document? – kamerqa"
    page.locator('input[name="id"]').fill("Kamerstuk 26 150, nr. 190")
    page.get_by_role("button", name="Run SQL").click()
    page.wait_for_url(re.compile(r"id=Kamerstuk"))
    rows = page.locator("table.rows-and-columns tbody tr")
    assert rows.filter(has_text="Verslag van een schriftelijk overleg").count() == 1
    rows.filter(has_text="Verslag van een schriftelijk overleg").get_by_role("link", name="read").click()
    page.wait_for_url(f"{site}/doc/{vso_id}#body")


def test_screenshots_of_document_pages(page, site, vso_id, corpus_db):
    page.goto(f"{site}/doc/{vso_id}")
    screenshot(page, "document-schriftelijk-overleg.png")
    screenshot(page, "document-schriftelijk-overleg-top.png", full_page=False)
    page.goto(f"{site}/doc/{vso_id}#q4")
    screenshot(page, "document-schriftelijk-overleg-q4.png", full_page=False)
    kv = corpus_db.execute("select id from documents where kind = 'kamervragen'").fetchone()[0]
    page.goto(f"{site}/doc/{kv}")
    assert page.locator(".kq-answer .kq-label", has_text="Antwoord 4 en 5").count() == 1
    screenshot(page, "document-kamervragen.png")
    page.goto(site + "/")
    screenshot(page, "home.png", full_page=False)


def test_asked_before_leads_to_the_earlier_question(page, later_site):
    page.goto(f"{later_site}/doc/{LATER}")
    asked = page.locator("#q1 .kq-asked-before")
    assert asked.is_visible() and asked.get_by_text("score 100").is_visible()
    assert page.locator("#q2 .kq-theme").all_inner_texts() == [
        "Defensie", "Openbare orde en veiligheid", "Werk",
    ]
    screenshot(page, "document-asked-before.png", full_page=False)
    asked.get_by_role("link", name="Vraag 2").click()
    page.wait_for_url(f"{later_site}/doc/{NAP}#q2")
    assert page.locator("#q2").get_by_text("Welke ondersteuning heeft Nederland geboden").is_visible()


def test_saved_query_asked_before(page, later_site):
    page.goto(later_site + "/")
    page.get_by_role("link", name="Was this asked before?", exact=True).click()
    page.locator('input[name="text"]').fill(
        "Over welke barrière gaat het, Defensie en politie hebben juist veel vacatures?"
    )
    page.locator('input[name="before"]').fill("2024-01-01")
    page.get_by_role("button", name="Run SQL").click()
    page.wait_for_url(re.compile(r"before=2024-01-01"))
    rows = page.locator("table.rows-and-columns tbody tr")
    assert rows.count() == 2
    assert rows.first.locator("td").first.inner_text().strip() == "88.4"
    screenshot(page, "saved-query-asked-before.png", full_page=False)
    rows.first.get_by_role("link", name="read").click()
    page.wait_for_url(f"{later_site}/doc/{NAP}#q13")


class Journey:
    """Counts what a reader does after the home page: each click or form submitted is one
    action. Typing into a form and choosing its options is part of submitting it."""

    def __init__(self, page, home: str):
        self.page = page
        self.actions = 0
        page.goto(home + "/")

    def click(self, locator):
        self.actions += 1
        locator.click()

    def submit(self, button):
        self.actions += 1
        button.click()


def test_journalist_reference_to_letter_citing_documents_and_dossier(page, site, vso_id):
    journey = Journey(page, site)
    page.get_by_role("searchbox").fill("Kamerstuk 26150 nr. 190")
    journey.submit(page.get_by_role("button", name="Search"))
    page.wait_for_url(re.compile(r"/search\?q=Kamerstuk"))
    letter = page.locator(".kq-reference-documents a.kq-hit-title")
    assert letter.inner_text().startswith("Brief van de ministers")
    citing = page.locator(".kq-citing li")
    assert citing.count() == 2
    assert "printed as “Kamerstuk 26 150, nr. 190”" in citing.nth(0).inner_text()
    assert "printed as “kenmerk:26 150 nr. 190”" in citing.nth(1).inner_text()
    dossier = page.locator(".kq-dossier .kq-number")
    assert dossier.all_inner_texts() == ["nr. 150", "nr. 190", "nr. 223", "nr. 224", "—"]
    screenshot(page, "search-reference.png")
    journey.click(letter)
    page.wait_for_url(f"{site}/doc/{KST}")
    assert page.locator("h1").inner_text().startswith("Brief van de ministers")
    assert journey.actions <= 3


def test_researcher_party_with_predecessors_word_theme_year_to_csv(page, site):
    journey = Journey(page, site)
    page.get_by_role("searchbox").fill("vrouwen")
    page.get_by_label("Party").select_option("PvdA")
    page.get_by_label("with predecessors and successors").check()
    page.get_by_label("Theme").select_option("Internationaal")
    page.get_by_label("From year").fill("2021")
    page.get_by_label("To year").fill("2021")
    journey.submit(page.get_by_role("button", name="Search"))
    page.wait_for_url(re.compile(r"party=PvdA&related=1&theme=Internationaal&from=2021&to=2021"))
    questions = page.locator("#questions + ul .kq-hit-title")
    assert questions.all_inner_texts() == ["Vraag 34", "Vraag 30", "Vraag 29"]
    assert page.locator("#questions + ul .kq-tag").all_inner_texts() == ["PvdA"] * 3
    screenshot(page, "search-filters.png")
    with page.expect_download() as download_info:
        journey.click(page.get_by_role("link", name="CSV"))
    path = download_info.value.path()
    rows = list(csv.DictReader(open(path, encoding="utf-8")))
    assert [(r["type"], r["label"]) for r in rows] == [
        ("question", "34"), ("question", "30"), ("question", "29"), ("answer", "30"),
    ]
    assert all(r["url"].startswith(site + "/doc/") for r in rows)
    assert journey.actions <= 3


def test_staff_pasted_question_finds_the_question_it_paraphrases(page, later_site):
    journey = Journey(page, later_site)
    journey.click(page.get_by_role("link", name=re.compile("Was this asked before")).first)
    page.wait_for_url(re.compile(r"/asked$"))
    pasted = (
        "De Kamer heeft eerder gehoord dat het lastig is om vrouwen te werven.\n"
        "Over welke barrière gaat het precies? Defensie en de politie hebben juist veel vacatures."
    )
    page.get_by_label("Paste a whole question").fill(pasted)
    journey.submit(page.get_by_role("button", name="Find earlier questions"))
    page.wait_for_url(re.compile(r"/asked\?text="))
    hits = page.locator(".kq-asked-hits .kq-hit-title")
    assert hits.first.get_attribute("href") in (f"/doc/{NAP}#q13", f"/doc/{LATER}#q2")
    assert f"/doc/{NAP}#q13" in [hits.nth(i).get_attribute("href") for i in range(min(hits.count(), 2))]
    screenshot(page, "asked-before.png")
    journey.click(page.locator(f'.kq-asked-hits a[href="/doc/{NAP}#q13"]'))
    page.wait_for_url(f"{later_site}/doc/{NAP}#q13")
    assert page.locator("#q13").get_by_text("barrière").first.is_visible()
    assert journey.actions <= 3
